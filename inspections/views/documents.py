"""Downloads of issued documents, the public verification page, template administration."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forms.documents import TemplateUploadForm, VerifyUploadForm

from .. import clock, documents, permissions
from ..documents import pdf
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import DocumentTemplate, GeneratedDocument
from ..services import documents as doc_service
from ._util import apply_error, get_or_404, guarded, require

bp = Blueprint("documents", __name__)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(doc: GeneratedDocument, ext: str) -> str:
    number = (doc.number or str(doc.id)).replace("/", "-")
    copy = f"_copy{doc.copy_no}" if doc.copy_no else ""
    return f"{doc.code}_{number}{copy}_v{doc.version}_{doc.lang}.{ext}"


@bp.get("/documents/<int:doc_id>.docx")
@login_required
def download(doc_id: int):
    doc = get_or_404(GeneratedDocument, doc_id)
    if not permissions.can_view_document(current_user, doc):
        abort(404)  # R27.1: do not confirm that another body's document exists
    return send_file(BytesIO(doc_service.intact_content(doc)), mimetype=DOCX_MIME,
                     as_attachment=True,
                     download_name=_filename(doc, "docx"))


@bp.get("/documents/<int:doc_id>.pdf")
@login_required
def download_pdf(doc_id: int):
    """The PDF/A-2b archive copy: made on the first download, then always the same bytes,
    checked against their SHA-256 like the DOCX."""
    doc = get_or_404(GeneratedDocument, doc_id)
    if not permissions.can_view_document(current_user, doc):
        abort(404)
    copy = doc_service.archive_copy_of(doc)
    if copy is None:
        if not pdf.soffice_available():
            abort(404)
        doc_service.archive_copy(current_user, doc, now=clock.now())
        try:
            db.session.commit()
        except IntegrityError:  # made by a parallel first download: keep that one
            db.session.rollback()
        copy = doc_service.archive_copy_of(doc)
    data = doc_service.checked(copy.content, copy.sha256, document_id=doc.id)
    return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=_filename(doc, "pdf"))


@bp.route("/verify", methods=["GET"])
def verify_form():
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("documents.verify", code=code.upper()))
    return render_template("documents/verify_form.html")


@bp.route("/verify/<code>", methods=["GET", "POST"])
def verify(code: str):
    """Public (R27.1): kind, number, date, issuing body, control subject, version (and a
    newer one), SHA-256 of the DOCX and of its PDF/A copy — never a person's name, IIN or
    contacts.  A visitor compares a file in the browser (nothing sent) or uploads it."""
    doc = doc_service.find_by_code(code)
    if doc is None:
        abort(404)
    form = VerifyUploadForm()
    outcome = None
    if form.validate_on_submit():
        outcome = doc_service.matches(doc, form.file.data.read())
    from ..services import audit

    return render_template("documents/verify.html", doc=doc, form=form, outcome=outcome,
                           facts=doc_service.public_facts(doc),
                           anchor=audit.issuing_row(doc.id))


@bp.route("/admin/templates", methods=["GET", "POST"])
@guarded(permissions.can_manage_templates)
def templates():
    form = TemplateUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            doc_service.upload_template(current_user, code=form.code.data, lang=form.lang.data,
                                        filename=upload.filename or "template.docx",
                                        data=upload.read(), now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Template uploaded and active."), "success")
            return redirect(url_for("documents.templates"), code=303)
    active = {}
    for code in documents.CODES:
        for lang in documents.LANGS:
            _data, version, source = doc_service.active_template(code, lang)
            active[(code, lang)] = (version, source)
    uploads = db.session.execute(
        select(DocumentTemplate).order_by(DocumentTemplate.id.desc())
    ).scalars().all()
    samples = db.session.execute(
        select(GeneratedDocument).where(GeneratedDocument.object_type == "sample")
        .order_by(GeneratedDocument.id.desc()).limit(40)
    ).scalars().all()
    return render_template("documents/templates.html", form=form, active=active,
                           uploads=uploads, samples=samples, codes=documents.CODES,
                           langs=documents.LANGS)


@bp.post("/admin/templates/<int:template_id>/deactivate")
@guarded(permissions.can_manage_templates)
def deactivate(template_id: int):
    row = get_or_404(DocumentTemplate, template_id)
    doc_service.deactivate_template(current_user, row, now=clock.now())
    db.session.commit()
    flash(_("Template withdrawn; the previous one is active again."), "success")
    return redirect(url_for("documents.templates"), code=303)


@bp.post("/admin/templates/sample")
@guarded(permissions.can_manage_templates)
def sample():
    code, lang = request.form.get("code", ""), request.form.get("lang", "")
    require(permissions.can_manage_templates)
    doc = doc_service.issue_sample(current_user, code, lang, now=clock.now())
    db.session.commit()
    flash(_("Sample document issued (version %(v)d).", v=doc.version), "success")
    return redirect(url_for("documents.templates"), code=303)
