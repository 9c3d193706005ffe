"""All models; import from here so that Alembic sees every table."""

from .accounts import ROLES, STAFF_ROLES, User, UserRole
from .audit import AuditEntry
from .calendar import CalendarOverride, CalendarYear
from .catalogue import Requirement
from .documents import DocumentTemplate, GeneratedDocument
from .findings import Finding
from .inspections import (
    ActCounter,
    ActDelivery,
    AdmissionRefusal,
    ArrivalCheck,
    Evidence,
    Extension,
    Inspection,
    InspectionGround,
    InspectionInspector,
    InspectionRequirement,
    InspectionSpecialist,
    StartNotice,
)
from .plans import AmendmentChange, Plan, PlanAmendment, PlanItem
from .portal import Acknowledgement, Notification
from .registry import ControlSubject, Subdivision, SubjectEvent, SubjectObject
from .results import (
    Appeal,
    Objection,
    ObjectionPoint,
    RemediationReport,
    ResultsAct,
    Violation,
)
from .statistics import CalendarFeed, StatisticsPublication
from .uploads import Upload

__all__ = [
    "CalendarFeed",
    "StatisticsPublication",
    "Acknowledgement",
    "Notification",
    "Appeal",
    "Objection",
    "ObjectionPoint",
    "RemediationReport",
    "ResultsAct",
    "Violation",
    "ActCounter",
    "ActDelivery",
    "AdmissionRefusal",
    "ArrivalCheck",
    "Evidence",
    "Extension",
    "Inspection",
    "InspectionGround",
    "InspectionInspector",
    "InspectionRequirement",
    "InspectionSpecialist",
    "StartNotice",
    "ROLES",
    "STAFF_ROLES",
    "AmendmentChange",
    "AuditEntry",
    "CalendarOverride",
    "CalendarYear",
    "ControlSubject",
    "DocumentTemplate",
    "Finding",
    "GeneratedDocument",
    "Plan",
    "PlanAmendment",
    "PlanItem",
    "Requirement",
    "Subdivision",
    "SubjectEvent",
    "SubjectObject",
    "Upload",
    "User",
    "UserRole",
]
