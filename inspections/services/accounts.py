"""Accounts: login with a lock after repeated failures, passwords, administration."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from .. import permissions
from ..bin import is_valid_iin
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import ROLES, STAFF_ROLES, ControlSubject, User, UserRole
from ..models.accounts import SUBJECT_REP, LoginThrottle
from . import audit

MIN_PASSWORD = 12
MAX_FAILURES = 5
MIN_SCORE = 3  # zxcvbn, 0–4
LOCK_MINUTES = 15
LOCALES = ("kk", "ru", "en")


def check_password_strength(password: str, username: str = "") -> None:
    """At least 12 characters, not containing the username, and not guessable: the zxcvbn
    estimator scores it at least 3 of 4 (issue "Integrity", item 8)."""
    if len(password or "") < MIN_PASSWORD:
        raise ValidationFailed(
            _l("The password must be at least %(n)d characters long.", n=MIN_PASSWORD),
            field="password",
        )
    name = (username or "").strip().lower()
    if name and name in password.lower():
        raise ValidationFailed(_l("The password must not contain the username."),
                               field="password")
    from zxcvbn import zxcvbn

    if zxcvbn(password[:100], user_inputs=[name] if name else [])["score"] < MIN_SCORE:
        raise ValidationFailed(_l("This password is too easy to guess: use a longer phrase of "
                                  "unrelated words."), field="password")


def _hash(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


class LoginResult:
    OK = "ok"
    BAD = "bad"  # unknown user, wrong password, or too many attempts: one answer for all
    THROTTLED = "throttled"
    INACTIVE = "inactive"

    def __init__(self, status: str, user: User | None = None, until: datetime | None = None):
        self.status, self.user, self.until = status, user, until


def _throttle_key(client: str, username: str) -> str:
    return f"{client or '-'}|{username}"


def authenticate(username: str, password: str, *, now: datetime,
                 client: str = "") -> LoginResult:
    """Check a login (issue "Integrity", item 7).  Failures are counted per client address
    *and* username in the ``login_throttle`` table (shared by every application process):
    after 5 within 15 minutes that pair is refused for 15 minutes.  Nobody can lock an
    account from another address, and the answer for a throttled, an unknown and a wrong
    login is the same; an administrator may lift the throttle (:func:`unlock`)."""
    name = (username or "").strip().lower()[:64]
    key = _throttle_key(client, name)
    row = db.session.get(LoginThrottle, key)
    if row is not None and row.blocked_until and row.blocked_until > now:
        check_password_hash(_DUMMY_HASH, password or "")
        return LoginResult(LoginResult.THROTTLED, until=row.blocked_until)
    user = db.session.execute(
        select(User).where(func.lower(User.username) == name)
    ).scalar_one_or_none()
    if user is None:
        # Same work as a real check, so that timing does not reveal which usernames exist.
        check_password_hash(_DUMMY_HASH, password or "")
        ok = False
    else:
        ok = check_password_hash(user.password_hash, password or "")
    if not ok:
        return _failed(row, key, name, client, now)
    if row is not None:
        db.session.delete(row)
    if not user.active:
        db.session.flush()
        return LoginResult(LoginResult.INACTIVE)
    db.session.flush()
    return LoginResult(LoginResult.OK, user)


def _failed(row, key: str, name: str, client: str, now: datetime) -> LoginResult:
    if row is None or row.first_at + timedelta(minutes=LOCK_MINUTES) <= now:
        if row is None:
            row = LoginThrottle(key=key, username=name)
            db.session.add(row)
        row.failures, row.first_at, row.blocked_until = 0, now, None
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.blocked_until = now + timedelta(minutes=LOCK_MINUTES)
        audit.record(None, "login.throttled", object_type="login_throttle",
                     data={"username": name, "client": client}, now=now)
        db.session.flush()
        return LoginResult(LoginResult.THROTTLED, until=row.blocked_until)
    db.session.flush()
    return LoginResult(LoginResult.BAD)


def throttled_usernames(now: datetime) -> set[str]:
    return set(db.session.execute(select(LoginThrottle.username).where(
        LoginThrottle.blocked_until > now)).scalars())


def unlock(actor, user: User, *, now: datetime) -> int:
    """An administrator lifts the login throttle of ``user`` from every address."""
    if not permissions.can_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator manages accounts."))
    rows = db.session.execute(select(LoginThrottle).where(
        LoginThrottle.username == user.username.lower())).scalars().all()
    for row in rows:
        db.session.delete(row)
    audit.record(actor, "user.unlocked", user, data={"throttles": len(rows)}, now=now)
    return len(rows)


def end_sessions(user: User) -> None:
    """Every session of ``user`` stops working (a new Flask-Login alternative id)."""
    user.session_token = secrets.token_hex(16)
    db.session.flush()


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
    check_password_strength(password, username)
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
    if not active:
        end_sessions(user)
    audit.record(actor, "user.activated" if active else "user.deactivated", user, now=now)


def reset_password(actor, user: User, new_password: str, *, now: datetime) -> None:
    """An administrator sets a new password; this also lifts a login lock."""
    if not permissions.can_manage_users(actor):
        raise PermissionDenied(_l("Only an administrator manages accounts."))
    check_password_strength(new_password, user.username)
    user.password_hash = _hash(new_password)
    user.failed_logins = 0
    user.locked_until = None
    end_sessions(user)
    audit.record(actor, "user.password_reset", user, now=now)


def change_own_password(user: User, current: str, new: str, *, now: datetime) -> None:
    if not check_password_hash(user.password_hash, current or ""):
        raise ValidationFailed(_l("The current password is not correct."), field="current")
    check_password_strength(new, user.username)
    user.password_hash = _hash(new)
    end_sessions(user)  # every other session ends; the view signs this one in again
    audit.record(user, "user.password_changed", user, now=now)


def set_locale(user: User | None, locale: str) -> None:
    """Remember the interface language in the profile (not audited: a preference)."""
    if locale not in LOCALES:
        raise ValidationFailed(_l("Unknown language."))
    if user is not None and getattr(user, "is_authenticated", False):
        user.locale = locale
        db.session.flush()
