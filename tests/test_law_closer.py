"""The law, read closer: end in force (R7.4, R13.1), no inspection outside its act (R5.1),
only the named officials act (R7.5), two periods per violation (R16.1, R16.2), requirements
in force and within the subject matter (catalogue section, R4.1), according to the plan and
act dates (R2.7), evidence within the term (R4.1), closure after copy 1 (R10.2) and the
National Bank (R27.2)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from inspections import documents
from inspections.errors import PermissionDenied, RuleViolation
from inspections.extensions import db
from inspections.models import GeneratedDocument, Notification, Requirement
from inspections.services import inspections as svc
from inspections.services import notifications, registry
from inspections.services import results as rs
from inspections.services.calendar import load_calendar

from . import test_inspections as part1
from .conftest import NOW, SYSTEM, login
from .test_inspections import at, draft, issued, started
from .test_results import delivered, fieldwork, violations

world = part1.world


def _notice(w, insp, when=("2026-11-23", "09:00")):
    svc.record_notice(w["inspector"], insp, notified_at=at(*when), channel="email",
                      recipient="Омаров Д.", cal=load_calendar(), now=at(*when))


def _deliver(w, insp, day, hhmm="10:00"):
    moment = at(day, hhmm)
    return svc.deliver_act(w["inspector"], insp, delivered_at=moment, recipient_name="Омаров Д.",
                           recipient_position="Бөлім басшысы", receipt="signed",
                           cal=load_calendar(), now=moment)


def _req(code):
    return db.session.execute(select(Requirement).where(Requirement.code == code)).scalar_one()


# ----------------------------------------------------------------- R7.4, R13.1


def test_r13_1_the_acts_shorter_end_survives_delivery_and_a_later_delivery_is_flagged(world):
    """R7.4, R13.1: the act says 30 Nov; delivery on 24 Nov does not move it to 7 Dec, and a
    results act delivered on 1 Dec breaches the term."""
    insp = issued(world, end=date(2026, 11, 30))
    _notice(world, insp)
    _deliver(world, insp, "2026-11-24")
    assert insp.end_date == date(2026, 11, 30)
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=at("2026-11-24", "11:00"))
    held = svc.add_evidence(world["inspector"], insp, kind="document", description="Саясат",
                            medium="paper", is_original=False, subject_holds_original=True,
                            now=at("2026-11-25"))
    rs.draw_results(world["inspector"], insp, drawn_at=at("2026-11-30", "16:00"), place="Астана",
                    results_summary="Қаралды", representative_name="Омаров Д.",
                    representative_position="Басшы",
                    violations=violations(insp, held, date(2026, 12, 21)), cal=load_calendar(),
                    now=at("2026-11-30", "16:00"))
    rs.issue_results(world["inspector"], insp, cal=load_calendar(), now=at("2026-11-30", "16:30"))
    act = rs.deliver_results(world["inspector"], insp, delivered_at=at("2026-12-01", "10:00"),
                             channel="paper", recipient_name="Омаров Д.",
                             recipient_position="Басшы", receipt="signed", cal=load_calendar(),
                             now=at("2026-12-01", "10:00"))
    assert act.term_breached is True and act.end_in_force == date(2026, 11, 30)
    assert rs.act_json(insp)["delivery"]["end_in_force"] == "2026-11-30"


# ----------------------------------------------------------------- R5.1


def test_r5_1_delivery_after_the_planned_end_or_before_the_start_is_refused(world):
    """R5.1: an inspection may not run outside its act — re-issue it with new dates."""
    insp = issued(world, start=date(2026, 11, 24), end=date(2026, 11, 26))
    _notice(world, insp)
    with pytest.raises(RuleViolation) as e:
        _deliver(world, insp, "2026-11-27")
    assert e.value.rule == "R5.1" and "2026-11-26" in str(e.value.message)
    assert insp.status == "notified" and insp.start_date is None
    db.session.rollback()
    late = issued(world, start=date(2026, 11, 26), end=date(2026, 11, 27))
    _notice(world, late)
    with pytest.raises(RuleViolation) as e:
        _deliver(world, late, "2026-11-25")
    assert e.value.rule == "R5.1"


def test_r5_1_the_portal_and_the_staff_page_show_one_set_of_dates(client, world, make_user):
    """R5.1, R7.4: the portal's check and the staff page say the same start and end in force,
    and why the clock started on another day than planned."""
    insp = issued(world, start=date(2026, 11, 24))
    _notice(world, insp)
    _deliver(world, insp, "2026-11-25")
    db.session.commit()
    make_user("rep", "subject_rep", subject=world["subject"])
    login(client, "rep")
    portal = client.get(f"/portal/inspections/{insp.id}",
                        headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "act-check-not_before_start" in portal
    assert "the clock started on" in portal and "November 25, 2026" in portal
    client.post("/logout")
    login(client, "insp")
    staff = client.get(f"/inspections/{insp.id}",
                       headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "the clock started on" in staff and "November 25, 2026" in staff


# ----------------------------------------------------------------- R7.5


def test_r7_5_an_inspector_not_named_in_the_act_is_refused_each_step(client, world):
    """R7.5: insp2 is not named in the act: notice, delivery, arrival, evidence and the results
    act are refused to them — in the service and over HTTP (403); the named one may."""
    other = world["inspector2"]
    insp = issued(world)
    with pytest.raises(PermissionDenied):
        svc.record_notice(other, insp, notified_at=at("2026-11-23", "09:00"), channel="email",
                          recipient="О.", cal=load_calendar(), now=NOW)
    login(client, "insp2")
    assert client.post(f"/inspections/{insp.id}/notice", data={
        "notified_at": "2026-11-23T09:00", "channel": "email", "recipient": "О."}
    ).status_code == 403
    insp = started(world)
    with pytest.raises(PermissionDenied):
        svc.record_arrival(other, insp, act_shown=True, ids_shown=True, permit_shown=False,
                           permit_details="", now=NOW)
    assert client.post(f"/inspections/{insp.id}/arrival", data={}).status_code == 403
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=at("2026-11-24", "11:00"))
    db.session.commit()
    with pytest.raises(PermissionDenied):
        svc.add_evidence(other, insp, kind="document", description="x", medium="paper",
                         is_original=False, subject_holds_original=False, now=at("2026-11-25"))
    assert client.post(f"/inspections/{insp.id}/evidence", data={}).status_code == 403
    with pytest.raises(PermissionDenied):
        rs.draw_results(other, insp, drawn_at=at("2026-12-04", "16:30"), place="Астана",
                        results_summary="x", violations=[], cal=load_calendar(),
                        now=at("2026-12-04", "16:30"))
    assert client.get(f"/inspections/{insp.id}/results").status_code == 403
    page = client.get(f"/inspections/{insp.id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200  # everyone on staff may read


# ----------------------------------------------------------------- R16.1, R16.2


def test_r16_1_two_periods_in_the_act_the_portal_the_json_and_the_reminders(client, world,
                                                                          make_user):
    """R16.1: every violation has its elimination deadline and, after it, the date by which
    the elimination is reported — in item 11 of the act (kk, ru), on the portal, in the copy-1
    JSON (``report_due``) and in the reminders."""
    insp = delivered(world)
    cal = load_calendar()
    v = insp.results_act.violations[0]
    assert v.deadline == date(2026, 12, 21) and v.report_due > v.deadline
    payload = rs.act_json(insp)
    assert payload["violations"][0]["report_due"] == v.report_due.isoformat()
    assert rs.schema_problems(payload) == []
    data, _ = rs.copy1_package(insp)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert json.loads(z.read("results_act.json"))["violations"][0]["report_due"]
    for lang, word in (("kk", "ақпарат —"), ("ru", "информация —")):
        doc = db.session.execute(select(GeneratedDocument).where(
            GeneratedDocument.code == "results_act", GeneratedDocument.lang == lang,
            GeneratedDocument.copy_no == 2)).scalar_one()
        assert word in documents.docx_text(doc.content)
    make_user("rep", "subject_rep", subject=world["subject"])
    login(client, "rep")
    page = client.get(f"/portal/inspections/{insp.id}",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "report-due" in page and "Report the elimination, with confirming documents, by" in page
    reporting = rs.report_due(v, cal).day
    notifications.deadline_reminders(today=reporting, cal=cal, now=at(reporting.isoformat()))
    kinds = {n.params.get("kind") for n in db.session.execute(select(Notification)).scalars()}
    assert "report" in kinds


def test_r16_1_the_reporting_date_comes_after_the_deadline(world):
    insp, held, _copy = fieldwork(world)
    rows = violations(insp, held, date(2026, 12, 21), count=1)
    rows[0]["report_due"] = date(2026, 12, 21)
    with pytest.raises(RuleViolation) as e:
        _draw(world, insp, rows)
    assert e.value.rule == "R16.1"


def test_r16_2_no_follow_up_before_the_reporting_date(world):
    insp = delivered(world)
    cal = load_calendar()
    v = insp.results_act.violations[0]
    day_after_deadline = date(2026, 12, 22)
    assert day_after_deadline <= rs.report_due(v, cal).day
    with pytest.raises(RuleViolation) as e:
        rs.create_followup(world["inspector"], insp, today=day_after_deadline, cal=cal,
                           now=at("2026-12-22"))
    assert e.value.rule == "R16.2"


# ----------------------------------------------------------------- requirements in force


def _act_with(w, codes, period, start=date(2026, 11, 24)):
    insp = draft(w, filled=False)
    svc.update_act(w["inspector"], insp, inspector_ids=[w["inspector"].id], specialists=[],
                   requirement_ids=[_req(c).id for c in codes], planned_start=start,
                   planned_end=None, period_from=period[0], period_to=period[1],
                   signatory_id=w["head"].id, subdivision_id=None, object_id=None,
                   cal=load_calendar(), now=NOW)
    return insp


def test_r7_2_rules_para_6_is_refused_for_2024_2025_and_accepted_from_2026_08(world):
    """Catalogue section: Rules para 6 is in force from 12 July 2026 — an act for 2024–2025
    cannot cite it (the message names its effective date); one for 2026-08 onwards can."""
    with pytest.raises(RuleViolation) as e:
        _act_with(world, ["rules_p6"], (date(2024, 1, 1), date(2025, 12, 31)))
    assert e.value.rule == "R7.2" and "2026-07-12" in str(e.value.message)
    db.session.rollback()
    insp = _act_with(world, ["rules_p6"], (date(2026, 8, 1), date(2026, 10, 31)))
    assert [r.requirement.code for r in insp.requirements] == ["rules_p6"]


def _to_fieldwork(world, insp) -> None:
    """Issue, notify, deliver on 24 Nov 2026 and record the arrival (R7.2–R8.1)."""
    svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 23), cal=load_calendar(),
                  now=NOW)
    _notice(world, insp)
    _deliver(world, insp, "2026-11-24")
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=at("2026-11-24", "11:00"))


def _draw(world, insp, rows):
    """Draw up the results act on 4 Dec 2026 with ``rows`` (R10.1)."""
    return rs.draw_results(world["inspector"], insp, drawn_at=at("2026-12-04", "16:30"),
                           place="Астана", results_summary="x", violations=rows,
                           cal=load_calendar(), now=at("2026-12-04", "16:30"))


def test_r11_1_a_violation_committed_before_its_requirement_was_in_force_is_refused(world):
    """Catalogue section: the violation's date must lie inside its requirement's window."""
    insp = _act_with(world, ["art7_8", "rules_p6"], (date(2026, 1, 1), date(2026, 10, 31)))
    _to_fieldwork(world, insp)
    row = {"requirement_id": _req("rules_p6").id, "nature": "x", "remedy": "y",
           "deadline": date(2026, 12, 21), "ability": "a", "approvals": "b",
           "committed_from": date(2026, 3, 1)}
    db.session.commit()
    with pytest.raises(RuleViolation) as e:
        _draw(world, insp, [row])
    db.session.rollback()
    assert e.value.rule == "R11.1" and "2026-07-12" in str(e.value.message)
    row["committed_from"] = date(2026, 8, 3)
    act = _draw(world, insp, [row])
    assert act.violations[0].committed_from == date(2026, 8, 3)


def test_r4_1_a_requirement_outside_the_acts_subject_matter_is_refused(world):
    """Para 4 (1): a violation cites only a requirement of the act's subject matter."""
    insp, held, _copy = fieldwork(world)
    cited = {r.requirement_id for r in insp.requirements}
    outside = db.session.execute(select(Requirement).where(
        Requirement.id.not_in(cited), Requirement.code == "art18")).scalar_one()
    rows = violations(insp, held, count=1)
    rows[0]["requirement_id"] = outside.id
    with pytest.raises(RuleViolation) as e:
        _draw(world, insp, rows)
    assert e.value.rule == "R4.1"


def test_r11_1_art_19_1_needs_the_confirmation_of_processing_outside_functions(world):
    """Art. 19 (2) (1): a state body performing its functions is outside Art. 19 (1)."""
    insp = _act_with(world, ["art19_1"], (date(2025, 1, 1), date(2025, 12, 31)))
    _to_fieldwork(world, insp)
    row = {"requirement_id": _req("art19_1").id, "nature": "x", "remedy": "y",
           "deadline": date(2026, 12, 21), "ability": "a", "approvals": "b",
           "committed_from": date(2025, 5, 1)}
    db.session.commit()
    with pytest.raises(RuleViolation) as e:
        _draw(world, insp, [row])
    db.session.rollback()
    assert "19 (2) (1)" in str(e.value.message)
    row["outside_functions"] = True
    act = _draw(world, insp, [row])
    assert act.violations[0].outside_functions is True


# ----------------------------------------------------------------- R2.7 and act dates


def _periodic(w):
    from .test_plans import approved

    plan = approved(2027, [w["subject"]], approved_on=date(2026, 11, 20))
    return svc.create_from_plan_item(w["inspector"], plan.active_items[0], now=NOW)


def _fill(w, insp, start, reqs=None):
    svc.update_act(w["inspector"], insp, inspector_ids=[w["inspector"].id], specialists=[],
                   requirement_ids=reqs or [r.requirement_id for r in insp.requirements],
                   planned_start=start, planned_end=None, period_from=date(2026, 1, 1),
                   period_to=date(2026, 12, 31), signatory_id=w["head"].id,
                   subdivision_id=None, object_id=None, cal=load_calendar(), now=NOW)


def test_r2_7_a_periodic_act_outside_its_plan_items_timeframe_is_refused(world):
    """R2.7: the item's timeframe is March 2027; April is refused, and so is a requirement
    the item does not list."""
    insp = _periodic(world)
    with pytest.raises(RuleViolation) as e:
        _fill(world, insp, date(2027, 4, 5))
    assert e.value.rule == "R2.7" and "2027-03-31" in str(e.value.message)
    with pytest.raises(RuleViolation) as e:
        _fill(world, insp, date(2027, 3, 24))  # the tenth working day falls in April
    assert e.value.rule == "R2.7"
    with pytest.raises(RuleViolation) as e:
        _fill(world, insp, date(2027, 3, 1), reqs=[_req("art18").id])
    assert e.value.rule == "R2.7"
    _fill(world, insp, date(2027, 3, 1))
    assert insp.planned_end <= date(2027, 3, 31)


def test_r2_7_act_dates_follow_the_plan_and_the_number_series(world):
    """R2.7: not before the plan's approval, not in the future, not earlier than the last
    act of the same series; planned dates in the past are refused."""
    insp = _periodic(world)
    _fill(world, insp, date(2027, 3, 1))
    with pytest.raises(RuleViolation) as e:
        svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 19),
                      cal=load_calendar(), now=NOW)
    assert e.value.rule == "R2.7"
    with pytest.raises(RuleViolation) as e:
        svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 24),
                      cal=load_calendar(), now=NOW)
    assert e.value.rule == "R7.2"  # in the future
    first = issued(world)  # 2026/0001 dated 23 Nov 2026
    assert first.number == "2026/0001"
    second = draft(world)
    with pytest.raises(RuleViolation) as e:
        svc.issue_act(world["inspector"], second, act_date=date(2026, 11, 20),
                      cal=load_calendar(), now=NOW)
    assert e.value.rule == "R2.7" and "2026-11-23" in str(e.value.message)
    db.session.rollback()
    past = draft(world, start=date(2026, 11, 20))
    with pytest.raises(RuleViolation) as e:
        svc.issue_act(world["inspector"], past, act_date=date(2026, 11, 23),
                      cal=load_calendar(), now=NOW)
    assert e.value.rule == "R7.3"


# ----------------------------------------------------------------- R4.1 evidence


def test_r4_1_evidence_is_dated_within_the_term(world):
    insp = started(world)  # 24 Nov – 7 Dec 2026
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=at("2026-11-24", "11:00"))
    with pytest.raises(RuleViolation) as e:
        svc.add_evidence(world["inspector"], insp, kind="document", description="x",
                         medium="paper", is_original=False, subject_holds_original=False,
                         obtained_on=date(2026, 11, 23), now=at("2026-11-25"))
    assert e.value.rule == "R4.1"
    row = svc.add_evidence(world["inspector"], insp, kind="document", description="x",
                           medium="paper", is_original=False, subject_holds_original=False,
                           obtained_on=date(2026, 11, 24), now=at("2026-11-25"))
    assert row.obtained_on == date(2026, 11, 24)


# ----------------------------------------------------------------- R10.2 closure


def test_r10_2_closure_is_refused_until_copy_1_is_sent(world):
    insp = delivered(world)
    for v in insp.results_act.violations:
        v.status = "eliminated"
    with pytest.raises(RuleViolation) as e:
        rs.close(world["head"], insp, now=at("2026-12-30"))
    assert e.value.rule == "R10.2"
    rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                         registration="КПСиСУ-2026-118", now=at("2026-12-04", "18:00"))
    rs.close(world["head"], insp, now=at("2026-12-30"))
    assert insp.status == "closed"


# ----------------------------------------------------------------- R27.2


def test_r27_2_an_inspection_or_plan_item_of_the_national_bank_is_refused(world, make_subject):
    bank = make_subject("Қазақстан Республикасының Ұлттық Банкі",
                        "Национальный Банк Республики Казахстан")
    registry.mark_national_bank(SYSTEM, bank, national_bank=True, now=NOW)
    with pytest.raises(RuleViolation) as e:
        svc.create_inspection(world["inspector"], kind="unscheduled", control_subject_id=bank.id,
                              grounds=[{"ground": 3, "basis_number": "1",
                                        "basis_date": date(2026, 11, 2),
                                        "basis_author": "Прокуратура"}], now=NOW)
    assert e.value.rule == "R27.2" and "National Bank" in str(e.value.message)
    from .test_plans import draft as plan_draft

    with pytest.raises(RuleViolation) as e:
        plan_draft(2027, [bank])
    assert e.value.rule == "R27.2"


# ----------------------------------------------------------------- documents (R11.1, R10.2)


def test_r11_1_the_results_act_names_the_norm_of_the_law_or_the_rules():
    """Catalogue corrections: a requirement may be a norm of the Rules (para 6), so the
    column header says "norm of the Law or of the Rules", not always "of the Law"."""
    from inspections.documents.build_templates import TEMPLATES_DIR

    kk = documents.docx_text((TEMPLATES_DIR / "results_act_kk.docx").read_bytes())
    ru = documents.docx_text((TEMPLATES_DIR / "results_act_ru.docx").read_bytes())
    assert "Заңның немесе Қағидалардың нормасы" in kk and "норма Закона или Правил" in ru
    assert "Нарушенное требование (норма Закона и ее" not in ru


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_r10_2_r12_2_the_sample_documents_follow_the_law(lang):
    """R10.2: copy 2's attachments leave out the document the body holds in original (the
    list of personal data); R12.2: no copy of a delivered act is altered; the conclusion
    refers to violations, not to the act's header items; R16.2: the follow-up lists only
    violations whose reporting date has passed."""
    from inspections.documents.samples import sample_context

    act = sample_context("results_act", lang)
    assert act["copy_number"] == 2
    assert not any("тізбесі" in a or "Перечень" in a for a in act["attachments"])
    assert all(v["report_due"] for v in act["violations"])
    reply = sample_context("objection_reply", lang)
    text = " ".join(p["reasons"] for p in reply["points"]) + reply["conclusion"]
    assert "үшінші данасына" not in text and "третий экземпляр" not in text
    assert ("бұзушылықтарды" in reply["conclusion"] if lang == "kk"
            else "нарушений № 1, 2, 3 и 4" in reply["conclusion"])
    assert len(sample_context("followup_proposal", lang)["violations"]) == 2
