"""The representatives' portal (R5.1, R6.1, R12.1, R12.4, R16.1, R17.1, R27.1).

A representative sees only their own body's inspections: every object is loaded through
:func:`_own` (and its file through its own parent), and anything else answers 404 — never
403 — so that the existence of another body's inspection is not confirmed (R27.1).  Staff
get 403 on these pages: they have their own.  Thin controllers: load (404), check the
predicate, validate, call one service, commit once, redirect."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from forms import choices
from forms.portal import AcknowledgeForm, PortalAppealForm, PortalObjectionForm, PortalReportForm

from .. import clock, deadlines, explain, permissions, uploads
from ..confidentiality import ground_author_shown
from ..extensions import db
from ..i18n import gettext as _
from ..models import GeneratedDocument, Inspection
from ..models.results import Objection, RemediationReport, Violation
from ..services import inspections as inspection_service
from ..services import kept
from ..services import portal as service
from ..services import results as results_service
from ..services.calendar import load_calendar
from ._util import guarded, page_number, submit

bp = Blueprint("portal", __name__, url_prefix="/portal")


def _own(inspection_id: int) -> Inspection:
    """R27.1: 404 unless the inspection is the representative's own body's (not a draft)."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or inspection.status == "draft" \
            or not permissions.is_own_inspection(current_user, inspection):
        abort(404)
    return inspection


def _back(inspection_id: int, anchor: str = ""):
    return redirect(url_for("portal.show", inspection_id=inspection_id, _anchor=anchor or None),
                    code=303)


def _store_files(field) -> list[int]:
    ids = []
    for f in field.data or ():
        if f and getattr(f, "filename", ""):
            ids.append(uploads.store(current_user, f.read(), f.filename, now=clock.now()).id)
    return ids


def _run(inspection_id: int, form, call, done: str, anchor: str):
    """Validate, call one service, commit once — or roll back, say why, change nothing."""
    return submit(form, call, done, _back(inspection_id, anchor))


def _dated(deadline) -> dict:
    return {"deadline": deadline, "summary": explain.summary(deadline, g.lang),
            "lines": explain.explain(deadline, g.lang)}


def clocks(inspection: Inspection, *, today, cal) -> list[dict]:
    """The clocks that concern the body, each with its explanation: working days of fieldwork
    left (R9.1/R9.2), each remedy deadline with days left (R14.1, R16.1), the reply to its
    objections (R12.2)."""
    rows = []
    fw = inspection_service.fieldwork_clock(inspection, today, cal)
    if fw and inspection.status not in ("delivered", "closed"):
        left = cal.working_days_between(cal.next_working_day(today), fw["end"]) \
            if fw["end"] > today else 0
        rows.append({"kind": "fieldwork_end", "day": fw["end"], "left": left,
                     "working": True, "overdue": fw["overdue"], **_dated(fw["deadline"])})
    act = inspection.results_act
    if act is not None and act.delivered_at is not None:
        for v in act.violations:
            due = results_service.remedy_due(v, cal)
            settled = v.status == "eliminated" or v.followup_inspection_id is not None
            rows.append({"kind": "remedy", "day": due.day, "left": (due.day - today).days,
                         "working": False, "violation": v, "done": settled,
                         "overdue": not settled and today > due.day
                         and v.status in ("open", "not_eliminated"),
                         **_dated(due)})
            if v.report_due:  # R16.1: the second period, for reporting the elimination
                rdue = results_service.report_due(v, cal)
                rows.append({"kind": "report", "day": rdue.day,
                             "left": (rdue.day - today).days, "working": False,
                             "violation": v, "overdue": today > rdue.day
                             and v.status in ("open", "not_eliminated"), **_dated(rdue)})
        for o in act.objections:
            due = deadlines.objection_reply_due(o.received_on, cal)
            rows.append({"kind": "objection_reply", "day": due.day,
                         "left": cal.working_days_between(cal.next_working_day(today), due.day)
                         if due.day > today else 0, "working": True, "objection": o,
                         "overdue": o.replied_on is None and today > due.day,
                         "done": o.replied_on is not None, **_dated(due)})
    if inspection.status == "closed":  # no clock runs any more: each says "closed"
        for row in rows:
            row.update(closed=True, overdue=False)
    return rows


def home_page():
    """The representative's home: their body's inspections with state and clocks (R27.1),
    a page at a time (issue 13) — the same for every representative of the body, so the
    cards are rendered once per page, day, language and version of the data."""
    today = clock.today()
    number = page_number()
    body = current_user.control_subject_id
    cards = kept.kept("portal home", (body, number, today, g.lang, request.script_root),
                      lambda: _home_cards(today, number))
    return render_template("portal/home.html", today=today, cards=cards)


def _home_cards(today, number: int) -> Markup:
    cal = load_calendar()
    rows = []
    page = db.paginate(service.my_inspections_query(current_user), page=number,
                       per_page=PORTAL_PER_PAGE, error_out=False)
    for i in page.items:
        checks = service.act_check(i, cal)
        rows.append({"inspection": i, "clocks": clocks(i, today=today, cal=cal),
                     "failed": [c for c in checks if c["ok"] is False],
                     "notice": next((c for c in checks if c["code"] == "notice_24h"), None)})
    return Markup(render_template("portal/_home_cards.html", rows=rows, page=page))


#: Inspections per page of the representative's home (issue 13): each card carries its clocks
#: with their explanations, so a page holds five.
PORTAL_PER_PAGE = 5


@bp.get("/")
@guarded(permissions.can_use_portal)
def home():
    return home_page()


@bp.get("/inspections/<int:inspection_id>")
@guarded(permissions.can_use_portal)
def show(inspection_id: int):
    """Everything about one of the body's own inspections, and what it may do now."""
    inspection = _own(inspection_id)
    today, cal = clock.today(), load_calendar()
    act = inspection.results_act
    docs = db.session.execute(
        select(GeneratedDocument).where(GeneratedDocument.object_type == "inspections",
                                        GeneratedDocument.object_id == inspection.id,
                                        GeneratedDocument.copy_no.in_((0, 2)))
        .order_by(GeneratedDocument.id)).scalars().all()
    objection_form = PortalObjectionForm()
    point_choices = choices([(0, _("General"))] + [
        (v.id, _("Violation No. %(n)d", n=v.no)) for v in (act.violations if act else [])])
    for entry in objection_form.points.entries:
        entry.form.violation_id.choices = point_choices
    ack = {a.document: a for a in inspection.acknowledgements}
    return render_template(
        "portal/show.html", inspection=inspection, act=act, docs=docs, today=today,
        clocks=clocks(inspection, today=today, cal=cal),
        checks=service.act_check(inspection, cal), ack=ack,
        ack_forms={d: AcknowledgeForm(prefix=d) for d in ("appointment_act", "results_act")},
        objection_form=objection_form,
        report_forms={v.id: PortalReportForm(prefix=f"v{v.id}")
                      for v in (act.violations if act else [])},
        appeal_form=PortalAppealForm(filed_on=today), explain=explain, lang=g.lang,
        grounds=[(gr, ground_author_shown(gr)) for gr in inspection.grounds])


@bp.post("/inspections/<int:inspection_id>/receipts/<document>")
@guarded(permissions.can_use_portal)
def acknowledge(inspection_id: int, document: str):
    """R6.1, R12.4: acknowledge receipt of an act, or refuse with a written explanation."""
    inspection = _own(inspection_id)
    if document not in ("appointment_act", "results_act"):
        abort(404)
    return _run(inspection.id, AcknowledgeForm(prefix=document), lambda f: service.acknowledge(
        current_user, inspection, document=document, outcome=f.outcome.data,
        full_name=f.full_name.data, position=f.position.data,
        explanation=f.explanation.data or "", now=clock.now()),
        _("Your answer is recorded and the inspectors can see it."), "receipts")


@bp.post("/inspections/<int:inspection_id>/objections")
@guarded(permissions.can_use_portal)
def new_objection(inspection_id: int):
    """R12.1: remarks and objections, point by point, with files."""
    inspection = _own(inspection_id)
    form = PortalObjectionForm()
    for entry in form.points.entries:
        entry.form.violation_id.choices = []

    def call(f):
        service.submit_objection(
            current_user, inspection, note=f.note.data or "",
            points=[{"violation_id": e.form.violation_id.data or None, "text": e.form.text.data}
                    for e in f.points.entries],
            upload_ids=_store_files(f.files), cal=load_calendar(), now=clock.now())

    return _run(inspection.id, form, call, _("Your objections are submitted. The reply is due "
                                             "within fifteen working days (R12.2)."),
                "objections")


@bp.post("/violations/<int:violation_id>/reports")
@guarded(permissions.can_use_portal)
def new_report(violation_id: int):
    """R16.1: information on the elimination with confirming documents."""
    violation = db.session.get(Violation, violation_id)
    if violation is None:
        abort(404)
    inspection = _own(violation.act.inspection_id)
    return _run(inspection.id, PortalReportForm(prefix=f"v{violation.id}"),
                lambda f: service.submit_report(
                    current_user, violation, description=f.description.data,
                    upload_ids=_store_files(f.files), now=clock.now()),
                _("Your report is submitted; the inspectors will consider it."), "violations")


@bp.post("/inspections/<int:inspection_id>/appeals")
@guarded(permissions.can_use_portal)
def new_appeal(inspection_id: int):
    """R17.1: record an appeal the body has filed."""
    inspection = _own(inspection_id)
    return _run(inspection.id, PortalAppealForm(), lambda f: service.record_appeal(
        current_user, inspection, level=f.level.data, filed_on=f.filed_on.data,
        authority=f.authority.data, summary=f.summary.data, now=clock.now()),
        _("The appeal is recorded; the authorised body sees it."), "appeals")


@bp.get("/objections/<int:objection_id>/files/<int:file_id>")
@guarded(permissions.can_use_portal)
def objection_file(objection_id: int, file_id: int):
    objection = db.session.get(Objection, objection_id)
    if objection is None:
        abort(404)
    _own(objection.act.inspection_id)
    upload = next((u for u in objection.files if u.id == file_id), None)
    if upload is None:
        abort(404)
    return uploads.send(upload)


@bp.get("/reports/<int:report_id>/files/<int:file_id>")
@guarded(permissions.can_use_portal)
def report_file(report_id: int, file_id: int):
    report = db.session.get(RemediationReport, report_id)
    if report is None:
        abort(404)
    _own(report.violation.act.inspection_id)
    upload = next((u for u in report.files if u.id == file_id), None)
    if upload is None:
        abort(404)
    return uploads.send(upload)
