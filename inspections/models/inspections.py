"""Inspections, part 1: from the appointment act to the end of fieldwork (R3.1–R9.4)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from ..extensions import db
from .types import UTCDateTime

# R1.2: an inspection is periodic (from the annual plan) or unscheduled (on a ground of R3.1).
PERIODIC = "periodic"
UNSCHEDULED = "unscheduled"
KINDS = (PERIODIC, UNSCHEDULED)

# R3.1 grounds of an unscheduled inspection (1–7); 5 and 7 link an earlier inspection.
GROUNDS = (1, 2, 3, 4, 5, 6, 7)
GROUNDS_LINKING = (5, 7)
# R27.1: grounds 1 and 2 are complaints or appeals of a person; who wrote it is recorded.
GROUNDS_COMPLAINT = (1, 2)
AUTHOR_KINDS = ("individual", "legal_entity")

SPECIALIST_ROLES = ("specialist", "consultant", "expert")
NOTICE_CHANNELS = ("paper", "email", "edo", "phone")  # edo: e-document management system
REFUSAL_REASONS = ("dates_passed", "dates_not_matching", "documents_not_shown")
EVIDENCE_KINDS = ("document", "database_access", "recording", "expert")
EXTENSION_REQUESTED = "requested"
EXTENSION_APPROVED = "approved"
EXTENSION_REFUSED = "refused"


class ActCounter(db.Model):
    """The last appointment-act number issued in a year (row-locked while numbering)."""

    __tablename__ = "act_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
    # The date of the last act issued in the series: numbers rise with dates (R2.7, act dates)
    last_date: Mapped[date | None] = mapped_column(Date)


class Inspection(db.Model):
    """An inspection of a control subject (periodic from a plan item, or unscheduled)."""

    __tablename__ = "inspections"
    __table_args__ = (UniqueConstraint("number", name="uq_inspections_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default="draft", index=True)
    # optimistic lock, checked on every UPDATE (services.transitions)
    lock_version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": lock_version}
    control_subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"),
                                                    index=True)
    subdivision_id: Mapped[int | None] = mapped_column(ForeignKey("subdivisions.id"))
    object_id: Mapped[int | None] = mapped_column(ForeignKey("subject_objects.id"))
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(20))
    act_date: Mapped[date | None] = mapped_column(Date, index=True)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)  # the end in force
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    signatory_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    control_subject = relationship("ControlSubject")
    plan_item = relationship("PlanItem")
    subdivision = relationship("Subdivision")
    subject_object = relationship("SubjectObject")
    signatory = relationship("User", foreign_keys=[signatory_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    inspectors: Mapped[list[InspectionInspector]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan",
        order_by="InspectionInspector.id")
    specialists: Mapped[list[InspectionSpecialist]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan",
        order_by="InspectionSpecialist.id")
    grounds: Mapped[list[InspectionGround]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan",
        order_by="InspectionGround.ground", foreign_keys="InspectionGround.inspection_id")
    requirements: Mapped[list[InspectionRequirement]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan",
        order_by="InspectionRequirement.id")
    notices: Mapped[list[StartNotice]] = relationship(
        back_populates="inspection", order_by="StartNotice.id")
    deliveries: Mapped[list[ActDelivery]] = relationship(
        back_populates="inspection", order_by="ActDelivery.id")
    arrivals: Mapped[list[ArrivalCheck]] = relationship(
        back_populates="inspection", order_by="ArrivalCheck.id")
    refusals: Mapped[list[AdmissionRefusal]] = relationship(
        back_populates="inspection", order_by="AdmissionRefusal.id")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="inspection", order_by="Evidence.id")
    extensions: Mapped[list[Extension]] = relationship(
        back_populates="inspection", order_by="Extension.id")

    @property
    def inspector_users(self):
        return [row.user for row in self.inspectors]

    @property
    def notice(self) -> StartNotice | None:
        return self.notices[-1] if self.notices else None

    @property
    def delivery(self) -> ActDelivery | None:
        return self.deliveries[-1] if self.deliveries else None

    @property
    def extension(self) -> Extension | None:
        return self.extensions[-1] if self.extensions else None


class InspectionInspector(db.Model):
    """An inspector named in the appointment act (R7.2 item 3)."""

    __tablename__ = "inspection_inspectors"
    __table_args__ = (UniqueConstraint("inspection_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"),
                                               index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    inspection: Mapped[Inspection] = relationship(back_populates="inspectors")
    user = relationship("User")


class InspectionSpecialist(db.Model):
    """An engaged specialist, consultant or expert (R7.2 item 4, R4.1)."""

    __tablename__ = "inspection_specialists"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"),
                                               index=True)
    role: Mapped[str] = mapped_column(String(20), default="specialist")
    full_name: Mapped[str] = mapped_column(String(255))
    position_kk: Mapped[str] = mapped_column(String(255), default="")
    position_ru: Mapped[str] = mapped_column(String(255), default="")
    organisation_kk: Mapped[str] = mapped_column(String(500))
    organisation_ru: Mapped[str] = mapped_column(String(500), default="")
    position = synonym("position_kk")
    organisation = synonym("organisation_kk")
    inspection: Mapped[Inspection] = relationship(back_populates="specialists")

    def position_in(self, lang: str) -> str:
        return (self.position_ru or self.position_kk) if lang == "ru" else self.position_kk

    def organisation_in(self, lang: str) -> str:
        return (self.organisation_ru or self.organisation_kk) if lang == "ru" \
            else self.organisation_kk


class InspectionGround(db.Model):
    """A ground of R3.1 with its basis document (number, date, author, file)."""

    __tablename__ = "inspection_grounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"),
                                               index=True)
    ground: Mapped[int] = mapped_column()
    basis_number: Mapped[str] = mapped_column(String(100))
    basis_date: Mapped[date] = mapped_column(Date)
    basis_author: Mapped[str] = mapped_column(String(500))
    # R27.1 (grounds 1–2 only, else None): "individual" or "legal_entity"; an individual's
    # name, IIN and contacts reach the control subject only with consent on record.
    author_kind: Mapped[str | None] = mapped_column(String(20))
    disclosure_consent: Mapped[bool] = mapped_column(default=False)
    consent_upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    linked_inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    inspection: Mapped[Inspection] = relationship(back_populates="grounds",
                                                  foreign_keys=[inspection_id])
    linked_inspection = relationship("Inspection", foreign_keys=[linked_inspection_id])
    upload = relationship("Upload", foreign_keys=[upload_id])
    consent_upload = relationship("Upload", foreign_keys=[consent_upload_id])


class InspectionRequirement(db.Model):
    """The subject matter: requirements of the catalogue (R7.2 item 6)."""

    __tablename__ = "inspection_requirements"
    __table_args__ = (UniqueConstraint("inspection_id", "requirement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id", ondelete="CASCADE"),
                                               index=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id"))
    inspection: Mapped[Inspection] = relationship(back_populates="requirements")
    requirement = relationship("Requirement")


class StartNotice(db.Model):
    """Notice of the start with the subject matter (R7.3)."""

    __tablename__ = "start_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    inspection: Mapped[Inspection] = relationship(back_populates="notices")


class ActDelivery(db.Model):
    """Delivery of the appointment act: the start of the inspection (R7.4, R6.1)."""

    __tablename__ = "act_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recipient_name: Mapped[str] = mapped_column(String(255))
    recipient_position: Mapped[str] = mapped_column(String(255))
    receipt: Mapped[str] = mapped_column(String(20))  # "signed" or "refused"
    refusal_explanation: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    inspection: Mapped[Inspection] = relationship(back_populates="deliveries")


class ArrivalCheck(db.Model):
    """Documents shown on arrival (R8.1)."""

    __tablename__ = "arrival_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    act_shown: Mapped[bool] = mapped_column(default=False)
    ids_shown: Mapped[bool] = mapped_column(default=False)
    permit_required: Mapped[bool] = mapped_column(default=False)
    permit_shown: Mapped[bool] = mapped_column(default=False)
    permit_details: Mapped[str] = mapped_column(String(500), default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    inspection: Mapped[Inspection] = relationship(back_populates="arrivals")


class AdmissionRefusal(db.Model):
    """The control subject refused admission (R5.1)."""

    __tablename__ = "admission_refusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    refused_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    inspection: Mapped[Inspection] = relationship(back_populates="refusals")


class Evidence(db.Model):
    """The evidence register (R4.1); ``subject_holds_original`` decides R10.2's copy 2."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text)
    medium: Mapped[str] = mapped_column(String(20), default="")  # paper / electronic
    is_original: Mapped[bool] = mapped_column(default=False)
    subject_holds_original: Mapped[bool] = mapped_column(default=False)
    obtained_on: Mapped[date | None] = mapped_column(Date)  # R4.1: within the term
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    inspection: Mapped[Inspection] = relationship(back_populates="evidence")
    added_by = relationship("User")
    upload = relationship("Upload")


class Extension(db.Model):
    """The single extension (R9.2–R9.4)."""

    __tablename__ = "extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=EXTENSION_REQUESTED)
    reasons: Mapped[str] = mapped_column(Text)
    requested_end: Mapped[date] = mapped_column(Date)
    previous_end: Mapped[date] = mapped_column(Date)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    act_number: Mapped[str] = mapped_column(String(30), default="")
    act_date: Mapped[date | None] = mapped_column(Date)
    notice_delivered_on: Mapped[date | None] = mapped_column(Date)
    notice_recipient: Mapped[str] = mapped_column(String(255), default="")
    notice_proof: Mapped[str] = mapped_column(String(500), default="")
    inspection: Mapped[Inspection] = relationship(back_populates="extensions")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
