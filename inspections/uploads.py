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
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import storage
from .errors import ValidationFailed
from .extensions import db
from .i18n import lazy_gettext as _l
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
                infos = archive.infolist()
                names = {i.filename for i in infos}
        except (zipfile.BadZipFile, ValueError):
            return None
        if zip_bomb(infos, len(data)):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    return None


#: A ZIP-based file (ZIP, DOCX, XLSX) is refused when it declares more than this many
#: bytes uncompressed, more entries than ZIP_MAX_ENTRIES, or a ratio of uncompressed to
#: compressed size above ZIP_MAX_RATIO (issue "Integrity", item 10).
ZIP_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_RATIO = 200


def zip_bomb(infos, compressed_size: int) -> bool:
    """Are the declared sizes of these entries absurd?"""
    if len(infos) > ZIP_MAX_ENTRIES:
        return True
    total = sum(max(i.file_size, 0) for i in infos)
    if total > ZIP_MAX_UNCOMPRESSED:
        return True
    return total > 10 * 1024 * 1024 and total > ZIP_MAX_RATIO * max(compressed_size, 1)


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
    if kind is None and data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise ValidationFailed(
            _l("The file %(name)s is refused: its archive declares an absurd uncompressed "
               "size.", name=filename or ""), field="files")
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
    backend = storage.backend()
    backend.put(stored_name, data, now=now)
    if backend.name == "local":  # a database backend writes in the transaction itself
        _written(backend.folder, stored_name)
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


# ---------------------------------------------------------------- no orphans (item 10)
#
# A file is written before its row is committed.  The names written in a transaction are
# kept in the session's ``info``; when the transaction ends without a commit (a refused
# form, an error), the files are removed again.  ``flask uploads check`` reports (and with
# ``--clean`` removes) any difference left between the folder and the table.

_PENDING = "uploads_pending"


def _written(folder: str, stored_name: str) -> None:
    db.session.info.setdefault(_PENDING, []).append((folder, stored_name))


@event.listens_for(Session, "after_commit")
def _kept(session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _undo(session, transaction) -> None:
    """The outermost transaction ended: after a commit nothing is pending any more (see
    :func:`_kept`); after a rollback or a close without commit, the files go."""
    if transaction.parent is not None:  # a savepoint or inner block
        return
    for folder, name in session.info.pop(_PENDING, []):
        try:
            os.remove(os.path.join(folder, name))
        except FileNotFoundError:
            pass


def differences() -> tuple[list[str], list[Upload]]:
    """(files in the storage without a row, rows whose file is missing)."""
    from sqlalchemy import select

    names = storage.backend().names()
    rows = db.session.execute(select(Upload)).scalars().all()
    known = {u.stored_name for u in rows}
    orphans = sorted(names - known)
    missing = [u for u in rows if u.stored_name not in names]
    return orphans, missing


def remove_orphans(orphans, *, older_than_seconds: int = 3600) -> list[str]:
    """Delete orphan files older than ``older_than_seconds`` (a request in flight may have
    just written one)."""
    import time

    backend = storage.backend()
    removed = []
    for name in orphans:
        if backend.age_seconds(name, now=time.time()) >= older_than_seconds:
            backend.delete(name)
            removed.append(name)
    return removed
