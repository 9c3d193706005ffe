"""The requirement catalogue ("What inspections check" in RULES.md): seeded, kept by
administrators with effective dates; what a plan item cites is never deleted."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from inspections.errors import PermissionDenied, ValidationFailed
from inspections.extensions import db
from inspections.models import Requirement
from inspections.services import catalogue

from .conftest import NOW, SYSTEM, login
from .test_plans import INSPECTOR, draft, relogin


def _row(code):
    return db.session.execute(select(Requirement).where(Requirement.code == code)).scalar_one()


def test_seed_covers_what_inspections_check_and_is_idempotent(ctx):
    assert catalogue.seed_catalogue(SYSTEM, now=NOW) == len(catalogue.SEED)
    assert catalogue.seed_catalogue(SYSTEM, now=NOW) == 0
    codes = set(db.session.execute(select(Requirement.code)).scalars())
    assert {"art7_8", "art7_9", "art7_10", "art8_1", "art8_4", "rules_p6", "art8_1_1",
            "art12_2", "art16", "art18", "art19_1", "art22_1", "art25_2_1", "art25_2_1_1",
            "art25_2_8", "art25_2_10", "art25_3"} <= codes
    for row in db.session.execute(select(Requirement)).scalars():
        assert row.ref_kk and row.ref_ru and row.text_kk and row.text_ru and row.topic_ru


def test_rules_para_6_of_order_190_is_in_force_from_12_july_2026(ctx):
    catalogue.seed_catalogue(SYSTEM, now=NOW)
    row = _row("rules_p6")
    assert row.effective_from == date(2026, 7, 12) and "190/НҚ" in row.ref_kk
    assert "цифрлық объектілеріндегі" in row.text_kk and "цифровых объектах" in row.text_ru
    assert not row.in_force_on(date(2026, 7, 11)) and row.in_force_on(date(2026, 7, 12))
    codes_2025 = {r.code for r in catalogue.in_force_during(date(2025, 1, 1), date(2025, 12, 31))}
    assert "rules_p6" not in codes_2025 and "art8_1" in codes_2025


def test_administrator_adds_and_retires(ctx):
    catalogue.seed_catalogue(SYSTEM, now=NOW)
    with pytest.raises(PermissionDenied):
        catalogue.add_requirement(INSPECTOR, code="x", ref_kk="a", ref_ru="a", topic_kk="t",
                                  topic_ru="t", text_kk="k", text_ru="r",
                                  effective_from=date(2027, 1, 1), now=NOW)
    row = catalogue.add_requirement(
        SYSTEM, code="art7_10_v2", ref_kk="Заңның 7-бабының 10-тармағы",
        ref_ru="пункт 10 статьи 7 Закона", topic_kk="Көшірмелер", topic_ru="Копии",
        text_kk="Жаңа редакция", text_ru="Новая редакция", effective_from=date(2027, 1, 1),
        now=NOW)
    with pytest.raises(ValidationFailed):  # codes are unique
        catalogue.add_requirement(SYSTEM, code="art7_10_v2", ref_kk="a", ref_ru="a",
                                  topic_kk="t", topic_ru="t", text_kk="k", text_ru="r",
                                  effective_from=date(2027, 1, 1), now=NOW)
    old = _row("art7_10")
    with pytest.raises(ValidationFailed):
        catalogue.retire_requirement(SYSTEM, old, effective_to=date(2020, 1, 1), now=NOW)
    catalogue.retire_requirement(SYSTEM, old, effective_to=date(2026, 12, 31), now=NOW)
    in_2027 = {r.code for r in catalogue.in_force_during(date(2027, 1, 1), date(2027, 12, 31))}
    assert "art7_10_v2" in in_2027 and "art7_10" not in in_2027
    assert row.position > old.position


def test_a_cited_requirement_is_never_deleted(ctx, make_subject):
    draft(2027, [make_subject()])  # its item cites art7_10 and art12_2
    with pytest.raises(ValidationFailed):
        catalogue.delete_requirement(SYSTEM, _row("art7_10"), now=NOW)
    unused = _row("art16")
    catalogue.delete_requirement(SYSTEM, unused, now=NOW)
    assert db.session.scalar(select(func.count()).where(Requirement.code == "art16")) == 0


def test_catalogue_pages(client, make_user, make_subject):
    make_user("root", "admin")
    make_user("insp", "inspector")
    draft(2027, [make_subject()])
    db.session.commit()
    login(client, "insp")
    text = client.get("/catalogue", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Ограничение целей обработки" in text and "пункт 8 статьи 7 Закона" in text
    assert client.get("/catalogue/new").status_code == 403
    cited = _row("art7_10")
    assert client.post(f"/catalogue/{cited.id}/delete").status_code == 403
    relogin(client, "root")
    response = client.post(f"/catalogue/{cited.id}/delete", headers={"Accept-Language": "en"},
                           follow_redirects=True)
    assert "cannot be deleted" in response.get_data(as_text=True)
    response = client.post("/catalogue/new", data={
        "code": "art9", "ref_kk": "Заңның 9-бабы", "ref_ru": "статья 9 Закона",
        "topic_kk": "Келісімсіз өңдеу", "topic_ru": "Обработка без согласия",
        "text_kk": "Мәтін", "text_ru": "Текст", "effective_from": "2013-11-25",
        "effective_to": "", "source": "Law No. 94-V"})
    assert response.status_code == 303
    new = _row("art9")
    client.post(f"/catalogue/{new.id}/retire", data={"effective_to": "2026-12-31"})
    db.session.refresh(new)
    assert new.effective_to == date(2026, 12, 31)
    client.post(f"/catalogue/{new.id}/delete")
    assert db.session.execute(select(Requirement).where(Requirement.code == "art9")).first() is None
    on = client.get("/catalogue?on=2026-07-01").get_data(as_text=True)
    assert "rules_p6" not in on and "art8_1" in on
