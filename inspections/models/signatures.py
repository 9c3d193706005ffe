"""Electronic digital signatures of issued documents (issue 16).

A ``DocumentSignature`` keeps the CMS exactly as received, the signer as verified (name,
IIN, BIN, certificate serial and issuer), the signing time the signer's software wrote (not
trusted), when the server received it (the moment validity was judged at), the result and
how it was reached. Like an issued document it is never changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

#: who signs, stored as codes (translated when shown)
SIGNER_ROLES = ("signatory", "head", "inspector", "representative")
STATUSES = ("valid", "not_verified")  # an invalid signature is refused, never stored
METHODS = ("builtin", "ncanode", "none")


class DocumentSignature(db.Model):
    __tablename__ = "document_signatures"
    __table_args__ = (UniqueConstraint("document_id", "user_id",
                                       name="uq_document_signatures_signer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("generated_documents.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(20))
    control_subject_id: Mapped[int | None] = mapped_column(ForeignKey("control_subjects.id"))
    cms: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    cms_sha256: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str] = mapped_column(String(255))
    iin: Mapped[str] = mapped_column(String(12))
    bin: Mapped[str] = mapped_column(String(12), default="")
    cert_serial: Mapped[str] = mapped_column(String(80))
    cert_issuer: Mapped[str] = mapped_column(String(500))
    cert_subject: Mapped[str] = mapped_column(String(1000))
    signing_time: Mapped[datetime | None] = mapped_column(UTCDateTime())  # not trusted
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())  # validity judged here
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(20))
    revocation: Mapped[str] = mapped_column(String(20), default="not_checked")
    algorithm: Mapped[str] = mapped_column(String(80), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    document = relationship("GeneratedDocument", backref=db.backref(
        "signatures", order_by="DocumentSignature.id"))
    user = relationship("User")
    control_subject = relationship("ControlSubject")


@db.event.listens_for(DocumentSignature, "before_update")
def _immutable(mapper, connection, target):
    raise RuntimeError("a stored signature is never changed")
