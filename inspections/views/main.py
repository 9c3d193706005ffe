"""Home page and language switch."""

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from .. import clock, explain, permissions
from ..errors import ValidationFailed
from ..extensions import db
from ..services import accounts, kept
from ._util import ListPage, guarded, page_number, safe_next

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
    plans = data_version = None
    if permissions.is_staff(current_user):
        # first: the plans, the calendar and the inspections read below are at least as new
        # as the version the clocks are kept under (services/kept.py)
        data_version = kept.version()
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
    clocks_html = None
    mine = counts = None
    queue = []
    if permissions.is_staff(current_user):
        from ..services.calendar import load_calendar
        from ..services.queue import my_queue
        from ..services.results import my_inspections

        cal = load_calendar()
        queue = my_queue(current_user, today=today, cal=cal)  # R9.4, R2.3, R12.2, R16.1
        for item in queue:
            if item["deadline"] is not None:
                item["summary"] = explain.summary(item["deadline"], g.lang)
        clocks_html = _home_clocks(today, cal, plans, data_version)
        mine, counts = my_inspections(current_user)
    return render_template("home.html", today=today, plan_reminders=reminders,
                           clocks_html=clocks_html, mine=mine, mine_counts=counts, queue=queue)


#: Statutory clocks shown on the home page in each list (overdue, due soon); the others
#: are on the clocks page, a page at a time (issue 13).
HOME_CLOCKS = 5
#: Clocks per page of the clocks page.
CLOCKS_PER_PAGE = 15


def _home_clocks(today, cal, plans, data_version: tuple) -> Markup:
    """The home's two lists of statutory clocks (the first HOME_CLOCKS of each, issue 13),
    as HTML: the same for every member of the staff, so rendered once per day, language
    and version of the data (:mod:`..services.kept`; ``data_version`` read before ``cal``
    and ``plans``)."""
    from ..services.results import board

    def render() -> Markup:
        found = board(today=today, cal=cal, plans_by_year=plans, shown=HOME_CLOCKS)
        _explained(found["overdue"])
        _explained(found["due_soon"])
        return Markup(render_template("_home_clocks.html", board=found))

    return kept.kept("home clocks", (today, g.lang, request.script_root), render,
                     at_version=data_version)


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
    which = "due_soon" if request.args.get("list") == "due_soon" else "overdue"
    today = clock.today()
    number = page_number()
    section, horizon = kept.kept("clocks page", (today, g.lang, request.script_root, which,
                                                 number), lambda: _clocks_page(today, which,
                                                                               number))
    return render_template("clocks.html", which=which, section=section, horizon=horizon)


def _clocks_page(today, which: str, number: int) -> tuple[Markup, object]:
    """Page ``number`` of the list ``which`` as HTML, and the list's horizon: the same for
    every member of the staff, so rendered once per day, language and version of the data
    (:mod:`..services.kept`, issue 13)."""
    from ..services.calendar import load_calendar
    from ..services.results import clock_horizon
    from ..services.results import clocks as board_clocks

    cal = load_calendar()
    plan_items, rows, total = board_clocks(
        {which: (CLOCKS_PER_PAGE, (number - 1) * CLOCKS_PER_PAGE)}, today=today, cal=cal)[which]
    page = ListPage(_explained(rows), number, CLOCKS_PER_PAGE, total)
    horizon = clock_horizon(today, cal)
    return Markup(render_template("_clocks_page.html", which=which, page=page, horizon=horizon,
                                  plan_items=_explained(plan_items) if number == 1 else [])), \
        horizon


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
