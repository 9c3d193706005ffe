"""The keyed, anchored audit log: record (same transaction) and verify.

* **Keyed**: each row's ``hash`` is HMAC-SHA-256, under the server's audit key
  (``AUDIT_KEY``; never in the database, never in a backup of it), over the previous row's
  hash and this row's content.  Whoever can write to the database but does not hold the
  key cannot re-hash the rows after an edit, nor insert a row that verifies.
* **Anchored**: every successful ``verify`` appends the head it verified — row id, hash,
  row count — to an append-only anchor file outside the database (``AUDIT_ANCHOR_FILE``);
  every issued document's public verification record shows the audit row that issued it.
  ``verify`` compares the chain with the latest checkpoint, so that cutting rows off the
  end (truncation) is found too.

``verify`` streams the rows (constant memory) and reports the first bad row of: an
in-place edit, a deletion, an insertion, a reordering, a re-hashing, a truncation; it also
checks every issued document's bytes against its hash and its ``document.issued`` row.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import func, select, text

from ..extensions import db
from ..models import AuditEntry, GeneratedDocument

GENESIS = "0" * 64
BATCH = 2000


def _canonical(entry) -> str:
    at = entry.at.astimezone(UTC).replace(tzinfo=None) if entry.at.tzinfo else entry.at
    content = {
        "at": at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)


def audit_key() -> bytes:
    """The server's audit key (configuration, never the database)."""
    key = current_app.config.get("AUDIT_KEY")
    if not key:
        raise RuntimeError("AUDIT_KEY is not configured")
    return key.encode("utf-8") if isinstance(key, str) else key


def compute_hash(prev_hash: str, entry, key: bytes | None = None) -> str:
    message = (prev_hash + _canonical(entry)).encode("utf-8")
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


def lock_chain(connection=None) -> None:
    """Serialise writers so that two transactions never fork the chain (PostgreSQL): held
    until the transaction ends.  ``connection``: the transaction's connection (default: the
    session's).  The kept ranking of candidates takes it too (:mod:`.ranking`)."""
    connection = connection if connection is not None else db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(271828)"))


def record(actor, action: str, obj=None, *, object_type: str | None = None,
           object_id: int | None = None, data: dict | None = None,
           now: datetime) -> AuditEntry:
    """Append one audit row in the current transaction.  ``action`` is a code, never text."""
    if obj is not None:
        db.session.flush()
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    lock_chain()
    last = db.session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar()
    prev = last or GENESIS
    entry = AuditEntry(
        at=now.astimezone(UTC).replace(microsecond=0),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=prev,
        hash="",
    )
    entry.hash = compute_hash(prev, entry)
    db.session.add(entry)
    db.session.flush()
    return entry


# ---------------------------------------------------------------- the anchor


@dataclass(frozen=True)
class Checkpoint:
    row_id: int
    hash: str
    count: int
    at: str = ""
    note: str = "verified"


def anchor_path() -> str:
    return current_app.config["AUDIT_ANCHOR_FILE"]


def checkpoints(path: str | None = None) -> list[Checkpoint]:
    """The checkpoints of the anchor file (``path``: another copy, e.g. a backup's)."""
    path = path or anchor_path()
    if not os.path.exists(path):
        return []
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out.append(Checkpoint(int(d["row_id"]), d["hash"], int(d["count"]),
                                      d.get("at", ""), d.get("note", "verified")))
    return out


def latest_checkpoint(path: str | None = None) -> Checkpoint | None:
    rows = checkpoints(path)
    return rows[-1] if rows else None


def append_checkpoint(row_id: int, hash_: str, count: int, *, note: str = "verified",
                      now: datetime | None = None) -> Checkpoint:
    """Append one checkpoint to the anchor file (opened for appending only, synced)."""
    at = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    point = Checkpoint(row_id, hash_, count, at, note)
    path = anchor_path()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(point.__dict__, sort_keys=True) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return point


def head() -> tuple[int, str, int] | None:
    """(row id, hash, count) of the last row, or None for an empty log."""
    row = db.session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    if row is None:
        return None
    count = db.session.execute(select(func.count()).select_from(AuditEntry)).scalar()
    return row.id, row.hash, count


def issuing_row(doc_id: int):
    """The ``document.issued`` audit row of a document, with the count of rows up to it:
    printed on the document's public verification record."""
    row = db.session.execute(
        select(AuditEntry.id, AuditEntry.hash).where(
            AuditEntry.action == "document.issued",
            AuditEntry.object_type == "generated_documents",
            AuditEntry.object_id == doc_id).order_by(AuditEntry.id).limit(1)).first()
    if row is None:
        return None
    count = db.session.execute(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= row.id)).scalar()
    return {"row_id": row.id, "hash": row.hash, "count": count}


# ---------------------------------------------------------------- verify


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    bad_id: int | None = None
    reason: str = ""
    documents: int = 0
    checkpoint: Checkpoint | None = None


def _rows():
    columns = [AuditEntry.id, AuditEntry.at, AuditEntry.actor_id, AuditEntry.actor_name,
               AuditEntry.action, AuditEntry.object_type, AuditEntry.object_id,
               AuditEntry.data, AuditEntry.prev_hash, AuditEntry.hash]
    return db.session.execute(select(*columns).order_by(AuditEntry.id)
                              .execution_options(yield_per=BATCH))


def verify(*, progress: Callable[[int], None] | None = None, every: int = 100_000,
           write_checkpoint: bool = True, now: datetime | None = None,
           anchor_file: str | None = None) -> VerifyResult:
    """Walk the chain (streamed), compare it with the latest checkpoint of the anchor file
    (``anchor_file``: another copy of it, e.g. the one saved in a backup), check every issued
    document; on success append a checkpoint of the head verified."""
    rows = _rows()
    try:
        return _verify(rows, progress=progress, every=every,
                       write_checkpoint=write_checkpoint, now=now, anchor_file=anchor_file)
    finally:
        rows.close()  # a server-side cursor on PostgreSQL, also when stopping early


def _verify(rows, *, progress, every, write_checkpoint, now, anchor_file) -> VerifyResult:
    key = audit_key()
    anchor = latest_checkpoint(anchor_file)
    prev, count, last_id = GENESIS, 0, None
    issued: dict[int, str] = {}
    anchored = anchor is None
    for row in rows:
        count += 1
        if progress and count % every == 0:
            progress(count)
        if row.prev_hash != prev:
            return VerifyResult(False, count, row.id, "the row before it was deleted, inserted "
                                "or moved (its link does not match)")
        if compute_hash(prev, row, key) != row.hash:
            return VerifyResult(False, count, row.id, "the row's content was altered or it "
                                "was not written by this server (HMAC mismatch)")
        if anchor is not None and row.id == anchor.row_id:
            if row.hash != anchor.hash:
                return VerifyResult(False, count, row.id, "the chain was re-hashed: the row "
                                    "differs from the anchor checkpoint", checkpoint=anchor)
            if count != anchor.count:
                return VerifyResult(False, count, row.id, f"{count} rows up to this one, the "
                                    f"anchor checkpoint says {anchor.count}: rows were "
                                    "deleted or inserted", checkpoint=anchor)
            anchored = True
        if anchor is not None and row.id > anchor.row_id and not anchored:
            return VerifyResult(False, count, anchor.row_id, "the anchored row is missing",
                                checkpoint=anchor)
        if row.action == "document.issued" and row.object_type == "generated_documents":
            issued.setdefault(row.object_id, (row.data or {}).get("sha256", ""))
        prev, last_id = row.hash, row.id
    if not anchored:
        return VerifyResult(False, count, anchor.row_id, f"the log was cut: it ends at row "
                            f"{last_id} ({count} rows), the anchor checkpoint of {anchor.at} "
                            f"recorded row {anchor.row_id} ({anchor.count} rows)",
                            checkpoint=anchor)
    documents, problem = _verify_documents(issued)
    if problem:
        return VerifyResult(False, count, problem[0], problem[1], documents=documents)
    point = None
    if write_checkpoint and last_id is not None:
        point = append_checkpoint(last_id, prev, count, now=now)
    return VerifyResult(True, count, documents=documents, checkpoint=point)


def _verify_documents(issued: dict[int, str]) -> tuple[int, tuple[int, str] | None]:
    """Every issued document: its bytes match its SHA-256, which matches its audit row."""
    n = 0
    result = db.session.execute(
        select(GeneratedDocument.id, GeneratedDocument.sha256, GeneratedDocument.content)
        .order_by(GeneratedDocument.id).execution_options(yield_per=50))
    try:
        for row in result:
            n += 1
            if hashlib.sha256(row.content or b"").hexdigest() != row.sha256:
                return n, (row.id, f"document {row.id}: its bytes do not match its SHA-256")
            if issued.get(row.id) != row.sha256:
                return n, (row.id, f"document {row.id}: its SHA-256 is not the one of its "
                                   "'document.issued' audit row")
    finally:
        result.close()
    return n, None
