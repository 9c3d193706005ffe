"""The annual plan of periodic inspections (R2.1–R2.6): plans, items, amendments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

ITEM_ACTIVE = "active"
ITEM_EXCLUDED = "excluded"

AMENDMENT_DRAFT = "draft"
AMENDMENT_APPROVED = "approved"

plan_item_requirements = Table(
    "plan_item_requirements",
    db.metadata,
    Column("item_id", ForeignKey("plan_items.id", ondelete="CASCADE"), primary_key=True),
    Column("requirement_id", ForeignKey("requirements.id"), primary_key=True),
)

plan_item_findings = Table(
    "plan_item_findings",
    db.metadata,
    Column("item_id", ForeignKey("plan_items.id", ondelete="CASCADE"), primary_key=True),
    Column("finding_id", ForeignKey("findings.id"), primary_key=True),
)


class Plan(db.Model):
    """The plan of periodic inspections for one year (R2.1); one plan per year.

    ``status`` follows :mod:`inspections.plan_lifecycle`.  ``version`` is 1 once approved and
    grows by one with each approved amendment (R2.6).  ``approved_late`` (R2.3) and
    ``published_late`` (R2.4) are the flags shown wherever the plan appears."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(20))
    # optimistic lock, checked on every UPDATE (services.transitions)
    lock_version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": lock_version}
    version: Mapped[int] = mapped_column(default=0)
    number: Mapped[str] = mapped_column(String(64), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_late: Mapped[bool] = mapped_column(default=False)
    late_reason: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    published_late: Mapped[bool] = mapped_column(default=False)
    return_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", order_by="PlanItem.no", cascade="all, delete-orphan")
    amendments: Mapped[list[PlanAmendment]] = relationship(
        back_populates="plan", order_by="PlanAmendment.id", cascade="all, delete-orphan")
    approved_by = relationship("User", foreign_keys=[approved_by_id])

    @property
    def active_items(self) -> list[PlanItem]:
        return [i for i in self.items if i.status == ITEM_ACTIVE]

    @property
    def approved_amendments(self) -> list[PlanAmendment]:
        return sorted((a for a in self.amendments if a.status == AMENDMENT_APPROVED),
                      key=lambda a: a.version or 0)

    @property
    def draft_amendments(self) -> list[PlanAmendment]:
        return [a for a in self.amendments if a.status == AMENDMENT_DRAFT]


class PlanItem(db.Model):
    """One periodic inspection of the plan (R2.5 items 3–6): the control subject (or one of
    its subdivisions or objects), its location, the timeframe and the subject matter; it
    cites at least one finding (R1.3).

    The names are copied from the registry when the item is added, again on approval and by
    an amendment, so that the approved plan keeps its wording until amended (R2.6)."""

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "no", name="uq_plan_items_plan_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    no: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default=ITEM_ACTIVE)
    subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"), index=True)
    subdivision_id: Mapped[int | None] = mapped_column(ForeignKey("subdivisions.id"))
    object_id: Mapped[int | None] = mapped_column(ForeignKey("subject_objects.id"))
    name_kk: Mapped[str] = mapped_column(String(500))
    name_ru: Mapped[str] = mapped_column(String(500))
    unit_name_kk: Mapped[str] = mapped_column(String(500), default="")
    unit_name_ru: Mapped[str] = mapped_column(String(500), default="")
    location: Mapped[str] = mapped_column(String(500))
    month: Mapped[int | None] = mapped_column()
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    added_in_version: Mapped[int] = mapped_column(default=1)
    excluded_in_version: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    plan: Mapped[Plan] = relationship(back_populates="items")
    subject = relationship("ControlSubject")
    subdivision = relationship("Subdivision")
    object = relationship("SubjectObject")
    requirements = relationship("Requirement", secondary=plan_item_requirements,
                                order_by="Requirement.position")
    findings = relationship("Finding", secondary=plan_item_findings, order_by="Finding.found_on")

    def name(self, lang: str) -> str:
        return self.name_ru if lang == "ru" else self.name_kk

    def unit_name(self, lang: str) -> str:
        return self.unit_name_ru if lang == "ru" else self.unit_name_kk

    @property
    def unit_kind(self) -> str:
        if self.subdivision_id:
            return "subdivision"
        if self.object_id:
            return "object"
        return "subject"


class PlanAmendment(db.Model):
    """R2.6: an amendment of an approved plan on one of four grounds, with its basis
    document; approved by the first head, it makes plan version ``version``."""

    __tablename__ = "plan_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=AMENDMENT_DRAFT)
    ground: Mapped[str] = mapped_column(String(30))
    ground_details: Mapped[str] = mapped_column(Text, default="")
    basis_title: Mapped[str] = mapped_column(String(500))
    basis_number: Mapped[str] = mapped_column(String(100))
    basis_date: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(64), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int | None] = mapped_column()
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    plan: Mapped[Plan] = relationship(back_populates="amendments")
    changes: Mapped[list[AmendmentChange]] = relationship(
        back_populates="amendment", order_by="AmendmentChange.id", cascade="all, delete-orphan")
    approved_by = relationship("User", foreign_keys=[approved_by_id])


class AmendmentChange(db.Model):
    """One change of an amendment: ``exclude`` or ``change`` an item, or ``add`` one.

    The proposed values are kept as entered; ``item_no`` and the wording ``before`` and
    ``after`` (kk and ru) are filled in when the amendment is approved and applied."""

    __tablename__ = "amendment_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("plan_amendments.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("control_subjects.id"))
    subdivision_id: Mapped[int | None] = mapped_column(ForeignKey("subdivisions.id"))
    object_id: Mapped[int | None] = mapped_column(ForeignKey("subject_objects.id"))
    location: Mapped[str] = mapped_column(String(500), default="")
    month: Mapped[int | None] = mapped_column()
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    requirement_ids: Mapped[list] = mapped_column(JSON, default=list)
    finding_ids: Mapped[list] = mapped_column(JSON, default=list)
    item_no: Mapped[int | None] = mapped_column()
    before_kk: Mapped[str] = mapped_column(Text, default="")
    before_ru: Mapped[str] = mapped_column(Text, default="")
    after_kk: Mapped[str] = mapped_column(Text, default="")
    after_ru: Mapped[str] = mapped_column(Text, default="")

    amendment: Mapped[PlanAmendment] = relationship(back_populates="changes")
    item = relationship("PlanItem")
    subject = relationship("ControlSubject")
    subdivision = relationship("Subdivision")
    object = relationship("SubjectObject")

    def before(self, lang: str) -> str:
        return self.before_ru if lang == "ru" else self.before_kk

    def after(self, lang: str) -> str:
        return self.after_ru if lang == "ru" else self.after_kk
