"""Uploaded files (finding files now, inspection evidence later): kept outside the web root."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime


class Upload(db.Model):
    """One stored file.  ``stored_name`` is random (the file's name on disk under
    ``UPLOAD_FOLDER``); ``kind`` is the type found in the content (magic bytes), never the
    name's extension.  See :mod:`inspections.uploads`."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
