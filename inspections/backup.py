"""Backups that restore: ``flask --app app backup create DIR`` / ``backup restore DIR``.

A backup folder holds

- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite`` (SQLite,
  the online backup API — consistent while the application runs);
- ``files/``: the uploaded files of the local-folder storage (``STORAGE_URL=database`` keeps
  them inside the database, so they are in the dump);
- ``anchors/``: the audit log's anchor checkpoints, when they are kept in a file outside the
  database;
- ``manifest.json``: the version, the schema revision, the database kind, the number of audit
  rows and documents, and the SHA-256 and size of every file above.

It never holds ``SECRET_KEY`` or the audit HMAC key: they live in the server's configuration
(``/etc/bakylau/env`` or ``instance/config.py``) and are backed up separately (README,
"Backups").  Restoring needs the same audit key to verify the chain.

``restore`` refuses a non-empty database or storage, checks every file against the manifest,
loads the database and the files, then runs ``audit verify`` and checks every issued
document's bytes against its SHA-256; it fails loudly when anything does not match.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from . import __version__
from .extensions import db

MANIFEST = "manifest.json"
FORMAT = "bakylau.backup.v1"


class BackupError(RuntimeError):
    """The backup or the restore cannot be made; nothing is left half-done."""


@dataclass
class RestoreReport:
    audit_rows: int = 0
    documents_checked: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _database_url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _libpq_url(url) -> str:
    """The SQLAlchemy URL as pg_dump/pg_restore understand it (no driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _anchor_files() -> list[Path]:
    """The audit anchor file (``AUDIT_ANCHOR_FILE``), kept outside the database."""
    from .services.audit import anchor_path

    anchor = Path(anchor_path())
    return [anchor] if anchor.is_file() else []


def _schema_revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 — an empty database has no such table
        db.session.rollback()
        return None


def _counts() -> dict[str, int]:
    from .models import AuditEntry, GeneratedDocument

    return {
        "audit_rows": db.session.scalar(select(db.func.count()).select_from(AuditEntry)) or 0,
        "documents": db.session.scalar(select(db.func.count()).select_from(GeneratedDocument))
        or 0,
    }


def create(target: Path) -> dict:
    """Write a consistent backup into the empty or new folder ``target``; return its manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    url = _database_url()
    counts = _counts()
    revision = _schema_revision()
    db.session.rollback()
    if url.get_backend_name() == "postgresql":
        kind, dump = "postgresql", target / "database.dump"
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--file={dump}", _libpq_url(url)], capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError("pg_dump failed: " + result.stderr.strip()[-500:])
    elif url.get_backend_name() == "sqlite":
        kind, dump = "sqlite", target / "database.sqlite"
        source = sqlite3.connect(url.database)
        try:
            dest = sqlite3.connect(dump)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
    else:
        raise BackupError(f"unsupported database {url.get_backend_name()}")

    files_dir = target / "files"
    files_dir.mkdir()
    folder = _upload_folder()
    if current_app.config.get("STORAGE_URL", "local") == "local" and folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name.isalnum():
                shutil.copy2(path, files_dir / path.name)
    anchors_dir = target / "anchors"
    anchors_dir.mkdir()
    for path in _anchor_files():
        shutil.copy2(path, anchors_dir / path.name)

    entries = []
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        entries.append({"path": path.relative_to(target).as_posix(),
                        "sha256": _sha256_file(path), "size": path.stat().st_size})
    manifest = {
        "format": FORMAT, "version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": kind, "schema_revision": revision, **counts, "files": entries,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False),
                                   encoding="utf-8")
    return manifest


def _read_manifest(source: Path) -> dict:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} not found: not a backup folder")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for entry in manifest["files"]:
        path = source / entry["path"]
        if not path.is_file() or _sha256_file(path) != entry["sha256"]:
            raise BackupError(f"{entry['path']} is missing or does not match the manifest")
    return manifest


def _database_is_empty() -> bool:
    names = inspect(db.engine).get_table_names()
    return not names


def restore(source: Path) -> RestoreReport:
    """Restore ``source`` into an empty database and storage, then verify what was restored."""
    source = Path(source)
    manifest = _read_manifest(source)
    url = _database_url()
    if manifest["database"] != url.get_backend_name():
        raise BackupError(f"the backup is of {manifest['database']}, the target is "
                          f"{url.get_backend_name()}")
    db.session.remove()
    if not _database_is_empty():
        raise BackupError("the target database is not empty")
    folder = _upload_folder()
    if folder.is_dir() and any(p for p in folder.iterdir() if p.name.isalnum()):
        raise BackupError(f"the file storage {folder} is not empty")

    db.engine.dispose()
    if manifest["database"] == "postgresql":
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={_libpq_url(url)}", str(source / "database.dump")],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError("pg_restore failed: " + result.stderr.strip()[-500:])
    else:
        src = sqlite3.connect(source / "database.sqlite")
        try:
            dest = sqlite3.connect(url.database)
            with dest:
                src.backup(dest)
            dest.close()
        finally:
            src.close()
    db.engine.dispose()

    folder.mkdir(parents=True, exist_ok=True)
    report = RestoreReport()
    for path in sorted((source / "files").iterdir()):
        shutil.copy2(path, folder / path.name)
        report.files += 1
    saved = sorted((source / "anchors").iterdir())
    verify_restored(report, manifest, anchor=saved[0] if saved else None)
    return report


def verify_restored(report: RestoreReport, manifest: dict, *, anchor: Path | None = None) -> None:
    """``audit verify`` over the restored chain — against the checkpoint saved in the backup
    when there is one — including every issued document's bytes against its SHA-256; then
    the server's anchor file records a checkpoint "restored" at the last row."""
    from .models import AuditEntry
    from .services import audit

    result = audit.verify(write_checkpoint=False,
                          anchor_file=str(anchor) if anchor is not None else None)
    report.audit_rows = result.checked
    report.documents_checked = result.documents
    if not result.ok:
        report.problems.append(f"audit verify failed at row {result.bad_id}: {result.reason}")
    if result.checked != manifest["audit_rows"]:
        report.problems.append(f"audit rows: {result.checked}, the backup had "
                               f"{manifest['audit_rows']}")
    if result.ok and result.documents != manifest["documents"]:
        report.problems.append(f"documents: {result.documents}, the backup had "
                               f"{manifest['documents']}")
    last = db.session.execute(select(AuditEntry.id, AuditEntry.hash)
                              .order_by(AuditEntry.id.desc()).limit(1)).first()
    db.session.rollback()
    if report.ok and last is not None:
        real = Path(audit.anchor_path())
        if anchor is not None and (not real.exists() or real.stat().st_size == 0):
            real.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(anchor, real)
        audit.append_checkpoint(last.id, last.hash, result.checked, note="restored")
