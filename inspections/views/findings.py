"""Findings from the four information sources, per control subject (R1.3)."""

from functools import cache

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from forms.plans import FindingFilesForm, FindingForm

from .. import clock, permissions, uploads
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import ControlSubject, Finding
from ..models.findings import SOURCES
from ..services import findings
from ._util import (
    apply_error,
    get_or_404,
    guarded,
    require,
    statement_page,
    subject_choices,
)

bp = Blueprint("findings", __name__, url_prefix="/findings")
PER_PAGE = 20


def _files(field) -> list[tuple[str, bytes]]:
    return [(f.filename or "", f.read()) for f in (field.data or []) if f and f.filename]


@bp.get("")
@guarded(permissions.can_view_findings)
def index():
    subject_id = request.args.get("subject_id", type=int)
    source = request.args.get("source", "")
    subject = None
    params = {}
    if subject_id:
        subject = get_or_404(ControlSubject, subject_id)
        params["subject_id"] = subject_id
    if source in SOURCES:
        params["source"] = source
    rows_stmt, count_stmt = _list_statements("subject_id" in params, "source" in params)
    return render_template("findings/index.html",
                           page=statement_page(rows_stmt, count_stmt, params, PER_PAGE),
                           subject=subject, source=source, sources=SOURCES)


@cache
def _list_statements(by_subject: bool, by_source: bool):
    """The findings list's page and its count for a kind of filter, built once (issue 13):
    the columns the list shows and the number of files, newest first; parameters
    ``subject_id``, ``source``, ``limit`` and ``offset``."""
    from sqlalchemy import bindparam, func

    from ..models.findings import finding_files

    files = (select(func.count()).select_from(finding_files)
             .where(finding_files.c.finding_id == Finding.id).scalar_subquery())
    rows = (select(Finding.id, Finding.found_on, Finding.subject_id, Finding.source,
                   Finding.weight, Finding.summary, ControlSubject.name_kk,
                   ControlSubject.name_ru, files.label("files"))
            .join(ControlSubject, ControlSubject.id == Finding.subject_id))
    count = select(func.count()).select_from(Finding)
    if by_subject:
        rows, count = (stmt.where(Finding.subject_id == bindparam("subject_id"))
                       for stmt in (rows, count))
    if by_source:
        rows, count = (stmt.where(Finding.source == bindparam("source"))
                       for stmt in (rows, count))
    return (rows.order_by(Finding.found_on.desc(), Finding.id.desc())
            .limit(bindparam("limit")).offset(bindparam("offset"))), count


@bp.route("/new", methods=["GET", "POST"])
@guarded(permissions.can_record_findings)
def new():
    form = FindingForm()
    form.subject_id.choices = subject_choices(field="subject_id")
    if request.method == "GET":
        form.subject_id.data = request.args.get("subject_id", type=int) or 0
        form.found_on.data = clock.today()
    if form.validate_on_submit():
        subject = db.session.get(ControlSubject, form.subject_id.data or 0)
        try:
            finding = findings.record_finding(
                current_user, subject, source=form.source.data, found_on=form.found_on.data,
                summary=form.summary.data, weight=form.weight.data,
                files=_files(form.files), now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Finding recorded."), "success")
            return redirect(url_for("findings.show", finding_id=finding.id), code=303)
    return render_template("findings/form.html", form=form)


@bp.get("/<int:finding_id>")
@guarded(permissions.can_view_findings)
def show(finding_id: int):
    finding = get_or_404(Finding, finding_id)
    return render_template("findings/show.html", finding=finding, files_form=FindingFilesForm(),
                           lang=g.lang)


@bp.post("/<int:finding_id>/files")
@guarded(permissions.can_view_findings)
def add_files(finding_id: int):
    finding = get_or_404(Finding, finding_id)
    require(permissions.can_record_findings, finding)
    form = FindingFilesForm()
    if form.validate_on_submit():
        try:
            findings.attach_files(current_user, finding, _files(form.files), now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Files added."), "success")
    return redirect(url_for("findings.show", finding_id=finding.id), code=303)


@bp.get("/<int:finding_id>/files/<int:upload_id>")
@guarded(permissions.can_view_findings)
def download_file(finding_id: int, upload_id: int):
    """Only staff, only a file of this finding, always as an attachment."""
    finding = get_or_404(Finding, finding_id)
    upload = next((u for u in finding.files if u.id == upload_id), None)
    if upload is None:
        abort(404)
    return uploads.send(upload)
