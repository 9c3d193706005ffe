"""Accounts: login with a lock after repeated failures, passwords, administration."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import permissions
from ..bin import is_valid_iin
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..models import ROLES, STAFF_ROLES, ControlSubject, User, UserRole
from ..models.accounts import SUBJECT_REP
from . import audit

MIN_PASSWORD = 12
MAX_FAILURES = 5
LOCK_MINUTES = 15
LOCALES = ("kk", "ru", "en")


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationFailed(
            _l("The password must be at least %(n)d characters long.", n=MIN_PASSWORD),
            field="password",
        )


def _hash(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


class LoginResult:
    OK = "ok"
    BAD = "bad"
    LOCKED = "locked"
    INACTIVE = "inactive"

    def __init__(self, status: str, user: User | None = None, until: datetime | None = None):
        self.status, self.user, self.until = status, user, until


def authenticate(username: str, password: str, *, now: datetime) -> LoginResult:
    """Check a login.  After 5 failures the account is locked for 15 minutes; the lock is a
    column in the database, so it holds across restarts and workers."""
    user = db.session.execute(
        select(User).where(func.lower(User.username) == (username or "").strip().lower())
    ).scalar_one_or_none()
    if user is None:
        # Same work as a real check, so that timing does not reveal which usernames exist.
        check_password_hash(_DUMMY_HASH, password or "")
        return LoginResult(LoginResult.BAD)
    if user.locked_until and user.locked_until > now:
        return LoginResult(LoginResult.LOCKED, until=user.locked_until)
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            audit.record(None, "user.locked", user, data={"username": user.username}, now=now)
            db.session.flush()
            return LoginResult(LoginResult.LOCKED, until=user.locked_until)
        db.session.flush()
        return LoginResult(LoginResult.BAD)
    if not user.active:
        return LoginResult(LoginResult.INACTIVE)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return LoginResult(LoginResult.OK, user)


_DUMMY_HASH = generate_password_hash("not a password of anyone", method="scrypt")


def _validate_roles(roles, control_subject_id):
    roles = set(roles or ())
    if not roles or not roles <= set(ROLES):
        raise ValidationFailed(_l("Choose at least one role."), field="roles")
    if SUBJECT_REP in roles:
        if roles & set(STAFF_ROLES):
            raise ValidationFailed(
                _l("A representative of a control subject cannot also hold a staff role."),
                field="roles",
            )
        if not control_subject_id or db.session.get(ControlSubject, control_subject_id) is None:
            raise ValidationFailed(
                _l("A representative must be bound to exactly one control subject."),
                field="control_subject_id",
            )
    elif control_subject_id:
        raise ValidationFailed(
            _l("Only a representative is bound to a control subject."),
            field="control_subject_id",
        )
    return roles


def _validate_iin(iin: str | None, user: User | None) -> str | None:
    """The IIN a signing certificate must carry (issue 16): 12 digits with a valid check
    digit, unique among accounts; empty means none."""
    iin = (iin or "").strip()
    if not iin:
        return None
    if not is_valid_iin(iin):
        raise ValidationFailed(_l("The IIN must be 12 digits with a valid check digit."),
                               field="iin")
    taken = db.session.execute(select(User.id).where(User.iin == iin)).scalar()
    if taken is not None and (user is None or taken != user.id):
        raise ValidationFailed(_l("Another account has this IIN."), field="iin")
    return iin


def create_user(actor, *, username: str, password: str, surname: str, given_name: str,
                patronymic: str = "", position_kk: str = "", position_ru: str = "",
                email: str = "", roles=(), control_subject_id: int | None = None,
                now: datetime, check_permission: bool = True, iin: str = "") -> User:
    if check_permission and not permissions.can_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator manages accounts."))
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(_l("Enter a username."), field="username")
    exists = db.session.execute(
        select(User.id).where(func.lower(User.username) == username.lower())
    ).first()
    if exists:
        raise ValidationFailed(_l("This username is already taken."), field="username")
    check_password_strength(password)
    roles = _validate_roles(roles, control_subject_id)
    iin = _validate_iin(iin, None)
    user = User(
        iin=iin,
        username=username,
        password_hash=_hash(password),
        surname=surname.strip(),
        given_name=given_name.strip(),
        patronymic=(patronymic or "").strip(),
        position_kk=position_kk or "",
        position_ru=position_ru or "",
        email=email or "",
        control_subject_id=control_subject_id or None,
        created_at=now,
        active=True,
        failed_logins=0,
    )
    user.role_rows = [UserRole(role=r) for r in sorted(roles)]
    db.session.add(user)
    audit.record(actor, "user.created", user,
                 data={"username": username, "roles": sorted(roles),
                       "control_subject_id": control_subject_id}, now=now)
    return user


def update_user(actor, user: User, *, surname: str, given_name: str, patronymic: str,
                position_kk: str, position_ru: str, email: str, roles,
                control_subject_id: int | None, now: datetime, iin: str | None = None) -> User:
    if not permissions.can_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator manages accounts."))
    roles = _validate_roles(roles, control_subject_id)
    if iin is not None:
        user.iin = _validate_iin(iin, user)
    if user.id == actor.id and "admin" not in roles:
        raise ValidationFailed(_l("You cannot remove your own administrator role."), field="roles")
    user.surname, user.given_name, user.patronymic = surname, given_name, patronymic or ""
    user.position_kk, user.position_ru, user.email = position_kk, position_ru, email
    user.control_subject_id = control_subject_id or None
    current = {r.role: r for r in user.role_rows}
    user.role_rows = [current.get(r) or UserRole(role=r) for r in sorted(roles)]
    audit.record(actor, "user.updated", user,
                 data={"roles": sorted(roles), "control_subject_id": control_subject_id},
                 now=now)
    return user


def set_active(actor, user: User, active: bool, *, now: datetime) -> None:
    if not permissions.can_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator manages accounts."))
    if user.id == actor.id and not active:
        raise ValidationFailed(_l("You cannot deactivate your own account."))
    user.active = active
    audit.record(actor, "user.activated" if active else "user.deactivated", user, now=now)


def reset_password(actor, user: User, new_password: str, *, now: datetime) -> None:
    """An administrator sets a new password; this also lifts a login lock."""
    if not permissions.can_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator manages accounts."))
    check_password_strength(new_password)
    user.password_hash = _hash(new_password)
    user.failed_logins = 0
    user.locked_until = None
    audit.record(actor, "user.password_reset", user, now=now)


def change_own_password(user: User, current: str, new: str, *, now: datetime) -> None:
    if not check_password_hash(user.password_hash, current or ""):
        raise ValidationFailed(_l("The current password is not correct."), field="current")
    check_password_strength(new)
    user.password_hash = _hash(new)
    audit.record(user, "user.password_changed", user, now=now)


def set_locale(user: User | None, locale: str) -> None:
    """Remember the interface language in the profile (not audited: a preference)."""
    if locale not in LOCALES:
        raise ValidationFailed(_l("Unknown language."))
    if user is not None and getattr(user, "is_authenticated", False):
        user.locale = locale
        db.session.flush()
