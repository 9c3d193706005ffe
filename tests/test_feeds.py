"""Calendar feeds (iCalendar, RFC 5545): each user's private feed holds exactly their
statutory dates, a revoked token answers 404, a representative's feed holds nothing of
another body (R27.1); the .ics of one inspection."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from icalendar import Calendar

from inspections.clock import ALMATY
from inspections.extensions import db
from inspections.models import Inspection, InspectionInspector, Objection, ResultsAct, Violation
from inspections.models.catalogue import Requirement
from inspections.services import feeds as feed_service

from .conftest import NOW, login


@pytest.fixture
def world(ctx, app, make_subject, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-11-23T10:00")
    a = make_subject(name_kk="А органы", name_ru="Орган А")
    b = make_subject(name_kk="Б органы", name_ru="Орган Б")
    users = {"rep_a": make_user("repa", "subject_rep", subject=a),
             "rep_b": make_user("repb", "subject_rep", subject=b),
             "insp_a": make_user("inspa", "inspector"),
             "insp_b": make_user("inspb", "inspector"),
             "head": make_user("head1", "head")}
    # A: in fieldwork, started Mon 16 Nov 2026 (ten working days: ends 27 Nov, R9.1)
    ia = Inspection(number="2026/0100", kind="unscheduled", status="fieldwork",
                    control_subject_id=a.id, act_date=date(2026, 11, 10),
                    start_date=date(2026, 11, 16), end_date=date(2026, 11, 27), created_at=NOW)
    # B: results act delivered, one violation open, objections not yet answered
    ib = Inspection(number="2026/0200", kind="unscheduled", status="delivered",
                    control_subject_id=b.id, act_date=date(2026, 10, 1),
                    start_date=date(2026, 10, 5), end_date=date(2026, 10, 16), created_at=NOW)
    closed = Inspection(number="2026/0300", kind="unscheduled", status="closed",
                        control_subject_id=a.id, created_at=NOW)
    db.session.add_all([ia, ib, closed])
    db.session.flush()
    db.session.add_all([InspectionInspector(inspection_id=ia.id, user_id=users["insp_a"].id),
                        InspectionInspector(inspection_id=ib.id, user_id=users["insp_b"].id)])
    req = Requirement(code="r1", ref_kk="x", ref_ru="x", topic_kk="x", topic_ru="x",
                      text_kk="x", text_ru="x", effective_from=date(2020, 1, 1), created_at=NOW)
    db.session.add(req)
    moment = datetime(2026, 10, 16, 15, 0, tzinfo=ALMATY)
    act = ResultsAct(inspection_id=ib.id, number="2026/0200-Н", drawn_at=moment, place="x",
                     issued_at=moment, delivered_at=moment, persons_present=[],
                     present_outcomes=[], created_at=NOW)
    db.session.add(act)
    db.session.flush()
    v = Violation(act_id=act.id, no=1, requirement_id=req.id, nature="x", remedy="x",
                  deadline=date(2026, 12, 20), ability="x", approvals="x", status="open")
    o = Objection(act_id=act.id, received_on=date(2026, 11, 20), incoming_number="7",
                  reply_due=date(2026, 12, 11), registered_at=NOW)
    db.session.add_all([v, o])
    db.session.commit()
    return users, {"a": ia.id, "b": ib.id, "violation": v.id, "objection": o.id}


def _token(user) -> str:
    feed = feed_service.regenerate(db.session.get(type(user), user.id), now=NOW)
    db.session.commit()
    return feed.token


def _events(client, token):
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_an_inspectors_feed_holds_exactly_their_deadlines(world, client):
    users, ids = world
    events = _events(client, _token(users["insp_a"]))
    assert set(events) == {f"fieldwork-end-{ids['a']}", "plan-approval-2027",
                           "plan-placement-2027"}
    end = events[f"fieldwork-end-{ids['a']}"]
    assert end.decoded("DTSTART") == date(2026, 11, 27)
    assert "2026/0100" in str(end["SUMMARY"])
    description = str(end["DESCRIPTION"])
    assert "10" in description  # the "why this date" explanation (ten working days, R9.1)
    assert f"/inspections/{ids['a']}" in description and f"/inspections/{ids['a']}" in str(
        end["URL"])
    assert events["plan-approval-2027"].decoded("DTSTART") == date(2026, 12, 1)  # R2.3
    assert events["plan-placement-2027"].decoded("DTSTART") == date(2026, 12, 20)  # R2.4


def test_the_heads_feed_holds_every_inspection_in_progress(world, client):
    users, ids = world
    events = _events(client, _token(users["head"]))
    assert set(events) == {f"fieldwork-end-{ids['a']}",
                           f"objection-reply-{ids['objection']}",
                           f"violation-deadline-{ids['violation']}"}
    assert events[f"objection-reply-{ids['objection']}"].decoded("DTSTART") == date(2026, 12, 11)
    assert events[f"violation-deadline-{ids['violation']}"].decoded(
        "DTSTART") == date(2026, 12, 21)  # 20 Dec is a Sunday: the next working day


def test_a_representatives_feed_holds_nothing_of_another_body_R27_1(world, client):
    users, ids = world
    events_a = _events(client, _token(users["rep_a"]))
    assert set(events_a) == {f"fieldwork-end-{ids['a']}"}
    assert f"/portal/inspections/{ids['a']}" in str(events_a[f"fieldwork-end-{ids['a']}"]["URL"])
    events_b = _events(client, _token(users["rep_b"]))
    assert set(events_b) == {f"objection-reply-{ids['objection']}",
                             f"violation-deadline-{ids['violation']}"}
    for event in events_b.values():
        assert "2026/0100" not in event.to_ical().decode()


def test_a_revoked_or_regenerated_token_answers_404(world, client):
    users, _ids = world
    old = _token(users["insp_a"])
    new = _token(users["insp_a"])
    assert old != new and len(new) >= 40
    assert client.get(f"/feeds/{old}.ics").status_code == 404
    assert client.get(f"/feeds/{new}.ics").status_code == 200
    feed_service.revoke(db.session.get(type(users["insp_a"]), users["insp_a"].id), now=NOW)
    db.session.commit()
    assert client.get(f"/feeds/{new}.ics").status_code == 404
    assert client.get("/feeds/guess.ics").status_code == 404


def test_the_account_page_shows_regenerates_and_revokes_the_address(world, client):
    login(client, "inspa")
    assert "/feeds/" not in client.get("/account/calendar").get_data(as_text=True)
    assert client.post("/account/calendar/regenerate").status_code == 303
    page = client.get("/account/calendar").get_data(as_text=True)
    token = page.split("/feeds/")[1].split(".ics")[0]
    assert client.get(f"/feeds/{token}.ics").status_code == 200
    assert client.post("/account/calendar/revoke").status_code == 303
    assert client.get(f"/feeds/{token}.ics").status_code == 404


def test_ics_of_one_inspection(world, client):
    users, ids = world
    login(client, "repa")
    response = client.get(f"/inspections/{ids['a']}/calendar.ics")
    assert response.status_code == 200
    uids = [str(e["UID"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]
    assert uids == [f"fieldwork-end-{ids['a']}@bakylau"]
    assert client.get(f"/inspections/{ids['b']}/calendar.ics").status_code == 404  # R27.1
    client.post("/logout")
    login(client, "head1")
    response = client.get(f"/inspections/{ids['b']}/calendar.ics")
    assert len(Calendar.from_ical(response.data).walk("VEVENT")) == 2
    assert "calendar.ics" in client.get(f"/inspections/{ids['b']}").get_data(as_text=True)
