"""Private calendar feeds: the token of each user and the inspections behind their feed.

The token is random (256 bits), shown only on the user's own account page; regenerating it
makes the old URL answer 404, revoking removes it.  A representative's feed holds only the
inspections of their own body (R27.1), never a draft."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import permissions
from ..extensions import db
from ..feeds import ACTIVE_STATES
from ..models import CalendarFeed, Inspection, InspectionInspector, Plan, User
from ..models.results import ResultsAct
from . import audit


def feed_of(user) -> CalendarFeed | None:
    return db.session.execute(
        select(CalendarFeed).where(CalendarFeed.user_id == user.id)).scalar_one_or_none()


def regenerate(actor, *, now: datetime) -> CalendarFeed:
    """A new token for the actor's own feed (the old one stops working)."""
    feed = feed_of(actor)
    if feed is None:
        feed = CalendarFeed(user_id=actor.id, token="", created_at=now)
        db.session.add(feed)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = now
    db.session.flush()
    audit.record(actor, "calendar_feed.regenerated", object_type="users", object_id=actor.id,
                 now=now)
    return feed


def revoke(actor, *, now: datetime) -> None:
    feed = feed_of(actor)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()
        audit.record(actor, "calendar_feed.revoked", object_type="users", object_id=actor.id,
                     now=now)


def user_by_token(token: str) -> User | None:
    """The active user whose feed has this token, else None (revoked or unknown)."""
    if not token:
        return None
    feed = db.session.execute(
        select(CalendarFeed).where(CalendarFeed.token == token)).scalar_one_or_none()
    if feed is None or not feed.user.active:
        return None
    return feed.user


def _with_parts(stmt):
    return stmt.options(
        selectinload(Inspection.control_subject),
        selectinload(Inspection.extensions),
        selectinload(Inspection.results_act).selectinload(ResultsAct.violations),
        selectinload(Inspection.results_act).selectinload(ResultsAct.objections))


def inspections_for(user) -> list[Inspection]:
    """R27.1: a representative — their body's inspections; an inspector — those they are
    named in; the head and the first head — every inspection in progress."""
    stmt = select(Inspection).where(Inspection.status.in_(ACTIVE_STATES)) \
        .order_by(Inspection.id)
    if permissions.is_subject_rep(user) and not permissions.is_staff(user):
        if user.control_subject_id is None:
            return []
        stmt = stmt.where(Inspection.control_subject_id == user.control_subject_id)
    elif user.has_role("head", "first_head"):
        pass
    elif user.has_role("inspector"):
        stmt = stmt.where(Inspection.id.in_(
            select(InspectionInspector.inspection_id)
            .where(InspectionInspector.user_id == user.id)))
    else:
        return []
    return list(db.session.execute(_with_parts(stmt)).scalars())


def plan_for_feed(user, year: int) -> tuple[int | None, Plan | None]:
    """R2.3, R2.4: the first head and inspectors get the dates of next year's plan."""
    if not user.has_role("first_head", "inspector"):
        return None, None
    plan = db.session.execute(select(Plan).where(Plan.year == year)).scalar_one_or_none()
    return year, plan
