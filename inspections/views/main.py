"""Home page and language switch."""

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from .. import clock, explain, permissions
from ..errors import ValidationFailed
from ..extensions import db
from ..services import accounts
from ._util import ListPage, guarded, safe_next

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

        cal = load_calendar()
        queue = my_queue(current_user, today=today, cal=cal)  # R9.4, R2.3, R12.2, R16.1
        for item in queue:
            if item["deadline"] is not None:
                item["summary"] = explain.summary(item["deadline"], g.lang)
        board = _board(today, cal, plans)  # the first HOME_CLOCKS of each list (issue 13)
        _explained(board["overdue"])
        _explained(board["due_soon"])
    return render_template("home.html", today=today, plan_reminders=reminders, board=board,
                           queue=queue)


#: Statutory clocks shown on the home page in each list (overdue, due soon); the others
#: are on the clocks page, a page at a time (issue 13).
HOME_CLOCKS = 5
#: Clocks per page of the clocks page.
CLOCKS_PER_PAGE = 15


def _board(today, cal, plans=None) -> dict:
    from ..services.results import dashboard

    return dashboard(current_user, today=today, cal=cal, plans_by_year=plans, shown=HOME_CLOCKS)


def _explained(items: list[dict]) -> list[dict]:
    """Add the one-line summary and the "why?" lines to the clocks that are shown."""
    for item in items:
        if item["deadline"] is not None:
            item["summary"] = explain.summary(item["deadline"], g.lang)
            item["lines"] = explain.explain(item["deadline"], g.lang)
    return items


@bp.get("/clocks")
@guarded(permissions.can_view_clocks)
def clocks():
    """Every statutory clock that is overdue, or due within five working days, a page at
    a time with its explanation (R9.1/R9.2, R12.2, R13.1, R14.1, R16.2, R2.3, R2.4)."""
    from ..services.calendar import load_calendar
    from ..services.results import clock_horizon
    from ..services.results import clocks as board_clocks

    which = "due_soon" if request.args.get("list") == "due_soon" else "overdue"
    today = clock.today()
    cal = load_calendar()
    number = max(1, request.args.get("page", 1, type=int))
    plan_items, rows, total = board_clocks(
        {which: (CLOCKS_PER_PAGE, (number - 1) * CLOCKS_PER_PAGE)}, today=today, cal=cal)[which]
    page = ListPage(_explained(rows), number, CLOCKS_PER_PAGE, total)
    return render_template("clocks.html", which=which, page=page, today=today,
                           plan_items=_explained(plan_items) if number == 1 else [],
                           horizon=clock_horizon(today, cal))


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
