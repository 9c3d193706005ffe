"""Inspection lifecycle, part 2: results act, three copies, delivery, objections, refusals,
remediation, follow-up, appeals and closure (R10.1–R17.1)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from inspections import documents, lifecycle, uploads
from inspections.errors import RuleViolation, ValidationFailed
from inspections.extensions import db
from inspections.models import GeneratedDocument, Requirement
from inspections.models.inspections import Inspection
from inspections.services import inspections as svc
from inspections.services import results as rs
from inspections.services.calendar import load_calendar

from . import test_inspections as part1
from .conftest import login
from .test_inspections import PDF, at, started

world = part1.world  # the same fixture: a body with a subdivision, inspectors and the head


def fieldwork(w):
    insp = started(w)
    svc.record_arrival(w["inspector"], insp, act_shown=True, ids_shown=True, permit_shown=False,
                       permit_details="", now=at("2026-11-24", "11:00"))
    held = svc.add_evidence(w["inspector"], insp, kind="document", description="Саясат",
                            medium="paper", is_original=False, subject_holds_original=True,
                            now=at("2026-11-25"))
    copy = svc.add_evidence(w["inspector"], insp, kind="recording", description="Фото",
                            medium="electronic", is_original=True, subject_holds_original=False,
                            now=at("2026-11-25"))
    db.session.commit()
    return insp, held, copy


def violations(insp, held, deadline=date(2026, 12, 21), count=2):
    reqs = [r.requirement_id for r in insp.requirements]
    return [{"requirement_id": reqs[n % len(reqs)], "nature": f"Бұзушылық {n + 1}",
             "remedy": "Жою", "deadline": deadline, "ability": "Бір ай жеткілікті",
             "approvals": "Келісу қажет емес", "evidence_ids": [held.id],
             "committed_from": date(2025, 6, 1)}
            for n in range(count)]


def drawn(w, count=2, deadline=date(2026, 12, 21)):
    insp, held, copy = fieldwork(w)
    rs.draw_results(w["inspector"], insp, drawn_at=at("2026-12-04", "16:30"), place="Астана",
                    results_summary="Қаралды", representative_name="Омаров Д.",
                    representative_position="Басшы",
                    persons_present=[{"full_name": "Ахметов А.", "position": "Маман"}],
                    violations=violations(insp, held, deadline, count), cal=load_calendar(),
                    now=at("2026-12-04", "16:30"))
    db.session.commit()
    return insp


def issued_results(w, **kw):
    insp = drawn(w, **kw)
    rs.issue_results(w["inspector"], insp, cal=load_calendar(), now=at("2026-12-04", "16:40"))
    db.session.commit()
    return insp


def delivered(w, day="2026-12-04", **kw):
    insp = issued_results(w, **kw)
    rs.deliver_results(w["inspector"], insp, delivered_at=at(day, "17:00"), channel="paper",
                       recipient_name="Омаров Д.", recipient_position="Басшы", receipt="signed",
                       present_outcomes=[{"full_name": "Ахметов А.", "outcome": "read"}],
                       cal=load_calendar(), now=at(day, "17:00"))
    db.session.commit()
    return insp


def test_r10_1_drawing_results_ends_fieldwork_and_an_act_without_violations_is_allowed(world):
    insp, held, copy = fieldwork(world)
    act = rs.draw_results(world["inspector"], insp, drawn_at=at("2026-12-04", "16:30"),
                          place="Астана", results_summary="Бұзушылық анықталған жоқ",
                          representative_name="Омаров Д.", representative_position="Басшы",
                          violations=[], cal=load_calendar(), now=at("2026-12-04", "16:30"))
    assert insp.status == "results_drafted" and act.violations == []
    rs.issue_results(world["inspector"], insp, cal=load_calendar(), now=at("2026-12-04", "17:00"))
    assert rs.act_json(insp)["no_violations"] is True


def test_r14_1_a_deadline_earlier_than_the_act_plus_ten_days_is_refused(world):
    insp, held, copy = fieldwork(world)
    with pytest.raises(RuleViolation) as e:
        rs.draw_results(world["inspector"], insp, drawn_at=at("2026-12-04", "16:30"),
                        place="Астана", results_summary="x", violations=violations(
                            insp, held, date(2026, 12, 13)), cal=load_calendar(),
                        now=at("2026-12-04", "16:30"))
    from flask_babel import format_date  # the date in the reader's language, not ISO

    message = str(e.value.message)
    assert e.value.rule == "R14.1" and format_date(date(2026, 12, 14), "long") in message
    assert "2026-12-14" not in message
    db.session.rollback()
    assert db.session.get(Inspection, insp.id).status == "fieldwork"


def test_r15_1_the_deadline_needs_both_parts_of_its_justification(world):
    insp, held, copy = fieldwork(world)
    bad = violations(insp, held)
    bad[1]["approvals"] = ""
    with pytest.raises(RuleViolation) as e:
        rs.draw_results(world["inspector"], insp, drawn_at=at("2026-12-04", "16:30"),
                        place="Астана", results_summary="x", violations=bad,
                        cal=load_calendar(), now=at("2026-12-04", "16:30"))
    assert e.value.rule == "R15.1" and "2" in str(e.value.message)


def test_r11_1_the_requirement_must_be_in_force_during_the_inspected_period(world):
    insp, held, copy = fieldwork(world)
    req = db.session.get(Requirement, insp.requirements[0].requirement_id)
    req.effective_from = date(2026, 7, 12)  # after the inspected period (2025)
    bad = violations(insp, held, count=1)
    bad[0]["requirement_id"] = req.id
    with pytest.raises(RuleViolation) as e:
        rs.draw_results(world["inspector"], insp, drawn_at=at("2026-12-04", "16:30"),
                        place="Астана", results_summary="x", violations=bad,
                        cal=load_calendar(), now=at("2026-12-04", "16:30"))
    assert e.value.rule == "R11.1"


def test_r14_1_a_delivery_that_makes_a_deadline_too_early_is_refused_naming_it(world):
    insp = issued_results(world, deadline=date(2026, 12, 14))
    with pytest.raises(RuleViolation) as e:
        rs.deliver_results(world["inspector"], insp, delivered_at=at("2026-12-07", "10:00"),
                           channel="paper", recipient_name="Омаров Д.",
                           recipient_position="Басшы", receipt="signed", cal=load_calendar(),
                           now=at("2026-12-07", "10:00"))
    assert e.value.rule == "R14.1" and "№ 1, № 2" in str(e.value.message)
    db.session.rollback()
    assert db.session.get(Inspection, insp.id).status == "results_issued"


def test_r10_2_three_copies_in_both_languages_copy_2_without_originals_held(world):
    """R10.2: the attachments of copy 2 leave out what the subject holds in original."""
    insp = issued_results(world)
    docs = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == insp.id, GeneratedDocument.code == "results_act")
    ).scalars().all()
    assert sorted((d.copy_no, d.lang) for d in docs) == [
        (n, lang) for n in (1, 2, 3) for lang in ("kk", "ru")]
    by = {(d.copy_no, d.lang): d for d in docs}
    assert [a.split(" (")[0] for a in by[(1, "kk")].context["attachments"]] == ["Саясат", "Фото"]
    assert [a.split(" (")[0] for a in by[(2, "kk")].context["attachments"]] == ["Фото"]
    assert [a.split(" (")[0] for a in by[(3, "ru")].context["attachments"]] == ["Саясат", "Фото"]
    text = documents.docx_text(by[(2, "ru")].content)
    assert "Фото" in text and "Саясат" not in text
    assert [e.description for e in rs.attachments(insp, 2)] == ["Фото"]
    assert insp.results_act.archived_at is not None  # copy 3 stays in the archive


def test_r10_2_copy_1_package_json_matches_its_schema_and_hashes(world):
    insp = delivered(world)
    data, manifest = rs.copy1_package(insp)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert names == {"results_act_copy1_kk.docx", "results_act_copy1_ru.docx",
                     "results_act.json", "manifest.json"}
    stored = json.loads(archive.read("manifest.json"))
    assert stored == manifest
    for f in stored["files"]:
        assert hashlib.sha256(archive.read(f["name"])).hexdigest() == f["sha256"]
    payload = json.loads(archive.read("results_act.json"))
    assert rs.schema_problems(payload) == []
    assert payload["schema"] == "bakylau.results_act.v1"
    assert [v["no"] for v in payload["violations"]] == [1, 2]
    assert payload["violations"][0]["justification"]["ability"] == "Бір ай жеткілікті"
    assert payload["delivery"]["term_breached"] is False
    docs = rs.copy1_documents(insp)
    assert {d.copy_no for d in docs} == {1}
    assert rs.schema_problems({**payload, "no_violations": "no"}) == [
        "$.no_violations: expected boolean"]
    rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                         registration="КПСиСУ-2026-118", now=at("2026-12-04", "18:00"))
    assert insp.results_act.copy1_package_sha256 == hashlib.sha256(data).hexdigest()


def test_r13_1_delivery_ends_the_inspection_a_late_one_is_flagged(world):
    insp = delivered(world, day="2026-12-08")  # the end in force was 7 December
    act = insp.results_act
    assert insp.status == "delivered"
    assert act.term_breached is True and act.end_in_force == date(2026, 12, 7)


def test_r12_4_refusal_to_sign_needs_its_written_explanation(world):
    insp = issued_results(world)
    with pytest.raises(RuleViolation) as e:
        rs.deliver_results(world["inspector"], insp, delivered_at=at("2026-12-04", "17:00"),
                           channel="paper", recipient_name="Омаров Д.",
                           recipient_position="Басшы", receipt="refused_to_sign",
                           cal=load_calendar(), now=at("2026-12-04", "17:00"))
    assert e.value.rule == "R12.4"


def test_r12_3_refusal_to_accept_produces_the_refusal_act(world):
    insp = issued_results(world)
    rs.refuse_results(world["inspector"], insp, refused_at=at("2026-12-04", "17:00"),
                      recipient_name="Омаров Д.", recipient_position="Басшы",
                      reason="Келіспейміз", cal=load_calendar(), now=at("2026-12-04", "17:00"))
    db.session.commit()
    assert insp.status == "delivered" and insp.results_act.receipt == "refused_to_accept"
    docs = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == insp.id, GeneratedDocument.code == "refusal_act")
    ).scalars().all()
    assert sorted(d.lang for d in docs) == ["kk", "ru"]
    assert "Келіспейміз" in documents.docx_text(docs[0].content)


def objection(w, insp, received=date(2026, 12, 7)):
    v1 = insp.results_act.violations[0]
    row = rs.register_objection(
        w["inspector"], insp, received_on=received, incoming_number="ДСМ-04/11",
        note="Қарсылықтар қоса беріледі", points=[
            {"violation_id": v1.id, "text": "Келіспейміз"}, {"violation_id": None,
                                                             "text": "Мекенжай қате"}],
        cal=load_calendar(), now=at("2026-12-08"))
    db.session.commit()
    return row


def test_r12_2_objections_reply_due_in_fifteen_working_days_and_late_reply_flagged(world):
    insp = delivered(world)
    row = objection(world, insp)
    assert row.reply_due == date(2026, 12, 29)  # 16 Dec is Independence Day
    assert rs.objection_overdue(row, date(2026, 12, 29)) is False
    assert rs.objection_overdue(row, date(2026, 12, 30)) is True
    assert rs.act_json(insp)["objections"][0]["note"] == "Қарсылықтар қоса беріледі"
    with pytest.raises(RuleViolation) as e:
        rs.reply_objection(world["inspector"], row, decisions={
            row.points[0].id: ("rejected", "Заң талабы")}, conclusion="", today=date(2026, 12, 30),
            cal=load_calendar(), now=at("2026-12-30"))
    assert e.value.rule == "R12.2"
    db.session.rollback()
    rs.reply_objection(world["inspector"], row, decisions={
        row.points[0].id: ("rejected", "Заң талабы"),
        row.points[1].id: ("accepted", "Түзетілді")}, conclusion="Талаптар күшінде",
        today=date(2026, 12, 30), cal=load_calendar(), now=at("2026-12-30"))
    db.session.commit()
    assert row.replied_late is True
    doc = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.code == "objection_reply", GeneratedDocument.lang == "ru")).scalar_one()
    assert "Заң талабы" in documents.docx_text(doc.content)


def test_r16_2_follow_up_proposed_after_a_missed_deadline(world):
    insp = delivered(world)
    act = insp.results_act
    cal = load_calendar()
    with pytest.raises(RuleViolation) as e:
        rs.create_followup(world["inspector"], insp, today=date(2026, 12, 21), cal=cal,
                           now=at("2026-12-21"))
    assert e.value.rule == "R16.2"
    upload = uploads.store(world["inspector"], PDF, "done.pdf", now=at("2026-12-15"))
    report = rs.register_report(world["inspector"], act.violations[0], received_on=date(2026, 12, 15),
                                description="Жойылды", upload_ids=[upload.id], now=at("2026-12-15"))
    rs.decide_report(world["head"], report, decision="accepted", note="", now=at("2026-12-16"))
    assert act.violations[0].status == "eliminated"
    assert rs.overdue_violations(insp, date(2026, 12, 21), cal) == []
    # R16.1, R16.2: the elimination deadline has passed, but the reporting date set in the
    # act has not — no follow-up yet
    assert rs.overdue_violations(insp, date(2026, 12, 22), cal) == []
    reporting = rs.report_due(act.violations[1], cal).day
    assert reporting > date(2026, 12, 21)
    assert rs.overdue_violations(insp, reporting, cal) == []
    after = reporting + timedelta(days=1)
    assert rs.overdue_violations(insp, after, cal) == [act.violations[1]]
    followup = rs.create_followup(world["inspector"], insp, today=after, cal=cal,
                                  now=at(after.isoformat()))
    db.session.commit()
    assert followup.kind == "unscheduled" and followup.status == "draft"
    assert followup.grounds[0].ground == 7 and followup.grounds[0].linked_inspection is insp
    assert followup.subdivision_id == insp.subdivision_id
    assert [r.requirement_id for r in followup.requirements] == [act.violations[1].requirement_id]
    assert act.violations[1].followup_inspection_id == followup.id
    docs = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == insp.id, GeneratedDocument.code == "followup_proposal")
    ).scalars().all()
    assert sorted(d.lang for d in docs) == ["kk", "ru"]


def test_r16_1_closure_needs_every_violation_settled_then_read_only_except_appeals(world):
    insp = delivered(world)
    act = insp.results_act
    rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                         registration="КПСиСУ-2026-118", now=at("2026-12-04", "18:00"))
    with pytest.raises(RuleViolation) as e:
        rs.close(world["inspector"], insp, now=at("2026-12-10"))
    assert e.value.rule == "R16.1" and "№ 1, № 2" in str(e.value.message)
    for v in act.violations:
        v.status = "eliminated"
    rs.close(world["head"], insp, now=at("2026-12-30"))
    db.session.commit()
    assert insp.status == "closed"
    upload = uploads.store(world["inspector"], PDF, "late.pdf", now=at("2026-12-30"))
    with pytest.raises(RuleViolation) as e:
        rs.register_report(world["inspector"], act.violations[0], received_on=date(2026, 12, 30),
                           description="x", upload_ids=[upload.id], now=at("2026-12-30"))
    assert e.value.rule == "R17.1"
    with pytest.raises(RuleViolation):
        rs.register_objection(world["inspector"], insp, received_on=date(2026, 12, 30),
                              incoming_number="1", note="", points=[{"text": "x"}],
                              cal=load_calendar(), now=at("2026-12-30"))
    appeal = rs.record_appeal(world["inspector"], insp, level="court", filed_on=date(2026, 12, 30),
                              authority="Астана қаласының МАЭС", summary="Актіге шағым",
                              now=at("2026-12-30"))
    rs.decide_appeal(world["inspector"], appeal, outcome="dismissed", decided_on=date(2027, 1, 20),
                     note="", now=at("2027-01-20"))
    assert appeal.outcome == "dismissed"


def test_r17_1_appeals_only_after_delivery(world):
    insp = issued_results(world)
    with pytest.raises(RuleViolation) as e:
        rs.record_appeal(world["inspector"], insp, level="court", filed_on=date(2026, 12, 4),
                         authority="Сот", summary="x", now=at("2026-12-04", "18:00"))
    assert e.value.rule == "R17.1"


def test_the_results_pages_in_the_browser_flow_refuse_bad_input_and_show_badges(client, world):
    insp = delivered(world, day="2026-12-08")
    objection(world, insp, received=date(2026, 12, 8))
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2027-01-05T10:00"
    try:
        page = client.get(f"/inspections/{insp.id}", headers={"Accept-Language": "en"})
        text = page.get_data(as_text=True)
    finally:
        client.application.config["CLOCK_NOW"] = None
    assert page.status_code == 200
    assert 'id="term-breached"' in text and 'id="results"' in text
    assert "ДСМ-04/11" in text and 'class="badge text-bg-danger objection-overdue"' in text
    bad = client.post(f"/inspections/{insp.id}/objections", data={"received_on": ""},
                      headers={"Accept-Language": "en"})
    assert bad.status_code == 200 and "This field is required." in bad.get_data(as_text=True)
    assert len(insp.results_act.objections) == 1
    package = client.get(f"/inspections/{insp.id}/results/package.zip")
    assert package.status_code == 200 and package.data.startswith(b"PK")


def test_home_lists_overdue_clocks(client, world):
    insp = delivered(world)
    objection(world, insp)
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2027-01-05T10:00"
    try:
        text = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    finally:
        client.application.config["CLOCK_NOW"] = None
    assert 'id="overdue"' in text and insp.number in text
    assert "R12.2" in text and "R16.2" in text


def test_bad_registration_of_copy_1_changes_nothing(world):
    insp = issued_results(world)
    with pytest.raises(ValidationFailed):
        rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                             registration=" ", now=at("2026-12-04", "18:00"))
    assert insp.results_act.copy1_sent_at is None


def test_r17_1_a_closed_inspection_page_offers_only_appeals(client, world):
    """R16.1/R17.1: the views hide every button of a closed inspection except appeals."""
    insp = delivered(world)
    for v in insp.results_act.violations:
        v.status = "eliminated"
    rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                         registration="КПСиСУ-2026-118", now=at("2026-12-04", "18:00"))
    rs.close(world["inspector"], insp, now=at("2026-12-30"))
    db.session.commit()
    login(client, "insp")
    text = client.get(f"/inspections/{insp.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert 'id="read-only"' in text and "Record an appeal" in text
    for hidden in ("Register objections received on paper", "Register a report on elimination",
                   "Record copy 1 as sent", "Close the inspection", "Edit the results act"):
        assert hidden not in text, hidden
    response = client.post(f"/inspections/{insp.id}/objections", data={})
    assert response.status_code == 303  # refused: back to the page, nothing registered
    assert insp.results_act.objections == []


def test_r10_1_the_drafted_act_is_edited_in_its_form(client, world):
    insp = drawn(world)
    login(client, "insp")
    page = client.get(f"/inspections/{insp.id}/results", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Бұзушылық 2" in text and "Ахметов А." in text
    v1, v2 = insp.results_act.violations
    data = {"drawn_at": "2026-12-04T16:30", "place": "Астана", "results_summary": "Қаралды",
            "representative_name": "Омаров Д.", "representative_position": "Басшы"}
    for n, v in enumerate((v1, v2)):
        data.update({f"violations-{n}-requirement_id": v.requirement_id,
                     f"violations-{n}-nature": v.nature, f"violations-{n}-remedy": "Жою",
                     f"violations-{n}-deadline": "2026-12-28",
                     f"violations-{n}-ability": "a", f"violations-{n}-approvals": "b"})
    response = client.post(f"/inspections/{insp.id}/results", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    act = db.session.get(Inspection, insp.id).results_act
    assert [v.deadline for v in act.violations] == [date(2026, 12, 28)] * 2
    data["violations-1-deadline"] = "2026-12-10"  # R14.1: refused, nothing changes
    refused = client.post(f"/inspections/{insp.id}/results", data=data,
                          headers={"Accept-Language": "en"})
    assert refused.status_code == 200 and "R14.1" in refused.get_data(as_text=True)
    db.session.expire_all()
    act = db.session.get(Inspection, insp.id).results_act
    assert [v.deadline for v in act.violations] == [date(2026, 12, 28)] * 2


def test_home_shows_my_inspections_and_clocks_due_within_five_working_days(client, world):
    """R9.1/R13.1 end of the term due soon; R2.3/R2.4 next year's plan dates once passed."""
    insp = started(world)
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2026-12-02T10:00"
    try:
        text = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    finally:
        client.application.config["CLOCK_NOW"] = None
    mine = text[text.index('id="my-inspections"'):]
    assert insp.number in mine and "Started" in mine
    soon = text[text.index('id="due-soon"'):text.index('id="my-inspections"')]
    assert "End of the inspection term" in soon and insp.number in soon
    overdue = text[text.index('id="overdue"'):text.index('id="due-soon"')]
    assert "Approval of next year" in overdue and "R2.3" in overdue


def _brute_force_clocks(today, cal):
    """The clocks of every active inspection worked out one by one in Python (the way the
    home page did before issue 13): the specification the database's filter must match."""
    from inspections.models import Inspection as I  # noqa: N817

    horizon = cal.nth_working_day(today, 5, count_start=False).day
    out = {"overdue": set(), "due_soon": set()}
    for i in db.session.execute(select(I)).scalars():
        found = []
        if i.status in lifecycle.ON_SITE | {lifecycle.RESULTS_DRAFTED,
                                             lifecycle.RESULTS_ISSUED} and i.end_date:
            found.append(("fieldwork_end", i.id, None, i.end_date))
        act = i.results_act
        if act is not None and i.status == lifecycle.DELIVERED:
            for o in act.objections:
                if o.replied_on is None:
                    found.append(("objection_reply", i.id, None, o.reply_due))
            for v in act.violations:
                if v.status in ("open", "not_eliminated") and v.followup_inspection_id is None:
                    found.append(("remedy", i.id, v.id, rs.remedy_due(v, cal).day))
                    if v.report_due:
                        found.append(("report", i.id, v.id, rs.report_due(v, cal).day))
        for kind, iid, vid, day in found:
            if day < today:
                out["overdue"].add((kind, iid, vid, day))
            elif day <= horizon:
                out["due_soon"].add((kind, iid, vid, day))
    return out


def test_r14_1_r16_2_home_clocks_filtered_in_the_database_match_the_day_by_day_rule(world):
    """R13.1, R12.2, R14.1, R16.2 (issue 13): the clocks the home page lists, filtered and
    paged by the database on the stored dates, are exactly those a day-by-day computation
    finds — for every day around the deadlines, including a deadline on a Saturday, which
    rolls forward to Monday (Civil Code Art. 188) and so is due that Monday, not overdue."""
    insp = delivered(world, deadline=date(2026, 12, 26))  # a Saturday → Monday 28 December
    objection(world, insp)
    cal = load_calendar()
    day = date(2026, 12, 1)
    while day <= date(2027, 1, 20):
        expected = _brute_force_clocks(day, cal)
        got = rs.clock_pages({"overdue": (3, 0), "due_soon": (50, 0)}, today=day, cal=cal)
        for name in ("overdue", "due_soon"):
            items, total = got[name]
            assert total == len(expected[name]), (day, name)
            keys = [(x["kind"], x["inspection"].id,
                     x["violation"].id if x.get("violation") else None, x["day"])
                    for x in items]
            assert set(keys) <= expected[name] and len(keys) == min(total, 3 if name ==
                                                                   "overdue" else 50)
            assert [k[3] for k in keys] == sorted(k[3] for k in keys)
        if day == date(2026, 12, 28):  # Monday: the Saturday deadline falls today
            assert {x["kind"] for x in got["due_soon"][0]} >= {"remedy"}
            assert not any(x["kind"] == "remedy" for x in got["overdue"][0])
        day += timedelta(days=1)
    # the pages of a list, read one after the other, give the whole list in date order
    today = date(2027, 1, 20)
    pages = [rs.clock_pages({"overdue": (2, off)}, today=today, cal=cal)["overdue"][0]
             for off in (0, 2, 4, 6)]
    flat = [(x["kind"], x["violation"].id if x.get("violation") else None)
            for page in pages for x in page]
    assert len(flat) == len(set(flat)) == len(_brute_force_clocks(today, cal)["overdue"])


def test_r9_2_r13_1_fieldwork_clock_read_as_columns_counts_the_extension(world):
    """R9.1, R9.2, R13.1 (issue 13): the clocks are read as plain columns, with the
    inspection's latest extension in the same statement; an extended inspection's clock
    shows the end in force and is explained by the extended term (R9.2), exactly as the
    inspection itself works it out — before the extension and after its notice."""
    cal = load_calendar()

    def fieldwork_item(insp, today):
        got = rs.clock_pages({"overdue": (50, 0), "due_soon": (50, 0)}, today=today, cal=cal)
        return next(x for name in got for x in got[name][0]
                    if x["kind"] == "fieldwork_end" and x["inspection"].id == insp.id)

    insp = started(world)
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=at("2026-11-24"))
    first_end = insp.end_date
    before = fieldwork_item(insp, first_end)
    assert before["day"] == first_end
    assert before["deadline"] == svc.fieldwork_clock(insp, first_end, cal)["deadline"]
    assert before["inspection"].extension is None
    latest = svc.deadlines.latest_extended_end(first_end, cal).day
    svc.request_extension(world["inspector"], insp, reasons="Көп құжат", requested_end=latest,
                          cal=cal, now=at("2026-11-30"))
    svc.approve_extension(world["head"], insp, note="", today=date(2026, 11, 30), cal=cal,
                          now=at("2026-11-30"))
    svc.deliver_extension_notice(world["inspector"], insp, delivered_on=date(2026, 12, 1),
                                 recipient="Омаров Д.", proof="кіріс № 77", cal=cal,
                                 now=at("2026-12-01"))
    db.session.commit()
    assert insp.status == "extended"
    after = fieldwork_item(insp, latest)
    assert after["day"] == latest == insp.end_date
    assert after["deadline"] == svc.fieldwork_clock(insp, latest, cal)["deadline"]
    assert after["deadline"] != before["deadline"]  # R9.2: the extended term, not R9.1's
    assert after["inspection"].extension.requested_end == latest
    assert after["inspection"].control_subject.name("ru") == insp.control_subject.name_ru


def test_clocks_page_lists_every_overdue_clock_a_page_at_a_time(client, world):
    """The home page shows the first clocks and links to the clocks page, which pages the
    rest with the same explanations (issue 13)."""
    from inspections.views import main as home_view

    insp = delivered(world, count=12)
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2027-02-15T10:00"
    try:
        home = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        overdue = home[home.index('id="overdue"'):home.index('id="due-soon"')]
        assert overdue.count("<tr") - 1 <= home_view.HOME_CLOCKS + 2  # + the plan's two
        link = re.search(r'id="all-overdue" href="([^"]+)"', overdue).group(1)
        first = client.get(link.replace("&amp;", "&"), headers={"Accept-Language": "en"})
        second = client.get("/clocks?list=overdue&page=2", headers={"Accept-Language": "en"})
    finally:
        client.application.config["CLOCK_NOW"] = None
    assert first.status_code == second.status_code == 200
    text = first.get_data(as_text=True) + second.get_data(as_text=True)
    assert text.count("violation No. 12") == 2  # remedy (R14.1) and report (R16.2)
    assert "Why?" in text and insp.number in text


def test_r12_2_home_clocks_are_worked_out_once_per_version_of_the_data_and_follow_changes(
        client, world):
    """Issue 13: the home's clocks are the same for every member of the staff, so they are
    rendered once per day, language and version of the data (the newest audit row) — and
    every change, which writes an audit row, shows at once: here a registered objection's
    reply due (R12.2) appears on the next request, for every user."""
    from bench.pages import counting

    insp = delivered(world)
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2026-12-28T10:00"
    try:
        def clocks():
            with counting() as statements:
                text = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
            return text[text.index('id="overdue"'):text.index('id="my-inspections"')], \
                statements["n"]

        with counting() as statements:
            text = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        # the version is read before anything the kept clocks depend on (after the user)
        assert "audit_log" in statements["sql"][1] and "audit_log" not in statements["sql"][0]
        first = text[text.index('id="overdue"'):text.index('id="my-inspections"')]
        worked_out = statements["n"]
        again, kept = clocks()
        assert again == first and "R12.2" not in first
        assert kept < worked_out  # the clocks' own statements are not sent again
        objection(world, insp)  # received 7 December: the reply is due 29 December
        changed, _ = clocks()
        assert "R12.2" in changed and changed != first
        client.post("/logout")
        login(client, "boss")
        assert clocks()[0] == changed
        page = client.get("/clocks?list=due_soon", headers={"Accept-Language": "en"})
        assert "R12.2" in page.get_data(as_text=True)
    finally:
        client.application.config["CLOCK_NOW"] = None


def _results_act_from_a_fresh_session(inspection_id: int):
    """Build the results act (three copies, kk and ru) from an inspection loaded afresh, as
    issuing does: the statements of loading it with its parts, those of building the six
    contexts, and the contexts."""
    from bench.pages import counting
    from inspections.services.inspection_documents import BUILDERS, load_parts

    cal = load_calendar()  # cached by the application, not part of the document
    db.session.close()
    with counting() as loading:
        insp = db.session.get(Inspection, inspection_id)
        kept = load_parts(insp, "results_act")
    with counting() as building:
        contexts = [BUILDERS["results_act"](insp, lang, {"authority": "a", "place": "p"}, cal,
                                            copy_no=copy_no)
                    for copy_no in (1, 2, 3) for lang in ("kk", "ru")]
    del kept
    return loading, building, contexts


def test_r11_1_the_results_act_document_reads_its_parts_in_a_fixed_number_of_statements(world):
    """R11.1, R10.2 (issue 13): the act's parts (inspectors, specialists, subject, subdivision,
    subject matter, evidence, extensions, violations with their requirements) are read in a
    few statements, the same for 2 violations and 1 inspector as for 6 and 2; building the
    six contexts then sends none."""
    from inspections.models import InspectionInspector

    few = drawn(world, count=2)
    many = drawn(world, count=6)
    db.session.add(InspectionInspector(inspection_id=many.id, user_id=world["inspector2"].id))
    db.session.commit()
    few_id, many_id = few.id, many.id
    small, small_build, small_ctx = _results_act_from_a_fresh_session(few_id)
    large, large_build, large_ctx = _results_act_from_a_fresh_session(many_id)
    assert small["n"] == large["n"] <= 10, "\n\n".join(large["sql"])
    assert small_build["n"] == large_build["n"] == 0, "\n\n".join(large_build["sql"])
    assert [len(c["violations"]) for c in small_ctx + large_ctx] == [2] * 6 + [6] * 6
    assert [len(c["inspectors"]) for c in large_ctx] == [2] * 6
    kk = large_ctx[0]
    assert all(v["requirement_ref"] and v["requirement_text"] for v in kk["violations"])
    assert kk["specialists"][0]["full_name"] == "Ержан Т." and kk["subdivision"]["name"]
    assert kk["subject_matter"].count(" — ") == 2 and len(kk["attachments"]) == 2
    assert len(large_ctx[2]["attachments"]) == 1  # copy 2: not the one held in original


def test_r11_1_issuing_the_results_act_sends_as_many_statements_for_more_violations(client,
                                                                                    world):
    """R11.1, R10.2 (issue 13): the POST that issues the three copies sends the same number
    of statements for 2 violations and 1 inspector as for 6 violations and 2 inspectors."""
    from bench.pages import counting
    from inspections.models import InspectionInspector

    few = drawn(world, count=2)
    many = drawn(world, count=6)
    db.session.add(InspectionInspector(inspection_id=many.id, user_id=world["inspector2"].id))
    db.session.commit()
    ids = few.id, many.id
    db.session.close()
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2026-12-04T16:40"
    counts = []
    try:
        for inspection_id in ids:
            with counting() as box:
                response = client.post(f"/inspections/{inspection_id}/results/issue", data={})
            assert response.status_code == 303
            counts.append(box["n"])
    finally:
        client.application.config["CLOCK_NOW"] = None
    assert [db.session.get(Inspection, i).status for i in ids] == ["results_issued"] * 2
    assert counts[0] == counts[1], counts
