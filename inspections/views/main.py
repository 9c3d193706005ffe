"""Home page and language switch."""

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from .. import clock, explain, permissions
from ..errors import ValidationFailed
from ..extensions import db
from ..services import accounts
from ._util import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if permissions.can_use_portal(current_user) and not permissions.is_staff(current_user):
        from .portal import home_page

        return home_page()  # the representative's own home (R27.1)
    today = clock.today()
    reminders = []
    plans = None
    if permissions.is_staff(current_user):
        from .. import plan_lifecycle
        from ..services.plans import plans_by_year

        # the plans the reminders and the clocks show, in one statement (issue 13)
        plans = plans_by_year({*plan_lifecycle.reminder_years(today), today.year + 1})
    if permissions.can_approve_plan(current_user):
        from ..services.plans import approval_reminders

        reminders = approval_reminders(today, plans)  # R2.3: warn from 15 November
        for r in reminders:
            r["summary"] = explain.summary(r["deadline"], g.lang)
            r["lines"] = explain.explain(r["deadline"], g.lang)
    board = None
    queue = []
    if permissions.is_staff(current_user):
        from ..services.calendar import load_calendar
        from ..services.queue import my_queue
        from ..services.results import dashboard

        cal = load_calendar()
        queue = my_queue(current_user, today=today, cal=cal)  # R9.4, R2.3, R12.2, R16.1
        for item in queue:
            if item["deadline"] is not None:
                item["summary"] = explain.summary(item["deadline"], g.lang)
        board = dashboard(current_user, today=today, cal=cal, plans_by_year=plans)
        for item in board["overdue"] + board["due_soon"]:
            if item["deadline"] is not None:
                item["summary"] = explain.summary(item["deadline"], g.lang)
                item["lines"] = explain.explain(item["deadline"], g.lang)
    return render_template("home.html", today=today, plan_reminders=reminders, board=board,
                           queue=queue)


@bp.post("/lang")
def set_language():
    """Language switcher: remembered in the session and in the user's profile."""
    lang = request.form.get("lang", "")
    try:
        accounts.set_locale(current_user, lang)
    except ValidationFailed:
        pass  # an unknown language changes nothing
    else:
        session["lang"] = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.home")), code=303)
