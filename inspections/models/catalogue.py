"""The requirement catalogue: what inspections check (the subject matter), with effective
dates so that an inspected period uses the wording then in force."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime


class Requirement(db.Model):
    """A requirement of the law (article reference and wording in kk and ru).

    In force from ``effective_from`` to ``effective_to`` inclusive (``None``: still in
    force).  Retiring sets ``effective_to``; a requirement cited by a plan item (or, later,
    an act) is never deleted."""

    __tablename__ = "requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    ref_kk: Mapped[str] = mapped_column(String(500))
    ref_ru: Mapped[str] = mapped_column(String(500))
    topic_kk: Mapped[str] = mapped_column(String(500))
    topic_ru: Mapped[str] = mapped_column(String(500))
    text_kk: Mapped[str] = mapped_column(Text)
    text_ru: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def ref(self, lang: str) -> str:
        return self.ref_ru if lang == "ru" else self.ref_kk

    def topic(self, lang: str) -> str:
        return self.topic_ru if lang == "ru" else self.topic_kk

    def text(self, lang: str) -> str:
        return self.text_ru if lang == "ru" else self.text_kk

    def in_force_during(self, start: date, end: date) -> bool:
        """True when the requirement is in force on at least one day of [start, end]."""
        return self.effective_from <= end and (self.effective_to is None
                                               or self.effective_to >= start)

    def in_force_on(self, day: date) -> bool:
        return self.in_force_during(day, day)
