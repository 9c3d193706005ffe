"""All models; import from here so that Alembic sees every table."""

from .accounts import ROLES, STAFF_ROLES, User, UserRole
from .audit import AuditEntry
from .calendar import CalendarOverride, CalendarYear
from .documents import DocumentTemplate, GeneratedDocument
from .registry import ControlSubject, Subdivision, SubjectEvent, SubjectObject

__all__ = [
    "ROLES",
    "STAFF_ROLES",
    "AuditEntry",
    "CalendarOverride",
    "CalendarYear",
    "ControlSubject",
    "DocumentTemplate",
    "GeneratedDocument",
    "Subdivision",
    "SubjectEvent",
    "SubjectObject",
    "User",
    "UserRole",
]
