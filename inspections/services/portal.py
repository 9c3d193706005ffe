"""The representatives' portal (R5.1, R6.1, R12.1, R12.4, R16.1, R17.1, R27.1).

Every use case checks its own portal predicate (the representative's own body, the
inspection's state) and then calls the same core as the staff side, so that a portal
objection, report or appeal is the same object as one registered from paper, with
``source="portal"`` and ``submitted_by_id``.  Audit rows in the same transaction; flush,
never commit; no clock reads (``now`` is passed in).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import deadlines, lifecycle, permissions
from ..calendar import WorkingCalendar
from ..clock import as_moment
from ..errors import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import Inspection
from ..models.portal import ACK_DOCUMENTS, ACK_OUTCOMES, Acknowledgement
from ..models.results import Objection, RemediationReport, ResultsAct, Violation
from . import audit, notifications, statements
from . import results as results_service


def _own(actor, inspection) -> None:
    """R27.1: another body's inspection does not exist for this representative."""
    if not permissions.is_own_inspection(actor, inspection):
        raise NotFound()


def my_inspections_query(user):
    """R27.1: the representative's own body only (its subdivisions included); drafts are
    the authorised body's internal work and are not shown.  Newest first, with what the
    portal's cards show loaded in a constant number of statements (issue 13)."""
    owner = user.control_subject_id if permissions.can_use_portal(user) else -1
    return (select(Inspection)
            .where(Inspection.control_subject_id == owner, Inspection.status != lifecycle.DRAFT)
            .options(joinedload(Inspection.subdivision), joinedload(Inspection.notices),
                     joinedload(Inspection.deliveries), joinedload(Inspection.extensions),
                     joinedload(Inspection.results_act).selectinload(ResultsAct.violations),
                     joinedload(Inspection.results_act).selectinload(ResultsAct.objections))
            .order_by(Inspection.id.desc()))


def my_inspections(user) -> list[Inspection]:
    """Every inspection of the representative's own body (R27.1), newest first."""
    if not permissions.can_use_portal(user):
        return []
    return list(db.session.execute(my_inspections_query(user)).unique().scalars())


# ---------------------------------------------------------------- R5.1: the act's dates


def act_check(inspection: Inspection, cal: WorkingCalendar) -> list[dict]:
    """R5.1 (with R9.1, R7.2, R7.4): whether the appointment act's dates are within the law,
    so that the body knows when admission may lawfully be refused.  Each check: code, ok
    (True/False/None = not yet known), the dates compared and the deadline explained."""
    checks = []
    start, end = inspection.planned_start, inspection.planned_end
    limit = deadlines.fieldwork_end(start, cal) if start else None
    checks.append({"code": "end_within_limit", "rule": "R9.1",
                   "ok": None if not (start and end) else end <= limit.day,
                   "start": start, "end": end, "limit": limit})
    checks.append({"code": "issued_before_start", "rule": "R7.2",
                   "ok": None if not (inspection.act_date and start)
                   else inspection.act_date <= start,
                   "act_date": inspection.act_date, "start": start})
    delivery = inspection.delivery
    day = as_moment(delivery.delivered_at).astimezone(_almaty()).date() if delivery else None
    checks.append({"code": "not_passed_at_delivery", "rule": "R5.1",
                   "ok": None if not (day and end) else day <= end,
                   "delivered": day, "end": end})
    checks.append({"code": "not_before_start", "rule": "R5.1",
                   "ok": None if not (day and start) else day >= start,
                   "delivered": day, "start": start})
    # R7.4, R13.1: the start is the delivery day; the end in force the earlier of the act's
    # end and the tenth working day from that start — the same dates as the staff page.
    checks.append({"code": "start_and_end_in_force", "rule": "R7.4",
                   "ok": None if inspection.start_date is None
                   else bool(inspection.end_date and end and inspection.end_date <= end
                             or inspection.extension is not None),
                   "start": inspection.start_date, "planned_start": start,
                   "end": inspection.end_date, "act_end": end})
    notice = inspection.notice
    if notice is not None:
        earliest = deadlines.earliest_start_after_notice(notice.notified_at, cal)
        ok = None if delivery is None else as_moment(delivery.delivered_at) >= earliest.at
        checks.append({"code": "notice_24h", "rule": "R7.3", "ok": ok,
                       "notified_at": notice.notified_at,
                       "delivered_at": delivery.delivered_at if delivery else None,
                       "limit": earliest})
    return checks


# ---------------------------------------------------------------- R6.1, R12.4: receipts


def acknowledge(actor, inspection: Inspection, *, document: str, outcome: str, full_name: str,
                position: str, explanation: str = "", now: datetime) -> Acknowledgement:
    """R6.1: the representative acknowledges receipt of the appointment act or the results
    act electronically (name, position, time), or refuses to sign with a written explanation
    (R12.4).  Once per act; visible to staff on the inspection page."""
    _own(actor, inspection)
    if document not in ACK_DOCUMENTS:
        raise ValidationFailed(_l("Unknown document."))
    if outcome not in ACK_OUTCOMES:
        raise ValidationFailed(_l("Acknowledge receipt or refuse with reasons."),
                               field="outcome")
    if not permissions.can_acknowledge(actor, inspection, document):
        raise RuleViolation(_l("Receipt of this act cannot be recorded now: the act has not "
                               "been delivered yet, or receipt is already recorded."),
                            rule="R6.1")
    if not (full_name or "").strip() or not (position or "").strip():
        raise ValidationFailed(_l("Enter your name and position."), field="full_name")
    if outcome == "refused" and not (explanation or "").strip():
        raise RuleViolation(_l("A refusal to sign needs its written explanation."),
                            rule="R12.4", field="explanation")
    row = Acknowledgement(inspection=inspection, document=document, outcome=outcome,
                          full_name=full_name.strip()[:255], position=position.strip()[:255],
                          explanation=(explanation or "").strip() if outcome == "refused" else "",
                          user_id=getattr(actor, "id", None), at=now)
    db.session.add(row)
    audit.record(actor, "inspection.receipt_on_portal", inspection,
                 data={"document": document, "outcome": outcome}, now=now)
    notifications.notify("receipt_recorded", inspection, side="staff", now=now,
                         params={"document": document, "outcome": outcome})
    statements.for_acknowledgement(actor, row, now=now)  # issue 16: signed on the portal
    return row


# ---------------------------------------------------------------- R12.1: objections


def submit_objection(actor, inspection: Inspection, *, note: str, points, upload_ids=(),
                     cal: WorkingCalendar, now: datetime) -> Objection:
    """R12.1: remarks and objections in writing, point by point (each about a violation or
    general), with files; received today, the reply due in fifteen working days (R12.2).
    The same object as a paper objection, with ``source="portal"``."""
    _own(actor, inspection)
    act = results_service._after_delivery(inspection, "R12.1")
    if not permissions.can_submit_on_portal(actor, inspection):
        raise PermissionDenied(_l("Your role may not take this step."))
    received = as_moment(now).astimezone(_almaty()).date()
    number = f"{inspection.number or inspection.id}-П{len(act.objections) + 1}"
    objection = results_service.add_objection(
        actor, inspection, act, received_on=received, incoming_number=number, note=note,
        points=points, upload_ids=upload_ids, source="portal",
        submitted_by_id=getattr(actor, "id", None), cal=cal, now=now)
    statements.for_objection(actor, objection, now=now)  # issue 16: signed on the portal
    return objection


def _almaty():
    from ..clock import ALMATY

    return ALMATY


# ---------------------------------------------------------------- R16.1: remediation


def submit_report(actor, violation: Violation, *, description: str, upload_ids=(),
                  now: datetime) -> RemediationReport:
    """R16.1: information on the elimination of one violation with confirming documents,
    received today; the authorised body accepts it or not (its decision and note are shown
    on the portal)."""
    inspection = violation.act.inspection
    _own(actor, inspection)
    act = results_service._after_delivery(inspection, "R16.1")
    if not permissions.can_submit_on_portal(actor, inspection):
        raise PermissionDenied(_l("Your role may not take this step."))
    received = as_moment(now).astimezone(_almaty()).date()
    report = results_service.add_report(
        actor, violation, act, received_on=received, description=description,
        upload_ids=upload_ids, source="portal", submitted_by_id=getattr(actor, "id", None),
        now=now)
    statements.for_report(actor, report, now=now)  # issue 16: signed on the portal
    return report


# ---------------------------------------------------------------- R17.1: appeals


def record_appeal(actor, inspection: Inspection, *, level: str, filed_on: date,
                  authority: str, summary: str, now: datetime):
    """R5.2, R17.1: the body appeals the results act and records it (to whom, when); both
    sides see it."""
    _own(actor, inspection)
    act = inspection.results_act
    if inspection.status not in lifecycle.AFTER_DELIVERY or act is None:
        raise RuleViolation(_l("Appeals are recorded after the results act is delivered."),
                            rule="R17.1")
    if not permissions.can_appeal_on_portal(actor, inspection):
        raise PermissionDenied(_l("Your role may not take this step."))
    return results_service.add_appeal(actor, inspection, act, level=level, filed_on=filed_on,
                                      authority=authority, summary=summary, source="portal",
                                      now=now)
