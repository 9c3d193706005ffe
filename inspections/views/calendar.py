"""Working-day calendar (admin overrides) and the deadline calculator."""

import calendar as pycal
from datetime import date
from functools import lru_cache

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import extract, select

from forms.calendar import CalculatorForm, OverrideForm, YearForm

from .. import clock, deadlines, explain, permissions
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import CalendarOverride
from ..services import calendar as calendar_service
from ._util import apply_error, get_or_404, guarded

bp = Blueprint("calendar", __name__)


def _year_grid(cal, year: int, lang: str):
    """Month grids: (the month's first day, weeks of cells), a cell being ``None`` outside
    the month or (day number, CSS class, title: the day's name).  Issue 13: the cells are
    worked out here, so that the template only writes them out, and kept for the same
    year, language and overrides of that year (everything else comes from the library)."""
    overrides = tuple(sorted((o.day, o.kind, o.name, o.basis) for o in cal.overrides.values()
                             if o.day.year == year))
    return _grid(year, lang, overrides)


@lru_cache(maxsize=64)
def _grid(year: int, lang: str, overrides: tuple) -> tuple:
    from ..calendar import Override, WorkingCalendar

    cal = WorkingCalendar([Override(day=d, kind=k, name=n, basis=b) for d, k, n, b in overrides])
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append(None)
                    continue
                info = cal.day_info(d)
                css = ("cal-workweekend" if info.working and info.kind != "weekday"
                       else "" if info.working else "cal-off")
                if info.estimated:
                    css += " cal-estimated"
                cells.append((d.day, css, info.names.get(lang) or info.names.get("en") or ""))
            weeks.append(tuple(cells))
        months.append((date(year, month, 1), tuple(weeks)))
    return tuple(months)


@bp.route("/calendar/<int:year>", methods=["GET", "POST"])
@guarded(permissions.can_view_calendar)
def year_view(year: int):
    if not 2000 <= year <= 2100:
        abort(404)
    form = OverrideForm()
    if request.method == "POST":
        if not permissions.can_manage_calendar(current_user):
            abort(403)
        if form.validate_on_submit():
            try:
                calendar_service.add_override(current_user, day=form.day.data,
                                              kind=form.kind.data, name=form.name.data,
                                              basis=form.basis.data, now=clock.now())
            except DomainError as e:
                apply_error(form, e)
            else:
                db.session.commit()
                flash(_("Calendar override saved."), "success")
                return redirect(url_for("calendar.year_view", year=form.day.data.year), code=303)
    cal = calendar_service.load_calendar()
    overrides = db.session.execute(
        select(CalendarOverride).where(extract("year", CalendarOverride.day) == year)
        .order_by(CalendarOverride.day)
    ).scalars().all()
    return render_template("calendar/year.html", year=year, months=_year_grid(cal, year, g.lang),
                           days=cal.year_days(year), overrides=overrides, form=form,
                           confirmed=year in cal.confirmed_years, today=clock.today(),
                           year_form=YearForm(confirmed=year in cal.confirmed_years))


@bp.post("/calendar/<int:year>/confirmation")
@guarded(permissions.can_manage_calendar)
def confirm_year(year: int):
    """Whether the year's transfer order is known: unconfirmed years make results provisional."""
    form = YearForm()
    if form.validate_on_submit():
        try:
            calendar_service.set_year_confirmed(current_user, year, form.confirmed.data,
                                                form.basis.data or "", now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Saved."), "success")
    return redirect(url_for("calendar.year_view", year=year), code=303)


@bp.post("/calendar/overrides/<int:override_id>/delete")
@guarded(permissions.can_manage_calendar)
def delete_override(override_id: int):
    row = get_or_404(CalendarOverride, override_id)
    year = row.day.year
    calendar_service.remove_override(current_user, row, now=clock.now())
    db.session.commit()
    flash(_("Calendar override removed."), "success")
    return redirect(url_for("calendar.year_view", year=year), code=303)


@bp.get("/calendar")
@guarded(permissions.can_view_calendar)
def current_year():
    return redirect(url_for("calendar.year_view", year=clock.today().year))


@bp.get("/deadlines")
@guarded(permissions.can_use_calculator)
def calculator():
    form = CalculatorForm(request.args)
    result = error = None
    if request.args and form.validate():
        try:
            result = deadlines.RULES[form.rule.data](form.value.data.strip(),
                                                     calendar_service.load_calendar())
        except (ValueError, KeyError):
            error = _("Enter a date as YYYY-MM-DD (for R2.3 and R2.4 a year such as 2027; "
                      "for R7.3 a date and time such as 2026-03-03T15:30).")
    elif not request.args:
        form.value.data = date.isoformat(clock.today())
    lines = explain.explain(result, g.lang) if result else []
    return render_template("calendar/calculator.html", form=form, result=result, lines=lines,
                           summary=explain.summary(result, g.lang) if result else "",
                           title=explain.rule_title(result.rule, g.lang) if result else "",
                           error=error)
