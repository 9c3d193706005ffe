"""Loading the objects a route names, the same way for every controller."""

from __future__ import annotations

from functools import lru_cache

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam, select

from .. import permissions
from ..extensions import db
from ..models.inspections import Inspection


def load_inspection(inspection_id: int, options=()) -> Inspection:
    """404 for a missing inspection and for one the user may not know of (R27.1);
    ``options``: the loader options of a page that shows much of it (issue 13), the same
    tuple on every call (see :func:`_statement`)."""
    if options:
        inspection = db.session.execute(
            _statement(tuple(options)), {"inspection_id": inspection_id}
        ).unique().scalar_one_or_none()
    else:
        inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or not permissions.can_view_inspection(current_user, inspection):
        abort(404)
    return inspection


@lru_cache(maxsize=16)
def _statement(options: tuple):
    """The statement loading an inspection with ``options``, built once: SQLAlchemy then
    works out its cache key once, not on every request (for the inspection page's twenty
    loader options that took longer than the statements themselves; issue 13)."""
    return (select(Inspection).where(Inspection.id == bindparam("inspection_id"))
            .options(*options))
