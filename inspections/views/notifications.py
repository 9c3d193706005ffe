"""Notifications for both sides: the list and "mark read" (each user sees only their own)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forms.portal import ReadForm

from .. import clock, permissions
from ..extensions import db
from ..models.portal import Notification
from ..services import notifications as service
from ._util import guarded

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@guarded(permissions.can_read_notifications)
def index():
    """The newest notifications first, a page at a time by keyset (``before`` = the last id
    seen), so that neither the page nor its queries grow with the history (issue 13)."""
    before = request.args.get("before", type=int)
    stmt = (select(Notification).where(Notification.user_id == current_user.id)
            .options(joinedload(Notification.inspection))
            .order_by(Notification.id.desc()).limit(PER_PAGE + 1))
    if before:
        stmt = stmt.where(Notification.id < before)
    rows = db.session.execute(stmt).scalars().all()
    older = rows[PER_PAGE - 1].id if len(rows) > PER_PAGE else None
    return render_template("notifications/index.html", rows=rows[:PER_PAGE], text=service.text,
                           form=ReadForm(), older=older, before=before)


#: Notifications per page (issue 13).
PER_PAGE = 25


@bp.post("/read")
@guarded(permissions.can_read_notifications)
def read():
    form = ReadForm()
    if form.validate_on_submit():
        ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
        if ids:
            service.mark_read(current_user, ids, now=clock.now())
        else:
            service.mark_all_read(current_user, now=clock.now())
        db.session.commit()
    return redirect(url_for("notifications.index"), code=303)
