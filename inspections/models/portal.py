"""The representatives' portal (R6.1, R12.4, R27.1) and notifications for both sides.

``Acknowledgement``: a representative acknowledges receipt of the appointment act or of the
results act electronically (name, position, time) or refuses with a written explanation.
``Notification``: an in-app message stored as a code with its parameters (translated at
render time); ``key`` makes the deadline reminders idempotent per deadline and day.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

ACK_DOCUMENTS = ("appointment_act", "results_act")
ACK_OUTCOMES = ("acknowledged", "refused")

NOTIFICATION_CODES = ("act_delivered", "objection_received", "reply_sent",
                      "report_received", "report_decided", "receipt_recorded",
                      "appeal_recorded", "deadline_soon", "deadline_passed")


class Acknowledgement(db.Model):
    """Receipt of an act acknowledged, or refused with reasons, on the portal (R6.1, R12.4)."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("inspection_id", "document"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"))
    document: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(String(255))
    position: Mapped[str] = mapped_column(String(255))
    explanation: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    inspection = relationship("Inspection", backref=db.backref(
        "acknowledgements", order_by="Acknowledgement.id"))


class Notification(db.Model):
    """One in-app notification for one user (code + params; translated when shown)."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "key"),
                      Index("ix_notifications_user_unread", "user_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    key: Mapped[str | None] = mapped_column(String(120))  # deadline reminders: idempotent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    inspection = relationship("Inspection")
