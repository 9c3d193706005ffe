"""Uploaded files: checked by content, stored outside the web root, served as attachments.

Generic: findings use it now (R1.3), inspection evidence will use it later (R4.1).

- the size limit is ``UPLOAD_MAX_MB`` (25 MB by default);
- the allowed types are pdf, docx, xlsx, jpg, png, mp4, mp3 and zip, recognised by their
  CONTENT (magic bytes; a DOCX or XLSX is a ZIP with the matching main part), never by the
  file's name — an executable renamed ``scan.pdf`` is refused;
- files are stored through :mod:`inspections.storage` (a local folder outside ``static/``, or
  the database shared by several application servers) with random names, and are sent only through views that check the reader's permission, always as
  attachment downloads (never displayed inline), with ``X-Content-Type-Options: nosniff``.

:func:`store` adds an :class:`~inspections.models.Upload` row (flushed, not committed); the
calling service writes the audit row of its use case.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import zipfile
from datetime import datetime

from flask import current_app, send_file
from flask_babel import lazy_gettext as _l

from . import storage
from .errors import ValidationFailed
from .extensions import db
from .models import Upload

ALLOWED_KINDS = ("pdf", "docx", "xlsx", "jpg", "png", "mp4", "mp3", "zip")

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
    "mp4": "video/mp4",
    "mp3": "audio/mpeg",
    "zip": "application/zip",
}


def detect_kind(data: bytes) -> str | None:
    """The file type found in ``data`` (one of :data:`ALLOWED_KINDS`), or ``None``."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "mp4"
    if data.startswith(b"ID3"):
        return "mp3"
    if len(data) >= 2 and data[0] == 0xFF and (data[1] & 0xE0) == 0xE0 \
            and (data[1] & 0x06) == 0x02:  # MPEG audio frame, layer III
        return "mp3"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    return None


def max_bytes() -> int:
    return int(current_app.config.get("UPLOAD_MAX_MB", 25)) * 1024 * 1024


def _clean_name(filename: str, kind: str) -> str:
    """The original name without any directory, with the extension of the real type."""
    base = os.path.basename((filename or "").replace("\\", "/")).strip() or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '"<>:|?*')[:200]
    return f"{stem or 'file'}.{kind}"


def check(data: bytes, filename: str = "") -> str:
    """The kind of an acceptable file, else :class:`ValidationFailed` (nothing stored)."""
    if not data:
        raise ValidationFailed(_l("The file %(name)s is empty.", name=filename or ""),
                               field="files")
    limit = int(current_app.config.get("UPLOAD_MAX_MB", 25))
    if len(data) > max_bytes():
        raise ValidationFailed(
            _l("The file %(name)s is larger than the allowed %(mb)d MB.", name=filename or "",
               mb=limit), field="files")
    kind = detect_kind(data)
    if kind is None:
        raise ValidationFailed(
            _l("The file %(name)s is not of an allowed type (PDF, DOCX, XLSX, JPG, PNG, MP4, "
               "MP3, ZIP); the type is checked by the file's content.", name=filename or ""),
            field="files")
    return kind


def store(actor, data: bytes, filename: str, *, now: datetime) -> Upload:
    """Check ``data``, write it under a random name and add its row (flushed)."""
    kind = check(data, filename)
    stored_name = secrets.token_hex(16)
    storage.backend().put(stored_name, data, now=now)
    upload = Upload(stored_name=stored_name, original_name=_clean_name(filename, kind),
                    kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                    uploaded_by_id=getattr(actor, "id", None), uploaded_at=now)
    db.session.add(upload)
    db.session.flush()
    return upload


def read(upload: Upload) -> bytes:
    return storage.backend().get(upload.stored_name)


def send(upload: Upload):
    """The file as an attachment download (the caller has checked the permission)."""
    response = send_file(io.BytesIO(read(upload)),
                         mimetype=MIME_TYPES.get(upload.kind, "application/octet-stream"),
                         as_attachment=True, download_name=upload.original_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
