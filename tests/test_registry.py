"""Registry of control subjects (R1.1): CRUD, subdivisions, objects, history, CSV import."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from inspections.bin import complete_bin, is_valid_bin
from inspections.errors import ValidationFailed
from inspections.extensions import db
from inspections.models import ControlSubject
from inspections.services import registry

from .conftest import NOW, SYSTEM, login


def _bin(n: int) -> str:
    while (value := complete_bin(f"1201400{n:04d}")) is None:
        n += 1
    return value


def test_bin_checksum():
    assert is_valid_bin(_bin(5))
    wrong = _bin(5)[:11] + str((int(_bin(5)[11]) + 1) % 10)
    assert not is_valid_bin(wrong)
    assert not is_valid_bin("12345")
    assert not is_valid_bin("12345678901a")


def test_r1_1_create_show_and_edit_through_the_pages(client, make_user):
    make_user("insp", "inspector")
    login(client, "insp")
    response = client.post("/registry/new", data={
        "bin": _bin(1), "name_kk": "Сынақ министрлігі", "name_ru": "Министерство тестов",
        "location": "Астана қ.", "kind": "central", "parent_id": "0"})
    assert response.status_code == 303
    subject = db.session.execute(select(ControlSubject)).scalar_one()
    page = client.get(f"/registry/{subject.id}").get_data(as_text=True)
    assert "Сынақ министрлігі" in page and "Министерство тестов" in page
    client.post(f"/registry/{subject.id}/edit", data={
        "bin": _bin(1), "name_kk": "Сынақ министрлігі", "name_ru": "Министерство тестов",
        "location": "Алматы қ.", "kind": "central", "parent_id": "0"})
    db.session.refresh(subject)
    assert subject.location == "Алматы қ."


def test_r1_1_bad_bin_is_refused_and_nothing_saved(client, make_user):
    make_user("insp", "inspector")
    login(client, "insp")
    bad = _bin(2)[:11] + str((int(_bin(2)[11]) + 1) % 10)
    response = client.post("/registry/new", data={
        "bin": bad, "name_kk": "А", "name_ru": "Б", "location": "В", "kind": "central",
        "parent_id": "0"}, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "check digit" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ControlSubject.id))) == 0


def test_r1_1_subdivisions_objects_and_regime_flag(client, make_user, make_subject):
    make_user("insp", "inspector")
    subject = make_subject()
    login(client, "insp")
    client.post(f"/registry/{subject.id}/subdivisions", data={
        "name_kk": "Алматы филиалы", "name_ru": "Алматинский филиал", "location": "Алматы қ."})
    client.post(f"/registry/{subject.id}/objects", data={
        "name": "Деректер орталығы", "address": "Астана қ., 1", "is_regime": "y"})
    db.session.expire_all()
    subject = db.session.get(ControlSubject, subject.id)
    assert [s.name_ru for s in subject.subdivisions] == ["Алматинский филиал"]
    assert subject.objects[0].is_regime is True
    page = client.get(f"/registry/{subject.id}", headers={"Accept-Language": "en"})
    assert "R8.1" in page.get_data(as_text=True)


def test_r1_1_history_renamed_reorganised_liquidated(ctx, make_subject):
    a = make_subject("Ескі атау", "Старое название")
    b = make_subject("Мұрагер", "Правопреемник")
    registry.record_event(SYSTEM, a, kind="renamed", event_date=date(2026, 1, 5),
                          new_name_kk="Жаңа атау", new_name_ru="Новое название",
                          basis="Үкімет қаулысы №1", now=NOW)
    assert (a.name_kk, a.name_ru) == ("Жаңа атау", "Новое название")
    assert a.events[0].old_name_ru == "Старое название"
    registry.record_event(SYSTEM, a, kind="reorganised", event_date=date(2026, 2, 1),
                          successor_id=b.id, now=NOW)
    assert a.status == "reorganised" and a.events[-1].successor is b
    registry.record_event(SYSTEM, b, kind="liquidated", event_date=date(2026, 3, 1), now=NOW)
    assert b.status == "liquidated"
    with pytest.raises(ValidationFailed):
        registry.record_event(SYSTEM, b, kind="renamed", event_date=date(2026, 4, 1),
                              new_name_kk="x", new_name_ru="y", now=NOW)


def test_r1_1_history_is_shown_on_the_page(client, make_user, make_subject):
    make_user("insp", "inspector")
    subject = make_subject("Ескі атау", "Старое название")
    login(client, "insp")
    client.post(f"/registry/{subject.id}/events", data={
        "kind": "renamed", "event_date": "2026-01-05", "successor_id": "0",
        "new_name_kk": "Жаңа атау", "new_name_ru": "Новое название", "basis": "Қаулы №7"})
    page = client.get(f"/registry/{subject.id}", headers={"Accept-Language": "ru"})
    text = page.get_data(as_text=True)
    assert "Старое название → Новое название" in text and "Қаулы №7" in text


def test_list_search_and_pagination(client, make_user, make_subject):
    make_user("insp", "inspector")
    for i in range(25):
        make_subject(f"Әкімдік {i:02d}", f"Акимат {i:02d}")
    make_subject("Ерекше министрлік", "Особое министерство")
    login(client, "insp")
    first = client.get("/registry").get_data(as_text=True)
    assert "Found: 26" in client.get("/registry", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "page=2" in first
    found = client.get("/registry?q=Особое").get_data(as_text=True)
    assert "Ерекше министрлік" in found and "Әкімдік 01" not in found



def test_search_counts_its_matches_up_to_a_cap(client, make_user, make_subject, monkeypatch):
    """Issue 13: a search counts at most SEARCH_COUNT_CAP matches ("more than …") and pages
    through them in the interface language's order; below the cap it says how many."""
    from inspections.views import registry as registry_views

    monkeypatch.setattr(registry_views, "PER_PAGE", 2)
    monkeypatch.setattr(registry_views, "SEARCH_COUNT_CAP", 4)
    make_user("insp", "inspector")
    for i in range(6):
        make_subject(f"Әкімдік {i:02d}", f"Акимат {i:02d}")
    make_subject("Ерекше министрлік", "Особое министерство")
    login(client, "insp")
    en = {"Accept-Language": "en"}
    many = client.get("/registry?q=Акимат", headers=en).get_data(as_text=True)
    assert "Found: more than 4. Add a word to narrow the search." in many
    assert "Әкімдік 00" in many and "Әкімдік 01" in many and "Әкімдік 02" not in many
    assert "page=2" in many and "page=3" not in many  # 4 counted, 2 a page
    second = client.get("/registry?q=Акимат&page=2", headers=en).get_data(as_text=True)
    assert "Әкімдік 02" in second and "Әкімдік 03" in second and "Әкімдік 00" not in second
    ru = client.get("/registry?q=Акимат", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Найдено: более 4." in ru
    few = client.get("/registry?q=министр", headers=en).get_data(as_text=True)
    assert "Found: 1" in few and "more than" not in few and "Ерекше министрлік" in few
    # the words are searched as written: "%" and "_" are not wildcards, quotes are text
    for q in ("%", "Акимат_0", "Акимат%", "О'Особое"):
        assert "Found: 0" in client.get(f"/registry?q={q}", headers=en).get_data(as_text=True)
    assert client.get("/registry/search.json?q=%25").get_json() == []
    assert [s["name"] for s in client.get("/registry/search.json?q=Особое",
                                          headers={"Accept-Language": "ru"}).get_json()] \
        == ["Особое министерство"]

CSV_HEADER = "bin,name_kk,name_ru,location,kind,parent_bin\n"


def test_csv_import_all_rows(ctx):
    data = (CSV_HEADER + f"{_bin(10)},Бір,Один,Астана,central,\n"
            f"{_bin(11)},Екі,Два,Алматы,local_executive,{_bin(10)}\n").encode()
    report = registry.import_csv(SYSTEM, data, now=NOW)
    assert report.ok and report.created == 2
    child = db.session.execute(select(ControlSubject).where(ControlSubject.bin == _bin(11))).scalar_one()
    assert child.parent.bin == _bin(10)


def test_csv_import_with_a_bad_row_imports_nothing(client, make_user):
    make_user("root", "admin")
    login(client, "root")
    data = (CSV_HEADER + f"{_bin(20)},Бір,Один,Астана,central,\n"
            "123,Екі,Два,Алматы,central,\n"
            f"{_bin(21)},Үш,,Алматы,ministry,\n").encode()
    response = client.post("/registry/import", data={"file": (__import__("io").BytesIO(data), "r.csv")},
                           content_type="multipart/form-data", headers={"Accept-Language": "en"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was imported" in text
    assert "<td>3</td>" in text and "check digit" in text       # line 3: bad BIN
    assert "<td>4</td>" in text and "name_ru" in text and "ministry" in text
    assert db.session.scalar(select(func.count(ControlSubject.id))) == 0
