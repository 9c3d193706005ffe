"""Issuing documents: render before commit, keep the bytes, hash and context; templates."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from .. import documents, permissions
from ..errors import PermissionDenied, TamperedDocument, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import ArchiveCopy, ControlSubject, DocumentTemplate, GeneratedDocument
from ..ops import log_incident
from . import audit

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def authority_name(lang: str) -> str:
    """The issuing body's name in the document's language (configuration)."""
    return current_app.config["AUTHORITY_NAME_RU" if lang == "ru" else "AUTHORITY_NAME_KK"]


def place(lang: str) -> str:
    """Where documents are drawn up, in the document's language (configuration)."""
    return current_app.config["PLACE_RU" if lang == "ru" else "PLACE_KK"]


def new_verification_code() -> str:
    """A short code printed on the document, e.g. ``K7QM-4XPA-9D``."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def active_template(code: str, lang: str) -> tuple[bytes, str, str]:
    """(template bytes, version, source) — the newest active upload, else the built-in."""
    row = db.session.execute(
        select(DocumentTemplate)
        .where(DocumentTemplate.code == code, DocumentTemplate.lang == lang,
               DocumentTemplate.active.is_(True))
        .order_by(DocumentTemplate.id.desc()).limit(1)
    ).scalar_one_or_none()
    if row is not None:
        return row.content, row.version, "custom"
    data = documents.builtin_template(code, lang)
    return data, documents.template_version(data), "builtin"


def _storable(value):
    """The context as kept with the document: a picture (the annual report's charts) is
    kept as the SHA-256 of its PNG, everything else as given (JSON)."""
    from ..documents.images import Image

    if isinstance(value, Image):
        return {"image_sha256": hashlib.sha256(value.png).hexdigest(),
                "width_mm": value.width_mm}
    if isinstance(value, dict):
        return {k: _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def issue_document(actor, *, code: str, lang: str, context: dict, object_type: str,
                   object_id: int, now: datetime, control_subject_id: int | None = None,
                   number: str = "", doc_date: date | None = None,
                   copy_no: int = 0) -> GeneratedDocument:
    """Render ``code`` and keep it as issued (a new version each time).

    Rendering happens before anything is written, so a failure leaves nothing behind."""
    template, version, source = active_template(code, lang)
    verification = new_verification_code()
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    ctx = dict(context, verification_code=verification,
               verify_url=f"{base}/verify/{verification}")
    data = documents.render(code, ctx, lang, template=template)
    previous = db.session.execute(
        select(func.max(GeneratedDocument.version)).where(
            GeneratedDocument.object_type == object_type,
            GeneratedDocument.object_id == object_id,
            GeneratedDocument.code == code, GeneratedDocument.lang == lang,
            GeneratedDocument.copy_no == copy_no)
    ).scalar() or 0
    doc = GeneratedDocument(
        code=code, lang=lang, object_type=object_type, object_id=object_id, copy_no=copy_no,
        version=previous + 1, control_subject_id=control_subject_id, number=number,
        doc_date=doc_date, template_source=source, template_version=version,
        context=_storable(ctx),
        sha256=hashlib.sha256(data).hexdigest(), verification_code=verification,
        content=data, created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(doc)
    audit.record(actor, "document.issued", doc,
                 data={"code": code, "lang": lang, "version": doc.version,
                       "object": f"{object_type}:{object_id}", "sha256": doc.sha256,
                       "template": f"{source}:{version}"}, now=now)
    return doc


def issue_sample(actor, code: str, lang: str, *, now: datetime) -> GeneratedDocument:
    """Issue a document from the built-in sample data (to try a template, or the demo)."""
    if not permissions.can_manage_templates(actor):
        raise PermissionDenied(_l("Only an administrator manages templates."))
    if code not in documents.CODES or lang not in documents.LANGS:
        raise ValidationFailed(_l("Unknown document code or language."))
    ctx = documents.sample_context(code, lang)
    return issue_document(actor, code=code, lang=lang, context=ctx, object_type="sample",
                          object_id=0, number=str(ctx.get("doc_number", "")),
                          doc_date=now.date(), now=now)


def upload_template(actor, *, code: str, lang: str, filename: str, data: bytes,
                    now: datetime) -> DocumentTemplate:
    """Accept a replacement template only if it is a DOCX using known variables only."""
    if not permissions.can_manage_templates(actor):
        raise PermissionDenied(_l("Only an administrator manages templates."))
    if code not in documents.CODES or lang not in documents.LANGS:
        raise ValidationFailed(_l("Unknown document code or language."))
    problems = documents.check_template(code, data)
    if problems:
        raise ValidationFailed(
            _l("The template was refused: %(problems)s", problems="; ".join(problems)),
            field="file")
    row = DocumentTemplate(code=code, lang=lang, version=documents.template_version(data),
                           filename=filename[:255], content=data, active=True,
                           uploaded_by_id=getattr(actor, "id", None), uploaded_at=now)
    db.session.add(row)
    audit.record(actor, "template.uploaded", row,
                 data={"code": code, "lang": lang, "version": row.version,
                       "filename": row.filename}, now=now)
    return row


def deactivate_template(actor, row: DocumentTemplate, *, now: datetime) -> None:
    """Go back to the built-in template (or the previous upload)."""
    if not permissions.can_manage_templates(actor):
        raise PermissionDenied(_l("Only an administrator manages templates."))
    row.active = False
    audit.record(actor, "template.deactivated", row,
                 data={"code": row.code, "lang": row.lang, "version": row.version}, now=now)


def intact_content(doc: GeneratedDocument) -> bytes:
    """The stored bytes of ``doc``, checked against its SHA-256 before they leave the server;
    a mismatch raises :class:`TamperedDocument` (never served)."""
    return checked(doc.content or b"", doc.sha256, document_id=doc.id)


def record_incident(document_id: int, *, now: datetime) -> None:
    """An integrity incident: logged at CRITICAL and written to the audit log."""
    log_incident("document_hash_mismatch", document_id=document_id)
    audit.record(None, "integrity.document_mismatch", object_type="generated_documents",
                 object_id=document_id, data={}, now=now)


def matches(doc: GeneratedDocument, data: bytes) -> bool:
    """Is ``data`` byte for byte the issued document (or its stored PDF/A copy)?"""
    digest = hashlib.sha256(data).hexdigest()
    if digest == doc.sha256:
        return True
    copy = archive_copy_of(doc)
    return copy is not None and digest == copy.sha256


def checked(content: bytes, sha256: str, *, document_id: int) -> bytes:
    """The stored bytes (of a document or its PDF/A copy), after checking them against the
    SHA-256 kept when they were made; a mismatch raises :class:`TamperedDocument`."""
    if hashlib.sha256(content or b"").hexdigest() != sha256:
        raise TamperedDocument(_l("This document's stored content does not match the hash it "
                                  "was issued with; it is not served. The incident is "
                                  "recorded."), document_id=document_id)
    return content


def archive_copy_of(doc: GeneratedDocument) -> ArchiveCopy | None:
    return db.session.execute(
        select(ArchiveCopy).where(ArchiveCopy.document_id == doc.id)).scalar_one_or_none()


def archive_copy(actor, doc: GeneratedDocument, *, now: datetime) -> ArchiveCopy:
    """The PDF/A-2b copy of ``doc`` — made once with LibreOffice from the issued DOCX (same
    verification code and QR), then kept with its own SHA-256: LibreOffice never writes the
    same bytes twice, so a copy made again could not be verified.  Raises
    :class:`inspections.documents.DocumentError` when LibreOffice is missing or fails."""
    row = archive_copy_of(doc)
    if row is not None:
        return row
    data = documents.to_pdfa(intact_content(doc))
    row = ArchiveCopy(document_id=doc.id, format="pdfa-2b", content=data,
                      sha256=hashlib.sha256(data).hexdigest(), created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "document.archive_copy", doc,
                 data={"format": row.format, "sha256": row.sha256}, now=now)
    return row


def public_facts(doc: GeneratedDocument) -> dict:
    """What the public verification page shows of ``doc`` (R27.1: names of bodies only):
    the issuing body as printed, the control subject, the newest version of the same
    document and the SHA-256 of its PDF/A copy, if one was made."""
    subject = (db.session.get(ControlSubject, doc.control_subject_id)
               if doc.control_subject_id else None)
    newest = db.session.execute(
        select(GeneratedDocument.version, GeneratedDocument.doc_date,
               GeneratedDocument.created_at).where(
            GeneratedDocument.object_type == doc.object_type,
            GeneratedDocument.object_id == doc.object_id,
            GeneratedDocument.code == doc.code, GeneratedDocument.lang == doc.lang,
            GeneratedDocument.copy_no == doc.copy_no)
        .order_by(GeneratedDocument.version.desc()).limit(1)).first()
    copy = db.session.execute(
        select(ArchiveCopy.sha256).where(ArchiveCopy.document_id == doc.id)).scalar()
    return {"authority": str(doc.context.get("authority_name", "")),
            "subject": subject,
            "newer": newest if newest is not None and newest.version > doc.version else None,
            "pdfa_sha256": copy}


def find_by_code(code: str) -> GeneratedDocument | None:
    code = (code or "").strip().upper()
    return db.session.execute(
        select(GeneratedDocument).where(GeneratedDocument.verification_code == code)
    ).scalar_one_or_none()
