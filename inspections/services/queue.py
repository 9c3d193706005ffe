""""My queue": what waits for this person's decision, oldest statutory date first.

- the head: requested extensions — the decision is useful only while its notice can still be
  delivered by the working day before the current end (R9.2, R9.4);
- the first head: submitted plans (approval by 1 December, R2.1, R2.3) and drafted
  amendments (R2.6);
- inspectors: objections awaiting the reasoned reply (R12.2) and remediation reports
  awaiting a decision (R16.1) in their own inspections.

A bounded, constant number of statements whatever the data scale: one query per kind of
item, related rows loaded with ``selectinload``.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from .. import deadlines, lifecycle, permissions
from ..calendar import WorkingCalendar
from ..extensions import db
from ..models import Inspection, Plan
from ..models.inspections import InspectionInspector
from ..models.plans import AMENDMENT_DRAFT, PlanAmendment
from ..models.results import Objection, RemediationReport, ResultsAct, Violation

LIMIT = 50  # per kind: a queue longer than this is a management problem, not a page


@cache
def _inspector_statements():
    """An inspector's objections awaiting a reply (R12.2) and reports awaiting a decision
    (R16.1) in their own inspections (parameter ``user_id``), built once (issue 13)."""
    mine = (select(InspectionInspector.inspection_id)
            .where(InspectionInspector.user_id == bindparam("user_id")))
    objections = (
        select(Objection).join(ResultsAct, Objection.act_id == ResultsAct.id)
        .where(Objection.replied_on.is_(None), ResultsAct.inspection_id.in_(mine))
        .options(selectinload(Objection.act).selectinload(ResultsAct.inspection)
                 .selectinload(Inspection.control_subject))
        .order_by(Objection.reply_due).limit(LIMIT))
    reports = (
        select(RemediationReport)
        .join(Violation, RemediationReport.violation_id == Violation.id)
        .join(ResultsAct, Violation.act_id == ResultsAct.id)
        .where(RemediationReport.decision == "", ResultsAct.inspection_id.in_(mine))
        .options(selectinload(RemediationReport.violation).selectinload(Violation.act)
                 .selectinload(ResultsAct.inspection)
                 .selectinload(Inspection.control_subject))
        .order_by(RemediationReport.received_on).limit(LIMIT))
    return objections, reports


def my_queue(user, *, today: date, cal: WorkingCalendar) -> list[dict]:
    """Items ``{kind, rule, day, deadline, inspection, plan, year, violation, overdue}``
    sorted by their statutory date (items without one last)."""
    roles = set(getattr(user, "roles", ()) or ())
    items: list[dict] = []
    if permissions.HEAD in roles:
        rows = db.session.execute(
            select(Inspection).where(Inspection.status == lifecycle.EXTENSION_REQUESTED)
            .options(selectinload(Inspection.extensions),
                     selectinload(Inspection.control_subject))
            .order_by(Inspection.id).limit(LIMIT)).scalars().all()
        for i in rows:
            ext = i.extension
            d = deadlines.extension_notice_deadline(ext.previous_end, cal)
            items.append({"kind": "extension_decision", "rule": "R9.4", "day": d.day,
                          "deadline": d, "inspection": i, "extension": ext})
    if permissions.FIRST_HEAD in roles:
        plans = db.session.execute(
            select(Plan).where(Plan.status == "submitted").order_by(Plan.year)
            .limit(LIMIT)).scalars().all()
        for p in plans:
            d = deadlines.plan_approval_deadline(p.year)
            items.append({"kind": "plan_approval", "rule": "R2.3", "day": d.day,
                          "deadline": d, "year": p.year, "plan": p})
        amendments = db.session.execute(
            select(PlanAmendment).where(PlanAmendment.status == AMENDMENT_DRAFT)
            .options(selectinload(PlanAmendment.plan), selectinload(PlanAmendment.changes))
            .order_by(PlanAmendment.id).limit(LIMIT)).scalars().all()
        for a in amendments:
            if a.changes:
                items.append({"kind": "amendment_approval", "rule": "R2.6", "day": None,
                              "deadline": None, "year": a.plan.year, "plan": a.plan})
    if permissions.INSPECTOR in roles:
        objection_stmt, report_stmt = _inspector_statements()
        objections = db.session.execute(objection_stmt, {"user_id": user.id}).scalars().all()
        for o in objections:
            items.append({"kind": "objection_reply", "rule": "R12.2", "day": o.reply_due,
                          "deadline": deadlines.objection_reply_due(o.received_on, cal),
                          "inspection": o.act.inspection, "source": o.source})
        reports = db.session.execute(report_stmt, {"user_id": user.id}).scalars().all()
        for r in reports:
            items.append({"kind": "report_decision", "rule": "R16.1", "day": None,
                          "deadline": None, "since": r.received_on,
                          "inspection": r.violation.act.inspection, "violation": r.violation,
                          "source": r.source})
    for x in items:
        x["overdue"] = x["day"] is not None and x["day"] < today
    items.sort(key=lambda x: (x["day"] is None, x["day"] or x.get("since") or date.max))
    return items
