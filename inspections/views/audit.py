"""Browse the audit log by object."""

from flask import Blueprint, render_template, request
from sqlalchemy import select

from .. import permissions
from ..extensions import db
from ..models import AuditEntry
from ._util import guarded

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("")
@guarded(permissions.can_view_audit)
def index():
    object_type = request.args.get("object_type", "").strip()
    object_id = request.args.get("object_id", type=int)
    before = request.args.get("before", type=int)
    stmt = select(AuditEntry)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    if before:
        stmt = stmt.where(AuditEntry.id < before)
    # Issue 13: keyset pagination (no OFFSET, no count(*) over a million rows) and the
    # object types from the schema, not from a scan of the log.
    rows = db.session.execute(
        stmt.order_by(AuditEntry.id.desc()).limit(PER_PAGE + 1)).scalars().all()
    older = rows[PER_PAGE - 1].id if len(rows) > PER_PAGE else None
    return render_template("audit/index.html", rows=rows[:PER_PAGE], older=older,
                           before=before, object_type=object_type, object_id=object_id,
                           types=OBJECT_TYPES)


PER_PAGE = 50
#: What an audit row's ``object_type`` names: a table of the schema (``audit.record`` takes
#: ``obj.__tablename__``), or "sample" for template previews.
OBJECT_TYPES = sorted({t.name for t in db.metadata.sorted_tables} - {"alembic_version"}
                      | {"sample"})
