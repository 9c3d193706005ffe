"""Findings from the four information sources, per control subject (R1.3)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forms.plans import FindingFilesForm, FindingForm

from .. import clock, permissions, uploads
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import ControlSubject, Finding
from ..models.findings import SOURCES
from ..services import findings
from ._util import apply_error, get_or_404, guarded, require, subject_choices

bp = Blueprint("findings", __name__, url_prefix="/findings")
PER_PAGE = 20


def _files(field) -> list[tuple[str, bytes]]:
    return [(f.filename or "", f.read()) for f in (field.data or []) if f and f.filename]


@bp.get("")
@guarded(permissions.can_view_findings)
def index():
    subject_id = request.args.get("subject_id", type=int)
    source = request.args.get("source", "")
    stmt = select(Finding).options(joinedload(Finding.subject), selectinload(Finding.files))
    subject = None
    if subject_id:
        subject = get_or_404(ControlSubject, subject_id)
        stmt = stmt.where(Finding.subject_id == subject_id)
    if source in SOURCES:
        stmt = stmt.where(Finding.source == source)
    page = db.paginate(stmt.order_by(Finding.found_on.desc(), Finding.id.desc()),
                       per_page=PER_PAGE, error_out=False)
    return render_template("findings/index.html", page=page, subject=subject,
                           source=source, sources=SOURCES)


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
