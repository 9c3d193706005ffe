"""Issuing documents: render before commit, keep the bytes, hash and context; templates."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import documents, permissions
from ..errors import PermissionDenied, TamperedDocument, ValidationFailed
from ..extensions import db
from ..models import DocumentTemplate, GeneratedDocument
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
        doc_date=doc_date, template_source=source, template_version=version, context=ctx,
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
    data = doc.content or b""
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise TamperedDocument(_l("This document's stored content does not match the hash it "
                                  "was issued with; it is not served. The incident is "
                                  "recorded."), document_id=doc.id)
    return data


def record_incident(document_id: int, *, now: datetime) -> None:
    """An integrity incident: logged at CRITICAL and written to the audit log."""
    current_app.logger.critical("INTEGRITY: document %s does not match its SHA-256",
                                document_id)
    audit.record(None, "integrity.document_mismatch", object_type="generated_documents",
                 object_id=document_id, data={}, now=now)


def matches(doc: GeneratedDocument, data: bytes) -> bool:
    """Is ``data`` byte for byte the issued document?"""
    return hashlib.sha256(data).hexdigest() == doc.sha256


def find_by_code(code: str) -> GeneratedDocument | None:
    code = (code or "").strip().upper()
    return db.session.execute(
        select(GeneratedDocument).where(GeneratedDocument.verification_code == code)
    ).scalar_one_or_none()
