"""The annual plan of periodic inspections: draft, submit, approve, publish, amend.

Rules: R1.3 (every item cites a finding), R2.1 (approved by the first head), R2.2 (one
periodic inspection of a body per year), R2.3 (approval by 1 December of Y-1, flagged with a
typed reason when later), R2.4 (publication by 20 December of Y-1, flagged when later),
R2.5 (the content of the plan), R2.6 (an approved plan changes only through an amendment on
one of four grounds, making a new version).  State changes follow the table of
:mod:`inspections.plan_lifecycle`.
"""

from __future__ import annotations

import calendar as _calendar
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask_babel import get_locale
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import permissions
from .. import plan_lifecycle as lc
from ..deadlines import plan_approval_deadline, plan_publication_deadline
from ..documents import plan_context as pc
from ..errors import PermissionDenied, RuleViolation, ValidationFailed
from ..extensions import db
from ..i18n import format_date
from ..i18n import lazy_gettext as _l
from ..models import (
    AmendmentChange,
    ControlSubject,
    Finding,
    GeneratedDocument,
    Plan,
    PlanAmendment,
    PlanItem,
    Requirement,
    Subdivision,
    SubjectObject,
)
from ..models.plans import AMENDMENT_APPROVED, AMENDMENT_DRAFT, ITEM_ACTIVE, ITEM_EXCLUDED
from ..models.registry import STATUS_LIQUIDATED
from . import audit, notifications, transitions
from .documents import authority_name, issue_document, place

R26_MESSAGE = _l("An approved plan is changed only by an amendment on one of the grounds of "
                 "the law — liquidation, reorganisation or renaming of a control subject, or "
                 "redistribution of powers between control subjects.")


# --------------------------------------------------------------------------- helpers


def get_plan(year: int) -> Plan | None:
    return db.session.execute(select(Plan).where(Plan.year == year)).scalar_one_or_none()


def _item_parts(path=None) -> tuple:
    """Loader options for a plan item's body, unit, object, requirements and findings —
    from ``path`` (e.g. ``selectinload(Plan.items)``) or on the items themselves."""
    join = path.joinedload if path is not None else joinedload
    each = path.selectinload if path is not None else selectinload
    return (join(PlanItem.subject), join(PlanItem.subdivision), join(PlanItem.object),
            each(PlanItem.requirements), each(PlanItem.findings))


def _plan_parts() -> tuple:
    """Loader options for a plan's amendments (with their changes) and its approver."""
    return (selectinload(Plan.amendments).selectinload(PlanAmendment.changes),
            joinedload(Plan.approved_by))


def get_plan_full(year: int) -> Plan | None:
    """The plan with its items (subjects, units, requirements, findings) and amendments
    (changes) loaded in a constant number of statements, whatever its size (issue 13)."""
    return db.session.execute(
        select(Plan).where(Plan.year == year)
        .options(*_item_parts(selectinload(Plan.items)), *_plan_parts())
    ).unique().scalar_one_or_none()


def plan_items_page(plan: Plan, page: int, per_page: int):
    """One page of the plan's active items in number order, each with its body, unit,
    object, requirements and findings, in a constant number of statements (issue 13: a plan
    of 600 items is read a page at a time); plus every item excluded by an amendment."""
    items = db.paginate(
        select(PlanItem).where(PlanItem.plan_id == plan.id, PlanItem.status == ITEM_ACTIVE)
        .order_by(PlanItem.no).options(*_item_parts()),
        page=page, per_page=per_page, error_out=False)
    excluded = list(db.session.execute(
        select(PlanItem).where(PlanItem.plan_id == plan.id, PlanItem.status != ITEM_ACTIVE)
        .order_by(PlanItem.no)).scalars())
    return items, excluded


def get_plan_with_amendments(year: int) -> Plan | None:
    """The plan with its amendments and their changes (not its items: see
    :func:`plan_items_page`)."""
    return db.session.execute(
        select(Plan).where(Plan.year == year).options(*_plan_parts())
    ).unique().scalar_one_or_none()


def published_plans() -> list[Plan]:
    return list(db.session.execute(
        select(Plan).where(Plan.status == lc.PUBLISHED).order_by(Plan.year.desc())).scalars())


def all_plans() -> list[Plan]:
    return list(db.session.execute(select(Plan).order_by(Plan.year.desc())).scalars())


def _roles(actor) -> frozenset:
    return frozenset(getattr(actor, "roles", ()) or ())


def _clean(value) -> str:
    return (value or "").strip()


def _step(actor, plan: Plan, action: str) -> str:
    """The target state of ``action`` from the transition table, or a refusal.  The plan's
    row is locked and its version checked first (see :mod:`.transitions`)."""
    transitions.lock(plan)
    t = lc.transition(plan.status, action)
    if t is None:
        if action == lc.AMEND:
            raise ValidationFailed(_l("Only an approved plan is amended; a draft is edited "
                                      "directly."))
        raise ValidationFailed(_l("This cannot be done while the plan is %(status)s.",
                                  status=_status_label(plan.status)))
    if not t.roles & _roles(actor):
        raise PermissionDenied(_l("Your role may not do this."))
    return t.target


def _status_label(status: str) -> str:
    from ..labels import PLAN_STATUS_LABELS

    return str(PLAN_STATUS_LABELS.get(status, status))


def require_editable(plan: Plan) -> None:
    """Items are added and removed only in a draft.  R2.6: an approved plan changes only
    through an amendment — any other edit is refused with the rule's message."""
    if plan.status in lc.APPROVED_STATES:
        raise RuleViolation(R26_MESSAGE, rule="R2.6")
    if plan.status not in lc.EDITABLE:
        raise ValidationFailed(_l("The plan has been submitted to the first head; it can be "
                                  "changed after it is returned."))


def _require_draft_role(actor):
    if not permissions.can_draft_plan(actor):
        raise PermissionDenied(_l("Only an inspector drafts the plan."))


def today_of(now: datetime) -> date:
    from ..clock import ALMATY

    return now.astimezone(ALMATY).date()


# ----------------------------------------------------------------- timeframe, unit


def make_timeframe(year: int, *, month: int | None, starts_on: date | None,
                   ends_on: date | None) -> tuple[int | None, date, date]:
    """R2.5 (5): a month of ``year``, or a date range within ``year``."""
    if month:
        if not 1 <= int(month) <= 12:
            raise ValidationFailed(_l("Choose a month."), field="month")
        last = _calendar.monthrange(year, int(month))[1]
        return int(month), date(year, int(month), 1), date(year, int(month), last)
    if starts_on is None or ends_on is None:
        raise ValidationFailed(_l("Choose a month or enter both dates of the timeframe."),
                               field="month")
    if starts_on.year != year or ends_on.year != year:
        raise ValidationFailed(_l("The timeframe must lie within %(year)d.", year=year),
                               field="starts_on")
    if ends_on < starts_on:
        raise ValidationFailed(_l("The end date is before the start date."), field="ends_on")
    return None, starts_on, ends_on


def parse_unit(value: str | None) -> tuple[int | None, int | None]:
    """"subject" → (None, None); "subdivision:ID" → (ID, None); "object:ID" → (None, ID)."""
    value = (value or "").strip()
    if value.startswith("subdivision:") and value[12:].isdigit():
        return int(value[12:]), None
    if value.startswith("object:") and value[7:].isdigit():
        return None, int(value[7:])
    return None, None


@dataclass
class Target:
    """What an item inspects: the body, or one of its subdivisions or objects."""

    subject: ControlSubject
    subdivision: Subdivision | None
    obj: SubjectObject | None
    location: str

    def names(self) -> dict:
        if self.subdivision is not None:
            unit_kk, unit_ru = self.subdivision.name_kk, self.subdivision.name_ru
        elif self.obj is not None:
            unit_kk = unit_ru = self.obj.name
        else:
            unit_kk = unit_ru = ""
        return {"name_kk": self.subject.name_kk, "name_ru": self.subject.name_ru,
                "unit_name_kk": unit_kk, "unit_name_ru": unit_ru}


def _target(subject_id: int | None, subdivision_id: int | None, object_id: int | None,
            location: str) -> Target:
    subject = db.session.get(ControlSubject, subject_id) if subject_id else None
    if subject is None:
        raise ValidationFailed(_l("Choose the control subject."), field="subject_id")
    if subject.status == STATUS_LIQUIDATED:
        raise ValidationFailed(_l("This control subject has been liquidated."),
                               field="subject_id")
    from .inspections import check_not_national_bank

    check_not_national_bank(subject)  # R27.2
    sub = obj = None
    if subdivision_id:
        sub = db.session.get(Subdivision, subdivision_id)
        if sub is None or sub.subject_id != subject.id:
            raise ValidationFailed(_l("Choose a subdivision of this body."), field="unit")
    if object_id:
        obj = db.session.get(SubjectObject, object_id)
        if obj is None or obj.subject_id != subject.id:
            raise ValidationFailed(_l("Choose an object of this body."), field="unit")
    default = sub.location if sub else (obj.address if obj else subject.location)
    return Target(subject, sub, obj, _clean(location) or default)


def _requirements(ids, starts_on: date, ends_on: date) -> list[Requirement]:
    """R2.5 (6): the subject matter — requirements of the catalogue in force in the plan
    year."""
    ids = sorted({int(i) for i in ids or ()})
    rows = [db.session.get(Requirement, i) for i in ids]
    if not ids or any(r is None for r in rows):
        raise ValidationFailed(_l("Choose the subject matter: at least one requirement."),
                               field="requirement_ids")
    year_start, year_end = date(starts_on.year, 1, 1), date(ends_on.year, 12, 31)
    stale = [r for r in rows if not r.in_force_during(year_start, year_end)]
    if stale:
        r = stale[0]
        raise ValidationFailed(_l("%(ref)s is not in force in %(year)d: it is in force from "
                                  "%(from)s%(to)s.",
                                  ref=r.ref(str(get_locale() or "kk")), year=starts_on.year,
                                  **{"from": r.effective_from.isoformat(),
                                     "to": (" – " + r.effective_to.isoformat())
                                     if r.effective_to else ""}),
                               field="requirement_ids")
    return sorted(rows, key=lambda r: (r.position, r.id))


def _findings(ids, subject: ControlSubject) -> list[Finding]:
    """R1.3: every item cites at least one finding about its control subject."""
    ids = sorted({int(i) for i in ids or ()})
    rows = [db.session.get(Finding, i) for i in ids]
    if not ids or any(f is None or f.subject_id != subject.id for f in rows):
        raise ValidationFailed(_l("Cite at least one finding about this control subject."),
                               field="finding_ids", rule="R1.3")
    return rows


def check_one_per_year(plan: Plan, subject_id: int, *, except_item: int | None = None,
                       also_taken: set[int] | None = None) -> None:
    """R2.2: a control subject has at most one periodic inspection per calendar year — for
    now, one active item in the plan of the year (a subdivision or object counts as its
    body).  Blocks."""
    for item in plan.items:
        if item.status == ITEM_ACTIVE and item.subject_id == subject_id \
                and item.id != except_item:
            raise RuleViolation(
                _l("This control subject already has a periodic inspection in %(year)d "
                   "(item %(no)d of the plan); a body is inspected at most once a year.",
                   year=plan.year, no=item.no), rule="R2.2", field="subject_id")
    if also_taken and subject_id in also_taken:
        raise RuleViolation(
            _l("This control subject already has a periodic inspection in %(year)d; a body "
               "is inspected at most once a year.", year=plan.year),
            rule="R2.2", field="subject_id")


def _next_no(plan: Plan) -> int:
    return max((i.no for i in plan.items), default=0) + 1


# --------------------------------------------------------------------------- drafting


def start_plan(actor, *, year: int | None, now: datetime) -> Plan:
    """An inspector starts the draft plan for ``year`` (one plan per year, R2.1)."""
    _require_draft_role(actor)
    if not year:
        raise ValidationFailed(_l("Enter the year."), field="year")
    if year < today_of(now).year:
        raise ValidationFailed(_l("The plan is drawn up for the coming year, not a past one."),
                               field="year")
    if get_plan(year) is not None:
        raise ValidationFailed(_l("The plan for %(year)d already exists.", year=year),
                               field="year")
    plan = Plan(year=year, status=lc.DRAFT, version=0, created_by_id=getattr(actor, "id", None),
                created_at=now)
    db.session.add(plan)
    audit.record(actor, "plan.created", plan, data={"year": year}, now=now)
    return plan


def add_item(actor, plan: Plan, *, subject_id: int | None, unit: str | None = None,
             location: str = "", month: int | None = None, starts_on: date | None = None,
             ends_on: date | None = None, requirement_ids=(), finding_ids=(),
             now: datetime) -> PlanItem:
    """Add an inspection to the draft plan: the control subject (or its subdivision or
    object) with location (R2.5 (3), (4)), timeframe in the plan year (5), subject matter
    from the catalogue (6), cited findings (R1.3, at least one).  R2.2 refuses a second
    item for the same body; R2.6 refuses any edit of an approved plan."""
    _require_draft_role(actor)
    require_editable(plan)
    subdivision_id, object_id = parse_unit(unit)
    target = _target(subject_id, subdivision_id, object_id, location)
    check_one_per_year(plan, target.subject.id)
    month, starts, ends = make_timeframe(plan.year, month=month, starts_on=starts_on,
                                         ends_on=ends_on)
    requirements = _requirements(requirement_ids, starts, ends)
    findings = _findings(finding_ids, target.subject)
    item = PlanItem(no=_next_no(plan), status=ITEM_ACTIVE,
                    subject_id=target.subject.id,
                    subdivision_id=target.subdivision.id if target.subdivision else None,
                    object_id=target.obj.id if target.obj else None, **target.names(),
                    location=target.location, month=month, starts_on=starts, ends_on=ends,
                    added_in_version=1, created_by_id=getattr(actor, "id", None),
                    created_at=now)
    plan.items.append(item)
    item.requirements = requirements
    item.findings = findings
    audit.record(actor, "plan.item_added", plan,
                 data={"year": plan.year, "no": item.no, "subject_id": target.subject.id,
                       "subdivision_id": item.subdivision_id, "object_id": item.object_id,
                       "location": item.location, "month": month, "starts_on": starts,
                       "ends_on": ends, "requirements": [r.code for r in requirements],
                       "findings": [f.id for f in findings]}, now=now)
    return item


def remove_item(actor, plan: Plan, item: PlanItem, *, now: datetime) -> None:
    """Remove an item of the draft plan (the others are renumbered).  R2.6: an approved
    plan is changed only by an amendment."""
    _require_draft_role(actor)
    require_editable(plan)
    if item.plan_id != plan.id:
        raise ValidationFailed(_l("No such item in this plan."))
    removed = item.no
    data = {"year": plan.year, "no": removed, "subject_id": item.subject_id}
    plan.items.remove(item)  # delete-orphan
    db.session.flush()
    for other in sorted(plan.items, key=lambda i: i.no):
        if other.no > removed:
            other.no -= 1
            db.session.flush()
    audit.record(actor, "plan.item_removed", plan, data=data, now=now)


def submit_plan(actor, plan: Plan, *, now: datetime) -> None:
    """The inspector submits the draft to the first head (R2.1)."""
    target = _step(actor, plan, lc.SUBMIT)
    if not plan.active_items:
        raise ValidationFailed(_l("Add at least one item before submitting the plan."))
    for item in plan.active_items:
        if not item.findings:
            raise RuleViolation(_l("Item %(no)d cites no finding.", no=item.no), rule="R1.3")
    plan.status = target
    plan.return_comment = ""
    audit.record(actor, "plan.submitted", plan,
                 data={"year": plan.year, "items": len(plan.active_items)}, now=now)
    # R2.1, R2.3: the first head learns at once that a plan waits for approval.
    notifications.notify("plan_submitted", None, side=notifications.FIRST_HEADS, now=now,
                         params={"year": plan.year,
                                 "due": plan_approval_deadline(plan.year).day.isoformat()})


def return_plan(actor, plan: Plan, *, comment: str, now: datetime) -> None:
    """The first head returns the plan to the inspectors with comments (R2.1)."""
    target = _step(actor, plan, lc.RETURN)
    comment = _clean(comment)
    if not comment:
        raise ValidationFailed(_l("Write what should be changed."), field="comment")
    plan.status = target
    plan.return_comment = comment
    audit.record(actor, "plan.returned", plan, data={"year": plan.year, "comment": comment},
                 now=now)


# --------------------------------------------------------------------------- approval


def signatory(actor, lang: str) -> dict:
    """R2.5 (7): the person authorised to sign — the first head approving."""
    position = actor.position(lang) if hasattr(actor, "position") else ""
    return {"full_name": getattr(actor, "full_name", "") or "", "position": position or ""}


def _issue_plan_documents(actor, plan: Plan, now: datetime) -> list[GeneratedDocument]:
    """The ``plan`` DOCX in kk and ru from the records (R2.5), a new version each time.
    The items are loaded with their bodies, units, objects, requirements and findings in a
    constant number of statements first (issue 13: a plan of 600 items)."""
    db.session.flush()
    plan = get_plan_full(plan.year) or plan
    docs = []
    for lang in ("kk", "ru"):
        ctx = pc.plan_context(plan, lang, authority_name=authority_name(lang), place=place(lang),
                              signatory=signatory(actor, lang))
        docs.append(issue_document(actor, code="plan", lang=lang, context=ctx,
                                   object_type="plans", object_id=plan.id, number=plan.number,
                                   doc_date=plan.approved_on, now=now))
    return docs


def _refresh_names(item: PlanItem) -> None:
    names = _target(item.subject_id, item.subdivision_id, item.object_id, item.location).names()
    for key, value in names.items():
        setattr(item, key, value)


def approve_plan(actor, plan: Plan, *, number: str, approved_on: date | None,
                 late_reason: str = "", now: datetime) -> list[GeneratedDocument]:
    """R2.1: the first head approves the submitted plan with its number and date.

    R2.3: an approval after 1 December of Y-1 is allowed but flagged ("approved late") and
    needs a typed reason.  Generates the ``plan`` DOCX (kk, ru)."""
    target = _step(actor, plan, lc.APPROVE)
    number = _clean(number)
    if not number:
        raise ValidationFailed(_l("Enter the plan's number."), field="number")
    if approved_on is None:
        raise ValidationFailed(_l("Enter the date."), field="approved_on")
    if approved_on > today_of(now):
        raise ValidationFailed(_l("The date of approval cannot be in the future."),
                               field="approved_on")
    late = lc.approval_is_late(plan.year, approved_on)
    late_reason = _clean(late_reason)
    if late and not late_reason:
        deadline = plan_approval_deadline(plan.year).day
        raise ValidationFailed(
            _l("The plan for %(year)d is approved after %(deadline)s: write the reason of the "
               "late approval.", year=plan.year, deadline=format_date(deadline, "long")),
            rule="R2.3", field="late_reason")
    # the items with their bodies, units and objects in a constant number of statements
    # (issue 13): _refresh_names then finds them in the session
    plan = get_plan_full(plan.year) or plan
    if not plan.active_items:
        raise ValidationFailed(_l("The plan has no items."))
    for item in plan.active_items:
        _refresh_names(item)
        item.added_in_version = 1
    plan.status = target
    plan.number = number
    plan.approved_on = approved_on
    plan.approved_by_id = getattr(actor, "id", None)
    plan.approved_late = late
    plan.late_reason = late_reason if late else ""
    plan.version = 1
    plan.return_comment = ""
    db.session.flush()
    audit.record(actor, "plan.approved", plan,
                 data={"year": plan.year, "number": number, "approved_on": approved_on,
                       "late": late, "late_reason": plan.late_reason,
                       "deadline": plan_approval_deadline(plan.year).day,
                       "items": len(plan.active_items)}, now=now)
    return _issue_plan_documents(actor, plan, now)


def publish_plan(actor, plan: Plan, *, published_on: date | None, now: datetime) -> None:
    """R2.4: publish the approved plan on the public page (and its CSV and JSON).  A
    publication after 20 December of Y-1 is allowed but flagged ("published late")."""
    target = _step(actor, plan, lc.PUBLISH)
    if published_on is None:
        raise ValidationFailed(_l("Enter the date."), field="published_on")
    if published_on > today_of(now):
        raise ValidationFailed(_l("The date of publication cannot be in the future."),
                               field="published_on")
    if plan.approved_on and published_on < plan.approved_on:
        raise ValidationFailed(_l("The plan cannot be published before it is approved."),
                               field="published_on")
    late = lc.publication_is_late(plan.year, published_on)
    plan.status = target
    plan.published_on = published_on
    plan.published_late = late
    audit.record(actor, "plan.published", plan,
                 data={"year": plan.year, "published_on": published_on, "late": late,
                       "deadline": plan_publication_deadline(plan.year).day}, now=now)


# --------------------------------------------------------------------------- amendments


def propose_amendment(actor, plan: Plan, *, ground: str, ground_details: str,
                      basis_title: str, basis_number: str, basis_date: date | None,
                      now: datetime) -> PlanAmendment:
    """R2.6: draft an amendment of the approved plan, naming one of the four grounds
    (liquidation, reorganisation, renaming, redistribution of powers) and its basis
    document.  Any other ground is refused."""
    if not permissions.can_propose_amendment(actor):
        raise PermissionDenied(_l("Your role may not propose amendments."))
    if plan.status not in lc.APPROVED_STATES:
        raise ValidationFailed(_l("Only an approved plan is amended; a draft is edited "
                                  "directly."))
    if ground not in lc.GROUNDS:
        raise RuleViolation(R26_MESSAGE, rule="R2.6", field="ground")
    values = dict(basis_title=_clean(basis_title), basis_number=_clean(basis_number))
    for name, value in values.items():
        if not value:
            raise ValidationFailed(_l("Name the basis document: title, number and date."),
                                   field=name, rule="R2.6")
    if basis_date is None:
        raise ValidationFailed(_l("Name the basis document: title, number and date."),
                               field="basis_date", rule="R2.6")
    if basis_date > today_of(now):
        raise ValidationFailed(_l("The date of the basis document cannot be in the future."),
                               field="basis_date")
    if plan.draft_amendments:
        raise ValidationFailed(_l("An amendment of this plan is already being drafted; "
                                  "approve or discard it first."))
    amendment = PlanAmendment(plan=plan, status=AMENDMENT_DRAFT, ground=ground,
                              ground_details=_clean(ground_details), basis_date=basis_date,
                              created_by_id=getattr(actor, "id", None), created_at=now,
                              **values)
    db.session.add(amendment)
    audit.record(actor, "amendment.created", amendment,
                 data={"plan_id": plan.id, "year": plan.year, "ground": ground,
                       "basis": [values["basis_title"], values["basis_number"], basis_date]},
                 now=now)
    notifications.notify("amendment_drafted", None, side=notifications.FIRST_HEADS, now=now,
                         params={"year": plan.year})  # R2.6: the first head approves it
    return amendment


def _require_amendment_draft(actor, amendment: PlanAmendment) -> None:
    if not permissions.can_propose_amendment(actor):
        raise PermissionDenied(_l("Your role may not propose amendments."))
    if amendment.status != AMENDMENT_DRAFT:
        raise ValidationFailed(_l("This amendment has been approved; it is not changed any "
                                  "more."))


def add_change(actor, amendment: PlanAmendment, *, action: str, item_id: int | None = None,
               subject_id: int | None = None, unit: str | None = None, location: str = "",
               month: int | None = None, starts_on: date | None = None,
               ends_on: date | None = None, requirement_ids=(), finding_ids=(),
               now: datetime) -> AmendmentChange:
    """Add a change to a draft amendment.  R2.6: the change must fit the ground —
    liquidation only excludes items, renaming only changes them (the new name comes from
    the registry), reorganisation and redistribution of powers change, exclude or add.  An
    added item follows R1.3, R2.2 and R2.5 like a drafted one."""
    _require_amendment_draft(actor, amendment)
    plan = amendment.plan
    if action not in lc.CHANGE_ACTIONS:
        raise ValidationFailed(_l("Choose the kind of change."), field="action")
    if action not in lc.GROUND_ACTIONS[amendment.ground]:
        raise RuleViolation(_l("This change does not follow from the ground of the "
                               "amendment."), rule="R2.6", field="action")
    change = AmendmentChange(action=action, requirement_ids=[], finding_ids=[])
    data: dict = {"action": action}
    if action in (lc.CHANGE, lc.EXCLUDE):
        item = db.session.get(PlanItem, item_id) if item_id else None
        if item is None or item.plan_id != plan.id or item.status != ITEM_ACTIVE:
            raise ValidationFailed(_l("Choose an item of the plan."), field="item_id")
        if any(c.item_id == item.id for c in amendment.changes):
            raise ValidationFailed(_l("This item is already changed by this amendment."),
                                   field="item_id")
        if amendment.ground == lc.GROUND_LIQUIDATION \
                and item.subject.status != STATUS_LIQUIDATED:
            raise RuleViolation(_l("The registry does not show this control subject as "
                                   "liquidated: record the liquidation in its history first."),
                                rule="R2.6", field="item_id")
        change.item = item
        data["item_no"] = item.no
    if action in (lc.CHANGE, lc.ADD):
        if action == lc.CHANGE and not subject_id:
            subject_id = change.item.subject_id
            if unit is None:
                unit = _unit_value(change.item)
        subdivision_id, object_id = parse_unit(unit)
        target = _target(subject_id, subdivision_id, object_id, location)
        if amendment.ground == lc.GROUND_RENAMING:
            _check_renamed(change.item, target)
        if action == lc.CHANGE and not month and starts_on is None:
            month, starts, ends = change.item.month, change.item.starts_on, change.item.ends_on
        else:
            month, starts, ends = make_timeframe(plan.year, month=month, starts_on=starts_on,
                                                 ends_on=ends_on)
        check_one_per_year(plan, target.subject.id,
                           except_item=change.item.id if change.item else None,
                           also_taken=_subjects_added(amendment))
        change.subject_id = target.subject.id
        change.subdivision_id = target.subdivision.id if target.subdivision else None
        change.object_id = target.obj.id if target.obj else None
        change.location = target.location
        change.month, change.starts_on, change.ends_on = month, starts, ends
        if action == lc.ADD:
            change.requirement_ids = [r.id for r in _requirements(requirement_ids, starts, ends)]
        if action == lc.ADD or target.subject.id != change.item.subject_id:
            # R1.3: an item for another body cites findings about that body
            change.finding_ids = [f.id for f in _findings(finding_ids, target.subject)]
        data.update(subject_id=target.subject.id, subdivision_id=change.subdivision_id,
                    object_id=change.object_id, location=change.location, month=month,
                    starts_on=starts, ends_on=ends, requirement_ids=change.requirement_ids,
                    finding_ids=change.finding_ids)
    amendment.changes.append(change)
    audit.record(actor, "amendment.change_added", amendment, data=data, now=now)
    return change


def _check_renamed(item: PlanItem, target: Target) -> None:
    """R2.6 renaming: the item keeps its body, whose new name is in the registry."""
    if target.subject.id != item.subject_id:
        raise RuleViolation(_l("On the ground of renaming an item keeps its control subject."),
                            rule="R2.6", field="subject_id")
    names = target.names()
    if all(getattr(item, key) == value for key, value in names.items()):
        raise RuleViolation(_l("The registry shows no new name for this control subject: "
                               "record the renaming in its history first."),
                            rule="R2.6", field="item_id")


def _unit_value(item) -> str:
    if item.subdivision_id:
        return f"subdivision:{item.subdivision_id}"
    if item.object_id:
        return f"object:{item.object_id}"
    return "subject"


def _subjects_added(amendment: PlanAmendment) -> set[int]:
    """Bodies that the amendment's other changes already bring into the plan (R2.2)."""
    return {c.subject_id for c in amendment.changes
            if c.subject_id and (c.action == lc.ADD
                                 or (c.item is not None and c.subject_id != c.item.subject_id))}


def remove_change(actor, change: AmendmentChange, *, now: datetime) -> None:
    amendment = change.amendment
    _require_amendment_draft(actor, amendment)
    data = {"action": change.action, "item_id": change.item_id}
    amendment.changes.remove(change)  # delete-orphan
    db.session.flush()
    audit.record(actor, "amendment.change_removed", amendment, data=data, now=now)


def discard_amendment(actor, amendment: PlanAmendment, *, now: datetime) -> None:
    """Drop a draft amendment (an approved one is part of the plan's history)."""
    _require_amendment_draft(actor, amendment)
    plan = amendment.plan
    audit.record(actor, "amendment.discarded", amendment,
                 data={"plan_id": plan.id, "ground": amendment.ground}, now=now)
    plan.amendments.remove(amendment)  # delete-orphan: the row and its changes go
    db.session.flush()


def _apply(change: AmendmentChange, plan: Plan, version: int, now: datetime,
           actor) -> None:
    """Apply one change to the plan's items, recording the wording before and after."""
    if change.action == lc.EXCLUDE:
        item = change.item
        change.item_no = item.no
        change.before_kk, change.before_ru = pc.item_wording(item, "kk"), pc.item_wording(item, "ru")
        item.status = ITEM_EXCLUDED
        item.excluded_in_version = version
        return
    target = _target(change.subject_id, change.subdivision_id, change.object_id,
                     change.location)
    if change.action == lc.CHANGE:
        item = change.item
        if item.status != ITEM_ACTIVE:
            raise ValidationFailed(_l("Item %(no)d is no longer in the plan.", no=item.no))
        change.before_kk, change.before_ru = pc.item_wording(item, "kk"), pc.item_wording(item, "ru")
        check_one_per_year(plan, target.subject.id, except_item=item.id)
        if change.finding_ids:
            item.findings = [db.session.get(Finding, i) for i in change.finding_ids]
    else:
        check_one_per_year(plan, target.subject.id)
        requirements = [db.session.get(Requirement, i) for i in change.requirement_ids]
        cited = [db.session.get(Finding, i) for i in change.finding_ids]
        item = PlanItem(no=_next_no(plan), status=ITEM_ACTIVE, added_in_version=version,
                        subject=target.subject, subdivision=target.subdivision,
                        object=target.obj, location=target.location,
                        month=change.month, starts_on=change.starts_on, ends_on=change.ends_on,
                        created_by_id=getattr(actor, "id", None), created_at=now,
                        **target.names())
        item.requirements = requirements
        item.findings = cited
        plan.items.append(item)
        change.item = item
    item.subject = target.subject
    item.subdivision = target.subdivision
    item.object = target.obj
    for key, value in target.names().items():
        setattr(item, key, value)
    item.location = target.location
    item.month, item.starts_on, item.ends_on = change.month, change.starts_on, change.ends_on
    db.session.flush()
    change.item_no = item.no
    change.after_kk, change.after_ru = pc.item_wording(item, "kk"), pc.item_wording(item, "ru")


def approve_amendment(actor, amendment: PlanAmendment, *, number: str,
                      approved_on: date | None, now: datetime) -> list[GeneratedDocument]:
    """R2.6: the first head approves the amendment with its number and date; the changes
    are applied and the plan gets a new numbered version.  Generates the
    ``plan_amendment`` DOCX and the plan's DOCX of the new version (kk, ru)."""
    plan = amendment.plan
    _step(actor, plan, lc.AMEND)
    if amendment.status != AMENDMENT_DRAFT:
        raise ValidationFailed(_l("This amendment has been approved already."))
    if not amendment.changes:
        raise ValidationFailed(_l("Add at least one change to the amendment."))
    number = _clean(number)
    if not number:
        raise ValidationFailed(_l("Enter the amendment's number."), field="number")
    if approved_on is None:
        raise ValidationFailed(_l("Enter the date."), field="approved_on")
    if approved_on > today_of(now):
        raise ValidationFailed(_l("The date of approval cannot be in the future."),
                               field="approved_on")
    if plan.approved_on and approved_on < plan.approved_on:
        raise ValidationFailed(_l("An amendment cannot precede the plan's approval."),
                               field="approved_on")
    version = plan.version + 1
    for change in amendment.changes:
        _apply(change, plan, version, now, actor)
    plan.version = version
    amendment.status = AMENDMENT_APPROVED
    amendment.number = number
    amendment.approved_on = approved_on
    amendment.version = version
    amendment.approved_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "amendment.approved", amendment,
                 data={"plan_id": plan.id, "year": plan.year, "version": version,
                       "number": number, "approved_on": approved_on,
                       "ground": amendment.ground,
                       "changes": [[c.action, c.item_no] for c in amendment.changes]},
                 now=now)
    docs = []
    for lang in ("kk", "ru"):
        ctx = pc.amendment_context(amendment, lang, authority_name=authority_name(lang),
                                   place=place(lang), signatory=signatory(actor, lang))
        docs.append(issue_document(actor, code="plan_amendment", lang=lang, context=ctx,
                                   object_type="plan_amendments", object_id=amendment.id,
                                   number=number, doc_date=approved_on, now=now))
    docs.extend(_issue_plan_documents(actor, plan, now))
    return docs


# ---------------------------------------------------------------------- reading


def documents_of(plan: Plan) -> list[GeneratedDocument]:
    """The plan's documents and its amendments' documents, newest first."""
    amendment_ids = [a.id for a in plan.amendments]
    stmt = select(GeneratedDocument).where(
        ((GeneratedDocument.object_type == "plans") & (GeneratedDocument.object_id == plan.id))
        | ((GeneratedDocument.object_type == "plan_amendments")
           & (GeneratedDocument.object_id.in_(amendment_ids or [-1]))))
    return list(db.session.execute(
        stmt.order_by(GeneratedDocument.id.desc())).scalars())


def plans_by_year(years) -> dict:
    """year → plan (absent years: ``None``), one statement (issue 13)."""
    years = sorted(set(years))
    found = {p.year: p for p in db.session.execute(
        _plans_of_years(), {"years": years}).scalars()}
    return {y: found.get(y) for y in years}


@cache
def _plans_of_years():
    """The statement of :func:`plans_by_year`, built once (issue 13)."""
    from sqlalchemy import bindparam

    return select(Plan).where(Plan.year.in_(bindparam("years", expanding=True)))


def approval_reminders(today: date, plans: dict | None = None) -> list[dict]:
    """R2.3: for the first head's home page — the plans whose approval is due: next year's
    from 15 November of this year while unapproved, and this year's draft while still
    unapproved.  ``plans``: :func:`plans_by_year` of at least these years, when loaded."""
    reminders = []
    years = list(lc.reminder_years(today))
    plans_by_year_ = plans if plans is not None else plans_by_year(years)
    for year in years:
        plan = plans_by_year_.get(year)
        if plan is not None and plan.status in lc.APPROVED_STATES:
            continue
        if plan is None and year == today.year:
            continue  # a year already running without any plan: nothing to approve here
        deadline = plan_approval_deadline(year)
        reminders.append({"year": year, "plan": plan, "deadline": deadline,
                          "overdue": today > deadline.day})
    return reminders


def active_item_counts() -> dict[int, int]:
    """plan id → number of active items, one GROUP BY for the list of plans (issue 13)."""
    return dict(db.session.execute(
        select(PlanItem.plan_id, func.count(PlanItem.id)).where(PlanItem.status == ITEM_ACTIVE)
        .group_by(PlanItem.plan_id)).all())


def count_items(year: int) -> int:
    return db.session.execute(
        select(func.count(PlanItem.id)).join(Plan).where(
            Plan.year == year, PlanItem.status == ITEM_ACTIVE)).scalar() or 0


# ----------------------------------------------------------- open data (R2.4, R27.1)

#: Columns of ``/plans/<year>.csv``, in this order (documented in README.md; stable).
CSV_COLUMNS = (
    "plan_year", "plan_number", "plan_date", "plan_version", "approved_late",
    "published_on", "published_late", "authority_name_kk", "authority_name_ru", "item_no",
    "subject_bin", "subject_name_kk", "subject_name_ru", "unit_kind", "unit_name_kk",
    "unit_name_ru", "location", "timeframe_month", "timeframe_start", "timeframe_end",
    "subject_matter_kk", "subject_matter_ru", "requirement_codes", "added_in_version",
)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def open_data(plan: Plan) -> dict:
    """The published plan as plain data (R2.4, R2.5 without the signature): names of bodies
    only, no personal data (R27.1)."""
    items = []
    for item in plan.active_items:
        items.append({
            "no": item.no,
            "subject_bin": item.subject.bin,
            "subject_name": {"kk": item.name_kk, "ru": item.name_ru},
            "unit": None if item.unit_kind == "subject" else {
                "kind": item.unit_kind,
                "name": {"kk": item.unit_name_kk, "ru": item.unit_name_ru}},
            "location": item.location,
            "timeframe": {"month": item.month, "start": _iso(item.starts_on),
                          "end": _iso(item.ends_on)},
            "subject_matter": [{"code": r.code, "ref": {"kk": r.ref_kk, "ru": r.ref_ru},
                                "topic": {"kk": r.topic_kk, "ru": r.topic_ru}}
                               for r in item.requirements],
            "added_in_version": item.added_in_version,
        })
    amendments = [{
        "version": a.version,
        "number": a.number,
        "date": _iso(a.approved_on),
        "ground": a.ground,
        "ground_details": a.ground_details,
        "basis_document": {"title": a.basis_title, "number": a.basis_number,
                           "date": _iso(a.basis_date)},
        "changes": [{"item_no": c.item_no, "action": c.action,
                     "before": {"kk": c.before_kk, "ru": c.before_ru},
                     "after": {"kk": c.after_kk, "ru": c.after_ru}} for c in a.changes],
    } for a in plan.approved_amendments]
    return {
        "plan_year": plan.year,
        "authority_name": {"kk": authority_name("kk"), "ru": authority_name("ru")},
        "plan_number": plan.number,
        "plan_date": _iso(plan.approved_on),
        "plan_version": plan.version,
        "approval_deadline": _iso(plan_approval_deadline(plan.year).day),
        "approved_late": plan.approved_late,
        "published_on": _iso(plan.published_on),
        "publication_deadline": _iso(plan_publication_deadline(plan.year).day),
        "published_late": plan.published_late,
        "items": items,
        "amendments": amendments,
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run as a formula: text beginning with ``=``, ``+``,
    ``-``, ``@`` (or a tab or carriage return) gets a leading apostrophe (issue "Integrity",
    item 10).  Numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def open_data_csv(plan: Plan) -> str:
    """One row per item of the current version, columns :data:`CSV_COLUMNS` (UTF-8); every
    text cell is neutralised against formula injection (:func:`safe_cell`)."""
    data = open_data(plan)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in data["items"]:
        unit = item["unit"] or {"kind": "subject", "name": {"kk": "", "ru": ""}}
        matter = item["subject_matter"]
        row = {
            "plan_year": data["plan_year"], "plan_number": data["plan_number"],
            "plan_date": data["plan_date"], "plan_version": data["plan_version"],
            "approved_late": str(data["approved_late"]).lower(),
            "published_on": data["published_on"],
            "published_late": str(data["published_late"]).lower(),
            "authority_name_kk": data["authority_name"]["kk"],
            "authority_name_ru": data["authority_name"]["ru"],
            "item_no": item["no"], "subject_bin": item["subject_bin"],
            "subject_name_kk": item["subject_name"]["kk"],
            "subject_name_ru": item["subject_name"]["ru"],
            "unit_kind": unit["kind"], "unit_name_kk": unit["name"]["kk"],
            "unit_name_ru": unit["name"]["ru"], "location": item["location"],
            "timeframe_month": item["timeframe"]["month"] or "",
            "timeframe_start": item["timeframe"]["start"],
            "timeframe_end": item["timeframe"]["end"],
            "subject_matter_kk": "; ".join(f"{m['topic']['kk']} ({m['ref']['kk']})"
                                           for m in matter),
            "subject_matter_ru": "; ".join(f"{m['topic']['ru']} ({m['ref']['ru']})"
                                           for m in matter),
            "requirement_codes": ";".join(m["code"] for m in matter),
            "added_in_version": item["added_in_version"],
        }
        writer.writerow([safe_cell(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()
