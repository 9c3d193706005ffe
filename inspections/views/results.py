"""Inspections, part 2: the results act, its copies, delivery, objections, remediation,
follow-up, appeals and closure (R10.1–R17.1).  Thin controllers: load (404), check the
predicate (403), validate, call one service, commit once, redirect."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from forms import choices
from forms.inspections import (
    AppealDecisionForm,
    AppealForm,
    ConfirmForm,
    Copy1Form,
    ObjectionForm,
    ReplyForm,
    ReportDecisionForm,
    ReportForm,
    ResultsDeliveryForm,
    ResultsForm,
    ResultsRefusalForm,
)

from .. import clock, deadlines, explain, permissions, uploads
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..labels import TRANSITION_LABELS
from ..models import Requirement
from ..models.results import Appeal, Objection, RemediationReport, Violation
from ..services import results as service
from ..services.calendar import load_calendar
from ._util import apply_error, flash_form_errors, get_or_404, guarded, require, submit
from .loading import load_inspection

bp = Blueprint("results", __name__, url_prefix="/inspections")


def _back(inspection_id: int, anchor: str = "results"):
    return redirect(url_for("inspections.show", inspection_id=inspection_id, _anchor=anchor),
                    code=303)


def _run(inspection_id: int, form, call, done: str, anchor: str = "results"):
    """Validate ``form``, call one service, commit once (or roll back and say why)."""
    return submit(form, call, done, _back(inspection_id, anchor))


def _store_files(field) -> list[int]:
    ids = []
    for f in field.data or ():
        if f and getattr(f, "filename", ""):
            ids.append(uploads.store(current_user, f.read(), f.filename, now=clock.now()).id)
    return ids


# ---------------------------------------------------------------- the results act


@bp.route("/<int:inspection_id>/results", methods=["GET", "POST"])
@guarded(permissions.can_list_inspections)
def edit(inspection_id: int):
    """Draw up the results act after fieldwork (R10.1), or edit it while a draft (R11.1,
    R14.1, R15.1)."""
    inspection = load_inspection(inspection_id)
    require(lambda u, o: permissions.can_take(u, "draw_results"))
    require(lambda u, o: permissions.can_conduct(u, o, "draw_results"), inspection)  # R7.5
    act = inspection.results_act
    drawing = act is None
    if not drawing and not permissions.can_edit_results(current_user, inspection) \
            or drawing and not permissions.can_act_on_inspection(current_user, inspection,
                                                                 "draw_results"):
        flash(_("The results act can be drawn up after fieldwork and edited only while it is "
                "a draft."), "warning")
        return _back(inspection.id)
    form = ResultsForm(obj=act)
    lang = g.lang
    period = (inspection.period_from, inspection.period_to)
    subject_ids = {r.requirement_id for r in inspection.requirements}  # R4.1
    reqs = db.session.execute(select(Requirement).order_by(Requirement.position,
                                                           Requirement.id)).scalars().all()
    req_choices = choices([(0, "—")] + [
        (r.id, f"{r.ref(lang)} — {r.topic(lang)}") for r in reqs
        if r.id in subject_ids and (not period[0] or r.in_force_during(*period))])
    ev_choices = choices((e.id, e.description) for e in inspection.evidence)
    if request.method == "GET" and act is not None:
        for entry, p in zip(form.persons_present.entries, act.persons_present or [],
                            strict=False):
            entry.form.full_name.data, entry.form.position.data = p["full_name"], p["position"]
        while len(form.violations.entries) < len(act.violations) + 1:
            form.violations.append_entry()
        for entry, v in zip(form.violations.entries, act.violations, strict=False):
            f = entry.form
            f.requirement_id.data, f.nature.data, f.remedy.data = v.requirement_id, v.nature, v.remedy
            f.deadline.data, f.ability.data, f.approvals.data = v.deadline, v.ability, v.approvals
            f.report_due.data, f.outside_functions.data = v.report_due, v.outside_functions
            f.committed_from.data, f.committed_to.data = v.committed_from, v.committed_to
            f.evidence_ids.data = [e.id for e in v.evidence]
    elif request.method == "GET":
        form.drawn_at.data = clock.now().replace(second=0, microsecond=0, tzinfo=None)
        form.representative_name.data = (inspection.delivery.recipient_name
                                         if inspection.delivery else "")
        form.representative_position.data = (inspection.delivery.recipient_position
                                             if inspection.delivery else "")
    for entry in form.violations.entries:
        entry.form.requirement_id.choices = req_choices
        entry.form.evidence_ids.choices = ev_choices
    cal = load_calendar()
    if form.validate_on_submit():
        rows = [{"requirement_id": e.form.requirement_id.data, "nature": e.form.nature.data,
                 "remedy": e.form.remedy.data, "deadline": e.form.deadline.data,
                 "ability": e.form.ability.data, "approvals": e.form.approvals.data,
                 "report_due": e.form.report_due.data,
                 "committed_from": e.form.committed_from.data,
                 "committed_to": e.form.committed_to.data,
                 "outside_functions": e.form.outside_functions.data,
                 "evidence_ids": e.form.evidence_ids.data or []}
                for e in form.violations.entries
                if e.form.requirement_id.data or (e.form.nature.data or "").strip()]
        fields = {"drawn_at": form.drawn_at.data, "place": form.place.data,
                  "results_summary": form.results_summary.data,
                  "representative_name": form.representative_name.data,
                  "representative_position": form.representative_position.data,
                  "persons_present": [e.data for e in form.persons_present.entries],
                  "violations": rows}
        try:
            if drawing:
                service.draw_results(current_user, inspection, cal=cal, now=clock.now(),
                                     **fields)
            else:
                service.update_results(current_user, inspection, cal=cal, now=clock.now(),
                                       **fields)
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("The results act is saved."), "success")
            return _back(inspection.id)
    drawn = form.drawn_at.data.date() if form.drawn_at.data else clock.today()
    earliest = deadlines.earliest_remedy_deadline(drawn, cal)
    return render_template("inspections/results_form.html", form=form, inspection=inspection,
                           earliest=earliest, explain=explain, drawing=drawing)


@bp.post("/<int:inspection_id>/results/issue")
@guarded(permissions.can_list_inspections)
def issue(inspection_id: int):
    inspection = load_inspection(inspection_id)
    require(lambda u, o: permissions.can_take(u, "issue_results"))
    require(lambda u, o: permissions.can_conduct(u, o, "issue_results"), inspection)  # R7.5
    return _run(inspection.id, ConfirmForm(), lambda f: service.issue_results(
        current_user, inspection, cal=load_calendar(), now=clock.now()),
        str(TRANSITION_LABELS["issue_results"]) + " — " + _("done."))


@bp.get("/<int:inspection_id>/results/package.zip")
@guarded(permissions.can_list_inspections)
def package(inspection_id: int):
    """R10.2: the transfer package of copy 1 (DOCX + JSON + SHA-256 manifest)."""
    inspection = load_inspection(inspection_id)
    if not permissions.can_download_package(current_user, inspection):
        flash(_("Issue the results act first."), "warning")
        return _back(inspection.id)
    data, _manifest = service.copy1_package(inspection, actor=current_user, now=clock.now())
    db.session.commit()  # PDF/A copies made for the package are kept (COPY1_INCLUDE_PDFA)
    import io

    name = f"results_act_{inspection.results_act.number.replace('/', '-')}_copy1.zip"
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:inspection_id>/results/copy1")
@guarded(permissions.can_list_inspections)
def copy1_sent(inspection_id: int):
    inspection = load_inspection(inspection_id)
    require(permissions.can_create_inspection)
    return _run(inspection.id, Copy1Form(), lambda f: service.record_copy1_sent(
        current_user, inspection, sent_at=f.sent_at.data, registration=f.registration.data,
        now=clock.now()), _("Copy 1 is recorded as sent."))


@bp.post("/<int:inspection_id>/results/delivery")
@guarded(permissions.can_list_inspections)
def deliver(inspection_id: int):
    inspection = load_inspection(inspection_id)
    require(lambda u, o: permissions.can_take(u, "deliver_results"))
    require(lambda u, o: permissions.can_conduct(u, o, "deliver_results"), inspection)  # R7.5
    act = inspection.results_act

    def call(f):
        refused = set(f.present_refused.data or [])
        present = [{"full_name": p["full_name"],
                    "outcome": "refused" if p["full_name"] in refused else "read"}
                   for p in (act.persons_present if act else [])]
        service.deliver_results(
            current_user, inspection, delivered_at=f.delivered_at.data, channel=f.channel.data,
            recipient_name=f.recipient_name.data, recipient_position=f.recipient_position.data,
            receipt=f.receipt.data, refusal_explanation=f.refusal_explanation.data or "",
            present_outcomes=present, cal=load_calendar(), now=clock.now())

    return _run(inspection.id, ResultsDeliveryForm(), call,
                str(TRANSITION_LABELS["deliver_results"]) + " — " + _("done."))


@bp.post("/<int:inspection_id>/results/refusal")
@guarded(permissions.can_list_inspections)
def refuse(inspection_id: int):
    inspection = load_inspection(inspection_id)
    require(lambda u, o: permissions.can_take(u, "refuse_results"))
    require(lambda u, o: permissions.can_conduct(u, o, "refuse_results"), inspection)  # R7.5
    return _run(inspection.id, ResultsRefusalForm(), lambda f: service.refuse_results(
        current_user, inspection, refused_at=f.refused_at.data, recipient_name=f.refused_name.data,
        recipient_position=f.refused_position.data, reason=f.reason.data or "",
        cal=load_calendar(), now=clock.now()),
        str(TRANSITION_LABELS["refuse_results"]) + " — " + _("done."))


@bp.post("/<int:inspection_id>/close")
@guarded(permissions.can_list_inspections)
def close(inspection_id: int):
    inspection = load_inspection(inspection_id)
    require(lambda u, o: permissions.can_take(u, "close"))
    return _run(inspection.id, ConfirmForm(), lambda f: service.close(
        current_user, inspection, now=clock.now()),
        str(TRANSITION_LABELS["close"]) + " — " + _("done."))


# ---------------------------------------------------------------- objections (R12.1, R12.2)


@bp.route("/<int:inspection_id>/objections", methods=["GET", "POST"])
@guarded(permissions.can_list_inspections)
def new_objection(inspection_id: int):
    """Register remarks/objections received on paper (R12.1)."""
    inspection = load_inspection(inspection_id)
    require(permissions.can_work_on_results)
    if not permissions.can_handle_results(current_user, inspection):
        flash(_("Objections are registered after the results act is delivered, while the "
                "inspection is open."), "warning")
        return _back(inspection.id)
    form = ObjectionForm()
    violations = inspection.results_act.violations
    point_choices = choices([(0, _("General"))] + [
        (v.id, _("Violation No. %(n)d", n=v.no)) for v in violations])
    for entry in form.points.entries:
        entry.form.violation_id.choices = point_choices
    if request.method == "GET":
        form.received_on.data = clock.today()
    if form.validate_on_submit():
        try:
            ids = _store_files(form.files)
            service.register_objection(
                current_user, inspection, received_on=form.received_on.data,
                incoming_number=form.incoming_number.data, note=form.note.data or "",
                points=[{"violation_id": e.form.violation_id.data or None,
                         "text": e.form.text.data} for e in form.points.entries],
                upload_ids=ids, cal=load_calendar(), now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("The objections are registered and attached to the results act."),
                  "success")
            return _back(inspection.id, "objections")
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("inspections/objection_form.html", form=form, inspection=inspection)


@bp.route("/objections/<int:objection_id>/reply", methods=["GET", "POST"])
@guarded(permissions.can_list_inspections)
def reply(objection_id: int):
    """The reasoned reply, point by point (R12.2)."""
    objection = get_or_404(Objection, objection_id)
    inspection = load_inspection(objection.act.inspection_id)
    require(permissions.can_work_on_results)
    if not permissions.can_handle_results(current_user, inspection) or objection.replied_on:
        flash(_("These objections cannot be answered now."), "warning")
        return _back(inspection.id, "objections")
    form = ReplyForm()
    cal = load_calendar()
    if form.validate_on_submit():
        decisions = {p.id: (request.form.get(f"decision_{p.id}", ""),
                            request.form.get(f"reasons_{p.id}", "")) for p in objection.points}
        try:
            service.reply_objection(current_user, objection, decisions=decisions,
                                    conclusion=form.conclusion.data or "",
                                    today=clock.today(), cal=cal, now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("The reasoned reply is issued."), "success")
            return _back(inspection.id, "objections")
    due = deadlines.objection_reply_due(objection.received_on, cal)
    return render_template("inspections/reply_form.html", form=form, objection=objection,
                           inspection=inspection, due=due, explain=explain,
                           posted=request.form)


@bp.get("/objections/<int:objection_id>/files/<int:file_id>")
@guarded(permissions.can_list_inspections)
def objection_file(objection_id: int, file_id: int):
    objection = get_or_404(Objection, objection_id)
    load_inspection(objection.act.inspection_id)
    upload = next((u for u in objection.files if u.id == file_id), None)
    if upload is None:
        return _back(objection.act.inspection_id, "objections")
    return uploads.send(upload)


# ---------------------------------------------------------------- remediation (R16.1, R16.2)


@bp.post("/violations/<int:violation_id>/reports")
@guarded(permissions.can_list_inspections)
def new_report(violation_id: int):
    violation = get_or_404(Violation, violation_id)
    inspection = load_inspection(violation.act.inspection_id)
    require(permissions.can_work_on_results)
    form = ReportForm(prefix=f"v{violation.id}")

    def call(f):
        service.register_report(current_user, violation, received_on=f.received_on.data,
                                description=f.description.data,
                                upload_ids=_store_files(f.files), now=clock.now())

    return _run(inspection.id, form, call, _("The report is registered."), "violations")


@bp.post("/reports/<int:report_id>/decision")
@guarded(permissions.can_list_inspections)
def decide_report(report_id: int):
    report = get_or_404(RemediationReport, report_id)
    inspection = load_inspection(report.violation.act.inspection_id)
    require(permissions.can_work_on_results)
    return _run(inspection.id, ReportDecisionForm(), lambda f: service.decide_report(
        current_user, report, decision=f.decision.data, note=f.note.data or "",
        now=clock.now()), _("The decision is recorded."), "violations")


@bp.get("/reports/<int:report_id>/files/<int:file_id>")
@guarded(permissions.can_list_inspections)
def report_file(report_id: int, file_id: int):
    report = get_or_404(RemediationReport, report_id)
    load_inspection(report.violation.act.inspection_id)
    upload = next((u for u in report.files if u.id == file_id), None)
    if upload is None:
        return _back(report.violation.act.inspection_id, "violations")
    return uploads.send(upload)


@bp.post("/<int:inspection_id>/followup")
@guarded(permissions.can_list_inspections)
def followup(inspection_id: int):
    """R16.2: one action drafts the unscheduled inspection on ground 7, pre-filled."""
    inspection = load_inspection(inspection_id)
    require(permissions.can_work_on_results)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _back(inspection.id, "violations")
    try:
        new = service.create_followup(current_user, inspection, today=clock.today(),
                                      cal=load_calendar(), now=clock.now())
    except DomainError as e:
        db.session.rollback()
        flash(e.display(), "danger")
        return _back(inspection.id, "violations")
    db.session.commit()
    flash(_("A draft follow-up inspection on ground 7 is created. Complete its appointment "
            "act."), "success")
    return redirect(url_for("inspections.show", inspection_id=new.id), code=303)


# ---------------------------------------------------------------- appeals (R17.1)


@bp.post("/<int:inspection_id>/appeals")
@guarded(permissions.can_list_inspections)
def new_appeal(inspection_id: int):
    inspection = load_inspection(inspection_id)
    require(permissions.can_work_on_results)
    return _run(inspection.id, AppealForm(), lambda f: service.record_appeal(
        current_user, inspection, level=f.level.data, filed_on=f.filed_on.data,
        authority=f.authority.data, summary=f.summary.data, now=clock.now()),
        _("The appeal is recorded."), "appeals")


@bp.post("/appeals/<int:appeal_id>/decision")
@guarded(permissions.can_list_inspections)
def decide_appeal(appeal_id: int):
    appeal = get_or_404(Appeal, appeal_id)
    inspection = load_inspection(appeal.inspection_id)
    require(permissions.can_work_on_results)
    return _run(inspection.id, AppealDecisionForm(), lambda f: service.decide_appeal(
        current_user, appeal, outcome=f.outcome.data, decided_on=f.decided_on.data,
        note=f.note.data or "", now=clock.now()), _("The outcome is recorded."), "appeals")


# ---------------------------------------------------------------- the inspection page


def page_context(inspection, *, today, cal) -> dict:
    """What the inspection page shows of part 2: the act, its copies, violations with their
    deadlines explained, objections with their due dates, appeals, and the forms."""
    act = inspection.results_act
    ctx = {"act": act, "results_forms": {}, "remedy": {}, "report": {}, "objection_due": {},
           "overdue_ids": set(), "unsettled": [], "earliest_at_delivery": None}
    if act is None:
        return ctx
    for v in act.violations:
        ctx["remedy"][v.id] = service.remedy_due(v, cal)
        ctx["report"][v.id] = service.report_due(v, cal)
    for o in act.objections:
        ctx["objection_due"][o.id] = deadlines.objection_reply_due(o.received_on, cal)
    ctx["overdue_ids"] = {v.id for v in service.overdue_violations(inspection, today, cal)}
    ctx["unsettled"] = service.unsettled(inspection)
    if act.delivered_at is not None:
        ctx["earliest_at_delivery"] = deadlines.earliest_remedy_deadline(
            act.delivered_at.astimezone(clock.ALMATY).date(), cal)
    delivery = ResultsDeliveryForm(recipient_name=act.representative_name,
                                   recipient_position=act.representative_position)
    delivery.present_refused.choices = choices((p["full_name"], p["full_name"])
                                               for p in act.persons_present or [])
    ctx["results_forms"] = {
        "issue_results": ConfirmForm(), "deliver_results": delivery,
        "refuse_results": ResultsRefusalForm(refused_name=act.representative_name,
                                             refused_position=act.representative_position),
        "close": ConfirmForm(), "copy1": Copy1Form(),
        "reports": {v.id: ReportForm(prefix=f"v{v.id}", received_on=today)
                    for v in act.violations},
        "report_decision": ReportDecisionForm(), "followup": ConfirmForm(),
        "appeal": AppealForm(filed_on=today), "appeal_decision": AppealDecisionForm(
            decided_on=today)}
    return ctx
