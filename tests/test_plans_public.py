"""The published plan (R2.4): the public page without login, CSV and JSON with stable
columns, and no personal data (R27.1)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from inspections.extensions import db
from inspections.services import plans, registry

from .conftest import NOW, SYSTEM
from .test_plans import FIRST_HEAD, INSPECTOR, add, amended, approved, draft, finding

README_COLUMNS_HEADING = "### `/plans/<year>.csv`"


def _published(make_subject, approver=FIRST_HEAD, **kw):
    a = make_subject("Бірінші министрлік", "Первое министерство", location="Астана қ., 1")
    b = make_subject("Екінші министрлік", "Второе министерство", location="Алматы қ., 2")
    registry.add_subdivision(SYSTEM, a, name_kk="Цифрландыру департаменті",
                             name_ru="Департамент цифровизации", location="Астана қ., 3",
                             now=NOW)
    plan = draft(2027, [], **kw)
    add(plan, a, month=3, unit=f"subdivision:{a.subdivisions[0].id}")
    add(plan, b, month=None, starts_on=date(2027, 9, 14), ends_on=date(2027, 9, 25))
    plans.submit_plan(INSPECTOR, plan, now=NOW)
    plans.approve_plan(approver, plan, number="01-07/155", approved_on=date(2026, 11, 16),
                       now=NOW)
    plans.publish_plan(approver, plan, published_on=date(2026, 11, 18), now=NOW)
    db.session.commit()
    return plan, a, b


def test_r2_4_public_page_is_visible_logged_out(client, make_subject):
    _published(make_subject)
    response = client.get("/plans/2027", headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Первое министерство" in text and "Департамент цифровизации" in text
    assert "Астана қ., 3" in text  # the subdivision's location (R2.5 (4))
    assert "№ 01-07/155" in text and "16 ноября 2026" in text  # R2.5 (1)
    assert "Комитет по информационной безопасности" in text  # R2.5 (2)
    assert "март 2027" in text  # R2.5 (5)
    assert "Бумажные копии документов, удостоверяющих личность" in text  # R2.5 (6)
    assert "/plans/2027.csv" in text and "/plans/2027.json" in text
    assert "approved late" not in text and "опубликован с опозданием" not in text


def test_r2_4_public_index_lists_every_published_year(client, make_subject):
    _published(make_subject)
    draft(2028, [make_subject("Үшінші", "Третий")])
    db.session.commit()
    text = client.get("/plans", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "/plans/2027" in text and "/plans/2028" not in text
    assert client.get("/plans/2028").status_code == 404  # a draft is not public
    assert client.get("/plans/2028.csv").status_code == 404
    assert client.get("/plans/2031.json").status_code == 404


def test_r2_4_unpublished_approved_plan_is_not_public(client, make_subject):
    approved(2027, [make_subject()])
    assert client.get("/plans/2027").status_code == 404


def test_r2_3_r2_4_late_flags_are_shown_publicly(client, make_subject):
    from .test_plans import LATE_NOW

    approved(2027, [make_subject()], approved_on=date(2026, 12, 3), late_reason="Кешікті",
             published_on=date(2026, 12, 22), now=LATE_NOW)
    text = client.get("/plans/2027", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "approved late" in text and "published late" in text
    index = client.get("/plans", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "approved late" in index and "published late" in index
    data = json.loads(client.get("/plans/2027.json").get_data(as_text=True))
    assert data["approved_late"] is True and data["published_late"] is True
    assert data["approval_deadline"] == "2026-12-01"
    assert data["publication_deadline"] == "2026-12-20"


def test_r27_1_no_personal_data_on_public_pages_or_files(client, make_user, make_subject):
    boss = make_user("kupiyaboss", "first_head")
    boss.surname, boss.given_name, boss.patronymic = "Құпиябаев", "Жасырын", "Серікұлы"
    boss.position_ru = "Председатель комитета"
    inspector = make_user("belgisizinsp", "inspector")
    inspector.surname = "Белгісізова"
    db.session.commit()
    plan, a, b = _published(make_subject, approver=boss)
    assert "Құпиябаев" in plans.documents_of(plan)[0].context["signatory"]["full_name"]
    bodies = [client.get(u).get_data(as_text=True)
              for u in ("/plans", "/plans/2027", "/plans/2027.csv", "/plans/2027.json")]
    for body in bodies:
        for secret in ("Құпиябаев", "Жасырын", "Белгісізова", "Тестов", "kupiyaboss",
                       "belgisizinsp", "Ақпарова", "Председатель комитета",
                       "Тексеру нәтижесі"):  # people, accounts, internal findings
            assert secret not in body
    # the plan's own data: names of bodies only
    assert "Первое министерство" in bodies[2] and "Бірінші министрлік" in bodies[3]


def test_r2_4_csv_columns_and_content(client, make_subject):
    plan, a, b = _published(make_subject)
    response = client.get("/plans/2027.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == plans.CSV_COLUMNS
    assert len(rows) == 2
    first, second = rows
    assert first["plan_year"] == "2027" and first["plan_number"] == "01-07/155"
    assert first["plan_date"] == "2026-11-16" and first["plan_version"] == "1"
    assert first["approved_late"] == "false" and first["published_on"] == "2026-11-18"
    assert first["published_late"] == "false"
    assert first["item_no"] == "1" and first["subject_bin"] == a.bin
    assert first["subject_name_kk"] == "Бірінші министрлік"
    assert first["subject_name_ru"] == "Первое министерство"
    assert (first["unit_kind"], first["unit_name_ru"]) == ("subdivision", "Департамент цифровизации")
    assert first["location"] == "Астана қ., 3"
    assert (first["timeframe_month"], first["timeframe_start"], first["timeframe_end"]) == (
        "3", "2027-03-01", "2027-03-31")
    assert first["requirement_codes"] == "art7_10;art12_2"
    assert "пункт 10 статьи 7 Закона" in first["subject_matter_ru"]
    assert "Заңның 12-бабының 2-тармағы" in first["subject_matter_kk"]
    assert first["authority_name_ru"].startswith("Комитет по информационной безопасности")
    assert (second["unit_kind"], second["unit_name_kk"], second["timeframe_month"]) == (
        "subject", "", "")
    assert (second["timeframe_start"], second["timeframe_end"]) == ("2027-09-14", "2027-09-25")


def test_r2_4_csv_columns_are_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert README_COLUMNS_HEADING in readme
    section = readme.split(README_COLUMNS_HEADING, 1)[1]
    for column in plans.CSV_COLUMNS:
        assert f"`{column}`" in section, column


def test_r2_4_json_content(client, make_subject):
    plan, a, b = _published(make_subject)
    response = client.get("/plans/2027.json")
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert set(data) == {"plan_year", "authority_name", "plan_number", "plan_date",
                         "plan_version", "approval_deadline", "approved_late", "published_on",
                         "publication_deadline", "published_late", "items", "amendments"}
    assert (data["plan_year"], data["plan_number"], data["plan_version"]) == (2027, "01-07/155", 1)
    item = data["items"][0]
    assert set(item) == {"no", "subject_bin", "subject_name", "unit", "location", "timeframe",
                         "subject_matter", "added_in_version"}
    assert item["subject_name"] == {"kk": "Бірінші министрлік", "ru": "Первое министерство"}
    assert item["unit"] == {"kind": "subdivision", "name": {"kk": "Цифрландыру департаменті",
                                                             "ru": "Департамент цифровизации"}}
    assert item["timeframe"] == {"month": 3, "start": "2027-03-01", "end": "2027-03-31"}
    assert [m["code"] for m in item["subject_matter"]] == ["art7_10", "art12_2"]
    assert data["items"][1]["unit"] is None
    assert data["amendments"] == []


def test_r2_6_public_page_and_files_show_the_current_version_and_history(client, make_subject):
    plan, a, b = _published(make_subject)
    c = make_subject("Мұрагер министрлік", "Министерство-преемник")
    finding(c)
    amended(plan, b, c)
    text = client.get("/plans/2027", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    items_table = text.split('id="public-items"', 1)[1].split("</table>", 1)[0]
    assert "Министерство-преемник" in items_table and "Второе министерство" not in items_table
    history = text.split("id=\"amendment-2\"", 1)[1]
    assert "Второе министерство" in history and "Министерство-преемник" in history
    assert "№ 77" in history
    data = json.loads(client.get("/plans/2027.json").get_data(as_text=True))
    assert data["plan_version"] == 2
    assert [i["subject_name"]["ru"] for i in data["items"]] == [
        "Первое министерство", "Министерство-преемник"]
    (amendment,) = data["amendments"]
    assert (amendment["version"], amendment["ground"], amendment["number"]) == (
        2, "redistribution", "A-1")
    assert amendment["basis_document"] == {"title": "Үкімет қаулысы", "number": "77",
                                           "date": "2026-11-21"}
    assert amendment["changes"][0]["action"] == "change"
    assert amendment["changes"][0]["before"]["ru"].startswith("Второе министерство")
    rows = list(csv.DictReader(io.StringIO(
        client.get("/plans/2027.csv").get_data().decode("utf-8-sig"))))
    assert [r["plan_version"] for r in rows] == ["2", "2"]
    assert rows[1]["subject_bin"] == c.bin
