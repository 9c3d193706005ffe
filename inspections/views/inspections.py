"""Inspections, part 1: the pages inspectors and the head work in (R3.1 … R9.4)."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forms import choices
from forms.inspections import (
    ActForm,
    AdmissionRefusalForm,
    ArrivalForm,
    ConfirmForm,
    DeliveryForm,
    EvidenceForm,
    ExtensionDecisionForm,
    ExtensionNoticeForm,
    ExtensionRequestForm,
    GroundForm,
    IssueForm,
    NewInspectionForm,
    NoticeForm,
)

from .. import clock, eager, explain, lifecycle, permissions, progress, uploads
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..labels import INSPECTION_STATUS_LABELS, TRANSITION_LABELS
from ..models import AuditEntry, ControlSubject, GeneratedDocument, PlanItem, User
from ..models.catalogue import Requirement
from ..models.inspections import Evidence, Inspection, InspectionGround, InspectionInspector
from ..services import inspections as service
from ..services import results as results_service
from ..services.calendar import load_calendar
from ._util import (
    apply_error,
    flash_form_errors,
    get_or_404,
    guarded,
    require,
    statement_page,
    subject_choices,
    submit,
)
from .loading import load_inspection

bp = Blueprint("inspections", __name__, url_prefix="/inspections")


@cache
def page_options() -> tuple:
    """What the inspection refers to, read with it (one statement); built once."""
    return (
        joinedload(Inspection.control_subject), joinedload(Inspection.subdivision),
        joinedload(Inspection.subject_object), joinedload(Inspection.plan_item),
        joinedload(Inspection.signatory).lazyload(User.role_rows),
        joinedload(Inspection.created_by).lazyload(User.role_rows),
        joinedload(Inspection.results_act),
    )


@cache
def _page_collections() -> tuple:
    """The inspection's collections the page shows: (relationship, loader options)."""
    return ((Inspection.inspectors,
             (joinedload(InspectionInspector.user).lazyload(User.role_rows),)),
            *((attribute, ()) for attribute in (
                Inspection.specialists, Inspection.grounds, Inspection.requirements,
                Inspection.notices, Inspection.deliveries, Inspection.arrivals,
                Inspection.refusals, Inspection.evidence, Inspection.extensions)))


@cache
def _violation_options() -> tuple:
    from ..models.results import Violation

    return (joinedload(Violation.requirement), selectinload(Violation.evidence))


def load_page(inspection_id: int) -> Inspection:
    """Everything the inspection page shows, in a constant number of statements: one for
    the inspection and what it refers to, one per collection (issue 13: by
    :func:`inspections.eager.load`, statements built once, not ``selectinload``'s)."""
    from ..models.results import Objection, ResultsAct, Violation

    inspection = load_inspection(inspection_id, page_options())
    for attribute, options in _page_collections():
        eager.load([inspection], attribute, options)
    act = inspection.results_act
    if act is not None:
        eager.load([act], ResultsAct.violations, _violation_options())
        eager.load(act.violations, Violation.reports)
        eager.load([act], ResultsAct.objections)
        eager.load(act.objections, Objection.points)
    return inspection


@bp.get("")
@guarded(permissions.can_list_inspections)
def index():
    status = request.args.get("status", "")
    mine = request.args.get("mine") == "1"
    by_status = status in lifecycle.STATES
    rows_stmt, count_stmt = _list_statements(by_status, mine)
    params = {**({"status": status} if by_status else {}),
              **({"user_id": current_user.id} if mine else {})}
    page = statement_page(rows_stmt, count_stmt, params, INSPECTIONS_PER_PAGE)
    return render_template("inspections/index.html", page=page, status=status, mine=mine,
                           states=lifecycle.STATES)


#: Inspections per page of the list.
INSPECTIONS_PER_PAGE = 25


@cache
def _list_statements(by_status: bool, mine: bool):
    """The inspections list's page and its count for a kind of filter, built once (issue
    13): the columns the list shows — not the inspections with their bodies and acts —
    newest first; parameters ``status`` (``by_status``), ``user_id`` (``mine``: the staff
    home's "All (n)" link, the user's own inspections), ``limit`` and ``offset``."""
    from sqlalchemy import bindparam, func

    from ..models.results import ResultsAct

    rows = (select(Inspection.id, Inspection.number, Inspection.kind, Inspection.status,
                   Inspection.start_date, Inspection.end_date, ControlSubject.name_kk,
                   ControlSubject.name_ru, ResultsAct.term_breached)
            .join(ControlSubject, ControlSubject.id == Inspection.control_subject_id)
            .outerjoin(ResultsAct, ResultsAct.inspection_id == Inspection.id))
    count = select(func.count()).select_from(Inspection)
    if mine:
        rows, count = (stmt.join(InspectionInspector,
                                 InspectionInspector.inspection_id == Inspection.id)
                       .where(InspectionInspector.user_id == bindparam("user_id"))
                       for stmt in (rows, count))
    if by_status:
        rows, count = (stmt.where(Inspection.status == bindparam("status"))
                       for stmt in (rows, count))
    return (rows.order_by(Inspection.id.desc())
            .limit(bindparam("limit")).offset(bindparam("offset"))), count


@bp.route("/new", methods=["GET", "POST"])
@guarded(permissions.can_create_inspection)
def new():
    """An unscheduled inspection on one of the seven grounds of R3.1."""
    form = NewInspectionForm()
    form.control_subject_id.choices = subject_choices(field="control_subject_id")
    chosen = request.values.get("control_subject_id", type=int)
    form.linked_inspection_id.choices = _earlier_inspections(chosen)
    if form.validate_on_submit():
        try:
            upload = _store(form.basis_file.data)
            inspection = service.create_inspection(
                current_user, kind="unscheduled", control_subject_id=form.control_subject_id.data,
                grounds=[{"ground": form.ground.data, "basis_number": form.basis_number.data,
                          "basis_date": form.basis_date.data,
                          "basis_author": form.basis_author.data,
                          "upload_id": upload.id if upload else None,
                          "linked_inspection_id": form.linked_inspection_id.data or None,
                          **_author_fields(form)}],
                now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Draft inspection created. Fill in the appointment act."), "success")
            return redirect(url_for("inspections.edit_act", inspection_id=inspection.id), code=303)
    return render_template("inspections/new.html", form=form)


@bp.post("/from-plan-item/<int:item_id>")
@guarded(permissions.can_create_inspection)
def from_plan_item(item_id: int):
    """A periodic inspection opened from an approved plan item, pre-filled (R2.1, R2.2)."""
    item = get_or_404(PlanItem, item_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    inspection = service.create_from_plan_item(current_user, item, now=clock.now())
    db.session.commit()
    flash(_("Periodic inspection created from the plan. Complete the appointment act."),
          "success")
    return redirect(url_for("inspections.edit_act", inspection_id=inspection.id), code=303)


def _store(file_storage):
    """Keep an uploaded file (checked by content and size), or None when none was sent."""
    if not file_storage or not file_storage.filename:
        return None
    return uploads.store(current_user, file_storage.read(), file_storage.filename,
                         now=clock.now())


def _author_fields(form) -> dict:
    """R27.1: who wrote a complaint (grounds 1–2) and the consent with its document."""
    consent = bool(form.disclosure_consent.data)
    upload = _store(form.consent_file.data) if consent else None
    return {"author_kind": form.author_kind.data or None, "disclosure_consent": consent,
            "consent_upload_id": upload.id if upload else None}


#: Earlier inspections offered for grounds 5 and 7 (issue 13: bounded).
EARLIER_LIMIT = 50


def _earlier_inspections(subject_id: int | None = None):
    """The earlier inspections a ground 5 or 7 may name (R3.1): those of the body when it is
    known — the ground names an earlier inspection of the same body —, else the newest
    ones; with the one already chosen.  Bounded whatever the history (issue 13)."""
    raw = request.form.get("linked_inspection_id") or request.args.get("linked_inspection_id")
    selected = int(raw) if raw and str(raw).isdigit() else 0
    by_subject, newest, chosen = _earlier_statements(g.lang)
    # newest first along the primary key: the database stops after EARLIER_LIMIT rows
    rows = db.session.execute(by_subject, {"subject_id": subject_id}).all() if subject_id \
        else db.session.execute(newest).all()
    if selected and selected not in {r.id for r in rows}:
        rows = [*db.session.execute(chosen, {"selected": selected}).all(), *rows]
    return choices([(0, "—")] + [(r.id, f"{r.number} — {r[2]}") for r in rows])


@cache
def _earlier_statements(lang: str):
    """The statements of :func:`_earlier_inspections`, built once per language: the
    labels' columns only, not the inspections (issue 13) — (the body's newest, parameter
    ``subject_id``; the newest of all; the chosen one, parameter ``selected``)."""
    from sqlalchemy import bindparam

    name = ControlSubject.name_ru if lang == "ru" else ControlSubject.name_kk
    stmt = (select(Inspection.id, Inspection.number, name)
            .join(ControlSubject, Inspection.control_subject_id == ControlSubject.id)
            .where(Inspection.number.is_not(None)))
    newest = stmt.order_by(Inspection.id.desc()).limit(EARLIER_LIMIT)
    return (newest.where(Inspection.control_subject_id == bindparam("subject_id")), newest,
            stmt.where(Inspection.id == bindparam("selected")))


@bp.get("/<int:inspection_id>")
@guarded(permissions.can_list_inspections)
def show(inspection_id: int):
    inspection = load_page(inspection_id)
    cal = load_calendar()
    today = clock.today()
    timeline = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "inspections",
                                 AuditEntry.object_id == inspection.id)
        .options(selectinload(AuditEntry.actor))  # full name and role, not the username
        .order_by(AuditEntry.id)).scalars().all()
    docs = db.session.execute(
        select(GeneratedDocument).where(GeneratedDocument.object_type == "inspections",
                                        GeneratedDocument.object_id == inspection.id)
        .options(selectinload(GeneratedDocument.signatures))  # the signatures panel
        .order_by(GeneratedDocument.id)).scalars().all()
    clock_info = (None if inspection.status in lifecycle.AFTER_DELIVERY
                  else service.fieldwork_clock(inspection, today, cal))
    actions = [t for t in lifecycle.available(inspection.status, current_user.roles)
               if permissions.can_conduct(current_user, inspection, t.action)]  # R7.5
    notice_info = None
    if inspection.notice is not None:
        from .. import deadlines

        notice_info = deadlines.earliest_start_after_notice(inspection.notice.notified_at, cal)
    ext_info = None
    if inspection.end_date and inspection.status in ("fieldwork", "extension_requested",
                                                     "extension_approved"):
        from .. import deadlines

        base_end = inspection.extension.previous_end if inspection.extension else inspection.end_date
        ext_info = {"latest": deadlines.latest_extended_end(base_end, cal),
                    "notice_by": deadlines.extension_notice_deadline(base_end, cal)}
    from .results import page_context

    part2 = page_context(inspection, today=today, cal=cal)
    blocked = _blocked_steps(inspection, actions, today=today, notice_info=notice_info,
                             ext_info=ext_info, unsettled=part2["unsettled"])
    return render_template(
        "inspections/show.html", inspection=inspection, timeline=timeline, docs=docs,
        results=part2, objection_overdue=results_service.objection_overdue,
        clock=clock_info, actions=actions, today=today, notice_info=notice_info,
        ext_info=ext_info, explain=explain, missing=service.missing_act_elements(inspection),
        act_element_labels=service.ACT_ELEMENT_LABELS,
        permit_required=service.permit_required(inspection),
        forms=_action_forms(inspection), evidence_form=EvidenceForm(),
        ground_form=(_ground_form(inspection)  # only where the template shows it
                     if permissions.can_edit_inspection_draft(current_user, inspection)
                     and inspection.kind == "unscheduled" else None),
        status_labels=INSPECTION_STATUS_LABELS, transition_labels=TRANSITION_LABELS,
        steps=progress.stepper(inspection.status, had_extension=bool(inspection.extensions)),
        blocked=blocked)


def _blocked_steps(inspection, actions, *, today, notice_info, ext_info, unsettled) -> dict:
    """For each step allowed now, what the law still requires (R7.2, R7.3, R9.4, R16.1,
    R12.2, R10.2) — shown greyed with its rule instead of a button."""
    act = inspection.results_act
    facts = progress.Facts(
        today=today, now=clock.now(),
        missing_act_elements=service.missing_act_elements(inspection)
        if inspection.status == lifecycle.DRAFT else [],
        deliver_from=notice_info.at if notice_info is not None else None,
        extension_notice_by=ext_info["notice_by"].day if ext_info else None,
        unsettled_violations=[v.no for v in unsettled],
        objections_pending=sum(1 for o in act.objections if o.replied_on is None) if act else 0,
        copy1_sent=act is None or act.copy1_sent_at is not None)
    return {t.action: progress.blockers(t.action, facts) for t in actions
            if progress.blockers(t.action, facts)}


def _end_to_save(form, inspection):
    """R9.1: an end the application computed, left as it was while the start changed, is
    computed again for the new start (None → the service computes it); an end the user
    typed is kept (and checked)."""
    end = form.planned_end.data
    if (end is not None and form.computed_end.data == end.isoformat()
            and form.planned_start.data != inspection.planned_start):
        return None
    return end


def _ground_form(inspection=None):
    form = GroundForm()
    form.linked_inspection_id.choices = _earlier_inspections(
        inspection.control_subject_id if inspection is not None else None)
    return form


def _action_forms(inspection):
    today = clock.today()
    forms = {
        "issue_act": IssueForm(act_date=today),
        "record_notice": NoticeForm(),
        "deliver_act": DeliveryForm(),
        "record_arrival": ArrivalForm(),
        "refuse_admission": AdmissionRefusalForm(),
        "request_extension": ExtensionRequestForm(),
        "approve_extension": ExtensionDecisionForm(),
        "refuse_extension": ExtensionDecisionForm(),
        "deliver_extension_notice": ExtensionNoticeForm(delivered_on=today),
        "reissue": ConfirmForm(),
        "cancel": ConfirmForm(),
        "draw_results": ConfirmForm(),
    }
    return forms


@bp.route("/<int:inspection_id>/act", methods=["GET", "POST"])
@guarded(permissions.can_list_inspections)
def edit_act(inspection_id: int):
    """The thirteen elements of the appointment act (R7.2)."""
    inspection = load_inspection(inspection_id)
    require(permissions.can_edit_inspection_draft, inspection)
    form = ActForm(obj=inspection)
    lang = g.lang
    inspectors = db.session.execute(select(User).where(User.active.is_(True))
                                    .order_by(User.surname)).scalars().all()
    form.inspector_ids.choices = choices(
        (u.id, f"{u.full_name} — {u.position(lang)}") for u in inspectors if "inspector" in u.roles)
    form.signatory_id.choices = choices([(0, "—")] + [
        (u.id, f"{u.full_name} — {u.position(lang)}") for u in inspectors
        if u.has_role("head", "first_head")])
    body = inspection.control_subject
    form.subdivision_id.choices = choices([(0, "—")] + [(s.id, f"{s.name(lang)} ({s.location_in(lang)})")
                                                        for s in body.subdivisions])
    form.object_id.choices = choices([(0, "—")] + [(o.id, f"{o.name} ({o.address_in(lang)})")
                                                   for o in body.objects])
    requirements = db.session.execute(select(Requirement).order_by(Requirement.position,
                                                                   Requirement.id)).scalars()
    form.requirement_ids.choices = choices(
        (r.id, f"{r.ref(lang)} — {r.topic(lang)}") for r in requirements
        if r.effective_to is None or r.effective_to >= clock.today().replace(year=clock.today().year - 5))
    if request.method == "GET":
        form.inspector_ids.data = [row.user_id for row in inspection.inspectors]
        form.requirement_ids.data = [row.requirement_id for row in inspection.requirements]
        form.signatory_id.data = inspection.signatory_id or 0
        form.subdivision_id.data = inspection.subdivision_id or 0
        form.object_id.data = inspection.object_id or 0
        if inspection.planned_start and inspection.planned_end == service.deadlines.fieldwork_end(
                inspection.planned_start, load_calendar()).day:
            form.computed_end.data = inspection.planned_end.isoformat()
        for entry, spec in zip(form.specialists.entries, inspection.specialists, strict=False):
            entry.form.full_name.data, entry.form.position.data = spec.full_name, spec.position
            entry.form.organisation.data, entry.form.role.data = spec.organisation, spec.role
            entry.form.position_ru.data = spec.position_ru
            entry.form.organisation_ru.data = spec.organisation_ru
    cal = load_calendar()
    if form.validate_on_submit():
        try:
            service.update_act(
                current_user, inspection, inspector_ids=form.inspector_ids.data or [],
                specialists=[e.data for e in form.specialists.entries],
                requirement_ids=form.requirement_ids.data or [],
                planned_start=form.planned_start.data, planned_end=_end_to_save(form, inspection),
                period_from=form.period_from.data, period_to=form.period_to.data,
                signatory_id=form.signatory_id.data or None,
                subdivision_id=form.subdivision_id.data or None,
                object_id=form.object_id.data or None, cal=cal, now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("The appointment act is saved."), "success")
            return redirect(url_for("inspections.show", inspection_id=inspection.id), code=303)
    limit = None
    start = form.planned_start.data or inspection.planned_start
    if start:
        from .. import deadlines

        limit = deadlines.fieldwork_end(start, cal)
    return render_template("inspections/act.html", form=form, inspection=inspection,
                           limit=limit, explain=explain)


# One POST endpoint per transition; each validates its form and calls one service.

def _transition_view(inspection_id: int, action: str, form_cls, call):
    inspection = load_inspection(inspection_id)
    if not permissions.can_take(current_user, action) \
            or not permissions.can_conduct(current_user, inspection, action):  # R7.5
        abort(403)
    return submit(form_cls(), lambda form: call(inspection, form),
                  str(TRANSITION_LABELS[action]) + " — " + _("done."),
                  redirect(url_for("inspections.show", inspection_id=inspection.id), code=303))


@bp.post("/<int:inspection_id>/issue")
@guarded(permissions.can_list_inspections)
def issue(inspection_id: int):
    return _transition_view(inspection_id, "issue_act", IssueForm, lambda i, f: service.issue_act(
        current_user, i, act_date=f.act_date.data, cal=load_calendar(), now=clock.now()))


@bp.post("/<int:inspection_id>/notice")
@guarded(permissions.can_list_inspections)
def notice(inspection_id: int):
    return _transition_view(inspection_id, "record_notice", NoticeForm,
                            lambda i, f: service.record_notice(
                                current_user, i, notified_at=f.notified_at.data,
                                channel=f.channel.data, recipient=f.recipient.data,
                                cal=load_calendar(), now=clock.now()))


@bp.post("/<int:inspection_id>/delivery")
@guarded(permissions.can_list_inspections)
def delivery(inspection_id: int):
    return _transition_view(inspection_id, "deliver_act", DeliveryForm,
                            lambda i, f: service.deliver_act(
                                current_user, i, delivered_at=f.delivered_at.data,
                                recipient_name=f.recipient_name.data,
                                recipient_position=f.recipient_position.data,
                                receipt=f.receipt.data,
                                refusal_explanation=f.refusal_explanation.data or "",
                                cal=load_calendar(), now=clock.now()))


@bp.post("/<int:inspection_id>/arrival")
@guarded(permissions.can_list_inspections)
def arrival(inspection_id: int):
    return _transition_view(inspection_id, "record_arrival", ArrivalForm,
                            lambda i, f: service.record_arrival(
                                current_user, i, act_shown=f.act_shown.data,
                                ids_shown=f.ids_shown.data, permit_shown=f.permit_shown.data,
                                permit_details=f.permit_details.data or "", now=clock.now()))


@bp.post("/<int:inspection_id>/admission-refusal")
@guarded(permissions.can_list_inspections)
def admission_refusal(inspection_id: int):
    return _transition_view(inspection_id, "refuse_admission", AdmissionRefusalForm,
                            lambda i, f: service.refuse_admission(
                                current_user, i, reason=f.reason.data, note=f.note.data or "",
                                now=clock.now()))


@bp.post("/<int:inspection_id>/reissue")
@guarded(permissions.can_list_inspections)
def reissue(inspection_id: int):
    return _transition_view(inspection_id, "reissue", ConfirmForm,
                            lambda i, f: service.reissue(current_user, i, now=clock.now()))


@bp.post("/<int:inspection_id>/cancel")
@guarded(permissions.can_list_inspections)
def cancel(inspection_id: int):
    return _transition_view(inspection_id, "cancel", ConfirmForm,
                            lambda i, f: service.cancel(current_user, i, now=clock.now()))


@bp.post("/<int:inspection_id>/extension")
@guarded(permissions.can_list_inspections)
def request_extension(inspection_id: int):
    return _transition_view(inspection_id, "request_extension", ExtensionRequestForm,
                            lambda i, f: service.request_extension(
                                current_user, i, reasons=f.reasons.data,
                                requested_end=f.requested_end.data, cal=load_calendar(),
                                now=clock.now()))


@bp.post("/<int:inspection_id>/extension/approve")
@guarded(permissions.can_list_inspections)
def approve_extension(inspection_id: int):
    return _transition_view(inspection_id, "approve_extension", ExtensionDecisionForm,
                            lambda i, f: service.approve_extension(
                                current_user, i, note=f.note.data or "", today=clock.today(),
                                cal=load_calendar(), now=clock.now()))


@bp.post("/<int:inspection_id>/extension/refuse")
@guarded(permissions.can_list_inspections)
def refuse_extension(inspection_id: int):
    return _transition_view(inspection_id, "refuse_extension", ExtensionDecisionForm,
                            lambda i, f: service.refuse_extension(
                                current_user, i, note=f.note.data or "", now=clock.now()))


@bp.post("/<int:inspection_id>/extension/notice")
@guarded(permissions.can_list_inspections)
def extension_notice(inspection_id: int):
    return _transition_view(inspection_id, "deliver_extension_notice", ExtensionNoticeForm,
                            lambda i, f: service.deliver_extension_notice(
                                current_user, i, delivered_on=f.delivered_on.data,
                                recipient=f.recipient.data, proof=f.proof.data,
                                cal=load_calendar(), now=clock.now()))


@bp.post("/<int:inspection_id>/evidence")
@guarded(permissions.can_list_inspections)
def add_evidence(inspection_id: int):
    """The evidence register (R4.1); files are checked by content and size."""
    inspection = load_inspection(inspection_id)
    require(permissions.can_create_inspection)
    require(permissions.is_named_inspector, inspection)  # R7.5
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            upload = _store(form.file.data)
            service.add_evidence(current_user, inspection, kind=form.kind.data,
                                 description=form.description.data, medium=form.medium.data,
                                 is_original=form.is_original.data,
                                 subject_holds_original=form.subject_holds_original.data,
                                 upload_id=upload.id if upload else None,
                                 obtained_on=form.obtained_on.data, now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Evidence added to the register."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="evidence"),
                    code=303)


@bp.post("/<int:inspection_id>/grounds")
@guarded(permissions.can_list_inspections)
def add_ground(inspection_id: int):
    """A further ground with its basis document, while the inspection is a draft (R3.1)."""
    inspection = load_inspection(inspection_id)
    require(permissions.can_create_inspection)  # the state is checked by the service (R7.2)
    form = GroundForm()
    form.linked_inspection_id.choices = _earlier_inspections(inspection.control_subject_id)
    if form.validate_on_submit():
        try:
            upload = _store(form.basis_file.data)
            service.add_ground(current_user, inspection, ground=form.ground.data,
                               basis_number=form.basis_number.data,
                               basis_date=form.basis_date.data,
                               basis_author=form.basis_author.data,
                               upload_id=upload.id if upload else None,
                               linked_inspection_id=form.linked_inspection_id.data or None,
                               **_author_fields(form), now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Ground added."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("inspections.show", inspection_id=inspection.id), code=303)


def _send_file_of(row, upload):
    """A file of one of an inspection's rows: staff who may see the inspection (404
    otherwise, R27.1), as an attachment."""
    load_inspection(row.inspection_id)
    if upload is None:
        abort(404)
    return uploads.send(upload)


@bp.get("/evidence/<int:evidence_id>/file")
@guarded(permissions.can_list_inspections)
def evidence_file(evidence_id: int):
    row = get_or_404(Evidence, evidence_id)
    return _send_file_of(row, row.upload)


@bp.get("/grounds/<int:ground_id>/file")
@guarded(permissions.can_list_inspections)
def ground_file(ground_id: int):
    row = get_or_404(InspectionGround, ground_id)
    return _send_file_of(row, row.upload)


@bp.get("/grounds/<int:ground_id>/consent")
@guarded(permissions.can_list_inspections)
def ground_consent_file(ground_id: int):
    """The complainant's consent to disclosure (R27.1): staff only, like the basis file."""
    row = get_or_404(InspectionGround, ground_id)
    return _send_file_of(row, row.consent_upload)


@bp.get("/lifecycle")
@guarded(permissions.can_list_inspections)
def lifecycle_help():
    """The lifecycle diagram, drawn from the transition table itself."""
    svg = lifecycle.diagram_svg(state_label=lambda s: INSPECTION_STATUS_LABELS[s],
                                action_label=lambda a: TRANSITION_LABELS[a],
                                current=request.args.get("current"))
    return render_template("inspections/lifecycle.html", svg=svg,
                           transitions=lifecycle.TRANSITIONS,
                           status_labels=INSPECTION_STATUS_LABELS,
                           transition_labels=TRANSITION_LABELS)

