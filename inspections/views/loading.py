"""Loading the objects a route names, the same way for every controller."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from .. import permissions
from ..extensions import db
from ..models.inspections import Inspection


def load_inspection(inspection_id: int, options=()) -> Inspection:
    """404 for a missing inspection and for one the user may not know of (R27.1);
    ``options``: the loader options of a page that shows much of it (issue 13)."""
    if options:
        inspection = db.session.execute(
            select(Inspection).where(Inspection.id == inspection_id).options(*options)
        ).unique().scalar_one_or_none()
    else:
        inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or not permissions.can_view_inspection(current_user, inspection):
        abort(404)
    return inspection
