"""Accounts and roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

ADMIN = "admin"
FIRST_HEAD = "first_head"
HEAD = "head"
INSPECTOR = "inspector"
SUBJECT_REP = "subject_rep"
STAFF_ROLES = (ADMIN, FIRST_HEAD, HEAD, INSPECTOR)
ROLES = (*STAFF_ROLES, SUBJECT_REP)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    surname: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    position_kk: Mapped[str] = mapped_column(String(255), default="")
    position_ru: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    iin: Mapped[str | None] = mapped_column(String(12), unique=True)  # signing (issue 16)
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    control_subject_id: Mapped[int | None] = mapped_column(ForeignKey("control_subjects.id"))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Flask-Login's alternative id (issue "Integrity", item 5): a new token ends every
    # session of the user (logout, password change, deactivation).
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16),
                                               server_default="")

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    control_subject = relationship("ControlSubject", foreign_keys=[control_subject_id])

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the session cookie carries
        return f"{self.id}:{self.session_token}"

    @property
    def is_staff(self) -> bool:
        return self.has_role(*STAFF_ROLES)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def position(self, lang: str) -> str:
        return (self.position_ru if lang == "ru" else self.position_kk) or self.position_kk

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="role_rows")


class LoginThrottle(db.Model):
    """Failed logins per client address and username (issue "Integrity", item 7): a table,
    so that several application processes share the counters."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)  # "address|username"
    username: Mapped[str] = mapped_column(String(64), index=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
