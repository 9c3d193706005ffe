"""Registry of control subjects (R1.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from ..extensions import db
from .types import UTCDateTime

KIND_CENTRAL = "central"
KIND_LOCAL = "local_executive"
KIND_OTHER = "other"
SUBJECT_KINDS = (KIND_CENTRAL, KIND_LOCAL, KIND_OTHER)

STATUS_ACTIVE = "active"
STATUS_LIQUIDATED = "liquidated"
STATUS_REORGANISED = "reorganised"

EVENT_LIQUIDATED = "liquidated"
EVENT_REORGANISED = "reorganised"
EVENT_RENAMED = "renamed"
EVENT_POWERS = "powers_redistributed"
EVENT_KINDS = (EVENT_LIQUIDATED, EVENT_REORGANISED, EVENT_RENAMED, EVENT_POWERS)


#: Expression indexes kept by migrations only, because alembic cannot compare them
#: (PostgreSQL's reflection drops the COLLATE, SQLite cannot reflect expressions):
#: autogenerate and the models-vs-migrations test leave them out (``include_object``).
UNCOMPARED_INDEXES = frozenset({"ix_control_subjects_name_kk_icu",
                                "ix_control_subjects_name_ru_icu",
                                # trigram indexes for "contains" searches (migration 0017)
                                *(f"ix_control_subjects_{column}_trgm" for column in
                                  ("name_kk", "name_ru", "bin", "location_kk",
                                   "location_ru")),
                                # descending columns (migration 0019)
                                "ix_candidate_ranks_order"})


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's ``include_object`` hook: everything but :data:`UNCOMPARED_INDEXES`."""
    return not (type_ == "index" and name in UNCOMPARED_INDEXES)


class Bilingual:
    """The name and location in a language of anything with ``name_kk``, ``name_ru``,
    ``location_kk`` and ``location_ru``: a body, a subdivision, a row read for a list."""

    def name(self, lang: str) -> str:
        return self.name_ru if lang == "ru" else self.name_kk

    def location_in(self, lang: str) -> str:
        """The location in ``lang`` (Russian documents print the Russian address)."""
        return (self.location_ru or self.location_kk) if lang == "ru" else self.location_kk


@dataclass(frozen=True)
class SubjectRow(Bilingual):
    """A body read as the columns a list shows, not as an ORM object (issue 13)."""

    id: int
    name_kk: str
    name_ru: str
    location_kk: str | None = None  # None: not read for this list
    location_ru: str | None = None
    status: str | None = None


class ControlSubject(Bilingual, db.Model):
    """A state body that may be inspected (R1.1)."""

    __tablename__ = "control_subjects"
    # issue 13: alphabetical order in kk and ru is read from two indexes on PostgreSQL
    # (migration 0014), "contains" searches from trigram indexes (migration 0017; see
    # UNCOMPARED_INDEXES)

    id: Mapped[int] = mapped_column(primary_key=True)
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    name_kk: Mapped[str] = mapped_column(String(500))
    name_ru: Mapped[str] = mapped_column(String(500))
    location_kk: Mapped[str] = mapped_column(String(500))
    location_ru: Mapped[str] = mapped_column(String(500), default="")
    location = synonym("location_kk")  # the Kazakh wording, as before both were kept
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=STATUS_ACTIVE)
    region: Mapped[str | None] = mapped_column(String(30))  # inspections.regions code
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("control_subjects.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # R27.2: the National Bank of Kazakhstan or one of its organisations (no Art. 27-3)
    national_bank: Mapped[bool] = mapped_column(default=False)

    parent: Mapped[ControlSubject | None] = relationship(remote_side=[id])
    subdivisions: Mapped[list[Subdivision]] = relationship(
        back_populates="subject", order_by="Subdivision.id"
    )
    objects: Mapped[list[SubjectObject]] = relationship(
        back_populates="subject", order_by="SubjectObject.id"
    )
    events: Mapped[list[SubjectEvent]] = relationship(
        back_populates="subject",
        order_by="SubjectEvent.event_date",
        foreign_keys="SubjectEvent.subject_id",
    )



class Subdivision(Bilingual, db.Model):
    """A structural subdivision of a control subject, with its own location (R1.1, R7.2)."""

    __tablename__ = "subdivisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"), index=True)
    name_kk: Mapped[str] = mapped_column(String(500))
    name_ru: Mapped[str] = mapped_column(String(500))
    location_kk: Mapped[str] = mapped_column(String(500))
    location_ru: Mapped[str] = mapped_column(String(500), default="")
    location = synonym("location_kk")
    subject: Mapped[ControlSubject] = relationship(back_populates="subdivisions")


class SubjectObject(db.Model):
    """An object of a control subject at another address; may be a regime object (R8.1)."""

    __tablename__ = "subject_objects"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"))
    name: Mapped[str] = mapped_column(String(500))
    address_kk: Mapped[str] = mapped_column(String(500))
    address_ru: Mapped[str] = mapped_column(String(500), default="")
    address = synonym("address_kk")
    is_regime: Mapped[bool] = mapped_column(default=False)
    subject: Mapped[ControlSubject] = relationship(back_populates="objects")

    def address_in(self, lang: str) -> str:
        return (self.address_ru or self.address_kk) if lang == "ru" else self.address_kk


class SubjectEvent(db.Model):
    """History of a control subject: liquidated, reorganised, renamed, powers redistributed."""

    __tablename__ = "subject_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("control_subjects.id"))
    kind: Mapped[str] = mapped_column(String(30))
    event_date: Mapped[date] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("control_subjects.id"))
    old_name_kk: Mapped[str] = mapped_column(String(500), default="")
    old_name_ru: Mapped[str] = mapped_column(String(500), default="")
    new_name_kk: Mapped[str] = mapped_column(String(500), default="")
    new_name_ru: Mapped[str] = mapped_column(String(500), default="")
    basis: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    subject: Mapped[ControlSubject] = relationship(
        back_populates="events", foreign_keys=[subject_id]
    )
    successor: Mapped[ControlSubject | None] = relationship(foreign_keys=[successor_id])
