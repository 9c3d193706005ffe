"""Calendar overrides, the deadline calculator page and the CLI (R9.1, R12.2, R14.1 …)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from inspections.extensions import db
from inspections.models import AuditEntry, CalendarOverride

from .conftest import login


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_cli_r9_1_prints_the_iso_date_first_then_the_explanation(app, ctx):
    result = _cli(app, "deadline", "R9.1", "2026-03-04")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "2026-03-18"
    assert any("9 Mar" in line for line in lines[1:])


def test_cli_each_rule_has_its_form(app, ctx):
    expected = {
        ("R2.3", "2027"): "2026-12-01",
        ("R2.4", "2027"): "2026-12-20",
        ("R7.3", "2026-03-03T15:30"): "2026-03-04",
        ("R9.2", "2026-03-18"): None,
        ("R9.4", "2026-03-18"): "2026-03-17",
        ("R12.2", "2026-03-13"): None,
        ("R14.1", "2026-03-13"): "2026-03-23",
    }
    for (rule, value), first in expected.items():
        result = _cli(app, "deadline", rule, value)
        assert result.exit_code == 0, (rule, result.output)
        head = result.output.splitlines()[0]
        date.fromisoformat(head)
        if first:
            assert head == first, rule


def test_cli_bad_input_exits_with_2(app, ctx):
    for args in (("R9.1", "2026-02-30"), ("R9.1", "yesterday"), ("R99", "2026-01-01"),
                 ("R2.3", "20x7")):
        result = _cli(app, "deadline", *args)
        assert result.exit_code == 2, args
        assert "Error" in result.output


def test_r7_3_the_cli_refuses_a_notice_without_its_time(app, ctx):
    """R7.3: a date alone would mean 00:00 (not the conservative reading of the 24 hours):
    the CLI refuses it, saying how to give the time."""
    result = _cli(app, "deadline", "R7.3", "2026-03-03")
    assert result.exit_code == 2
    assert "time of the notice" in result.output and "2026-03-03T15:30" in result.output
    assert _cli(app, "deadline", "R7.3", "2026-03-03T15:30").exit_code == 0


def test_cli_calendar_show_lists_days_off_and_working_weekends(app, ctx):
    output = _cli(app, "calendar", "show", "2024").output
    assert "2024-05-04" in output and "working" in output
    assert "2024-05-08" in output


def test_r9_1_an_override_changes_the_result_and_is_audited(client, make_user):
    make_user("root", "admin")
    login(client, "root")
    before = client.get("/deadlines?rule=R9.1&value=2026-04-01").get_data(as_text=True)
    assert "2026" in before
    response = client.post("/calendar/2026", data={
        "day": "2026-04-03", "kind": "day_off", "name": "Extra day off",
        "basis": "Order No. 77 of 01.03.2026"})
    assert response.status_code == 303
    from inspections import deadlines
    from inspections.services.calendar import load_calendar

    assert deadlines.fieldwork_end(date(2026, 4, 1), load_calendar()).day == date(2026, 4, 15)
    row = db.session.execute(select(CalendarOverride)).scalar_one()
    client.post(f"/calendar/overrides/{row.id}/delete")
    assert deadlines.fieldwork_end(date(2026, 4, 1), load_calendar()).day == date(2026, 4, 14)
    actions = db.session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions[-2:] == ["calendar.override_added", "calendar.override_removed"]


def test_override_needs_its_basis(client, make_user):
    make_user("root", "admin")
    login(client, "root")
    client.post("/calendar/2026", data={"day": "2026-04-03", "kind": "day_off",
                                        "name": "x", "basis": ""})
    assert db.session.execute(select(CalendarOverride)).first() is None


def test_calculator_page_shows_date_and_explanation(client, make_user):
    make_user("insp", "inspector")
    login(client, "insp")
    client.post("/lang", data={"lang": "en"})
    text = client.get("/deadlines?rule=R9.1&value=2026-03-04").get_data(as_text=True)
    assert "March 18, 2026" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert "International Women" in text
    text = client.get("/deadlines?rule=R9.1&value=not-a-date").get_data(as_text=True)
    assert "YYYY-MM-DD" in text


def test_calculator_explains_in_russian(client, make_user):
    make_user("insp", "inspector")
    login(client, "insp")
    client.post("/lang", data={"lang": "ru"})
    text = client.get("/deadlines?rule=R9.1&value=2026-03-04").get_data(as_text=True)
    assert "Международный женский день" in text


def test_year_page_marks_days(client, make_user):
    make_user("insp", "inspector")
    login(client, "insp")
    client.post("/lang", data={"lang": "en"})
    text = client.get("/calendar/2024").get_data(as_text=True)
    assert "cal-workweekend" in text and "cal-off" in text
    assert "Add an override" not in text  # inspectors read; administrators edit


def test_confirming_a_year_removes_the_provisional_note(client, make_user):
    """2027 has no transfer order yet: results say so until an administrator confirms it."""
    from inspections import deadlines
    from inspections.services.calendar import load_calendar

    make_user("root", "admin")
    login(client, "root")
    assert deadlines.fieldwork_end(date(2027, 3, 1), load_calendar()).uncertainties
    client.post("/calendar/2027/confirmation", data={"confirmed": "y", "basis": ""})
    assert deadlines.fieldwork_end(date(2027, 3, 1), load_calendar()).uncertainties
    client.post("/calendar/2027/confirmation",
                data={"confirmed": "y", "basis": "Order No. 400 of 20.12.2026"})
    assert not [u for u in deadlines.fieldwork_end(date(2027, 3, 1), load_calendar()).uncertainties
                if u.code == "unconfirmed_year"]
    actions = db.session.execute(select(AuditEntry.action)).scalars().all()
    assert actions.count("calendar.year_confirmed") == 1
