"""The representatives' portal (R5.1, R6.1, R12.1, R12.2, R12.4, R16.1, R17.1, R27.1) and
notifications for both sides."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from inspections.extensions import db
from inspections.models import GeneratedDocument, Inspection
from inspections.models.portal import Acknowledgement, Notification
from inspections.models.results import Objection, RemediationReport
from inspections.services import notifications as notes
from inspections.services import portal
from inspections.services.calendar import load_calendar

from . import test_inspections as part1
from .conftest import login
from .test_inspections import PDF, at
from .test_results import delivered

world = part1.world


@pytest.fixture
def reps(world, make_user, make_subject):
    """A representative of the inspected body and one of another body."""
    other = make_subject("Басқа министрлік", "Другое министерство")
    world["rep"] = make_user("rep", "subject_rep", subject=world["subject"])
    world["stranger"] = make_user("stranger", "subject_rep", subject=other)
    world["inspector"].email = "insp@example.kz"
    db.session.commit()
    return world


@pytest.fixture
def clock_at(ctx):
    def pin(value: str):
        ctx.config["CLOCK_NOW"] = value
    yield pin
    ctx.config["CLOCK_NOW"] = None


# ---------------------------------------------------------------- R27.1


def test_r27_1_every_route_with_an_object_id_answers_404_to_another_bodys_representative(
        app, client, world, make_user, make_subject):
    """R27.1: walk EVERY route of app.url_map that takes an object ID (``*_id``) with the
    IDs of another body's delivered inspection, its documents, files, objection, report and
    appeal: a representative of a different body gets 404 for each, GET and POST alike —
    so a new route cannot escape."""
    from inspections.models import CalendarOverride, DocumentTemplate
    from inspections.services import documents as doc_service

    from .conftest import NOW, SYSTEM
    from .test_inspections_world import inspection_world
    from .test_permissions_matrix import _routes
    from .test_plans_world import plan_world

    owner = world["subject"]
    other = make_subject("Басқа", "Другой")
    make_user("stranger", "subject_rep", subject=other)
    override = CalendarOverride(day=date(2026, 12, 31), kind="day_off", name="T", basis="1",
                                created_at=NOW)
    db.session.add(override)
    from inspections import documents as docs

    doc = doc_service.issue_document(
        SYSTEM, code="start_notice", lang="kk",
        context=docs.sample_context("start_notice", "kk"), object_type="sample", object_id=0,
        control_subject_id=owner.id, now=NOW)
    tpl = DocumentTemplate(code="plan", lang="kk", version="abc", filename="x.docx",
                           content=b"x", active=False, uploaded_at=NOW)
    db.session.add(tpl)
    from inspections.models import DocumentSignature

    signature = DocumentSignature(  # issue 16: a signature of the owner's document
        document_id=doc.id, user_id=world["inspector"].id, role="inspector", cms=b"0",
        cms_sha256="0" * 64, signer_name="x", iin="900101300017", bin="", cert_serial="1",
        cert_issuer="x", cert_subject="x", received_at=NOW, status="valid", method="builtin",
        revocation="not_checked", algorithm="x", details={})
    db.session.add(signature)
    db.session.commit()
    values = {"sig_id": signature.id, "user_id": world["inspector"].id, "subject_id": owner.id,
              "override_id": override.id, "year": 2026, "doc_id": doc.id,
              "code": doc.verification_code, "template_id": tpl.id, "document": "results_act",
              **plan_world(owner, other), **inspection_world(owner)}
    insp = db.session.get(Inspection, values["inspection_id"])
    insp.status, insp.results_act.delivered_at = "delivered", NOW  # visible to its own body
    db.session.commit()
    assert login(client, "stranger").status_code == 302
    walked, failures = 0, []
    for rule, method in _routes(app):
        if not any(a.endswith("_id") for a in rule.arguments):
            continue
        url = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        status = client.open(url, method=method, data={}).status_code
        walked += 1
        if status != 404:
            failures.append(f"{method} {url}: {status}")
    assert failures == []
    assert walked > 40
    # and the owner's representative does reach the same objects on the portal
    client.post("/logout")
    make_user("ownrep", "subject_rep", subject=owner)
    assert login(client, "ownrep").status_code == 302
    assert client.get(f"/portal/inspections/{insp.id}").status_code == 200
    assert client.get(f"/portal/objections/{values['objection_id']}/files/"
                      f"{values['file_id']}").status_code == 200
    assert client.get(f"/documents/{doc.id}.docx").status_code == 200


def test_r27_1_the_portal_home_lists_only_the_bodys_own_inspections(client, reps, clock_at):
    """R27.1: the home page of a representative is the portal home with their own body's
    inspections only; staff keep their home and get 403 on portal pages."""
    clock_at("2026-12-07T10:00")
    insp = delivered(reps)
    assert login(client, "stranger").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "no-inspections" in page and insp.number not in page
    client.post("/logout")
    assert login(client, "rep").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert f"inspection-{insp.id}" in page and "portal-clocks" in page
    assert "24 hours respected (R7.3)" in page or "notice-check" in page
    # issue 13: the cards are kept per version of the data; a change shows at once
    from .test_results import objection

    objection(reps, insp)
    again = client.get("/").get_data(as_text=True)
    assert 'data-kind="objection_reply"' in again and 'data-kind="objection_reply"' not in page
    client.post("/logout")
    assert login(client, "insp").status_code == 302
    assert client.get("/portal/").status_code == 403
    assert "portal-inspection" not in client.get("/").get_data(as_text=True)


# ---------------------------------------------------------------- R5.1


def test_r5_1_the_act_check_compares_the_dates_with_the_law(reps):
    """R5.1 (R9.1, R7.2, R7.3): the planned end within ten working days, the act issued
    before the start, the dates not passed at delivery, 24 hours after the notice."""
    insp = part1.started(reps)
    checks = {c["code"]: c for c in portal.act_check(insp, load_calendar())}
    assert checks["end_within_limit"]["ok"] is True
    assert checks["issued_before_start"]["ok"] is True
    assert checks["not_passed_at_delivery"]["ok"] is True
    assert checks["notice_24h"]["ok"] is True
    insp.planned_end = date(2026, 12, 31)  # beyond R9.1
    insp.act_date = date(2026, 11, 25)  # after the start
    checks = {c["code"]: c for c in portal.act_check(insp, load_calendar())}
    assert checks["end_within_limit"]["ok"] is False
    assert checks["issued_before_start"]["ok"] is False
    db.session.rollback()


# ---------------------------------------------------------------- R6.1, R12.4


def test_r6_1_r12_4_receipts_acknowledged_or_refused_with_reasons(client, reps, clock_at):
    """R6.1: receipt of each act acknowledged electronically (name, position, time), once;
    R12.4: a refusal needs its written explanation (a bare refusal changes nothing); both
    are audited and shown to staff on the inspection page."""
    clock_at("2026-12-07T10:00")
    insp = delivered(reps)
    assert login(client, "rep").status_code == 302
    url = f"/portal/inspections/{insp.id}/receipts/results_act"
    r = client.post(url, data={"results_act-outcome": "refused",
                               "results_act-full_name": "Омаров Д.",
                               "results_act-position": "Басшы"})
    assert r.status_code == 303
    assert db.session.execute(select(Acknowledgement)).first() is None
    client.post(url, data={"results_act-outcome": "refused", "results_act-full_name": "Омаров Д.",
                           "results_act-position": "Басшы",
                           "results_act-explanation": "Бұзушылық 2 негізсіз"})
    client.post(f"/portal/inspections/{insp.id}/receipts/appointment_act",
                data={"appointment_act-outcome": "acknowledged",
                      "appointment_act-full_name": "Омаров Д.",
                      "appointment_act-position": "Басшы"})
    rows = {a.document: a for a in db.session.execute(select(Acknowledgement)).scalars()}
    assert rows["results_act"].outcome == "refused"
    assert rows["results_act"].explanation == "Бұзушылық 2 негізсіз"
    assert rows["appointment_act"].outcome == "acknowledged"
    # once only
    client.post(url, data={"results_act-outcome": "acknowledged",
                           "results_act-full_name": "X", "results_act-position": "Y"})
    assert len(db.session.execute(select(Acknowledgement)).all()) == 2
    client.post("/logout")
    login(client, "insp")
    page = client.get(f"/inspections/{insp.id}").get_data(as_text=True)
    assert "portal-receipts" in page and "Бұзушылық 2 негізсіз" in page
    from inspections.models import AuditEntry

    assert db.session.execute(select(AuditEntry).where(
        AuditEntry.action == "inspection.receipt_on_portal")).scalars().all()


# ---------------------------------------------------------------- R12.1, R12.2


def test_r12_1_an_objection_with_a_file_reaches_the_staff_side_with_its_due_date(
        client, reps, clock_at):
    """R12.1: points linked to violations and a file, source "portal"; the same object the
    staff answer (R12.2: due fifteen working days from the day after receipt); the reply
    is then shown on the portal."""
    clock_at("2026-12-07T10:00")
    insp = delivered(reps)
    v1 = insp.results_act.violations[0]
    assert login(client, "rep").status_code == 302
    r = client.post(f"/portal/inspections/{insp.id}/objections", data={
        "note": "Қарсылықтар", "points-0-violation_id": str(v1.id),
        "points-0-text": "Келіспейміз", "points-1-violation_id": "0",
        "points-1-text": "Мекенжай қате", "points-2-violation_id": "0", "points-2-text": "",
        "files": (io.BytesIO(PDF), "dalel.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 303
    o = db.session.execute(select(Objection)).scalar_one()
    assert o.source == "portal" and o.submitted_by_id == reps["rep"].id
    assert o.received_on == date(2026, 12, 7)
    # R12.2: fifteen working days counted from 8 December (16 December is a day off)
    assert o.reply_due == date(2026, 12, 29)
    assert [p.violation_id for p in o.points] == [v1.id, None]
    assert [f.original_name for f in o.files] == ["dalel.pdf"]
    page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    assert f"objection-{o.id}" in page and "may-do-now" in page
    assert client.get(f"/portal/objections/{o.id}/files/{o.files[0].id}").data == PDF
    # an objection without any point changes nothing
    client.post(f"/portal/inspections/{insp.id}/objections", data={"points-0-text": ""})
    assert len(db.session.execute(select(Objection)).all()) == 1
    client.post("/logout")
    login(client, "insp")
    page = client.get(f"/inspections/{insp.id}",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Келіспейміз" in page and "submitted in the portal" in page
    assert db.session.execute(select(Notification).where(
        Notification.user_id == reps["inspector"].id,
        Notification.code == "objection_received")).scalar_one()
    # the staff reply flow answers it; the representative sees the reply and is notified
    from inspections.services import results as rs

    rs.reply_objection(reps["inspector"], o, decisions={
        p.id: ("rejected", "Негіз жоқ") for p in o.points}, conclusion="Өзгеріссіз",
        today=date(2026, 12, 10), cal=load_calendar(), now=at("2026-12-10"))
    db.session.commit()
    client.post("/logout")
    login(client, "rep")
    page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    assert o.reply_number in page and "Негіз жоқ" in page
    assert db.session.execute(select(Notification).where(
        Notification.user_id == reps["rep"].id, Notification.code == "reply_sent")).scalar_one()


# ---------------------------------------------------------------- R16.1


def test_r16_1_a_remediation_report_reaches_the_staff_and_their_decision_comes_back(
        client, reps, clock_at):
    """R16.1: information on elimination with confirming documents (required), source
    "portal"; the staff decide it on their page; the portal shows the decision and note."""
    from inspections.services import results as rs

    clock_at("2026-12-10T10:00")
    insp = delivered(reps)
    v1 = insp.results_act.violations[0]
    assert login(client, "rep").status_code == 302
    client.post(f"/portal/violations/{v1.id}/reports", data={f"v{v1.id}-description": "Жойылды"})
    assert db.session.execute(select(RemediationReport)).first() is None  # no documents
    client.post(f"/portal/violations/{v1.id}/reports", data={
        f"v{v1.id}-description": "Жойылды", f"v{v1.id}-files": (io.BytesIO(PDF), "akt.pdf")},
        content_type="multipart/form-data")
    report = db.session.execute(select(RemediationReport)).scalar_one()
    assert report.source == "portal" and report.violation.status == "reported"
    rs.decide_report(reps["inspector"], report, decision="rejected", note="Құжат толық емес",
                     now=at("2026-12-11"))
    db.session.commit()
    page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    assert "Құжат толық емес" in page
    client.post("/logout")
    login(client, "insp")
    assert "Жойылды" in client.get(f"/inspections/{insp.id}").get_data(as_text=True)


def test_r17_1_an_appeal_recorded_on_the_portal_is_seen_by_both_sides(client, reps, clock_at):
    """R5.2, R17.1: the control subject appeals the results act from its portal."""
    clock_at("2026-12-10T10:00")
    insp = delivered(reps)
    login(client, "rep")
    client.post(f"/portal/inspections/{insp.id}/appeals", data={
        "level": "court", "filed_on": "2026-12-09", "authority": "Астана қ. соты",
        "summary": "Актінің 2-тармағы"})
    assert insp.appeals[0].source == "portal"
    assert "Астана қ. соты" in client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    client.post("/logout")
    login(client, "insp")
    assert "Астана қ. соты" in client.get(f"/inspections/{insp.id}").get_data(as_text=True)


# ---------------------------------------------------------------- notifications


def test_notifications_in_app_badge_list_and_mark_read(client, reps, clock_at):
    """Delivery notifies the body's representatives (and no one of another body); the nav
    badge counts the unread; the list translates codes at render time; mark read."""
    clock_at("2026-12-07T10:00")
    delivered(reps)
    mine = db.session.execute(select(Notification).where(
        Notification.user_id == reps["rep"].id)).scalars().all()
    assert {n.code for n in mine} == {"act_delivered"}
    assert len(mine) == 2  # the appointment act and the results act
    assert not db.session.execute(select(Notification).where(
        Notification.user_id == reps["stranger"].id)).first()
    login(client, "rep")
    page = client.get("/notifications/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'id="unread-count"' in page and "has been delivered" in page
    client.post("/notifications/read", data={"ids": str(mine[0].id)})
    assert notes.unread_count(reps["rep"]) == 1
    client.post("/notifications/read", data={})
    assert notes.unread_count(reps["rep"]) == 0
    assert 'id="unread-count"' not in client.get("/notifications/").get_data(as_text=True)


def test_deadline_reminders_three_working_days_before_and_after_idempotent(ctx, reps):
    """The daily command warns both sides once per deadline; running it twice adds nothing."""
    insp = delivered(reps)  # remedy deadlines 21 Dec 2026
    cal = load_calendar()
    assert notes.deadline_reminders(today=date(2026, 12, 10), cal=cal, now=at("2026-12-10")) == 0
    added = notes.deadline_reminders(today=date(2026, 12, 15), cal=cal, now=at("2026-12-15"))
    assert added > 0
    assert notes.deadline_reminders(today=date(2026, 12, 15), cal=cal, now=at("2026-12-15")) == 0
    passed = notes.deadline_reminders(today=date(2026, 12, 22), cal=cal, now=at("2026-12-22"))
    assert passed > 0
    codes = {n.code for n in db.session.execute(select(Notification).where(
        Notification.inspection_id == insp.id)).scalars()}
    assert {"deadline_soon", "deadline_passed"} <= codes
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["notify", "deadlines"])
    assert result.exit_code == 0 and "notification(s) added" in result.output


def test_email_only_when_configured_and_only_after_commit(ctx, reps, monkeypatch):
    """Email goes through SMTP only with MAIL_SERVER set, and only after the transaction
    commits (a rollback sends nothing); without MAIL_SERVER nothing is sent, nothing
    breaks.  smtplib.SMTP is replaced by a fake on 127.0.0.1: no network."""
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout=None):
            assert host == "127.0.0.1"
            self.host = host

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append("tls")

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, msg):
            sent.append(msg)

    monkeypatch.setattr(notes.smtplib, "SMTP", FakeSMTP)
    insp = delivered(reps)
    assert sent == []  # not configured: no email
    ctx.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=2525, MAIL_FROM="bakylau@gov.kz",
                      MAIL_USE_TLS=False)
    try:
        notes.notify("objection_received", insp, side="staff", now=at("2026-12-07"),
                     params={"due": "2026-12-28", "source": "portal"})
        assert sent == []  # not before commit
        db.session.rollback()
        assert sent == []  # a rolled-back transaction sends nothing
        notes.notify("objection_received", insp, side="staff", now=at("2026-12-07"),
                     params={"due": "2026-12-28", "source": "portal"})
        db.session.commit()
        messages = [m for m in sent if hasattr(m, "get_content")]
        assert len(messages) == 1 and messages[0]["To"] == "insp@example.kz"
        body = messages[0].get_content()  # the date in the reader's language, not ISO
        assert "28" in body and "2026" in body and "2026-12-28" not in body
    finally:
        ctx.config["MAIL_SERVER"] = None


def test_staff_documents_of_the_inspection_are_reachable_by_its_own_representative(
        client, reps, clock_at):
    """R27.1: copy 2 of the results act is downloaded by the body's representative; a
    representative of another body gets 404."""
    clock_at("2026-12-07T10:00")
    insp = delivered(reps)
    doc = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == insp.id, GeneratedDocument.code == "results_act",
        GeneratedDocument.copy_no == 2)).scalars().first()
    login(client, "rep")
    assert client.get(f"/documents/{doc.id}.docx").status_code == 200
    client.post("/logout")
    login(client, "stranger")
    assert client.get(f"/documents/{doc.id}.docx").status_code == 404


@pytest.mark.postgresql
def test_notify_deadlines_on_two_nodes_at_once_sends_each_reminder_once(app, ctx, reps):
    """Several application servers (issue "Operations"): `notify deadlines` run on two nodes
    at the same moment — a PostgreSQL advisory lock lets one through at a time, the other
    then finds every reminder already sent; both succeed, nobody is told twice."""
    import threading

    delivered(reps)  # remedy deadlines 21 Dec 2026
    db.session.commit()
    app.config["CLOCK_NOW"] = "2026-12-15T08:15"
    barrier = threading.Barrier(2)
    codes: list = [None, None]

    def node(n):
        with app.app_context():
            barrier.wait(timeout=10)
            codes[n] = app.test_cli_runner().invoke(args=["notify", "deadlines"]).exit_code
            db.session.remove()

    try:
        threads = [threading.Thread(target=node, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        app.config.pop("CLOCK_NOW")
    assert codes == [0, 0]
    db.session.expire_all()
    rows = db.session.execute(select(Notification.user_id, Notification.key)
                              .where(Notification.key.is_not(None))).all()
    assert rows and len(rows) == len(set(rows))
