"""Inspections, part 1: appointment act → notice → delivery (start) → arrival → evidence →
extension (R3.1, R4.1, R5.1, R7.1–R7.4, R8.1, R9.1–R9.4).

Every status change goes through ``lifecycle.transition`` here, with its guard checked and
an audit row written in the same transaction.  Nothing commits here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Date, bindparam, select, text

from .. import deadlines, lifecycle, permissions
from ..calendar import WorkingCalendar
from ..clock import ALMATY, as_moment
from ..errors import PermissionDenied, RuleViolation, ValidationFailed
from ..extensions import db
from ..i18n import format_date
from ..i18n import lazy_gettext as _l
from ..models import ControlSubject, Requirement, Subdivision, SubjectObject, User
from ..models.inspections import (
    AUTHOR_KINDS,
    EVIDENCE_KINDS,
    EXTENSION_APPROVED,
    EXTENSION_REFUSED,
    GROUNDS,
    GROUNDS_COMPLAINT,
    GROUNDS_LINKING,
    KINDS,
    NOTICE_CHANNELS,
    PERIODIC,
    REFUSAL_REASONS,
    SPECIALIST_ROLES,
    UNSCHEDULED,
    ActCounter,
    ActDelivery,
    AdmissionRefusal,
    ArrivalCheck,
    Evidence,
    Extension,
    Inspection,
    InspectionGround,
    InspectionInspector,
    InspectionRequirement,
    InspectionSpecialist,
    StartNotice,
)
from . import audit, inspection_documents, notifications, signatures, transitions

# ---------------------------------------------------------------- helpers


def _require(predicate, actor, obj) -> None:
    if not predicate(actor, obj):
        raise PermissionDenied(_l("Your role may not take this step."))


# ---------------------------------------------------------------- creation


def create_inspection(actor, *, kind: str, control_subject_id: int,
                      subdivision_id: int | None = None, object_id: int | None = None,
                      plan_item_id: int | None = None, grounds=(), now: datetime) -> Inspection:
    """A draft inspection: periodic (from a plan item) or unscheduled with its grounds (R1.2,
    R3.1); any other kind is refused."""
    _require(permissions.can_create_inspection, actor, None)
    if kind not in KINDS:
        raise ValidationFailed(_l("Choose the kind of inspection."), field="kind")
    subject = db.session.get(ControlSubject, control_subject_id or 0)
    if subject is None:
        raise ValidationFailed(_l("Choose the control subject."), field="control_subject_id")
    if subject.status == "liquidated":
        raise ValidationFailed(_l("This body has been liquidated."), field="control_subject_id")
    check_not_national_bank(subject)
    _check_parts(subject, subdivision_id, object_id)
    if kind == UNSCHEDULED and not grounds:
        raise RuleViolation(_l("An unscheduled inspection needs at least one ground with its "
                               "basis document."), rule="R3.1", field="ground")
    if kind == PERIODIC and grounds:
        raise ValidationFailed(_l("A periodic inspection follows the plan; it has no grounds "
                                  "of an unscheduled one."), field="ground")
    inspection = Inspection(kind=kind, status=lifecycle.DRAFT, control_subject=subject,
                            subdivision_id=subdivision_id or None, object_id=object_id or None,
                            plan_item_id=plan_item_id, created_by_id=getattr(actor, "id", None),
                            created_at=now)
    db.session.add(inspection)
    for g in grounds:
        add_ground(actor, inspection, now=now, audit_it=False, **g)
    audit.record(actor, "inspection.created", inspection,
                 data={"kind": kind, "control_subject_id": subject.id,
                       "grounds": [g["ground"] for g in grounds],
                       "plan_item_id": plan_item_id}, now=now)
    return inspection


def create_from_plan_item(actor, item, *, now: datetime) -> Inspection:
    """A periodic inspection pre-filled from an approved plan item (R2.1): the body, its
    subdivision or object, the timeframe and the subject matter.  A body has at most one
    periodic inspection a year (R2.2)."""
    if item.plan.status not in ("approved", "published") or item.status != "active":
        raise RuleViolation(_l("Periodic inspections follow an approved plan."), rule="R2.1")
    year = item.plan.year
    existing = db.session.execute(
        select(Inspection).where(Inspection.kind == PERIODIC,
                                 Inspection.control_subject_id == item.subject_id,
                                 Inspection.status != lifecycle.CANCELLED)
    ).scalars().all()
    if any(i.plan_item_id == item.id or (i.plan_item and i.plan_item.plan.year == year)
           for i in existing):
        raise RuleViolation(_l("This body already has a periodic inspection in %(year)d.",
                               year=year), rule="R2.2")
    inspection = create_inspection(actor, kind=PERIODIC, control_subject_id=item.subject_id,
                                   subdivision_id=item.subdivision_id, object_id=item.object_id,
                                   plan_item_id=item.id, now=now)
    inspection.requirements = [InspectionRequirement(requirement_id=r.id)
                               for r in item.requirements]
    start = max(item.starts_on, now.astimezone(ALMATY).date())
    inspection.planned_start = start if start <= item.ends_on else None  # R2.7
    return inspection


def check_not_national_bank(subject) -> None:
    """R27.2: control over the National Bank of Kazakhstan and its organisations follows the
    Entrepreneurial Code, this Law and the Law on the National Bank, not Art. 27-3: no plan
    item and no appointment act for a body the registry marks so.  Blocks."""
    if subject is not None and getattr(subject, "national_bank", False):
        raise RuleViolation(
            _l("%(name)s is the National Bank of Kazakhstan or one of its organisations: control "
               "over it follows the Entrepreneurial Code, the Law on personal data and the Law "
               "on the National Bank, not the inspection procedure of Art. 27-3.",
               name=subject.name_ru), rule="R27.2", field="control_subject_id")


def requirements_not_in_force(requirements, start: date, end: date) -> list:
    """Catalogue section of RULES.md: the requirements (of ``requirements``) that were in force
    on no day of [start, end]."""
    return [r for r in requirements if not r.in_force_during(start, end)]


def _check_in_force(requirements, start: date | None, end: date | None, *, field: str) -> None:
    """The act may cite a requirement only if it was in force on at least one day of the
    inspected period (R7.2 (10), catalogue section).  Blocks, naming the requirement and the
    date it came into force."""
    if not start or not end:
        return
    stale = requirements_not_in_force(requirements, start, end)
    if stale:
        r = stale[0]
        raise RuleViolation(
            _l("%(ref)s was not in force during the inspected period %(start)s – %(end)s: it is "
               "in force from %(from)s%(to)s.", ref=r.code, start=start.isoformat(),
               end=end.isoformat(), **{"from": r.effective_from.isoformat(),
                                      "to": (" – " + r.effective_to.isoformat())
                                      if r.effective_to else ""}),
            rule="R7.2", field=field)


def _check_plan_item(inspection: Inspection, requirement_ids, planned_start, planned_end) -> None:
    """R2.7: a periodic inspection is carried out according to the plan — its planned start
    and end lie within its plan item's timeframe and its subject matter is the item's
    (para 4 (1)).  Blocks; only an approved amendment moves the item."""
    item = inspection.plan_item
    if inspection.kind != PERIODIC or item is None:
        return
    allowed = {r.id for r in item.requirements}
    extra = [rid for rid in requirement_ids if rid not in allowed]
    if extra:
        raise RuleViolation(
            _l("A periodic inspection checks only the subject matter of its plan item."),
            rule="R2.7", field="requirement_ids")
    for day, field in ((planned_start, "planned_start"), (planned_end, "planned_end")):
        if day and not (item.starts_on <= day <= item.ends_on):
            raise RuleViolation(
                _l("A periodic inspection is carried out according to the plan: its dates lie "
                   "within the timeframe of the plan item, %(start)s – %(end)s.",
                   start=item.starts_on.isoformat(), end=item.ends_on.isoformat()),
                rule="R2.7", field=field)


def _check_parts(subject, subdivision_id, object_id) -> None:
    if subdivision_id:
        sub = db.session.get(Subdivision, subdivision_id)
        if sub is None or sub.subject_id != subject.id:
            raise ValidationFailed(_l("The subdivision belongs to another body."),
                                   field="subdivision_id")
    if object_id:
        obj = db.session.get(SubjectObject, object_id)
        if obj is None or obj.subject_id != subject.id:
            raise ValidationFailed(_l("The object belongs to another body."), field="object_id")


def add_ground(actor, inspection: Inspection, *, ground: int, basis_number: str,
               basis_date: date | None, basis_author: str, upload_id: int | None = None,
               linked_inspection_id: int | None = None, author_kind: str | None = None,
               disclosure_consent: bool = False, consent_upload_id: int | None = None,
               now: datetime, audit_it: bool = True) -> InspectionGround:
    """A ground of R3.1 with its basis document (number, date, author, file).

    R27.1: on grounds 1–2 who wrote the complaint is recorded (an individual unless said
    otherwise); an individual's consent to disclosure counts only with its document."""
    if inspection.status != lifecycle.DRAFT:
        raise RuleViolation(_l("The grounds are fixed once the act is issued."), rule="R7.2")
    if ground not in GROUNDS:
        raise ValidationFailed(_l("Choose one of the seven grounds."), field="ground")
    if not (basis_number or "").strip() or basis_date is None or not (basis_author or "").strip():
        raise RuleViolation(_l("Each ground needs its basis document: number, date and author."),
                            rule="R3.1", field="basis_number")
    if ground in GROUNDS_LINKING:
        linked = db.session.get(Inspection, linked_inspection_id or 0)
        if linked is None or linked.control_subject_id != inspection.control_subject.id:
            raise RuleViolation(
                _l("Grounds 5 and 7 link the earlier inspection of the same body."),
                rule="R3.1", field="linked_inspection_id")
    if ground in GROUNDS_COMPLAINT:
        author_kind = author_kind or "individual"
        if author_kind not in AUTHOR_KINDS:
            raise ValidationFailed(_l("Say whether the author is an individual or a legal "
                                      "entity."), field="author_kind")
        disclosure_consent = bool(disclosure_consent) and author_kind == "individual"
        if disclosure_consent and not consent_upload_id:
            raise RuleViolation(_l("Consent to disclose the complainant's identity is recorded "
                                   "only with the consent document."),
                                rule="R27.1", field="consent_file")
    else:
        author_kind, disclosure_consent = None, False
    row = InspectionGround(inspection=inspection, ground=ground,
                           basis_number=basis_number.strip(), basis_date=basis_date,
                           basis_author=basis_author.strip(), upload_id=upload_id,
                           author_kind=author_kind, disclosure_consent=disclosure_consent,
                           consent_upload_id=consent_upload_id if disclosure_consent else None,
                           linked_inspection_id=linked_inspection_id if ground in GROUNDS_LINKING
                           else None)
    db.session.add(row)
    if audit_it:
        audit.record(actor, "inspection.ground_added", inspection,
                     data={"ground": ground, "basis_number": row.basis_number,
                           "author_kind": author_kind,
                           "disclosure_consent": disclosure_consent}, now=now)
    return row


# ---------------------------------------------------------------- appointment act (R7.2)


def update_act(actor, inspection: Inspection, *, inspector_ids, specialists, requirement_ids,
               planned_start: date | None, planned_end: date | None,
               period_from: date | None, period_to: date | None, signatory_id: int | None,
               subdivision_id: int | None, object_id: int | None, cal: WorkingCalendar,
               now: datetime) -> None:
    """Save the elements of the appointment act while it is a draft (R7.2, R9.1)."""
    _require(permissions.can_edit_inspection_draft, actor, inspection)
    _check_parts(inspection.control_subject, subdivision_id, object_id)
    if planned_start and not planned_end:
        planned_end = deadlines.fieldwork_end(planned_start, cal).day  # R9.1: the longest
    if planned_start and planned_end:
        if planned_end < planned_start:
            raise ValidationFailed(_l("The end cannot be before the start."), field="planned_end")
        limit = deadlines.fieldwork_end(planned_start, cal).day
        if planned_end > limit:
            raise RuleViolation(
                _l("The inspection lasts at most ten working days: the latest end for this "
                   "start is %(day)s.", day=format_date(limit, "long")), rule="R9.1", field="planned_end")
    if period_from and period_to and period_to < period_from:
        raise ValidationFailed(_l("The inspected period ends before it begins."),
                               field="period_to")
    staff = {u.id: u for u in db.session.execute(
        select(User).where(User.id.in_(list(inspector_ids) or [0]))).scalars()}
    for uid in inspector_ids:
        user = staff.get(uid)
        if user is None or "inspector" not in user.roles or not user.active:
            raise ValidationFailed(_l("Inspectors are chosen from active staff inspectors."),
                                   field="inspector_ids")
    kept = {row.user_id: row for row in inspection.inspectors}
    inspection.inspectors = [kept.get(uid) or InspectionInspector(user_id=uid)
                             for uid in dict.fromkeys(inspector_ids)]
    rows = []
    for s in specialists:
        name, org = (s.get("full_name") or "").strip(), (s.get("organisation") or "").strip()
        if not name and not org:
            continue
        if not name or not org:
            raise ValidationFailed(_l("Each engaged specialist needs a name and an organisation."),
                                   field="specialists")
        role = s.get("role") if s.get("role") in SPECIALIST_ROLES else "specialist"
        position = (s.get("position") or "").strip()
        rows.append(InspectionSpecialist(  # kk and ru; the Russian falls back to the Kazakh
            role=role, full_name=name, organisation_kk=org,
            organisation_ru=(s.get("organisation_ru") or "").strip() or org,
            position_kk=position, position_ru=(s.get("position_ru") or "").strip() or position))
    inspection.specialists = rows
    chosen = {r.id: r for r in db.session.execute(select(Requirement).where(
        Requirement.id.in_(list(requirement_ids) or [0]))).scalars()}
    if set(requirement_ids) - set(chosen):
        raise ValidationFailed(_l("The subject matter is chosen from the requirement catalogue."),
                               field="requirement_ids")
    _check_in_force(list(chosen.values()), period_from, period_to, field="requirement_ids")
    _check_plan_item(inspection, list(requirement_ids), planned_start, planned_end)
    cited = {row.requirement_id: row for row in inspection.requirements}
    inspection.requirements = [cited.get(r) or InspectionRequirement(requirement_id=r)
                               for r in dict.fromkeys(requirement_ids)]
    inspection.planned_start, inspection.planned_end = planned_start, planned_end
    inspection.period_from, inspection.period_to = period_from, period_to
    inspection.signatory_id = signatory_id or None
    inspection.subdivision_id, inspection.object_id = subdivision_id or None, object_id or None
    audit.record(actor, "inspection.act_updated", inspection,
                 data={"inspectors": list(inspector_ids), "requirements": list(requirement_ids),
                       "planned_start": planned_start, "planned_end": planned_end}, now=now)


def missing_act_elements(inspection: Inspection) -> list[str]:
    """Codes of the R7.2 elements (1)–(11) and (13) still missing before issuing."""
    missing = []
    if not inspection.inspectors:
        missing.append("inspectors")
    if not inspection.requirements:
        missing.append("subject_matter")
    if not inspection.planned_start or not inspection.planned_end:
        missing.append("duration")
    if inspection.kind == UNSCHEDULED and not inspection.grounds:
        missing.append("grounds")
    if inspection.kind == PERIODIC and not inspection.plan_item_id:
        missing.append("grounds")
    if not inspection.period_from or not inspection.period_to:
        missing.append("period")
    if not inspection.signatory_id:
        missing.append("signatory")
    return missing


def _next_number(year: int, act_date: date) -> str:
    """The next act number of the year, e.g. ``2026/0042`` — unique even when two inspectors
    issue at once: the counter row is locked by the UPDATE until the transaction ends.

    Numbers rise with dates (R2.7, act dates): the date of the last act issued in the series
    is kept beside the counter and updated with the number in the same locked row; an act
    dated earlier than the last one issued is refused."""
    bind = db.session.get_bind()
    if bind.dialect.name == "postgresql":
        db.session.execute(text("INSERT INTO act_counters (year, last) VALUES (:y, 0) "
                                "ON CONFLICT (year) DO NOTHING"), {"y": year})
    elif db.session.get(ActCounter, year) is None:
        db.session.execute(text("INSERT OR IGNORE INTO act_counters (year, last) VALUES (:y, 0)"),
                           {"y": year})
    last = db.session.execute(
        text("UPDATE act_counters SET last = last + 1, last_date = :d WHERE year = :y "
             "AND (last_date IS NULL OR last_date <= :d) RETURNING last")
        .bindparams(bindparam("d", type_=Date)),
        {"y": year, "d": act_date}).scalar()
    if last is None:
        previous = db.session.get(ActCounter, year, populate_existing=True).last_date
        raise RuleViolation(
            _l("The act cannot be dated %(day)s: the last act of the series was issued on "
               "%(last)s, and numbers rise with dates.", day=act_date.isoformat(),
               last=previous.isoformat() if previous else ""), rule="R2.7", field="act_date")
    return f"{year}/{last:04d}"


def issue_act(actor, inspection: Inspection, *, act_date: date, cal: WorkingCalendar,
              now: datetime) -> None:
    """Issue the appointment act (R7.1, R7.2): all elements present, a number of the year,
    the DOCX in Kazakh and Russian (rendered before the request commits)."""
    transitions.expect(actor, inspection, "issue_act")
    missing = missing_act_elements(inspection)
    if missing:
        raise RuleViolation(_l("The act cannot be issued while elements are missing: "
                               "%(items)s.", items=", ".join(str(ACT_ELEMENT_LABELS[m])
                                                           for m in missing)), rule="R7.2")
    if inspection.planned_end > deadlines.fieldwork_end(inspection.planned_start, cal).day:
        raise RuleViolation(_l("The planned end is beyond the tenth working day."), rule="R9.1")
    check_act_dates(inspection, act_date=act_date, today=now.astimezone(ALMATY).date())
    transitions.move(actor, inspection, "issue_act", now=now)
    inspection.number = _next_number(act_date.year, act_date)
    inspection.act_date = act_date
    inspection.end_date = inspection.planned_end
    db.session.flush()
    inspection_documents.issue(actor, "appointment_act", inspection, cal=cal, now=now)


def check_act_dates(inspection: Inspection, *, act_date: date, today: date) -> None:
    """Before an appointment act is issued (R2.7, R5.1, R7.2, R7.3, R27.2):

    - not for the National Bank or its organisations (R27.2);
    - the act is not dated in the future, and a periodic inspection's act not before its
      plan's approval (R2.7); the number series is checked in :func:`_next_number`;
    - the planned start is not in the past and not before the act (R7.3: the body is
      notified at least 24 hours before the start);
    - a periodic inspection's dates lie within its plan item's timeframe, its subject matter
      is the item's (R2.7);
    - every requirement cited was in force during the inspected period (R7.2 (10))."""
    check_not_national_bank(inspection.control_subject)
    if act_date is None:
        raise ValidationFailed(_l("Enter the date of the act."), field="act_date")
    if act_date > today:
        raise RuleViolation(_l("The act cannot be dated in the future (%(day)s).",
                               day=act_date.isoformat()), rule="R7.2", field="act_date")
    item = inspection.plan_item
    if inspection.kind == PERIODIC and item is not None:
        approved = item.plan.approved_on
        if approved and act_date < approved:
            raise RuleViolation(
                _l("The act of a periodic inspection cannot be dated before the plan was "
                   "approved (%(day)s).", day=approved.isoformat()), rule="R2.7",
                field="act_date")
    if inspection.planned_start < max(today, act_date):
        raise RuleViolation(
            _l("The planned start %(day)s has passed or precedes the act: the body must be "
               "notified at least 24 hours before the start; set new dates.",
               day=inspection.planned_start.isoformat()), rule="R7.3", field="planned_start")
    _check_plan_item(inspection, [r.requirement_id for r in inspection.requirements],
                     inspection.planned_start, inspection.planned_end)
    _check_in_force([r.requirement for r in inspection.requirements], inspection.period_from,
                    inspection.period_to, field="requirement_ids")


ACT_ELEMENT_LABELS = {
    "inspectors": _l("inspectors (item 3)"),
    "subject_matter": _l("subject matter (item 6)"),
    "duration": _l("start and end dates (item 8)"),
    "grounds": _l("grounds (item 9)"),
    "period": _l("inspected period (item 10)"),
    "signatory": _l("signatory (item 13)"),
}


# ---------------------------------------------------------------- notice and start (R7.3, R7.4)


def record_notice(actor, inspection: Inspection, *, notified_at: datetime, channel: str,
                  recipient: str, cal: WorkingCalendar, now: datetime) -> StartNotice:
    """The start notice with the subject matter (R7.3)."""
    transitions.expect(actor, inspection, "record_notice")
    if channel not in NOTICE_CHANNELS:
        raise ValidationFailed(_l("Choose how the notice was given."), field="channel")
    if not (recipient or "").strip():
        raise ValidationFailed(_l("Enter who received the notice."), field="recipient")
    notified_at = as_moment(notified_at)
    if notified_at > now + timedelta(minutes=5):
        raise ValidationFailed(_l("The notice cannot be dated in the future."),
                               field="notified_at")
    transitions.move(actor, inspection, "record_notice", now=now,
                     data={"notified_at": notified_at.isoformat(), "channel": channel})
    notice = StartNotice(inspection=inspection, notified_at=notified_at, channel=channel,
                         recipient=recipient.strip(), recorded_by_id=getattr(actor, "id", None),
                         recorded_at=now)
    db.session.add(notice)
    db.session.flush()
    inspection_documents.issue(actor, "start_notice", inspection, cal=cal, now=now)
    return notice


def deliver_act(actor, inspection: Inspection, *, delivered_at: datetime, recipient_name: str,
                recipient_position: str, receipt: str, refusal_explanation: str = "",
                cal: WorkingCalendar, now: datetime) -> ActDelivery:
    """Delivery of the act starts the inspection on that day (R7.4, R6.1), no sooner than
    24 hours after the notice (R7.3).

    R5.1: an inspection may not run outside its act — a delivery before the act's planned
    start or after its planned end is refused (the act is re-issued with new dates).
    R7.4, R13.1: the end in force is the EARLIER of the act's end date and the tenth working
    day counted from the actual start; the delivery never moves the act's end later."""
    transitions.expect(actor, inspection, "deliver_act")
    signatures.require_signed(inspection, "appointment_act", "start_notice")  # issue 16
    delivered_at = as_moment(delivered_at)
    notice = inspection.notice
    if notice is None:
        raise RuleViolation(_l("Record the start notice first."), rule="R7.3")
    earliest = deadlines.earliest_start_after_notice(notice.notified_at, cal)
    if delivered_at < earliest.at:
        raise RuleViolation(
            _l("The act may be delivered no sooner than 24 hours after the notice: not before "
               "%(time)s.", time=earliest.at.astimezone(ALMATY).strftime("%Y-%m-%d %H:%M")),
            rule="R7.3", field="delivered_at")
    if delivered_at > now + timedelta(minutes=5):
        raise ValidationFailed(_l("The delivery cannot be dated in the future."),
                               field="delivered_at")
    if not recipient_name.strip() or not recipient_position.strip():
        raise ValidationFailed(_l("Enter the recipient's name and position."),
                               field="recipient_name")
    if receipt not in ("signed", "refused"):
        raise ValidationFailed(_l("Say whether the receipt was signed or refused."),
                               field="receipt")
    if receipt == "refused" and not refusal_explanation.strip():
        raise ValidationFailed(_l("Record the explanation of the refusal to sign."),
                               field="refusal_explanation")
    start = delivered_at.astimezone(ALMATY).date()
    check_delivery_within_act(inspection, start)
    end = end_in_force(inspection.planned_end, start, cal)
    transitions.move(actor, inspection, "deliver_act", now=now,
                     data={"start": start.isoformat(), "end": end.isoformat(), "receipt": receipt})
    inspection.start_date, inspection.end_date = start, end
    row = ActDelivery(inspection=inspection, delivered_at=delivered_at,
                      recipient_name=recipient_name.strip(),
                      recipient_position=recipient_position.strip(), receipt=receipt,
                      refusal_explanation=refusal_explanation.strip(),
                      recorded_by_id=getattr(actor, "id", None), recorded_at=now)
    db.session.add(row)
    from . import notifications

    notifications.notify("act_delivered", inspection, side="rep", now=now,
                         params={"document": "appointment_act", "number": inspection.number or ""})
    return row


def check_delivery_within_act(inspection: Inspection, day: date) -> None:
    """R5.1: the appointment act is delivered on a day within its own dates — never after its
    planned end (the body may lawfully refuse admission; re-issue the act with new dates) nor
    before its planned start (the body was notified of that start).  Blocks."""
    if inspection.planned_end and day > inspection.planned_end:
        raise RuleViolation(
            _l("The act's dates have passed: its planned end was %(end)s. An inspection may "
               "not run outside its act — re-issue the act with new dates.",
               end=inspection.planned_end.isoformat()), rule="R5.1", field="delivered_at")
    if inspection.planned_start and day < inspection.planned_start:
        raise RuleViolation(
            _l("The act sets the start on %(start)s, of which the body was notified: it cannot "
               "be delivered earlier.", start=inspection.planned_start.isoformat()),
            rule="R5.1", field="delivered_at")


def end_in_force(act_end: date | None, start: date, cal: WorkingCalendar) -> date:
    """R7.4, R13.1: the EARLIER of the end date written in the act and the tenth working day
    counted from the actual start (R9.1).  Only the extension act moves it later."""
    limit = deadlines.fieldwork_end(start, cal).day
    return min(act_end, limit) if act_end else limit


# ---------------------------------------------------------------- arrival (R8.1, R5.1)


def permit_required(inspection: Inspection) -> bool:
    """R8.1: the permit of the competent body is required for a regime object."""
    return bool(inspection.subject_object and inspection.subject_object.is_regime)


def record_arrival(actor, inspection: Inspection, *, act_shown: bool, ids_shown: bool,
                   permit_shown: bool, permit_details: str, now: datetime) -> ArrivalCheck:
    """The arrival checklist (R8.1): act and service IDs shown; the permit for a regime
    object.  Fieldwork begins only when the checklist is complete."""
    transitions.expect(actor, inspection, "record_arrival")
    needed = permit_required(inspection)
    if not act_shown or not ids_shown:
        raise RuleViolation(_l("The appointment act and the service IDs must be shown on "
                               "arrival."), rule="R8.1")
    if needed and (not permit_shown or not (permit_details or "").strip()):
        raise RuleViolation(_l("This is a regime object: the permit of the competent body must "
                               "be shown and its details recorded."), rule="R8.1",
                            field="permit_details")
    transitions.move(actor, inspection, "record_arrival", now=now, data={"permit_required": needed})
    row = ArrivalCheck(inspection=inspection, act_shown=True, ids_shown=True,
                       permit_required=needed, permit_shown=bool(permit_shown),
                       permit_details=(permit_details or "").strip(), checked_at=now,
                       recorded_by_id=getattr(actor, "id", None))
    db.session.add(row)
    return row


def refuse_admission(actor, inspection: Inspection, *, reason: str, note: str,
                     now: datetime) -> AdmissionRefusal:
    """The control subject refused admission (R5.1): recorded with its reason; the
    inspection leaves fieldwork and can be re-issued or cancelled."""
    transitions.expect(actor, inspection, "refuse_admission")
    if reason not in REFUSAL_REASONS:
        raise ValidationFailed(_l("Choose the reason given for the refusal."), field="reason")
    transitions.move(actor, inspection, "refuse_admission", now=now, data={"reason": reason})
    row = AdmissionRefusal(inspection=inspection, reason=reason, note=(note or "").strip(),
                           refused_at=now, recorded_by_id=getattr(actor, "id", None))
    db.session.add(row)
    return row


def reissue(actor, inspection: Inspection, *, now: datetime) -> None:
    """After a refusal of admission: back to a draft, to issue a new act (new number)."""
    old = inspection.number
    transitions.move(actor, inspection, "reissue", now=now, data={"previous_number": old})
    inspection.number = None
    inspection.act_date = inspection.start_date = inspection.end_date = None


def cancel(actor, inspection: Inspection, *, now: datetime) -> None:
    transitions.move(actor, inspection, "cancel", now=now)


# ---------------------------------------------------------------- evidence (R4.1)


def add_evidence(actor, inspection: Inspection, *, kind: str, description: str, medium: str,
                 is_original: bool, subject_holds_original: bool,
                 upload_id: int | None = None, obtained_on: date | None = None,
                 now: datetime) -> Evidence:
    """An entry of the evidence register (R4.1), gathered on site after the act is
    delivered (R7.1), by the inspectors named in the act (R7.5), and dated between the
    start (R7.4) and the end in force (R13.1) — not in the future.  Blocks."""
    if inspection.status not in lifecycle.ON_SITE:
        raise RuleViolation(_l("Evidence is gathered during fieldwork, after the act is "
                               "delivered."), rule="R7.1")
    _require(permissions.can_add_evidence, actor, inspection)
    if kind not in EVIDENCE_KINDS:
        raise ValidationFailed(_l("Choose the kind of evidence."), field="kind")
    if not (description or "").strip():
        raise ValidationFailed(_l("Describe the evidence."), field="description")
    if medium not in ("paper", "electronic", ""):
        raise ValidationFailed(_l("Choose paper or electronic."), field="medium")
    today = now.astimezone(ALMATY).date()
    obtained_on = obtained_on or today
    if obtained_on > today:
        raise ValidationFailed(_l("The evidence cannot be dated in the future."),
                               field="obtained_on")
    if (inspection.start_date and obtained_on < inspection.start_date) or (
            inspection.end_date and obtained_on > inspection.end_date):
        raise RuleViolation(
            _l("Evidence is gathered only within the term of the inspection, %(start)s – "
               "%(end)s.", start=inspection.start_date.isoformat(),
               end=inspection.end_date.isoformat()), rule="R4.1", field="obtained_on")
    row = Evidence(obtained_on=obtained_on, inspection=inspection, kind=kind, description=description.strip(),
                   medium=medium, is_original=bool(is_original),
                   subject_holds_original=bool(subject_holds_original), upload_id=upload_id,
                   added_by_id=getattr(actor, "id", None), added_at=now)
    db.session.add(row)
    audit.record(actor, "inspection.evidence_added", inspection,
                 data={"kind": kind, "upload_id": upload_id, "subject_holds_original":
                       bool(subject_holds_original), "obtained_on": obtained_on}, now=now)
    return row


# ---------------------------------------------------------------- extension (R9.2–R9.4)


def request_extension(actor, inspection: Inspection, *, reasons: str, requested_end: date,
                      cal: WorkingCalendar, now: datetime) -> Extension:
    """Only once (R9.2), by at most 15 working days after the current end (R9.2)."""
    transitions.expect(actor, inspection, "request_extension")
    if inspection.extensions and any(e.status != EXTENSION_REFUSED for e in inspection.extensions):
        raise RuleViolation(_l("An inspection may be extended only once."), rule="R9.2")
    if not (reasons or "").strip():
        raise ValidationFailed(_l("Give the reasons for the extension."), field="reasons")
    current = inspection.end_date
    latest = deadlines.latest_extended_end(current, cal).day
    if requested_end is None or requested_end <= current:
        raise ValidationFailed(_l("The new end must be after the current end."),
                               field="requested_end")
    if requested_end > latest:
        raise RuleViolation(_l("The extension is at most fifteen working days: the latest new "
                               "end is %(day)s.", day=format_date(latest, "long")), rule="R9.2",
                            field="requested_end")
    transitions.move(actor, inspection, "request_extension", now=now,
                     data={"requested_end": requested_end.isoformat()})
    row = Extension(inspection=inspection, reasons=reasons.strip(), requested_end=requested_end,
                    previous_end=current, requested_by_id=getattr(actor, "id", None),
                    requested_at=now)
    db.session.add(row)
    # R9.4: the head's decision is useful only while its notice can still reach the body.
    notice_by = deadlines.extension_notice_deadline(current, cal).day
    notifications.notify("extension_requested", inspection, side=notifications.HEADS, now=now,
                         params={"due": notice_by.isoformat()})
    return row


def approve_extension(actor, inspection: Inspection, *, note: str, today: date,
                      cal: WorkingCalendar, now: datetime) -> Extension:
    """The head decides (R9.2); the additional act cites the appointment act (R9.3).  The
    notice must still be deliverable in time: by the working day before the end (R9.4)."""
    transitions.expect(actor, inspection, "approve_extension")
    ext = inspection.extension
    last_day = deadlines.extension_notice_deadline(ext.previous_end, cal).day
    if today > last_day:
        raise RuleViolation(_l("Too late: the extension notice had to be delivered by %(day)s, "
                               "the working day before the current end.",
                               day=format_date(last_day, "long")), rule="R9.4")
    transitions.move(actor, inspection, "approve_extension", now=now,
                     data={"new_end": ext.requested_end.isoformat()})
    ext.status = EXTENSION_APPROVED
    ext.decided_by_id, ext.decided_at = getattr(actor, "id", None), now
    ext.decision_note = (note or "").strip()
    ext.act_number = f"{inspection.number}-1"
    ext.act_date = today
    db.session.flush()
    db.session.refresh(ext, ["decided_by"])
    inspection_documents.issue(actor, "extension_act", inspection, cal=cal, now=now)
    inspection_documents.issue(actor, "extension_notice", inspection, cal=cal, now=now)
    return ext


def refuse_extension(actor, inspection: Inspection, *, note: str, now: datetime) -> Extension:
    """The head refuses the extension (R9.2); fieldwork goes on to the current end."""
    transitions.expect(actor, inspection, "refuse_extension")
    ext = inspection.extension
    transitions.move(actor, inspection, "refuse_extension", now=now)
    ext.status = EXTENSION_REFUSED
    ext.decided_by_id, ext.decided_at = getattr(actor, "id", None), now
    ext.decision_note = (note or "").strip()
    return ext


def deliver_extension_notice(actor, inspection: Inspection, *, delivered_on: date,
                             recipient: str, proof: str, cal: WorkingCalendar,
                             now: datetime) -> Extension:
    """R9.4: the notice, with proof of delivery, no later than the working day before the
    current end; only then does the new end apply."""
    transitions.expect(actor, inspection, "deliver_extension_notice")
    signatures.require_signed(inspection, "extension_act", "extension_notice")  # issue 16
    ext = inspection.extension
    last_day = deadlines.extension_notice_deadline(ext.previous_end, cal).day
    if not (recipient or "").strip() or not (proof or "").strip():
        raise ValidationFailed(_l("Record the recipient and the proof of delivery."),
                               field="proof")
    if delivered_on > last_day:
        raise RuleViolation(_l("The notice was delivered after %(day)s, the working day before "
                               "the current end: the extension cannot take effect.",
                               day=format_date(last_day, "long")), rule="R9.4", field="delivered_on")
    if delivered_on > now.astimezone(ALMATY).date():
        raise ValidationFailed(_l("The delivery cannot be dated in the future."),
                               field="delivered_on")
    transitions.move(actor, inspection, "deliver_extension_notice", now=now,
                     data={"delivered_on": delivered_on.isoformat(), "new_end": ext.requested_end.isoformat()})
    ext.notice_delivered_on, ext.notice_recipient = delivered_on, recipient.strip()
    ext.notice_proof = proof.strip()
    inspection.end_date = ext.requested_end
    return ext


# ---------------------------------------------------------------- clock


def fieldwork_clock(inspection: Inspection, today: date, cal: WorkingCalendar) -> dict | None:
    """"Working day 6 of 10; ends Wed 18 Mar 2026" with the R9.1/R9.2 deadline behind it."""
    if not inspection.start_date or not inspection.end_date:
        return None
    total = cal.working_days_between(inspection.start_date, inspection.end_date)
    upto = min(today, inspection.end_date)
    day = cal.working_days_between(inspection.start_date, upto) if today >= inspection.start_date else 0
    ext = inspection.extension
    if ext is not None and inspection.end_date == ext.requested_end and ext.notice_delivered_on:
        basis = deadlines.latest_extended_end(ext.previous_end, cal)
    else:
        basis = deadlines.fieldwork_end(inspection.start_date, cal)
    return {"day": day, "total": total, "end": inspection.end_date, "deadline": basis,
            "overdue": today > inspection.end_date}
