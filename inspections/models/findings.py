"""Findings from the four information sources of R1.3, recorded per control subject."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

SOURCE_PREVIOUS_INSPECTIONS = "previous_inspections"
SOURCE_MONITORING = "monitoring"
SOURCE_INTERNET_RESOURCES = "internet_resources"
SOURCE_TECHNICAL_SERVICE = "technical_service"
#: R1.3: the four information sources, in the order of the law.
SOURCES = (SOURCE_PREVIOUS_INSPECTIONS, SOURCE_MONITORING, SOURCE_INTERNET_RESOURCES,
           SOURCE_TECHNICAL_SERVICE)
MIN_WEIGHT, MAX_WEIGHT = 1, 5

finding_files = Table(
    "finding_files",
    db.metadata,
    Column("finding_id", ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column("upload_id", ForeignKey("uploads.id"), primary_key=True),
)


class Finding(db.Model):
    """R1.3: a finding about a control subject from one information source, with its date,
    summary and weight (1–5).  Plan items cite findings."""

    __tablename__ = "findings"
    # issue 13: the findings list, newest first, read along an index (migration 0015)
    __table_args__ = (Index("ix_findings_found_on_id", "found_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"), index=True)
    source: Mapped[str] = mapped_column(String(30))
    found_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    weight: Mapped[int] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    subject = relationship("ControlSubject")
    created_by = relationship("User")
    files = relationship("Upload", secondary=finding_files, order_by="Upload.id")
