"""Statistics placed on the internet resource and private calendar feeds (issue 15)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime


class StatisticsPublication(db.Model):
    """The aggregated figures of a closed year as placed on the internet resource.

    ``figures`` is a frozen snapshot (counts only, no names of persons, R27.1): what was
    placed never changes afterwards."""

    __tablename__ = "statistics_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    published_on: Mapped[date] = mapped_column(Date)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    figures: Mapped[dict] = mapped_column(JSON, default=dict)

    published_by = relationship("User")


class CalendarFeed(db.Model):
    """A user's private iCalendar feed: a random token in the URL, revocable and
    regenerable (one active token per user; revoking deletes the row)."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user = relationship("User")
