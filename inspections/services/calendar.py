"""Calendar overrides (extra days off, working weekend days) kept in the database."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache

from sqlalchemy import select

from .. import permissions
from ..calendar import (
    DEFAULT_CONFIRMED_YEARS,
    OVERRIDE_DAY_OFF,
    OVERRIDE_WORKING_DAY,
    Override,
    WorkingCalendar,
)
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import CalendarOverride, CalendarYear
from . import audit


def load_calendar() -> WorkingCalendar:
    """The working-day calendar: the ``holidays`` library plus the stored overrides and the
    confirmed years — read in one statement (every page with a date needs it; issue 13).
    The calendar built from the same rows is kept, so that a page does not build it anew."""
    rows = (tuple(r) for r in db.session.execute(_calendar_statement()))
    return _calendar_of(tuple(sorted(rows, key=repr)))  # the same rows, the same key


@cache
def _calendar_statement():
    from sqlalchemy import Boolean, Date, Integer, String, cast, null, union_all

    return union_all(
        select(CalendarOverride.day, CalendarOverride.kind, CalendarOverride.name,
               CalendarOverride.basis, cast(null(), Integer).label("year"),
               cast(null(), Boolean).label("confirmed")),
        select(cast(null(), Date), cast(null(), String), cast(null(), String),
               cast(null(), String), CalendarYear.year, CalendarYear.confirmed))


@lru_cache(maxsize=16)
def _calendar_of(rows: tuple) -> WorkingCalendar:
    """The calendar of the rows of :func:`_calendar_statement` (the same rows, the same
    calendar: it is never changed once built)."""
    overrides = [Override(day=r[0], kind=r[1], name=r[2], basis=r[3])
                 for r in rows if r[4] is None]
    years = {r[4]: bool(r[5]) for r in rows if r[4] is not None}
    confirmed = {y for y in DEFAULT_CONFIRMED_YEARS if years.get(y, True)}
    confirmed |= {y for y, ok in years.items() if ok}
    return WorkingCalendar(overrides, confirmed_years=confirmed)


def add_override(actor, *, day: date, kind: str, name: str, basis: str,
                 now: datetime) -> CalendarOverride:
    """Add an extra day off or a working weekend day, with the order that decided it."""
    if not permissions.can_manage_calendar(actor):
        raise PermissionDenied(_l("Only an administrator edits the calendar."))
    if kind not in (OVERRIDE_DAY_OFF, OVERRIDE_WORKING_DAY):
        raise ValidationFailed(_l("Choose the kind of day."), field="kind")
    if not (name or "").strip():
        raise ValidationFailed(_l("This field is required."), field="name")
    if not (basis or "").strip():
        raise ValidationFailed(
            _l("Enter the basis: the order's number and date."), field="basis"
        )
    if db.session.execute(select(CalendarOverride).where(CalendarOverride.day == day)).first():
        raise ValidationFailed(_l("This day already has an override; remove it first."),
                               field="day")
    row = CalendarOverride(day=day, kind=kind, name=name.strip(), basis=basis.strip(),
                           created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(row)
    audit.record(actor, "calendar.override_added", row,
                 data={"day": day.isoformat(), "kind": kind, "name": row.name,
                       "basis": row.basis}, now=now)
    return row


def remove_override(actor, row: CalendarOverride, *, now: datetime) -> None:
    if not permissions.can_manage_calendar(actor):
        raise PermissionDenied(_l("Only an administrator edits the calendar."))
    data = {"day": row.day.isoformat(), "kind": row.kind, "name": row.name, "basis": row.basis}
    audit.record(actor, "calendar.override_removed", row, data=data, now=now)
    db.session.delete(row)
    db.session.flush()


def set_year_confirmed(actor, year: int, confirmed: bool, basis: str, *,
                       now: datetime) -> CalendarYear:
    """Mark a year's government calendar as confirmed (or not), with its basis."""
    if not permissions.can_manage_calendar(actor):
        raise PermissionDenied(_l("Only an administrator edits the calendar."))
    if confirmed and not (basis or "").strip():
        raise ValidationFailed(_l("Enter the basis: the order's number and date."),
                               field="basis")
    row = db.session.get(CalendarYear, year) or CalendarYear(year=year)
    row.confirmed, row.basis = confirmed, (basis or "").strip()
    db.session.add(row)
    audit.record(actor, "calendar.year_confirmed" if confirmed else "calendar.year_unconfirmed",
                 object_type="calendar_years", object_id=year,
                 data={"year": year, "basis": row.basis}, now=now)
    return row
