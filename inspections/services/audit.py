"""The hash-chained audit log: record (same transaction) and verify."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text

from ..extensions import db
from ..models import AuditEntry

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> str:
    at = entry.at.astimezone(UTC).replace(tzinfo=None)
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


def compute_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + _canonical(entry)).encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    """Serialise writers so that two transactions never fork the chain (PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(271828)"))


def record(actor, action: str, obj=None, *, object_type: str | None = None,
           object_id: int | None = None, data: dict | None = None,
           now: datetime) -> AuditEntry:
    """Append one audit row in the current transaction.  ``action`` is a code, never text."""
    if obj is not None:
        db.session.flush()
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else obj.id
    _lock_chain()
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


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    bad_id: int | None = None
    reason: str = ""


VERIFY_BATCH = 2000


def verify() -> VerifyResult:
    """Walk the chain; report the first row whose content or link does not match."""
    prev = GENESIS
    count = 0
    # streamed in batches (issue 13): memory does not grow with the log; the server-side
    # cursor is closed even when a bad row ends the walk early
    result = db.session.execute(select(AuditEntry).order_by(AuditEntry.id)
                                .execution_options(yield_per=VERIFY_BATCH))
    try:
        for entry in result.scalars():
            count += 1
            if entry.prev_hash != prev:
                return VerifyResult(False, count, entry.id,
                                    "the row before it was altered or deleted")
            if compute_hash(prev, entry) != entry.hash:
                return VerifyResult(False, count, entry.id, "the row's content was altered")
            prev = entry.hash
    finally:
        result.close()
    return VerifyResult(True, count)
