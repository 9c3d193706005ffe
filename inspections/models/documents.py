"""Generated documents (kept exactly as issued) and administrators' custom templates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime


class DocumentTemplate(db.Model):
    """An uploaded replacement of a built-in template; the newest active one is used."""

    __tablename__ = "document_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(5))
    version: Mapped[str] = mapped_column(String(12))  # first 12 hex of SHA-256
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    active: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uploaded_by = relationship("User")


class GeneratedDocument(db.Model):
    """One issued document version: bytes, hash, context snapshot, template used, who, when.

    Never updated: regenerating makes a new row with ``version`` + 1."""

    __tablename__ = "generated_documents"
    __table_args__ = (
        UniqueConstraint("object_type", "object_id", "code", "lang", "copy_no", "version",
                         name="uq_generated_documents_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(5))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int] = mapped_column()
    copy_no: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    control_subject_id: Mapped[int | None] = mapped_column(ForeignKey("control_subjects.id"))
    number: Mapped[str] = mapped_column(String(64), default="")
    doc_date: Mapped[date | None] = mapped_column(Date)
    template_source: Mapped[str] = mapped_column(String(20))  # "builtin" or "custom"
    template_version: Mapped[str] = mapped_column(String(12))
    context: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by = relationship("User")


@db.event.listens_for(GeneratedDocument, "before_update")
def _immutable(mapper, connection, target):
    raise RuntimeError("an issued document is never changed; generate a new version")


class ArchiveCopy(db.Model):
    """The PDF/A-2b copy of an issued document, made once (LibreOffice does not write the
    same bytes twice) and kept with its own SHA-256; never changed afterwards."""

    __tablename__ = "document_archive_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("generated_documents.id"), unique=True)
    format: Mapped[str] = mapped_column(String(20), default="pdfa-2b")
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    document = relationship("GeneratedDocument")


@db.event.listens_for(ArchiveCopy, "before_update")
def _archive_immutable(mapper, connection, target):
    raise RuntimeError("an archive copy is never changed")
