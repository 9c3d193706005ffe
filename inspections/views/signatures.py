"""Signing issued documents through NCALayer or with an uploaded .cms, and downloading the
stored CMS (issue 16). Verification is the service's: never trust the browser."""

from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from forms.signatures import SignForm

from .. import clock, permissions
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import DocumentSignature, GeneratedDocument
from ..services import signatures as sig_service
from ..services import statements
from ._util import get_or_404

bp = Blueprint("signatures", __name__)

#: NCALayer listens on the signer's own machine; the sign page may talk to it.
NCALAYER_URL = "wss://127.0.0.1:13579"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       f"connect-src 'self' {NCALAYER_URL}")


class _Esign:
    """What templates need to show signatures (``esign`` in every template)."""

    reasons = sig_service.REASON_LABELS
    roles = sig_service.ROLE_LABELS
    statuses = sig_service.STATUS_LABELS
    revocations = sig_service.REVOCATION_LABELS

    @staticmethod
    def slots(doc):
        return sig_service.slots(doc)

    @staticmethod
    def signed_documents(inspection, docs=None):
        return sig_service.newest_documents(inspection, sig_service.SIGNED_CODES, docs)

    @staticmethod
    def statements(inspection):
        return statements.of_inspection(inspection)

    @staticmethod
    def can_sign(doc) -> bool:
        return sig_service.can_sign(current_user, doc)

    @staticmethod
    def can_read(doc) -> bool:
        return current_user.is_authenticated and permissions.can_view_document(current_user,
                                                                               doc)


@bp.app_context_processor
def esign_helpers():
    return {"esign": _Esign}


def _page(doc: GeneratedDocument, form: SignForm, status: int = 200):
    response = make_response(render_template(
        "documents/sign.html", doc=doc, form=form, slots=sig_service.slots(doc),
        may_sign=sig_service.can_sign(current_user, doc), has_iin=bool(current_user.iin),
        ncalayer_url=NCALAYER_URL), status)
    response.headers["Content-Security-Policy"] = CSP
    return response


def _readable(doc_id: int) -> GeneratedDocument:
    doc = get_or_404(GeneratedDocument, doc_id)
    if not permissions.can_view_document(current_user, doc):
        abort(404)  # R27.1: do not confirm that another body's document exists
    return doc


@bp.route("/documents/<int:doc_id>/sign", methods=["GET", "POST"])
@login_required
def sign(doc_id: int):
    """The signing page: who must sign and who has; NCALayer or an uploaded .cms.  One rule
    for GET and POST, so that an out-of-range id answers 404 to both (not 405)."""
    if request.method == "POST":
        return _submit(doc_id)
    return _page(_readable(doc_id), SignForm())


def _submit(doc_id: int):
    """Verify the posted CMS on the server and keep it, or show why it was refused."""
    doc = _readable(doc_id)
    if not sig_service.can_sign(current_user, doc):
        abort(403)
    form = SignForm()
    if not form.validate_on_submit():
        return _page(doc, form, 400)
    upload = form.file.data
    data = upload.read() if upload else (form.cms.data or "").encode("ascii", "replace")
    try:
        sig_service.sign(current_user, doc, data, now=clock.now())
    except DomainError as e:
        db.session.rollback()
        flash(e.display(), "danger")
        return _page(doc, form, 422)
    db.session.commit()
    flash(_("Your signature was verified and stored."), "success")
    return redirect(url_for("signatures.sign", doc_id=doc.id), code=303)


@bp.get("/signatures/<int:sig_id>.cms")
@login_required
def download(sig_id: int):
    """The stored CMS, for signed-in users who may read the document (never public)."""
    sig = get_or_404(DocumentSignature, sig_id)
    if not permissions.can_view_document(current_user, sig.document):
        abort(404)
    doc = sig.document
    name = f"{doc.code}_{(doc.number or str(doc.id)).replace('/', '-')}_{doc.lang}_{sig.id}.cms"
    return send_file(BytesIO(sig.cms), mimetype="application/pkcs7-signature",
                     as_attachment=True, download_name=name)
