"""All models; import from here so that Alembic sees every table."""

from .accounts import ROLES, STAFF_ROLES, User, UserRole
from .audit import AuditEntry
from .calendar import CalendarOverride, CalendarYear
from .catalogue import Requirement
from .documents import ArchiveCopy, DocumentTemplate, GeneratedDocument
from .findings import CandidateRank, CandidateRankYear, Finding
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
from .signatures import DocumentSignature
from .statistics import CalendarFeed, StatisticsPublication
from .storage import StoredFile
from .uploads import Upload

__all__ = [
    "StoredFile",
    "ArchiveCopy",
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
    "DocumentSignature",
    "DocumentTemplate",
    "CandidateRank",
    "CandidateRankYear",
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
