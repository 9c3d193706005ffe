"""No text longer than its column (issue "Integrity", item 6): before any flush, every
``String(n)`` value of a new or changed row is checked against ``n``.  A longer value is
refused with a translated :class:`~inspections.errors.ValidationFailed` naming the field —
a form error or a flashed message, never the database's error (PostgreSQL refuses it with a
500 otherwise; SQLite would keep it silently).  ``Text`` columns are bounded by the request
limit of :mod:`inspections.web` (``MAX_FIELD_CHARS``)."""

from __future__ import annotations

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from .errors import ValidationFailed
from .i18n import lazy_gettext as _l


def too_long(obj) -> tuple[str, int] | None:
    """(column name, its length) of the first ``String(n)`` value of ``obj`` longer than n."""
    mapper = inspect(obj).mapper
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        length = getattr(column.type, "length", None)
        if not isinstance(column.type, String) or not length:
            continue
        value = getattr(obj, attr.key, None)
        if isinstance(value, str) and len(value) > length:
            return attr.key, length
    return None


@event.listens_for(Session, "before_flush")
def _check_lengths(session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty):
        found = too_long(obj)
        if found:
            name, length = found
            raise ValidationFailed(
                _l("The field is longer than the %(n)d characters allowed.", n=length),
                field=name)
