"""Notifications for both sides: the list and "mark read" (each user sees only their own)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

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
    rows = db.session.execute(
        select(Notification).where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc()).limit(200)).scalars().all()
    return render_template("notifications/index.html", rows=rows, text=service.text,
                           form=ReadForm())


@bp.post("/read")
@guarded(permissions.can_read_notifications)
def read():
    form = ReadForm()
    if form.validate_on_submit():
        ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
        if not ids:
            ids = db.session.execute(select(Notification.id).where(
                Notification.user_id == current_user.id)).scalars().all()
        service.mark_read(current_user, ids, now=clock.now())
        db.session.commit()
    return redirect(url_for("notifications.index"), code=303)
