"""Inspection lifecycle, part 1: every rule's refusal and its message
(R3.1, R4.1, R5.1, R7.1–R7.4, R8.1, R9.1–R9.4)."""

from __future__ import annotations

import io
import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from inspections import documents
from inspections.clock import ALMATY
from inspections.errors import PermissionDenied, RuleViolation, ValidationFailed
from inspections.extensions import db
from inspections.models import GeneratedDocument, Requirement
from inspections.models.inspections import Inspection
from inspections.services import inspections as svc
from inspections.services import registry
from inspections.services.calendar import load_calendar
from inspections.services.catalogue import seed_catalogue

from .conftest import NOW, SYSTEM, login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: str, hhmm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=ALMATY)


@pytest.fixture
def world(ctx, make_user, make_subject):
    subject = make_subject("Денсаулық сақтау министрлігі", "Министерство здравоохранения")
    sub = registry.add_subdivision(SYSTEM, subject, name_kk="Алматы филиалы",
                                   name_ru="Алматинский филиал", location="Алматы қ.", now=NOW)
    regime = registry.add_object(SYSTEM, subject, name="Деректер орталығы",
                                 address="Астана қ., 1", is_regime=True, now=NOW)
    seed_catalogue(SYSTEM, now=NOW)
    db.session.commit()
    users = {
        "inspector": make_user("insp", "inspector"),
        "inspector2": make_user("insp2", "inspector"),
        "head": make_user("boss", "head"),
    }
    return {"subject": subject, "sub": sub, "regime": regime, **users}


def draft(w, *, ground=3, start=date(2026, 11, 24), end=None, filled=True, **kw):
    insp = svc.create_inspection(
        w["inspector"], kind="unscheduled", control_subject_id=w["subject"].id,
        grounds=[{"ground": ground, "basis_number": "2-0501-26", "basis_date": date(2026, 11, 2),
                  "basis_author": "Астана қаласының прокуратурасы", **kw}], now=NOW)
    if filled:
        reqs = db.session.execute(select(Requirement.id).limit(2)).scalars().all()
        svc.update_act(w["inspector"], insp, inspector_ids=[w["inspector"].id],
                       specialists=[{"full_name": "Ержан Т.", "organisation": "ТОО «Data & Security <Audit>»"}],
                       requirement_ids=reqs, planned_start=start,
                       planned_end=end or svc.deadlines.fieldwork_end(start, load_calendar()).day,
                       period_from=date(2025, 1, 1), period_to=date(2025, 12, 31),
                       signatory_id=w["head"].id, subdivision_id=w["sub"].id, object_id=None,
                       cal=load_calendar(), now=NOW)
    db.session.commit()
    return insp


def issued(w, **kw):
    insp = draft(w, **kw)
    svc.issue_act(w["inspector"], insp, act_date=date(2026, 11, 23), cal=load_calendar(), now=NOW)
    db.session.commit()
    return insp


def started(w, regime=False):
    insp = issued(w)
    if regime:
        insp.object_id = w["regime"].id
    svc.record_notice(w["inspector"], insp, notified_at=at("2026-11-23", "09:00"), channel="email",
                      recipient="Омаров Д.", cal=load_calendar(), now=NOW)
    later = at("2026-11-24", "10:00")
    svc.deliver_act(w["inspector"], insp, delivered_at=later, recipient_name="Омаров Д.",
                    recipient_position="Бөлім басшысы", receipt="signed", cal=load_calendar(),
                    now=later)
    db.session.commit()
    return insp


def test_r1_2_an_inspection_is_periodic_or_unscheduled(world):
    """R1.2: no third kind."""
    with pytest.raises(ValidationFailed):
        svc.create_inspection(world["inspector"], kind="spot_check",
                              control_subject_id=world["subject"].id, now=NOW)


def test_r3_1_an_unscheduled_inspection_needs_a_ground_with_its_basis(world):
    with pytest.raises(RuleViolation) as e:
        svc.create_inspection(world["inspector"], kind="unscheduled",
                              control_subject_id=world["subject"].id, grounds=[], now=NOW)
    assert e.value.rule == "R3.1"
    with pytest.raises(RuleViolation) as e:
        draft(world, basis_author="")
    assert e.value.rule == "R3.1"


def test_r3_1_grounds_5_and_7_link_the_earlier_inspection(world):
    with pytest.raises(RuleViolation) as e:
        draft(world, ground=7)
    assert e.value.rule == "R3.1" and "link" in str(e.value.message)
    first = issued(world)
    again = draft(world, ground=7, linked_inspection_id=first.id, filled=False)
    assert again.grounds[0].linked_inspection is first


def test_r7_2_the_act_is_not_issued_while_elements_are_missing(world):
    insp = draft(world, filled=False)
    with pytest.raises(RuleViolation) as e:
        svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 23), cal=load_calendar(),
                      now=NOW)
    assert e.value.rule == "R7.2"
    assert insp.status == "draft" and insp.number is None


def test_r9_1_a_longer_planned_end_is_refused_a_shorter_one_allowed(world):
    start = date(2026, 11, 24)
    limit = svc.deadlines.fieldwork_end(start, load_calendar()).day
    assert limit == date(2026, 12, 7)
    with pytest.raises(RuleViolation) as e:
        draft(world, start=start, end=limit + timedelta(days=1))
    assert e.value.rule == "R9.1"
    db.session.rollback()
    assert draft(world, start=start, end=date(2026, 11, 30)).planned_end == date(2026, 11, 30)


def test_r7_2_issuing_numbers_the_act_and_generates_both_languages(world):
    first, second = issued(world), issued(world)
    assert (first.number, second.number) == ("2026/0001", "2026/0002")
    docs = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == first.id, GeneratedDocument.code == "appointment_act")
    ).scalars().all()
    assert sorted(d.lang for d in docs) == ["kk", "ru"]
    ru = documents.docx_text(next(d for d in docs if d.lang == "ru").content)
    for expected in ("2026/0001", "Министерство здравоохранения", "Алматинский филиал",
                     "Тестов", "Data & Security <Audit>", "2-0501-26", "прокуратурасы",
                     "1 января 2025 г.", "31 декабря 2025 г."):
        assert expected in ru, expected


def test_r7_1_nothing_happens_before_the_act_is_issued(world):
    insp = draft(world)
    with pytest.raises(RuleViolation) as e:
        svc.record_notice(world["inspector"], insp, notified_at=at("2026-11-23"),
                          channel="email", recipient="x", cal=load_calendar(), now=NOW)
    assert e.value.rule == "R7.1"


def test_r7_3_delivery_less_than_24_hours_after_the_notice_is_refused(world):
    insp = issued(world)
    svc.record_notice(world["inspector"], insp, notified_at=at("2026-11-23", "09:00"),
                      channel="email", recipient="Омаров Д.", cal=load_calendar(), now=NOW)
    too_soon = at("2026-11-24", "08:59")
    with pytest.raises(RuleViolation) as e:
        svc.deliver_act(world["inspector"], insp, delivered_at=too_soon, recipient_name="О.",
                        recipient_position="П.", receipt="signed", cal=load_calendar(),
                        now=too_soon)
    assert e.value.rule == "R7.3"
    on_time = at("2026-11-24", "09:00")
    svc.deliver_act(world["inspector"], insp, delivered_at=on_time, recipient_name="О.",
                    recipient_position="П.", receipt="signed", cal=load_calendar(), now=on_time)
    assert insp.status == "started"


def test_r7_4_the_start_is_the_delivery_day_and_the_end_is_the_earlier_one(world):
    """R7.4, R13.1: the end in force is the earlier of the act's end date and the tenth
    working day from the actual start (here they coincide: the act gave the longest end)."""
    insp = started(world)
    assert insp.start_date == date(2026, 11, 24)
    assert insp.end_date == date(2026, 12, 7)  # 10th working day counting 24 Nov as day 1
    clock = svc.fieldwork_clock(insp, date(2026, 11, 30), load_calendar())
    assert (clock["day"], clock["total"]) == (5, 10)


def test_r6_1_a_refusal_to_sign_needs_its_explanation(world):
    """R6.1: the receipt of the act is signed, or the refusal is recorded with its explanation."""
    insp = issued(world)
    svc.record_notice(world["inspector"], insp, notified_at=at("2026-11-23", "09:00"),
                      channel="email", recipient="О.", cal=load_calendar(), now=NOW)
    later = at("2026-11-25")
    with pytest.raises(ValidationFailed):
        svc.deliver_act(world["inspector"], insp, delivered_at=later, recipient_name="О.",
                        recipient_position="П.", receipt="refused", cal=load_calendar(), now=later)


def test_r8_1_a_regime_object_requires_the_permit(world):
    insp = started(world, regime=True)
    with pytest.raises(RuleViolation) as e:
        svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                           permit_shown=False, permit_details="", now=NOW)
    assert e.value.rule == "R8.1"
    with pytest.raises(RuleViolation):
        svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=False,
                           permit_shown=True, permit_details="x", now=NOW)
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=True, permit_details="ҰҚК рұқсаты № 15, 20.11.2026", now=NOW)
    assert insp.status == "fieldwork"


def test_r5_1_refusal_of_admission_then_a_new_act_with_a_new_number(world):
    insp = started(world)
    svc.refuse_admission(world["inspector"], insp, reason="documents_not_shown", note="", now=NOW)
    assert insp.status == "admission_refused"
    svc.reissue(world["inspector"], insp, now=NOW)
    assert insp.status == "draft" and insp.number is None
    later = at("2026-11-26")
    # R7.3: the old dates have passed — the re-issued act needs new ones
    with pytest.raises(RuleViolation) as e:
        svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 26),
                      cal=load_calendar(), now=later)
    assert e.value.rule == "R7.3"
    cal = load_calendar()
    svc.update_act(world["inspector"], insp, inspector_ids=[world["inspector"].id],
                   specialists=[], requirement_ids=[r.requirement_id for r in insp.requirements],
                   planned_start=date(2026, 11, 27), planned_end=None,
                   period_from=insp.period_from, period_to=insp.period_to,
                   signatory_id=world["head"].id, subdivision_id=None, object_id=None,
                   cal=cal, now=later)
    svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 26), cal=cal, now=later)
    assert insp.number == "2026/0002"


def test_r9_2_extension_at_most_fifteen_working_days_and_only_once(world):
    insp = started(world)
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=NOW)
    latest = svc.deadlines.latest_extended_end(insp.end_date, load_calendar()).day
    with pytest.raises(RuleViolation) as e:
        svc.request_extension(world["inspector"], insp, reasons="Көп құжат",
                              requested_end=latest + timedelta(days=1), cal=load_calendar(),
                              now=NOW)
    assert e.value.rule == "R9.2"
    svc.request_extension(world["inspector"], insp, reasons="Көп құжат", requested_end=latest,
                          cal=load_calendar(), now=NOW)
    with pytest.raises(PermissionDenied):
        svc.approve_extension(world["inspector"], insp, note="", today=date(2026, 11, 30),
                              cal=load_calendar(), now=NOW)
    svc.approve_extension(world["head"], insp, note="", today=date(2026, 11, 30),
                          cal=load_calendar(), now=NOW)
    svc.deliver_extension_notice(world["inspector"], insp, delivered_on=date(2026, 12, 1),
                                 recipient="Омаров Д.", proof="кіріс № 77",
                                 cal=load_calendar(), now=at("2026-12-01"))
    assert insp.status == "extended" and insp.end_date == latest
    with pytest.raises(RuleViolation) as e:
        svc.request_extension(world["inspector"], insp, reasons="Тағы", requested_end=latest,
                              cal=load_calendar(), now=NOW)
    assert e.value.rule == "R9.2"


def _requested(world):
    insp = started(world)
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=NOW)
    svc.request_extension(world["inspector"], insp, reasons="Көп құжат",
                          requested_end=date(2026, 12, 15), cal=load_calendar(), now=NOW)
    return insp


def test_r9_4_a_notice_delivered_after_the_working_day_before_the_end_is_refused(world):
    insp = _requested(world)  # current end Mon 7 Dec → notice by Fri 4 Dec
    svc.approve_extension(world["head"], insp, note="", today=date(2026, 12, 3),
                          cal=load_calendar(), now=NOW)
    with pytest.raises(RuleViolation) as e:
        svc.deliver_extension_notice(world["inspector"], insp, delivered_on=date(2026, 12, 7),
                                     recipient="О.", proof="№ 1", cal=load_calendar(),
                                     now=at("2026-12-07"))
    assert e.value.rule == "R9.4"
    assert insp.end_date == date(2026, 12, 7)


def test_r9_4_approval_too_late_for_the_notice_is_refused(world):
    insp = _requested(world)
    with pytest.raises(RuleViolation) as e:
        svc.approve_extension(world["head"], insp, note="", today=date(2026, 12, 7),
                              cal=load_calendar(), now=NOW)
    assert e.value.rule == "R9.4"


def test_r9_3_the_extension_act_cites_the_appointment_act(world):
    insp = _requested(world)
    svc.approve_extension(world["head"], insp, note="", today=date(2026, 12, 1),
                          cal=load_calendar(), now=NOW)
    db.session.commit()
    act = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.code == "extension_act", GeneratedDocument.lang == "kk")).scalar_one()
    text = documents.docx_text(act.content)
    assert insp.number in text and "2026 жылғы 23 қараша" in text and "Көп құжат" in text


def test_act_numbers_stay_unique_when_two_inspectors_issue_at_once(app, world):
    a, b = draft(world), draft(world)
    ids = (a.id, b.id)
    db.session.commit()
    barrier = threading.Barrier(2)
    errors = []

    def run(inspection_id, user_id):
        with app.app_context():
            try:
                from inspections.models import User

                insp = db.session.get(Inspection, inspection_id)
                actor = db.session.get(User, user_id)
                barrier.wait(timeout=10)
                svc.issue_act(actor, insp, act_date=date(2026, 11, 23), cal=load_calendar(),
                              now=NOW)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(ids[0], world["inspector"].id)),
               threading.Thread(target=run, args=(ids[1], world["inspector2"].id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    numbers = sorted(db.session.get(Inspection, i).number for i in ids)
    assert numbers == ["2026/0001", "2026/0002"]


def test_r4_1_evidence_files_are_checked_and_served_only_to_staff(client, world, make_user,
                                                                  make_subject):
    insp = started(world)
    login(client, "insp")
    bad = client.post(f"/inspections/{insp.id}/evidence", data={
        "kind": "document", "description": "Бұйрық", "medium": "electronic",
        "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "order.pdf")},
        content_type="multipart/form-data", headers={"Accept-Language": "en"},
        follow_redirects=True)
    assert "not of an allowed type" in bad.get_data(as_text=True)
    assert insp.evidence == []
    client.application.config["UPLOAD_MAX_MB"] = 1
    try:
        big = client.post(f"/inspections/{insp.id}/evidence", data={
            "kind": "document", "description": "Үлкен", "medium": "electronic",
            "file": (io.BytesIO(PDF + b"0" * (1024 * 1024 + 1)), "big.pdf")},
            content_type="multipart/form-data", headers={"Accept-Language": "en"},
            follow_redirects=True)
        assert "larger than the allowed 1 MB" in big.get_data(as_text=True)
    finally:
        client.application.config["UPLOAD_MAX_MB"] = 25
    ok = client.post(f"/inspections/{insp.id}/evidence", data={
        "kind": "document", "description": "Дербес деректер тізбесі", "medium": "electronic",
        "subject_holds_original": "y", "file": (io.BytesIO(PDF), "list.pdf")},
        content_type="multipart/form-data")
    assert ok.status_code == 303
    db.session.expire_all()
    evidence = db.session.get(Inspection, insp.id).evidence[0]
    assert evidence.subject_holds_original and evidence.upload.kind == "pdf"
    url = f"/inspections/evidence/{evidence.id}/file"
    got = client.get(url)
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["Content-Disposition"].startswith("attachment")
    other = make_subject("Басқа орган", "Другой орган")
    make_user("rep", "subject_rep", subject=other)
    client.post("/logout")
    login(client, "rep")
    assert client.get(url).status_code in (403, 404)
    client.post("/logout")
    assert client.get(url).status_code == 302


def test_the_inspection_page_shows_clock_timeline_and_next_steps(client, world):
    insp = started(world)
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2026-11-30T12:00"
    try:
        page = client.get(f"/inspections/{insp.id}", headers={"Accept-Language": "en"})
    finally:
        client.application.config["CLOCK_NOW"] = None
    text = page.get_data(as_text=True)
    assert "Working day 5 of 10" in text
    assert "Record the arrival checklist" in text
    assert "Act delivered: the inspection started" in text  # timeline
    assert "Approve the extension" not in text


def test_r2_1_a_periodic_inspection_opens_from_the_plan_prefilled(client, world):
    from .test_plans import approved

    plan = approved(2027, [world["subject"]], approved_on=date(2026, 11, 20))
    item = plan.active_items[0]
    login(client, "insp")
    response = client.post(f"/inspections/from-plan-item/{item.id}")
    assert response.status_code == 303
    insp = db.session.execute(select(Inspection)).scalar_one()
    assert (insp.kind, insp.plan_item_id, insp.control_subject_id) == (
        "periodic", item.id, world["subject"].id)
    assert {r.requirement_id for r in insp.requirements} == {r.id for r in item.requirements}
    assert insp.planned_start == item.starts_on
    page = client.get(f"/planning/{plan.year}").get_data(as_text=True)
    assert f"/inspections/{insp.id}" in page
    # R2.2: a second periodic inspection of the body in the same year is refused
    with pytest.raises(RuleViolation) as e:
        svc.create_from_plan_item(world["inspector"], item, now=NOW)
    assert e.value.rule == "R2.2"


def test_r2_1_the_act_of_a_periodic_inspection_cites_the_plan(world):
    from .test_plans import approved

    plan = approved(2027, [world["subject"]], approved_on=date(2026, 11, 20))
    insp = svc.create_from_plan_item(world["inspector"], plan.active_items[0], now=NOW)
    start = date(2027, 3, 1)
    svc.update_act(world["inspector"], insp, inspector_ids=[world["inspector"].id],
                   specialists=[], requirement_ids=[r.requirement_id for r in insp.requirements],
                   planned_start=start,
                   planned_end=svc.deadlines.fieldwork_end(start, load_calendar()).day,
                   period_from=date(2026, 1, 1), period_to=date(2026, 12, 31),
                   signatory_id=world["head"].id, subdivision_id=None, object_id=None,
                   cal=load_calendar(), now=NOW)
    svc.issue_act(world["inspector"], insp, act_date=date(2027, 2, 20), cal=load_calendar(),
                  now=at("2027-02-20"))
    assert insp.number == "2027/0001"
    kk = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.code == "appointment_act", GeneratedDocument.lang == "kk")).scalar_one()
    text = documents.docx_text(kk.content)
    assert "Мерзімді тексерулер жүргізу жоспары" in text and "2027-1" in text


def test_r3_1_a_further_ground_with_its_file_is_added_to_the_draft(client, world):
    insp = draft(world, filled=False)
    login(client, "insp")
    response = client.post(f"/inspections/{insp.id}/grounds", data={
        "ground": "1", "basis_number": "ЖТ-55", "basis_date": "2026-11-10",
        "basis_author": "Азамат Б.", "linked_inspection_id": "0",
        "basis_file": (io.BytesIO(PDF), "complaint.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.expire_all()
    grounds = db.session.get(Inspection, insp.id).grounds
    assert [g.ground for g in grounds] == [1, 3]
    assert grounds[0].upload.original_name == "complaint.pdf"
    assert client.get(f"/inspections/grounds/{grounds[0].id}/file").data == PDF


def test_r9_1_an_empty_planned_end_becomes_the_tenth_working_day(world):
    insp = draft(world, filled=False)
    svc.update_act(world["inspector"], insp, inspector_ids=[], specialists=[],
                   requirement_ids=[], planned_start=date(2026, 12, 10), planned_end=None,
                   period_from=None, period_to=None, signatory_id=None, subdivision_id=None,
                   object_id=None, cal=load_calendar(), now=NOW)
    assert insp.planned_end == date(2026, 12, 24)  # 16 Dec (Independence Day) is skipped
