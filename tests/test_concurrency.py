"""Concurrent and repeated submits (issue "Integrity", item 1): two requests that move the
same object at the same moment — one per kind of transition: inspection, plan, results act,
objections, remediation report — yield exactly one act, one number, one pair of documents;
the loser is told "changed meanwhile" (409 or a redirect with the message), never a 500.

Real threads, each with its own test client and database session, on the database the suite
runs on (PostgreSQL in CI via ``TEST_DATABASE_URL``; SQLite otherwise).  Both requests load
the object, meet at a barrier, then race into the service."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from inspections.extensions import db
from inspections.models import AuditEntry, GeneratedDocument
from inspections.models.inspections import Inspection
from inspections.models.results import Objection, RemediationReport
from inspections.services import audit
from inspections.services import results as rs

from . import test_inspections as part1
from . import test_plans as tp
from . import test_results as tr
from .conftest import login
from .test_inspections import at, draft

world = part1.world  # the fixture of part 1

OK = (302, 303)


def race(app, monkeypatch, make_client, url, data, *, loaders):
    """POST ``data`` to ``url`` from two clients at once; returns both responses."""
    barrier = threading.Barrier(2)

    def meet(original):
        def wrapped(*args, **kwargs):
            obj = original(*args, **kwargs)
            try:
                barrier.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
            return obj

        return wrapped

    for target in loaders:
        module, name = target.rsplit(".", 1)
        import importlib

        mod = importlib.import_module(module)
        monkeypatch.setattr(mod, name, meet(getattr(mod, name)))
    clients = [make_client(), make_client()]
    results: list = [None, None]

    def run(n):
        try:
            results[n] = clients[n].post(url, data=data)
        except Exception as exc:  # noqa: BLE001 - asserted below
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    monkeypatch.undo()
    for r in results:
        assert not isinstance(r, Exception), r
        assert r.status_code in (200, *OK, 409), r.status_code  # never a 500
    db.session.expire_all()
    return results


def _clients(app, username):
    def make():
        c = app.test_client()
        assert login(c, username).status_code in OK
        return c

    return make


def _chain_ok():
    assert audit.verify().ok


def _docs(object_type, object_id, code=None):
    q = select(func.count()).select_from(GeneratedDocument).where(
        GeneratedDocument.object_type == object_type, GeneratedDocument.object_id == object_id)
    if code:
        q = q.where(GeneratedDocument.code == code)
    return db.session.execute(q).scalar()


INSPECTION_LOADERS = ("inspections.views.inspections.load_inspection",
                      "inspections.views.results.load_inspection")


def test_two_issues_of_one_appointment_act_give_one_number_and_one_pair(app, world,
                                                                         monkeypatch):
    insp = draft(world)
    app.config["CLOCK_NOW"] = "2026-11-23T10:00"
    try:
        race(app, monkeypatch, _clients(app, "insp"), f"/inspections/{insp.id}/issue",
             {"act_date": "2026-11-23"}, loaders=INSPECTION_LOADERS)
    finally:
        app.config.pop("CLOCK_NOW")
    insp = db.session.get(Inspection, insp.id)
    assert insp.status == "appointed" and insp.number == "2026/0001"
    assert _docs("inspections", insp.id, "appointment_act") == 2
    issued = db.session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "inspection.issue_act")).scalar()
    assert issued == 1
    _chain_ok()


def test_a_replayed_issue_form_is_refused_with_a_message_not_a_second_act(client, world):
    insp = draft(world)
    login(client, "insp")
    client.application.config["CLOCK_NOW"] = "2026-11-23T10:00"  # R2.7: no act in the past
    try:
        first = client.post(f"/inspections/{insp.id}/issue", data={"act_date": "2026-11-23"})
        again = client.post(f"/inspections/{insp.id}/issue", data={"act_date": "2026-11-23"})
    finally:
        client.application.config.pop("CLOCK_NOW")
    assert first.status_code == 303 and again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Inspection, insp.id).number == "2026/0001"
    assert _docs("inspections", insp.id, "appointment_act") == 2


def test_two_approvals_of_one_plan_approve_it_once(app, make_user, make_subject, monkeypatch):
    make_user("boss", "first_head")
    subject = make_subject("Сынақ министрлігі", "Министерство испытаний")
    plan = tp.draft(2027, [subject])
    from inspections.services import plans

    plans.submit_plan(tp.INSPECTOR, plan, now=tp.NOW)
    db.session.commit()
    race(app, monkeypatch, _clients(app, "boss"), "/planning/2027/approve",
         {"number": "01-07/9", "approved_on": "2026-11-20", "late_reason": ""},
         loaders=("inspections.views.plans._plan_or_404",))
    assert _docs("plans", plan.id) == 2
    approvals = db.session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "plan.approved")).scalar()
    assert approvals == 1
    _chain_ok()


def test_two_issues_of_one_results_act_give_one_number(app, world, monkeypatch):
    insp = tr.drawn(world)
    app.config["CLOCK_NOW"] = "2026-12-04T16:40"
    try:
        race(app, monkeypatch, _clients(app, "insp"),
             f"/inspections/{insp.id}/results/issue", {}, loaders=INSPECTION_LOADERS)
    finally:
        app.config.pop("CLOCK_NOW")
    insp = db.session.get(Inspection, insp.id)
    assert insp.status == "results_issued" and insp.results_act.number
    assert _docs("inspections", insp.id, "results_act") == 6  # three copies, kk and ru
    issued = db.session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "inspection.issue_results")).scalar()
    assert issued == 1
    _chain_ok()


def test_two_replies_to_one_objection_issue_one_reply(app, world, monkeypatch):
    insp = tr.delivered(world)
    row = tr.objection(world, insp)
    data = {"conclusion": "Қорытынды"}
    for p in row.points:
        data[f"decision_{p.id}"] = "rejected"
        data[f"reasons_{p.id}"] = "Негізсіз"
    app.config["CLOCK_NOW"] = "2026-12-10T10:00"
    try:
        race(app, monkeypatch, _clients(app, "insp"),
             f"/inspections/objections/{row.id}/reply", data, loaders=INSPECTION_LOADERS)
    finally:
        app.config.pop("CLOCK_NOW")
    row = db.session.get(Objection, row.id)
    assert row.replied_on == date(2026, 12, 10)
    assert _docs("inspections", insp.id, "objection_reply") == 2
    replies = db.session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "inspection.objection_replied")).scalar()
    assert replies == 1
    _chain_ok()


def test_two_decisions_on_one_report_record_one(app, world, monkeypatch):
    insp = tr.delivered(world)
    report = rs.register_report(world["inspector"], insp.results_act.violations[0],
                                received_on=date(2026, 12, 15), description="Жойылды",
                                upload_ids=[_file().id], now=at("2026-12-15"))
    db.session.commit()
    app.config["CLOCK_NOW"] = "2026-12-16T10:00"
    try:
        race(app, monkeypatch, _clients(app, "insp"),
             f"/inspections/reports/{report.id}/decision",
             {"decision": "accepted", "note": ""}, loaders=INSPECTION_LOADERS)
    finally:
        app.config.pop("CLOCK_NOW")
    report = db.session.get(RemediationReport, report.id)
    assert report.decision == "accepted"
    decided = db.session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "inspection.report_decided")).scalar()
    assert decided == 1
    _chain_ok()


def _file():
    from inspections import uploads

    from .conftest import NOW, SYSTEM
    from .test_inspections import PDF

    return uploads.store(SYSTEM, PDF, "r.pdf", now=NOW)


@pytest.fixture(autouse=True)
def _no_pinned_clock(app):
    yield
    app.config.pop("CLOCK_NOW", None)
