"""Inspections, part 2: the results act, its violations and copies, objections, remediation,
follow-up and appeals (R10.1–R17.1).

Objections and remediation reports carry ``source`` ("paper": registered by staff from a
paper submission; "portal": submitted by a representative) and ``submitted_by_id`` so that
the representatives' portal of a later issue creates the same objects.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

# Codes stored in the database
DELIVERY_CHANNELS = ("paper", "electronic")
RECEIPTS = ("signed", "refused_to_sign", "refused_to_accept")  # R6.1, R12.4, R12.3
PRESENT_OUTCOMES = ("read", "refused")  # R11.1 (12)
VIOLATION_OPEN = "open"
VIOLATION_REPORTED = "reported"
VIOLATION_ELIMINATED = "eliminated"
VIOLATION_NOT_ELIMINATED = "not_eliminated"
VIOLATION_STATUSES = (VIOLATION_OPEN, VIOLATION_REPORTED, VIOLATION_ELIMINATED,
                      VIOLATION_NOT_ELIMINATED)
SOURCES = ("paper", "portal")
DECISIONS = ("accepted", "partially_accepted", "rejected")  # R12.2, per point
REPORT_DECISIONS = ("accepted", "rejected")  # R16.1
APPEAL_LEVELS = ("higher_official", "court")  # R17.1
APPEAL_OUTCOMES = ("pending", "upheld", "partially_upheld", "dismissed")

violation_evidence = Table(
    "violation_evidence",
    db.metadata,
    Column("violation_id", ForeignKey("violations.id", ondelete="CASCADE"), primary_key=True),
    Column("evidence_id", ForeignKey("evidence.id"), primary_key=True),
)

objection_files = Table(
    "objection_files",
    db.metadata,
    Column("objection_id", ForeignKey("objections.id", ondelete="CASCADE"), primary_key=True),
    Column("upload_id", ForeignKey("uploads.id"), primary_key=True),
)

report_files = Table(
    "remediation_report_files",
    db.metadata,
    Column("report_id", ForeignKey("remediation_reports.id", ondelete="CASCADE"),
           primary_key=True),
    Column("upload_id", ForeignKey("uploads.id"), primary_key=True),
)


class ResultsAct(db.Model):
    """The results act (R10.1, R11.1) and the record of its three copies (R10.2)."""

    __tablename__ = "results_acts"
    # issue 13: the dashboard counts the acts of a period delivered after the end in force
    # from the late ones only (migration 0018)
    __table_args__ = (Index("ix_results_acts_term_breached_delivered_at", "term_breached",
                            "delivered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), unique=True)
    number: Mapped[str] = mapped_column(String(30), default="")
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime())  # R11.1 (1): date and time
    place: Mapped[str] = mapped_column(String(500))  # R11.1 (1)
    results_summary: Mapped[str] = mapped_column(Text, default="")
    representative_name: Mapped[str] = mapped_column(String(255), default="")
    representative_position: Mapped[str] = mapped_column(String(255), default="")
    persons_present: Mapped[list] = mapped_column(JSON, default=list)  # [{full_name, position}]
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # copy 1: electronically to the legal-statistics body
    copy1_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    copy1_registration: Mapped[str] = mapped_column(String(100), default="")
    copy1_package_sha256: Mapped[str] = mapped_column(String(64), default="")
    # copy 2: to the control subject's head or representative against signature
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    delivery_channel: Mapped[str] = mapped_column(String(20), default="")
    recipient_name: Mapped[str] = mapped_column(String(255), default="")
    recipient_position: Mapped[str] = mapped_column(String(255), default="")
    receipt: Mapped[str] = mapped_column(String(30), default="")
    refusal_explanation: Mapped[str] = mapped_column(Text, default="")
    present_outcomes: Mapped[list] = mapped_column(JSON, default=list)  # [{full_name, outcome}]
    term_breached: Mapped[bool] = mapped_column(default=False)  # R13.1 flag
    end_in_force: Mapped[date | None] = mapped_column(Date)
    # copy 3: stays in the archive of the authorised body
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    inspection = relationship("Inspection", backref=db.backref("results_act", uselist=False))
    violations: Mapped[list[Violation]] = relationship(
        back_populates="act", cascade="all, delete-orphan", order_by="Violation.no")
    objections: Mapped[list[Objection]] = relationship(
        back_populates="act", order_by="Objection.id")


class Violation(db.Model):
    """A violation found (R11.1 (10)) and the requirement to eliminate it with its deadline
    (R11.1 (11), R14.1) and the deadline's justification (R15.1); remediation (R16.1)."""

    __tablename__ = "violations"
    # issue 13: the dashboard counts the outcomes of the violations due in a period from
    # this index alone; it serves every search by deadline (migration 0018)
    __table_args__ = (Index("ix_violations_deadline_outcome", "deadline", "status",
                            "followup_inspection_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("results_acts.id", ondelete="CASCADE"),
                                        index=True)
    no: Mapped[int] = mapped_column()
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id"))
    nature: Mapped[str] = mapped_column(Text)
    remedy: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    # R16.1: the period, after the deadline, within which the elimination is reported
    report_due: Mapped[date | None] = mapped_column(Date)
    # Catalogue section of RULES.md: when the violation was committed (a day or a period)
    committed_from: Mapped[date | None] = mapped_column(Date)
    committed_to: Mapped[date | None] = mapped_column(Date)
    # Art. 19 (2) (1): the processing was outside the body's functions (Art. 19 (1) only)
    outside_functions: Mapped[bool] = mapped_column(default=False)
    ability: Mapped[str] = mapped_column(Text)  # R15.1 (1)
    approvals: Mapped[str] = mapped_column(Text)  # R15.1 (2)
    status: Mapped[str] = mapped_column(String(20), default=VIOLATION_OPEN)
    # optimistic lock, checked on every UPDATE (services.transitions)
    lock_version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": lock_version}
    followup_inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    act: Mapped[ResultsAct] = relationship(back_populates="violations")
    requirement = relationship("Requirement")
    evidence = relationship("Evidence", secondary=violation_evidence, order_by="Evidence.id")
    followup_inspection = relationship("Inspection", foreign_keys=[followup_inspection_id])
    reports: Mapped[list[RemediationReport]] = relationship(
        back_populates="violation", order_by="RemediationReport.id")


class Objection(db.Model):
    """Remarks and/or objections to the results act (R12.1), answered within fifteen
    working days (R12.2)."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    # optimistic lock, checked on every UPDATE (services.transitions)
    lock_version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": lock_version}
    act_id: Mapped[int] = mapped_column(ForeignKey("results_acts.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    incoming_number: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")  # the note on the act (R12.1)
    reply_due: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="paper")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_number: Mapped[str] = mapped_column(String(40), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    replied_late: Mapped[bool] = mapped_column(default=False)  # R12.2 flag
    act: Mapped[ResultsAct] = relationship(back_populates="objections")
    points: Mapped[list[ObjectionPoint]] = relationship(
        back_populates="objection", cascade="all, delete-orphan", order_by="ObjectionPoint.no")
    files = relationship("Upload", secondary=objection_files, order_by="Upload.id")


class ObjectionPoint(db.Model):
    """One point of the objections, about a violation (or general) and its decision."""

    __tablename__ = "objection_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objections.id", ondelete="CASCADE"))
    no: Mapped[int] = mapped_column()
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violations.id"))
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(30), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    objection: Mapped[Objection] = relationship(back_populates="points")
    violation = relationship("Violation")


class RemediationReport(db.Model):
    """Information on the elimination of a violation with confirming documents (R16.1)."""

    __tablename__ = "remediation_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # optimistic lock, checked on every UPDATE (services.transitions)
    lock_version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": lock_version}
    violation_id: Mapped[int] = mapped_column(ForeignKey("violations.id"))
    received_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="paper")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decision: Mapped[str] = mapped_column(String(20), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    violation: Mapped[Violation] = relationship(back_populates="reports")
    files = relationship("Upload", secondary=report_files, order_by="Upload.id")


class Appeal(db.Model):
    """An appeal to a higher official or to court and its outcome (R17.1)."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"))
    level: Mapped[str] = mapped_column(String(20))
    filed_on: Mapped[date] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(500))  # the official or the court
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(20), default="paper")  # "portal": by the body
    inspection = relationship("Inspection", backref=db.backref("appeals",
                                                               order_by="Appeal.id"))
