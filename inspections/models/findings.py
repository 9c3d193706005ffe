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


class CandidateRank(db.Model):
    """R1.3, R2.2 (issue 13): one body's place in the ranking of candidates for the plan of
    ``year``, kept in the database so that a page of candidates reads one page of this
    table along its index instead of ranking every body of the country.

    ``doubled`` is twice the score (weights × 2, × 1 or × 0 by the age of each finding), so
    that it is an integer; ``excluded`` is 1 for a body left out (liquidated, or
    ``plan_no`` of an active item in the plan of ``year``).  Rows exist only for the years
    of :class:`CandidateRankYear` and are brought up to date in the transaction that changes
    a finding, a body's status or a plan item (:mod:`inspections.services.ranking`)."""

    __tablename__ = "candidate_ranks"
    # the order of a page is read along ix_candidate_ranks_order (year, excluded, doubled
    # DESC, sources DESC, latest DESC, subject_id), made by migration 0019 only (see
    # registry.UNCOMPARED_INDEXES)

    year: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"),
                                            primary_key=True)
    excluded: Mapped[int] = mapped_column()
    doubled: Mapped[int] = mapped_column()
    sources: Mapped[int] = mapped_column()
    latest: Mapped[date] = mapped_column(Date)
    plan_no: Mapped[int | None] = mapped_column()


class CandidateRankYear(db.Model):
    """R1.3, R2.2: a plan year whose ranking is kept in :class:`CandidateRank` (issue 13),
    with its number of bodies ranked and left out (counted again with every change of its
    rows)."""

    __tablename__ = "candidate_rank_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    ranked: Mapped[int] = mapped_column(default=0)
    left_out: Mapped[int] = mapped_column(default=0)
