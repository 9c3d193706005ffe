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
    stmt = select(AuditEntry)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    page = db.paginate(stmt.order_by(AuditEntry.id.desc()), per_page=50, error_out=False)
    types = db.session.execute(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    ).scalars().all()
    return render_template("audit/index.html", page=page, object_type=object_type,
                           object_id=object_id, types=types)
