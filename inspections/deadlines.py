"""Statutory dates: one function per rule of RULES.md.

Pure: no Flask, no database, no clock (the dates are parameters).  Every function returns a
:class:`Deadline` whose ``steps`` record, as structured data, how the date was obtained;
:mod:`inspections.explain` turns them into sentences in kk, ru and en.

Step codes (``Step.code``):

- ``start``: the event the period runs from (``day``; ``extra["event"]`` says which:
  ``inspection_start``, ``current_end``, ``objections_received``, ``act_delivered``,
  ``deadline``, ``notice`` (``extra["at"]``, ``extra["time_known"]``), ``plan_year``
  (``n`` = the plan year));
- ``start_not_working``: the start day is not a working day (``day``, ``info``), so day 1
  is the next working day (R9.1);
- ``count_from``: counting starts on the day after the event (``day``; Civil Code Art. 187);
- ``day_n``: working day number ``n`` is ``day`` (``info`` is set when that working day is a
  weekend day made working, by decree or override);
- ``skip``: a non-working day (``day``, ``info``) skipped while counting or rolling;
- ``previous_working_day``: the working day before the event (``day``; R9.4);
- ``plus_calendar_days``: ``extra["from"]`` + ``n`` calendar days = ``day`` (R14.1);
- ``roll_forward``: the period ends on a non-working day ``extra["from"]``, so it ends on
  the next working day ``day`` (Civil Code Art. 188);
- ``plus_hours``: ``n`` hours after the notice: ``extra["at"]`` (R7.3);
- ``time_unknown``: only the date of the notice is known: 00:00 is assumed (R7.3);
- ``fixed_date``: a fixed calendar date that is never moved (R2.3, R2.4);
- ``warning_from``: reminders start on ``day`` (R2.3);
- ``result``: the resulting ``day`` (``extra["effective_day"]`` for R14.1,
  ``extra["at"]`` for R7.3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .calendar import DayInfo, Uncertainty, WorkingCalendar

__all__ = [
    "ALMATY",
    "RULES",
    "Deadline",
    "Step",
    "earliest_remedy_deadline",
    "earliest_start_after_notice",
    "effective_end",
    "extension_notice_deadline",
    "fieldwork_end",
    "latest_extended_end",
    "objection_reply_due",
    "plan_approval_deadline",
    "plan_approval_warning_from",
    "plan_publication_deadline",
]

ALMATY = ZoneInfo("Asia/Almaty")

FIELDWORK_WORKING_DAYS = 10  # R9.1
EXTENSION_WORKING_DAYS = 15  # R9.2
OBJECTION_REPLY_WORKING_DAYS = 15  # R12.2
REMEDY_CALENDAR_DAYS = 10  # R14.1
NOTICE_HOURS = 24  # R7.3

MIN_YEAR, MAX_YEAR = 2000, 2100  # accepted by the RULES parsers

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Step:
    """One step of a computation, as data (see the module docstring for the codes)."""

    code: str
    day: date | None = None
    n: int | None = None
    info: DayInfo | None = None
    extra: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Deadline:
    """A computed statutory date with its steps and what may still change it.

    ``at`` is set by R7.3 (a moment, not only a day).  ``effective_day`` is the day the
    period really ends after rolling forward to a working day (Civil Code Art. 188); it is
    set by :func:`earliest_remedy_deadline` and :func:`effective_end`.
    """

    rule: str
    day: date
    steps: tuple[Step, ...]
    uncertainties: tuple[Uncertainty, ...] = ()
    at: datetime | None = None
    effective_day: date | None = None

    @property
    def certain(self) -> bool:
        """True when nothing in the computation rests on unconfirmed calendar data."""
        return not self.uncertainties


# --------------------------------------------------------------------------- helpers


def _is_weekday(d: date) -> bool:
    return d.weekday() < 5


@lru_cache(maxsize=4096)
def _count_working_days(
    rule: str, event: str, event_day: date, n: int, *, count_start: bool, cal: WorkingCalendar
) -> Deadline:
    """The n-th working day from ``event_day`` with the steps that explain it.  Kept for
    the same calendar object (issue 13: pages show the same deadlines again and again;
    a calendar is never changed once built, and a Deadline is frozen)."""
    steps: list[Step] = [Step("start", day=event_day, extra={"event": event})]
    start_skipped = False
    if count_start:
        if not cal.is_working_day(event_day):
            steps.append(Step("start_not_working", day=event_day, info=cal.day_info(event_day)))
            start_skipped = True
        origin = event_day
    else:
        origin = event_day + _ONE_DAY
        steps.append(Step("count_from", day=origin))

    count = cal.nth_working_day(event_day, n, count_start=count_start)
    middle: list[Step] = []
    for info in count.skipped:
        if start_skipped and info.day == event_day:
            continue
        # Weekends are implied; name the days off that fall on weekdays.
        if _is_weekday(info.day):
            middle.append(Step("skip", day=info.day, info=info))
    for number, d in enumerate(count.counted, start=1):
        info = None
        if not _is_weekday(d):  # a weekend day made working
            info = cal.day_info(d)
        if number in (1, n) or info is not None:
            middle.append(Step("day_n", day=d, n=number, info=info))
    middle.sort(key=lambda s: s.day)
    steps.extend(middle)
    steps.append(Step("result", day=count.day))
    return Deadline(
        rule=rule,
        day=count.day,
        steps=tuple(steps),
        uncertainties=tuple(cal.uncertainty(origin, count.day)),
    )


def _roll_steps(d: date, cal: WorkingCalendar) -> tuple[date, list[Step]]:
    """Civil Code Art. 188: roll ``d`` forward to a working day, with the skipped days."""
    end = cal.roll_forward(d)
    if end == d:
        return end, []
    steps = []
    x = d
    while x < end:
        if not cal.is_working_day(x):
            steps.append(Step("skip", day=x, info=cal.day_info(x)))
        x += _ONE_DAY
    steps.append(Step("roll_forward", day=end, extra={"from": d}))
    return end, steps


# --------------------------------------------------------------------- the annual plan


def plan_approval_warning_from(year: int) -> date:
    """R2.3: the application warns from 15 November of the year before the plan year."""
    return date(year - 1, 11, 15)


def plan_approval_deadline(year: int) -> Deadline:
    """R2.3: the plan for ``year`` is approved no later than 1 December of ``year - 1``.

    A fixed date: it is not moved when it falls on a day off.
    """
    day = date(year - 1, 12, 1)
    steps = (
        Step("start", n=year, extra={"event": "plan_year"}),
        Step("fixed_date", day=day),
        Step("warning_from", day=plan_approval_warning_from(year)),
        Step("result", day=day),
    )
    return Deadline(rule="R2.3", day=day, steps=steps)


def plan_publication_deadline(year: int) -> Deadline:
    """R2.4: the approved plan for ``year`` is published no later than 20 December of
    ``year - 1`` (a fixed date)."""
    day = date(year - 1, 12, 20)
    steps = (
        Step("start", n=year, extra={"event": "plan_year"}),
        Step("fixed_date", day=day),
        Step("result", day=day),
    )
    return Deadline(rule="R2.4", day=day, steps=steps)


# --------------------------------------------------------------------------- R7.3


def earliest_start_after_notice(notice: date | datetime, cal: WorkingCalendar) -> Deadline:
    """R7.3: the inspection starts at least 24 hours (бір тәулік) after the notice.

    ``at`` = the notice + 24 hours; ``day`` = the date of ``at`` in Asia/Almaty.  A
    timezone-aware notice is converted to Asia/Almaty and 24 real hours are added; a naive
    one is Asia/Almaty wall-clock time.  A ``date`` alone means 00:00 of that day (a step
    says the time of the notice must be recorded to be exact).  ``cal`` is accepted for a
    uniform signature; the rule counts hours, not working days.
    """
    if isinstance(notice, datetime):
        time_known = True
        if notice.tzinfo is not None:
            notice_at = notice.astimezone(ALMATY)
            at = (notice_at.astimezone(UTC) + timedelta(hours=NOTICE_HOURS)).astimezone(ALMATY)
        else:
            notice_at = notice
            at = notice + timedelta(hours=NOTICE_HOURS)
    elif isinstance(notice, date):
        time_known = False
        notice_at = datetime.combine(notice, time(0, 0))
        at = notice_at + timedelta(hours=NOTICE_HOURS)
    else:
        raise TypeError(f"notice must be a date or a datetime, got {type(notice).__name__}")
    steps = [
        Step(
            "start",
            day=notice_at.date(),
            extra={"event": "notice", "at": notice_at, "time_known": time_known},
        )
    ]
    if not time_known:
        steps.append(Step("time_unknown", day=notice_at.date()))
    steps.append(Step("plus_hours", n=NOTICE_HOURS, extra={"at": at}))
    steps.append(Step("result", day=at.date(), extra={"at": at}))
    return Deadline(rule="R7.3", day=at.date(), steps=tuple(steps), at=at)


# ----------------------------------------------------------------------- R9.1 – R9.4


def fieldwork_end(start: date, cal: WorkingCalendar) -> Deadline:
    """R9.1: the inspection lasts at most ten working days; the start day is day 1 when it
    is a working day (otherwise day 1 is the next working day).  Returns the 10th."""
    return _count_working_days(
        "R9.1", "inspection_start", start, FIELDWORK_WORKING_DAYS, count_start=True, cal=cal
    )


def latest_extended_end(current_end: date, cal: WorkingCalendar) -> Deadline:
    """R9.2: the single extension ends at most on the 15th working day counted from the day
    after the current end date."""
    return _count_working_days(
        "R9.2", "current_end", current_end, EXTENSION_WORKING_DAYS, count_start=False, cal=cal
    )


def extension_notice_deadline(current_end: date, cal: WorkingCalendar) -> Deadline:
    """R9.4: the extension notice is delivered no later than the working day before the
    current end date."""
    day = cal.previous_working_day(current_end)
    steps: list[Step] = [Step("start", day=current_end, extra={"event": "current_end"})]
    x = current_end - _ONE_DAY
    skipped = []
    while x > day:
        if _is_weekday(x):
            skipped.append(Step("skip", day=x, info=cal.day_info(x)))
        x -= _ONE_DAY
    steps.extend(reversed(skipped))
    steps.append(Step("previous_working_day", day=day))
    steps.append(Step("result", day=day))
    return Deadline(
        rule="R9.4",
        day=day,
        steps=tuple(steps),
        uncertainties=tuple(cal.uncertainty(day, current_end)),
    )


# --------------------------------------------------------------------------- R12.2


def objection_reply_due(received: date, cal: WorkingCalendar) -> Deadline:
    """R12.2: the reasoned reply to remarks/objections is due on the 15th working day
    counted from the day after they are received."""
    return _count_working_days(
        "R12.2",
        "objections_received",
        received,
        OBJECTION_REPLY_WORKING_DAYS,
        count_start=False,
        cal=cal,
    )


# --------------------------------------------------------------------------- R14.1


def earliest_remedy_deadline(delivered: date, cal: WorkingCalendar) -> Deadline:
    """R14.1: a deadline for eliminating a violation is at least ten calendar days from the
    delivery of the results act: ``day`` = delivered + 10.

    ``effective_day`` is that date rolled forward to a working day (Civil Code Art. 188).
    """
    day = cal.add_calendar_days(delivered, REMEDY_CALENDAR_DAYS)
    effective, roll = _roll_steps(day, cal)
    steps = [
        Step("start", day=delivered, extra={"event": "act_delivered"}),
        Step("plus_calendar_days", day=day, n=REMEDY_CALENDAR_DAYS, extra={"from": delivered}),
        *roll,
        Step("result", day=day, extra={"effective_day": effective}),
    ]
    return Deadline(
        rule="R14.1",
        day=day,
        steps=tuple(steps),
        uncertainties=tuple(cal.uncertainty(day, effective)),
        effective_day=effective,
    )


def effective_end(d: date, cal: WorkingCalendar) -> Deadline:
    """R14.1 / Civil Code Art. 188: a period that ends on a non-working day ends on the
    next working day (for calendar-day periods too).  ``day`` = ``effective_day`` = the
    rolled date."""
    effective, roll = _roll_steps(d, cal)
    steps = [
        Step("start", day=d, extra={"event": "deadline"}),
        *roll,
        Step("result", day=effective),
    ]
    return Deadline(
        rule="R14.1",
        day=effective,
        steps=tuple(steps),
        uncertainties=tuple(cal.uncertainty(d, effective)),
        effective_day=effective,
    )


# --------------------------------------------------------------- parsing CLI arguments

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)")
_YEAR_RE = re.compile(r"\d{4}")


def _check_year(rule: str, year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            f"{rule}: the year {year} is outside the supported range {MIN_YEAR}-{MAX_YEAR}"
        )


def _parse_date(rule: str, arg: str) -> date:
    text = (arg or "").strip()
    if not _DATE_RE.fullmatch(text):
        raise ValueError(f"{rule} expects a date as YYYY-MM-DD (e.g. 2026-03-04), got {arg!r}")
    try:
        value = date.fromisoformat(text)
    except ValueError as e:
        raise ValueError(f"{rule}: {text!r} is not a valid date ({e})") from None
    _check_year(rule, value.year)
    return value


def _parse_year(rule: str, arg: str) -> int:
    text = (arg or "").strip()
    if not _YEAR_RE.fullmatch(text):
        raise ValueError(f"{rule} expects the plan year as 4 digits (e.g. 2027), got {arg!r}")
    year = int(text)
    _check_year(rule, year)
    return year


def _parse_notice(rule: str, arg: str) -> date | datetime:
    """An ISO date, or a date-time "YYYY-MM-DDTHH:MM[:SS]" in Asia/Almaty."""
    text = (arg or "").strip()
    m = _DATETIME_RE.fullmatch(text)
    if m is None:
        if _DATE_RE.fullmatch(text):
            return _parse_date(rule, text)
        raise ValueError(
            f"{rule} expects the notice date and time as YYYY-MM-DDTHH:MM"
            f" (e.g. 2026-03-03T15:30) or a date as YYYY-MM-DD, got {arg!r}"
        )
    day = _parse_date(rule, m.group(1))
    try:
        moment = time.fromisoformat(m.group(2))
    except ValueError as e:
        raise ValueError(f"{rule}: {m.group(2)!r} is not a valid time ({e})") from None
    return datetime.combine(day, moment, tzinfo=ALMATY)


RULES: dict[str, Callable[[str, WorkingCalendar], Deadline]] = {
    "R2.3": lambda arg, cal: plan_approval_deadline(_parse_year("R2.3", arg)),
    "R2.4": lambda arg, cal: plan_publication_deadline(_parse_year("R2.4", arg)),
    "R7.3": lambda arg, cal: earliest_start_after_notice(_parse_notice("R7.3", arg), cal),
    "R9.1": lambda arg, cal: fieldwork_end(_parse_date("R9.1", arg), cal),
    "R9.2": lambda arg, cal: latest_extended_end(_parse_date("R9.2", arg), cal),
    "R9.4": lambda arg, cal: extension_notice_deadline(_parse_date("R9.4", arg), cal),
    "R12.2": lambda arg, cal: objection_reply_due(_parse_date("R12.2", arg), cal),
    "R14.1": lambda arg, cal: earliest_remedy_deadline(_parse_date("R14.1", arg), cal),
}
"""Rule ID -> ``(argument, calendar) -> Deadline`` for the CLI and the calculator page.

The argument is an ISO date (YYYY-MM-DD); for R2.3 and R2.4 the plan year (4 digits); for
R7.3 a date or a date-time (YYYY-MM-DDTHH:MM, Asia/Almaty).  Bad input raises
``ValueError`` with an English message naming the rule."""
