"""The shared file storage's table (``STORAGE_URL=database``, see :mod:`inspections.storage`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..extensions import db
from .types import UTCDateTime


class StoredFile(db.Model):
    """The bytes of an uploaded file, by its random stored name (``uploads.stored_name``)."""

    __tablename__ = "stored_files"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
