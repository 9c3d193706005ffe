"""Statutory deadlines as calendar events (iCalendar, RFC 5545).

No database here: the caller loads the inspections and plans and passes them with the
working-day calendar, ``today`` and a function that makes the link to an inspection.
Each event is an all-day event on the statutory date; its description says why it is that
date (the explanation of :mod:`inspections.explain`) and links to the inspection.

Events: end of fieldwork (R9.1/R9.2), latest date of the extension notice (R9.4), reply to
objections due (R12.2), elimination deadline of each violation (R14.1, R16.1) and its
reporting date where one is set, plan approval (R2.3) and placement (R2.4) dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from . import deadlines, explain
from .i18n import gettext as _

ACTIVE_STATES = frozenset({"appointed", "notified", "started", "fieldwork",
                           "extension_requested", "extension_approved", "extended",
                           "results_drafted", "results_issued", "delivered"})


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    day: date
    summary: str
    description: str
    url: str = ""


def _why(deadline: deadlines.Deadline, lang: str) -> str:
    lines = [explain.summary(deadline, lang), *explain.explain(deadline, lang)]
    return "\n".join(line for line in lines if line)


def _describe(why: str, url: str) -> str:
    return f"{why}\n\n{url}" if url else why


def _number(inspection) -> str:
    return inspection.number or f"#{inspection.id}"


def inspection_events(inspection, *, cal, lang: str, url: str,
                      staff: bool) -> list[FeedEvent]:
    """The statutory dates of one inspection that are still ahead of its parties.

    ``staff``: the authority's own dates (the extension notice, R9.4) are included; a
    representative's feed holds the dates that concern the body (R27.1)."""
    events: list[FeedEvent] = []
    number = _number(inspection)
    subject = inspection.control_subject.name(lang)
    status = inspection.status
    if inspection.start_date and inspection.end_date and status in ACTIVE_STATES \
            and status not in ("results_issued", "delivered"):
        ext = inspection.extension
        if ext is not None and inspection.end_date == ext.requested_end \
                and ext.notice_delivered_on:
            basis = deadlines.latest_extended_end(ext.previous_end, cal)
        else:
            basis = deadlines.fieldwork_end(inspection.start_date, cal)
        events.append(FeedEvent(
            f"fieldwork-end-{inspection.id}", inspection.end_date,
            _("End of fieldwork: %(number)s, %(subject)s", number=number, subject=subject),
            _describe(_why(basis, lang), url), url))
    ext = inspection.extension
    if staff and ext is not None and ext.status == "approved" and not ext.notice_delivered_on:
        due = deadlines.extension_notice_deadline(ext.previous_end, cal)
        events.append(FeedEvent(
            f"extension-notice-{ext.id}", due.day,
            _("Extension notice, latest date: %(number)s", number=number),
            _describe(_why(due, lang), url), url))
    act = getattr(inspection, "results_act", None)
    if act is None or act.delivered_at is None:
        return events
    for objection in act.objections:
        if objection.replied_on is None:
            due = deadlines.objection_reply_due(objection.received_on, cal)
            events.append(FeedEvent(
                f"objection-reply-{objection.id}", due.day,
                _("Reasoned reply to objections due: %(number)s", number=number),
                _describe(_why(due, lang), url), url))
    for v in act.violations:
        if v.status not in ("open", "reported"):
            continue
        due = deadlines.effective_end(v.deadline, cal)
        events.append(FeedEvent(
            f"violation-deadline-{v.id}", due.effective_day or due.day,
            _("Deadline to eliminate violation %(no)d: %(number)s", no=v.no, number=number),
            _describe(_why(due, lang), url), url))
        report_due = getattr(v, "report_due", None)
        if report_due:
            events.append(FeedEvent(
                f"violation-report-{v.id}", report_due,
                _("Reporting date for violation %(no)d: %(number)s", no=v.no, number=number),
                _describe(_("Set by the results act (R16.1)."), url), url))
    return events


def plan_events(year: int, plan, *, lang: str, url: str) -> list[FeedEvent]:
    """R2.3 and R2.4: approval and placement of the plan for ``year`` while not done."""
    events = []
    if plan is None or plan.approved_on is None:
        due = deadlines.plan_approval_deadline(year)
        events.append(FeedEvent(f"plan-approval-{year}", due.day,
                                _("Approval of the plan for %(year)d", year=year),
                                _describe(_why(due, lang), url), url))
    if plan is None or plan.published_on is None:
        due = deadlines.plan_publication_deadline(year)
        events.append(FeedEvent(
            f"plan-placement-{year}", due.day,
            _("Placement of the plan for %(year)d on the internet resource", year=year),
            _describe(_why(due, lang), url), url))
    return events


def to_ical(events: Iterable[FeedEvent], *, name: str, stamp: datetime,
            domain: str = "bakylau") -> bytes:
    """An RFC 5545 calendar of all-day events."""
    cal = Calendar()
    cal.add("prodid", "-//Bakylau//Statutory deadlines//KK")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Almaty")
    for e in events:
        ev = Event()
        ev.add("uid", f"{e.uid}@{domain}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + timedelta(days=1))
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        if e.url:
            ev.add("url", e.url)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


def build(inspections: Iterable, *, cal, lang: str, link: Callable[[object], str],
          staff: bool, plan_year: int | None = None, plan=None,
          plan_url: str = "") -> list[FeedEvent]:
    events: list[FeedEvent] = []
    for inspection in inspections:
        events.extend(inspection_events(inspection, cal=cal, lang=lang,
                                        url=link(inspection), staff=staff))
    if plan_year is not None:
        events.extend(plan_events(plan_year, plan, lang=lang, url=plan_url))
    return sorted(events, key=lambda e: (e.day, e.uid))
