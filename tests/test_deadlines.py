"""Statutory dates, one function per rule: R2.3, R2.4, R7.3, R9.1, R9.2, R9.4, R12.2, R14.1.

Concrete expected values are reasoned from inspections/data/kz_calendar.csv (2026: 9 Mar,
23-25 Mar, 1/7/11/27 May are days off; 2027: 1, 4, 7 Jan), not from the code's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.calendar import (
    OVERRIDE_DAY_OFF,
    OVERRIDE_WORKING_DAY,
    Override,
    Uncertainty,
    WorkingCalendar,
)
from inspections.deadlines import (
    RULES,
    Deadline,
    Step,
    earliest_remedy_deadline,
    earliest_start_after_notice,
    effective_end,
    extension_notice_deadline,
    fieldwork_end,
    latest_extended_end,
    objection_reply_due,
    plan_approval_deadline,
    plan_approval_warning_from,
    plan_publication_deadline,
)

D = date.fromisoformat
ALMATY = ZoneInfo("Asia/Almaty")
CAL = WorkingCalendar()

dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
PROPS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

WORKING_DAY_RULES = {
    "R9.1": fieldwork_end,
    "R9.2": latest_extended_end,
    "R9.4": extension_notice_deadline,
    "R12.2": objection_reply_due,
    "R14.1": effective_end,
}


def codes(deadline: Deadline) -> list[str]:
    return [s.code for s in deadline.steps]


# ------------------------------------------------------------------------ R9.1


def test_r9_1_fieldwork_end_example():
    """R9.1: started Wed 4 Mar 2026, the 10th working day is Wed 18 Mar 2026 (the start
    counts as day 1; Mon 9 Mar is a day off for Women's Day on Sun 8 Mar)."""
    result = fieldwork_end(D("2026-03-04"), CAL)
    assert result.rule == "R9.1"
    assert result.day == D("2026-03-18")
    assert result.uncertainties == ()
    assert result.at is None
    assert codes(result) == ["start", "day_n", "skip", "day_n", "result"]
    start, day1, skip, day10, final = result.steps
    assert start == Step("start", day=D("2026-03-04"), extra={"event": "inspection_start"})
    assert (day1.day, day1.n) == (D("2026-03-04"), 1)
    assert skip.day == D("2026-03-09")
    assert skip.info.moved_from == D("2026-03-08")
    assert (day10.day, day10.n) == (D("2026-03-18"), 10)
    assert final.day == D("2026-03-18")


def test_r9_1_start_on_a_day_off():
    """R9.1: a start on a day off (Sat 21 Mar 2026, Nauryz) makes the next working day,
    Thu 26 Mar, day 1; the 10th working day is Wed 8 Apr 2026."""
    result = fieldwork_end(D("2026-03-21"), CAL)
    assert result.day == D("2026-04-08")
    assert codes(result)[:2] == ["start", "start_not_working"]
    day1 = next(s for s in result.steps if s.code == "day_n" and s.n == 1)
    assert day1.day == D("2026-03-26")
    assert [s.day for s in result.steps if s.code == "skip"] == [
        D("2026-03-23"), D("2026-03-24"), D("2026-03-25"),
    ]  # fmt: skip


def test_r9_1_counts_working_sunday_5_jan_2025():
    """R9.1: started Fri 27 Dec 2024, Sun 5 Jan 2025 is a working day (day 4) while 1-3
    and 7 Jan are off; the 10th working day is Tue 14 Jan 2025."""
    result = fieldwork_end(D("2024-12-27"), CAL)
    assert result.day == D("2025-01-14")
    sunday = next(s for s in result.steps if s.day == D("2025-01-05"))
    assert (sunday.code, sunday.n, sunday.info.kind) == ("day_n", 4, "working_weekend")
    assert result.uncertainties == ()


def test_r9_1_counts_working_saturday_4_may_2024():
    """R9.1: started Tue 30 Apr 2024, Sat 4 May 2024 is worked (day 4) and Wed 8 May is
    off; the 10th working day is Thu 16 May 2024."""
    result = fieldwork_end(D("2024-04-30"), CAL)
    assert result.day == D("2024-05-16")
    assert [s.day for s in result.steps if s.code == "skip"] == [
        D("2024-05-01"), D("2024-05-07"), D("2024-05-08"), D("2024-05-09"),
    ]  # fmt: skip


def test_r9_1_across_2027_is_uncertain():
    """R9.1: started Thu 24 Dec 2026 the end is Mon 11 Jan 2027, with 2027 unconfirmed."""
    result = fieldwork_end(D("2026-12-24"), CAL)
    assert result.day == D("2027-01-11")
    assert result.uncertainties == (Uncertainty(code="unconfirmed_year", year=2027),)
    assert not result.certain


# ------------------------------------------------------------------------ R9.2


def test_r9_2_latest_extended_end_example():
    """R9.2: current end Wed 18 Mar 2026; counting from Thu 19 Mar, skipping 23-25 Mar
    (Nauryz), the 15th working day is Mon 13 Apr 2026."""
    result = latest_extended_end(D("2026-03-18"), CAL)
    assert result.rule == "R9.2"
    assert result.day == D("2026-04-13")
    assert codes(result)[:3] == ["start", "count_from", "day_n"]
    assert result.steps[1].day == D("2026-03-19")
    assert CAL.working_days_between(D("2026-03-19"), result.day) == 15


def test_r9_2_counts_from_the_day_after():
    """R9.2: with the current end Fri 6 Mar 2026, day 1 is Tue 10 Mar (7-9 Mar off), 23-25
    Mar are off, and the 15th working day is Thu 2 Apr 2026."""
    assert latest_extended_end(D("2026-03-06"), CAL).day == D("2026-04-02")


# ------------------------------------------------------------------------ R9.4


@pytest.mark.parametrize(
    ("current_end", "expected"),
    [
        ("2026-03-18", "2026-03-17"),
        ("2026-03-26", "2026-03-20"),  # 23-25 Mar off, 21-22 weekend
        ("2026-03-10", "2026-03-06"),  # 9 Mar off
        ("2025-01-06", "2025-01-05"),  # the working Sunday
        ("2025-01-08", "2025-01-06"),  # 7 Jan off
    ],
)
def test_r9_4_extension_notice_deadline(current_end, expected):
    """R9.4: the extension notice is due no later than the working day before the current
    end date."""
    result = extension_notice_deadline(D(current_end), CAL)
    assert result.rule == "R9.4"
    assert result.day == D(expected)


# ------------------------------------------------------------------------ R12.2


def test_r12_2_objection_reply_due_example():
    """R12.2: objections received Fri 20 Mar 2026; counting from the next day, 21-25 Mar are
    off, day 1 is Thu 26 Mar and the 15th working day is Wed 15 Apr 2026."""
    result = objection_reply_due(D("2026-03-20"), CAL)
    assert result.rule == "R12.2"
    assert result.day == D("2026-04-15")
    assert result.uncertainties == ()


def test_r12_2_over_estimated_kurban_ait():
    """R12.2: received Fri 15 May 2026, the 15th working day is Mon 8 Jun 2026 (27 May is
    off) and the estimated Kurban Ait date is reported."""
    result = objection_reply_due(D("2026-05-15"), CAL)
    assert result.day == D("2026-06-08")
    assert [(u.code, u.day) for u in result.uncertainties] == [("estimated_date", D("2026-05-27"))]


# ------------------------------------------------------------------------ R14.1


def test_r14_1_earliest_remedy_deadline_rolls_forward():
    """R14.1: delivered Fri 13 Mar 2026 + 10 calendar days = Mon 23 Mar 2026, a holiday;
    the effective end (Civil Code Art. 188) is Thu 26 Mar 2026."""
    result = earliest_remedy_deadline(D("2026-03-13"), CAL)
    assert result.rule == "R14.1"
    assert result.day == D("2026-03-23")
    assert result.effective_day == D("2026-03-26")
    assert "plus_calendar_days" in codes(result)
    assert "roll_forward" in codes(result)
    assert result.steps[-1].extra["effective_day"] == D("2026-03-26")


def test_r14_1_on_a_working_day_needs_no_roll():
    """R14.1: delivered Mon 2 Mar 2026 -> Thu 12 Mar 2026, a working day."""
    result = earliest_remedy_deadline(D("2026-03-02"), CAL)
    assert result.day == result.effective_day == D("2026-03-12")
    assert "roll_forward" not in codes(result)


def test_r14_1_effective_end_of_any_deadline():
    """R14.1 / Art. 188: a deadline on Sat 21 Mar 2026 ends on Thu 26 Mar 2026."""
    result = effective_end(D("2026-03-21"), CAL)
    assert result.day == result.effective_day == D("2026-03-26")
    assert [s.day for s in result.steps if s.code == "skip"] == [
        D("2026-03-21"), D("2026-03-22"), D("2026-03-23"), D("2026-03-24"), D("2026-03-25"),
    ]  # fmt: skip
    assert effective_end(D("2026-03-26"), CAL).day == D("2026-03-26")


# ------------------------------------------------------------------------ R7.3


def test_r7_3_notice_plus_24_hours():
    """R7.3: notice given Tue 3 Mar 2026 15:30 -> the inspection may start Wed 4 Mar 2026
    15:30 at the earliest."""
    notice = datetime(2026, 3, 3, 15, 30)
    result = earliest_start_after_notice(notice, CAL)
    assert result.rule == "R7.3"
    assert result.at == datetime(2026, 3, 4, 15, 30)
    assert result.day == D("2026-03-04")
    assert "time_unknown" not in codes(result)


def test_r7_3_date_only_assumes_midnight():
    """R7.3: a notice date without a time means 00:00; a step asks for the time."""
    result = earliest_start_after_notice(D("2026-03-03"), CAL)
    assert result.at == datetime(2026, 3, 4, 0, 0)
    assert result.day == D("2026-03-04")
    assert "time_unknown" in codes(result)


def test_r7_3_aware_notice_is_converted_to_almaty():
    """R7.3: an aware notice (e.g. stored in UTC) is counted in Asia/Almaty: 20:00 UTC on
    3 Mar 2026 is 01:00 on 4 Mar in Almaty, so the start is 5 Mar 01:00."""
    notice = datetime(2026, 3, 3, 20, 0, tzinfo=ZoneInfo("UTC"))
    result = earliest_start_after_notice(notice, CAL)
    assert result.at == datetime(2026, 3, 5, 1, 0, tzinfo=ALMATY)
    assert result.day == D("2026-03-05")
    assert result.at - notice == timedelta(hours=24)


# ------------------------------------------------------------------------ R2.3, R2.4


def test_r2_3_plan_approval_deadline():
    """R2.3: the 2027 plan is approved no later than 1 Dec 2026 (a fixed date); warnings
    start 15 Nov 2026."""
    result = plan_approval_deadline(2027)
    assert result.rule == "R2.3"
    assert result.day == D("2026-12-01")
    assert plan_approval_warning_from(2027) == D("2026-11-15")
    assert "fixed_date" in codes(result)


def test_r2_4_plan_publication_deadline():
    """R2.4: the 2027 plan is published no later than 20 Dec 2026 — a Sunday, not moved."""
    result = plan_publication_deadline(2027)
    assert result.rule == "R2.4"
    assert result.day == D("2026-12-20")


# ------------------------------------------------------------------- RULES (CLI)


@pytest.mark.parametrize(
    ("rule", "arg", "expected"),
    [
        ("R2.3", "2027", "2026-12-01"),
        ("R2.4", " 2027 ", "2026-12-20"),
        ("R7.3", "2026-03-03T15:30", "2026-03-04"),
        ("R7.3", "2026-03-03 15:30:00", "2026-03-04"),
        ("R7.3", "2026-03-03", "2026-03-04"),
        ("R9.1", "2026-03-04", "2026-03-18"),
        ("R9.2", "2026-03-18", "2026-04-13"),
        ("R9.4", "2026-03-26", "2026-03-20"),
        ("R12.2", "2026-03-20", "2026-04-15"),
        ("R14.1", "2026-03-13", "2026-03-23"),
    ],
)
def test_rules_table_parses_cli_arguments(rule, arg, expected):
    """R2.3 R2.4 R7.3 R9.1 R9.2 R9.4 R12.2 R14.1: the RULES table parses the CLI argument."""
    result = RULES[rule](arg, CAL)
    assert result.rule == rule
    assert result.day == D(expected)


def test_rules_table_r7_3_time_is_almaty():
    """R7.3: a date-time argument is Asia/Almaty time."""
    result = RULES["R7.3"]("2026-03-03T15:30", CAL)
    assert result.at == datetime(2026, 3, 4, 15, 30, tzinfo=ALMATY)


def test_rules_table_has_every_rule():
    """The RULES table covers R2.3 R2.4 R7.3 R9.1 R9.2 R9.4 R12.2 R14.1."""
    assert set(RULES) == {"R2.3", "R2.4", "R7.3", "R9.1", "R9.2", "R9.4", "R12.2", "R14.1"}


@pytest.mark.parametrize(
    ("rule", "arg", "fragment"),
    [
        ("R9.1", "", "YYYY-MM-DD"),
        ("R9.1", "04.03.2026", "YYYY-MM-DD"),
        ("R9.1", "2026-02-30", "not a valid date"),
        ("R9.1", "2026-13-01", "not a valid date"),
        ("R9.1", "1900-01-01", "outside the supported range"),
        ("R12.2", "20260304", "YYYY-MM-DD"),
        ("R14.1", "tomorrow", "YYYY-MM-DD"),
        ("R2.3", "27", "4 digits"),
        ("R2.4", "2026-12-20", "4 digits"),
        ("R2.3", "3000", "outside the supported range"),
        ("R7.3", "2026-03-03T25:00", "not a valid time"),
        ("R7.3", "2026-03-03T1530", "YYYY-MM-DDTHH:MM"),
    ],
)
def test_rules_table_rejects_bad_input(rule, arg, fragment):
    """R2.3 R7.3 R9.1 R12.2 R14.1: bad CLI input raises ValueError naming the rule."""
    with pytest.raises(ValueError) as err:
        RULES[rule](arg, CAL)
    assert fragment in str(err.value)
    assert rule in str(err.value)


# ------------------------------------------------------------- hypothesis properties


@PROPS
@given(d=dates, rule=st.sampled_from(sorted(WORKING_DAY_RULES)))
def test_working_day_rules_end_on_working_days(d, rule):
    """R9.1 R9.2 R9.4 R12.2 R14.1 (effective end): the result is always a working day."""
    result = WORKING_DAY_RULES[rule](d, CAL)
    assert CAL.is_working_day(result.day)
    assert result.rule == rule


@PROPS
@given(d=dates)
def test_r14_1_effective_end_is_first_working_day(d):
    """R14.1: day = delivered + 10; the effective end is the first working day on or after
    it."""
    result = earliest_remedy_deadline(d, CAL)
    assert result.day == d + timedelta(days=10)
    assert CAL.is_working_day(result.effective_day)
    x = result.day
    while x < result.effective_day:
        assert not CAL.is_working_day(x)
        x += timedelta(days=1)


@PROPS
@given(d=dates)
def test_r9_4_no_working_day_between(d):
    """R9.4: the notice deadline is before the current end with no working day between."""
    result = extension_notice_deadline(d, CAL)
    assert result.day < d
    assert CAL.working_days_between(result.day + timedelta(days=1), d - timedelta(days=1)) == 0


@PROPS
@given(d=dates, n=st.integers(min_value=1, max_value=30), count_start=st.booleans())
def test_nth_working_day_counts_back_to_n(d, n, count_start):
    """R9.1/R9.2/R12.2 counting: counting back with working_days_between gives the same N."""
    r = CAL.nth_working_day(d, n, count_start=count_start)
    origin = d if count_start else d + timedelta(days=1)
    assert CAL.is_working_day(r.day)
    assert CAL.working_days_between(origin, r.day) == n
    assert len(r.counted) == n and r.counted[-1] == r.day
    assert all(not i.working for i in r.skipped)


@PROPS
@given(d=dates)
def test_r9_1_r9_2_r12_2_count_exactly(d):
    """R9.1: 10 working days from the start; R9.2 and R12.2: 15 from the day after."""
    assert CAL.working_days_between(d, fieldwork_end(d, CAL).day) == 10
    after = d + timedelta(days=1)
    assert CAL.working_days_between(after, latest_extended_end(d, CAL).day) == 15
    assert CAL.working_days_between(after, objection_reply_due(d, CAL).day) == 15


MONOTONIC_RULES = {
    **WORKING_DAY_RULES,
    "R14.1 earliest": lambda d, cal: earliest_remedy_deadline(d, cal),
    "R14.1 effective": lambda d, cal: earliest_remedy_deadline(d, cal).effective_day,
}


@PROPS
@given(a=dates, b=dates, rule=st.sampled_from(sorted(MONOTONIC_RULES)))
def test_later_starts_never_give_earlier_ends(a, b, rule):
    """R9.1 R9.2 R9.4 R12.2 R14.1: the results are monotonic in the start date."""
    a, b = min(a, b), max(a, b)

    def day(x):
        r = MONOTONIC_RULES[rule](x, CAL)
        return r if isinstance(r, date) else r.day

    assert day(a) <= day(b)


overrides = st.lists(
    st.builds(
        Override,
        day=dates,
        kind=st.sampled_from([OVERRIDE_DAY_OFF, OVERRIDE_WORKING_DAY]),
        name=st.just("x"),
        basis=st.just("y"),
    ),
    max_size=12,
)


@PROPS
@given(a=dates, b=dates, ovs=overrides, rule=st.sampled_from(sorted(WORKING_DAY_RULES)))
def test_properties_hold_with_overrides(a, b, ovs, rule):
    """R9.1 R9.2 R9.4 R12.2 R14.1: with any overrides the results stay working days and
    monotonic."""
    cal = WorkingCalendar(ovs)
    a, b = min(a, b), max(a, b)
    ra, rb = WORKING_DAY_RULES[rule](a, cal), WORKING_DAY_RULES[rule](b, cal)
    assert cal.is_working_day(ra.day) and cal.is_working_day(rb.day)
    assert ra.day <= rb.day
    if rule == "R9.1":
        assert cal.working_days_between(a, ra.day) == 10


@PROPS
@given(
    d=dates,
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
)
def test_r7_3_always_24_hours(d, hour, minute):
    """R7.3: the earliest start is exactly 24 real hours after the notice — also across
    Almaty's change from UTC+6 to UTC+5 on 1 March 2024 (compared in UTC: Python subtracts
    two datetimes of the same zone by their wall clocks)."""
    notice = datetime(d.year, d.month, d.day, hour, minute, tzinfo=ALMATY)
    result = earliest_start_after_notice(notice, CAL)
    assert result.at.astimezone(UTC) - notice.astimezone(UTC) == timedelta(hours=24)
    assert result.day == result.at.date()
