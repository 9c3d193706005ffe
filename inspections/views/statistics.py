"""The dashboard, exports, the annual report, the statistics placed on the internet resource
and the calendar feeds (issue 15).

Thin controllers: the figures come from :mod:`inspections.services.statistics` (aggregate
SQL), the files from :mod:`inspections.services.exports` and :mod:`inspections.services.
annual_report`, the events from :mod:`inspections.feeds`."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import force_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from forms.inspections import ConfirmForm

from .. import charts, clock, feeds, permissions
from ..extensions import db
from ..i18n import gettext as _
from ..models import Inspection
from ..services import exports, kept
from ..services import feeds as feed_service
from ..services import statistics as service
from ..services.calendar import load_calendar
from ..statistics_labels import (
    COLUMN_LABELS,
    ROW_HEADERS,
    TABLE_TITLES,
    column_label,
    row_label,
)
from ._util import guarded, submit

bp = Blueprint("statistics", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ------------------------------------------------------------------ helpers

def _period() -> tuple[service.Period, dict]:
    """The period of the request: ``start`` and ``end`` (ISO dates) or a ``year``."""
    today = clock.today()
    try:
        start = date.fromisoformat(request.args.get("start", ""))
        end = date.fromisoformat(request.args.get("end", ""))
    except ValueError:
        start = end = None
    if start and end and start <= end:
        return service.Period(start, end), {"start": start.isoformat(), "end": end.isoformat()}
    year = request.args.get("year", type=int) or today.year
    if not 2000 <= year <= 2100:
        year = today.year
    return service.Period.year(year), {"year": year}


def _lang() -> str:
    lang = request.args.get("lang") or g.lang
    return lang if lang in ("kk", "ru") else "kk"


#: what ``url_for`` leaves unencoded in a query string (as werkzeug's ``_urlencode``)
_QUERY_SAFE = "!$'()*,/:;?@"


def _drill_links(args: dict):
    """``link(table, row, column, value)``: the address of the inspections behind one figure
    of the page, or "" for a figure with no list behind it or zero (no link is shown for
    zero).  The route is built once and each figure's query encoded as ``url_for`` encodes
    it: a dashboard has up to a hundred figures, and ``url_for`` for each took 3 ms."""
    base = url_for("statistics.inspections")
    period = list(args.items())

    def link(table: str, row, column: str, value) -> str:
        if not value or column not in service.DRILLABLE.get(table, ()) \
                or (table, row) in service.NOT_DRILLABLE_ROWS:
            return ""
        query = [("table", table), ("row", row), ("col", column), *period]
        return f"{base}?{urlencode(query, safe=_QUERY_SAFE)}"

    return link


#: (language, kind, table, code) → the label in that language.  Translations do not change
#: while the application runs: a page translates each label once per language, not about
#: sixty times a page (issue 13).  Only labels of codes (titles, columns, months, kinds,
#: regions, outcomes): a requirement's row is labelled from the data.
_LABELS: dict[tuple, str] = {}


def _label(lang: str, kind: str, table: str, code="") -> str:
    """A translated label of the dashboard in ``lang``, the language of the request."""
    key = (lang, kind, table, code)
    found = _LABELS.get(key)
    if found is None:
        if kind == "title":
            found = str(TABLE_TITLES[table])
        elif kind == "header":
            found = str(ROW_HEADERS[table])
        elif kind == "column":
            found = column_label(table, code)
        elif kind == "list":
            found = str(exports.LIST_TITLES[code])
        else:
            found = row_label(table, {"key": code}, lang)
        _LABELS[key] = found
    return found


def _row_label(table: str, row: dict, lang: str) -> str:
    if table == "violations_by_requirement":
        return row_label(table, row, lang)
    return _label(lang, "row", table, row["key"])


@dataclass(frozen=True)
class _ViewTable:
    """A table ready for the template (``statistics/_tables.html``): objects, not dicts,
    because Jinja reads an attribute of an object at once but tries a dict's attribute
    before its key (a third of the tables' rendering time)."""

    code: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[charts.Group]  # a row's label and its cells (value, link)
    svg: str


def _view_table(table: dict, args: dict, lang: str, *, links: bool = True,
                link=None) -> _ViewTable:
    """A table ready for the template: labels, cells with their links, the chart.
    ``lang`` is the language of the request; ``link``: :func:`_drill_links` of the page,
    when it shows several tables."""
    code = table["code"]
    if links and link is None:
        link = _drill_links(args)
    rows = []
    for r in table["rows"]:
        values = r["values"]
        cells = tuple(charts.Bar(values[c], link(code, r["key"], c, values[c]) if links else "")
                      for c in table["columns"])
        rows.append(charts.Group(_row_label(code, r, lang), cells))
    series = [_label(lang, "column", code, c) for c in table["columns"]]
    title = _label(lang, "title", code)
    return _ViewTable(code, title, _label(lang, "header", code), series, rows,
                      charts.svg(title, series, rows, chart_id=f"chart-{code}"))


def _xlsx_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _csv_response(chunks, filename: str) -> Response:
    return Response(stream_with_context(chunks), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _suffix(args: dict) -> str:
    return str(args["year"]) if "year" in args else f'{args["start"]}_{args["end"]}'


def _table_sheet(table: dict, lang: str):
    code = table["code"]
    with force_locale(lang):
        columns = exports.table_columns(table, column_label, ROW_HEADERS[code])
        rows = exports.table_rows(table, lambda r: row_label(code, r, lang))
        title = str(TABLE_TITLES[code])
    return title, columns, rows


# ------------------------------------------------------------------ dashboard

@bp.get("/dashboard")
@guarded(permissions.can_view_statistics)
def dashboard():
    """How the year (or period) went: every figure links to the inspections behind it."""
    period, args = _period()
    today = clock.today()
    year = args.get("year")
    tables, placed_on = kept.kept(
        "dashboard", (tuple(sorted(args.items())), today, g.lang, request.script_root),
        lambda: _dashboard_tables(period, args, today, year))
    can_publish = (year is not None and year < today.year and placed_on is None
                   and permissions.can_publish_statistics(current_user))
    return render_template("statistics/dashboard.html", tables=tables, period=period,
                           args=args, year=year, can_publish=can_publish, placed_on=placed_on,
                           form=ConfirmForm(),
                           lists={c: _label(g.lang, "list", "", c) for c in exports.LIST_TITLES},
                           years=range(today.year, today.year - 6, -1))


def _dashboard_tables(period, args: dict, today, year) -> tuple[Markup, object]:
    """The dashboard's tables as HTML, and the day the year's statistics were placed on the
    internet resource: the same for everyone who may see them, so worked out once per
    period, day, language and version of the data (issue 13)."""
    found, placed_on = service.dashboard_page(period, today, year)
    link = _drill_links(args)
    tables = [_view_table(t, args, g.lang, link=link) for t in found]
    return Markup(render_template("statistics/_dashboard_tables.html", tables=tables,
                                  args=args,
                                  csv_lang=g.lang if g.lang in ("kk", "ru") else "kk")), \
        placed_on


@bp.get("/dashboard/inspections")
@guarded(permissions.can_view_statistics)
def inspections():
    """The inspections behind one figure of the dashboard."""
    period, args = _period()
    table, row, column = (request.args.get(k, "") for k in ("table", "row", "col"))
    try:
        ids = service.inspections_behind(period, table, row, column, clock.today())
    except (KeyError, ValueError):
        return redirect(url_for("statistics.dashboard", **args))
    page = db.paginate(select(Inspection).where(Inspection.id.in_(ids))
                       .order_by(Inspection.id.desc()), per_page=50, error_out=False)
    label = next((row_label(table, r, g.lang) for r in _table_of(period, table)["rows"]
                  if str(r["key"]) == row), row)
    return render_template("statistics/inspections.html", page=page, args=args,
                           table=table, row=row, col=column, row_name=label,
                           title=TABLE_TITLES[table], column=COLUMN_LABELS.get(column, column))


def _table_of(period, table: str) -> dict:
    """The rows of one table (for the label of a drill-down page)."""
    if table == "plan_execution":
        return {"rows": [{"key": m} for m in range(1, 13)]}
    if table.startswith("violations_by_"):
        return service.violations(period, table)
    keys = {"remediation": service.REMEDIATION_ROWS, "timeliness": service.TIMELINESS_ROWS,
            "objections": service.OBJECTION_ROWS}.get(table, ())
    return {"rows": [{"key": k} for k in keys]}


@bp.get("/dashboard/tables.xlsx")
@guarded(permissions.can_view_statistics)
def tables_xlsx():
    """Every table of the dashboard, one sheet each."""
    period, args = _period()
    lang = _lang()
    sheets = [_table_sheet(t, lang) for t in service.dashboard(period, clock.today())]
    return _xlsx_response(exports.to_xlsx(sheets, lang), f"dashboard_{_suffix(args)}_{lang}.xlsx")


@bp.get("/dashboard/tables/<table>.csv")
@guarded(permissions.can_view_statistics)
def table_csv(table: str):
    period, args = _period()
    if table not in service.TABLES:
        abort(404)
    lang = _lang()
    found = next(t for t in service.dashboard(period, clock.today()) if t["code"] == table)
    _title, columns, rows = _table_sheet(found, lang)
    return _csv_response(exports.to_csv(columns, rows, lang),
                         f"{table}_{_suffix(args)}_{lang}.csv")


@bp.get("/dashboard/report.docx")
@guarded(permissions.can_view_statistics)
def annual_report():
    """The annual report (DOCX) of the chosen year in kk or ru."""
    from ..services import annual_report

    period, args = _period()
    year = args.get("year") or period.start.year
    lang = _lang()
    data = annual_report.render_report(year, lang, today=clock.today())
    return Response(data, mimetype=DOCX, headers={
        "Content-Disposition": f'attachment; filename="annual_report_{year}_{lang}.docx"'})


@bp.post("/statistics/<int:year>/publish")
@guarded(permissions.can_publish_statistics)
def publish(year: int):
    """Place the statistics of a closed year on the internet resource (R27.1)."""
    return submit(ConfirmForm(), lambda form: service.publish(current_user, year,
                                                              now=clock.now()),
                  _("The statistics have been placed on the internet resource."),
                  redirect(url_for("statistics.dashboard", year=year), code=303))


# ------------------------------------------------------------------ lists

@bp.get("/exports/<any(inspections,violations,objections,remediation):name>.<any(xlsx,csv):fmt>")
@guarded(permissions.can_export_lists)
def export_list(name: str, fmt: str):
    """A list as XLSX or CSV: all of it, a period (``year`` or ``start``/``end``), or the
    inspections behind one dashboard figure (``table``, ``row``, ``col``)."""
    lang = _lang()
    period = None
    suffix = "all"
    if request.args.get("year") or request.args.get("start"):
        period, args = _period()
        suffix = _suffix(args)
    ids = None
    if request.args.get("table"):
        if not permissions.can_view_statistics(current_user):
            abort(403)
        figure_period = period or _period()[0]
        try:
            ids = service.inspections_behind(figure_period, request.args["table"],
                                             request.args.get("row", ""),
                                             request.args.get("col", ""), clock.today())
        except (KeyError, ValueError):
            abort(404)
        if name == "inspections":
            period = None  # the figure decides which inspections
    columns, rows = exports.list_rows(name, lang, period=period, inspection_ids=ids)
    filename = f"{name}_{suffix}_{lang}.{fmt}"
    if fmt == "xlsx":
        title = exports.LIST_TITLES[name]
        with force_locale(lang):
            title = str(title)
        return _xlsx_response(exports.to_xlsx([(title, columns, rows)], lang), filename)
    return _csv_response(exports.to_csv(columns, rows, lang), filename)


# ------------------------------------------------------------------ open statistics

@bp.get("/statistics")
def public_index():
    """The years whose statistics are placed on the internet resource (no login)."""
    return render_template("statistics/public_index.html", rows=service.published_years())


def _published(year: int):
    row = service.publication(year)
    if row is None:
        abort(404)
    return row


@bp.get("/statistics/<int:year>")
def public_show(year: int):
    row = _published(year)
    args = {"year": year}
    tables = [_view_table(t, args, g.lang, links=False) for t in row.figures["tables"]]
    return render_template("statistics/public_show.html", row=row, tables=tables)


def public_rows(figures: dict):
    """One row per figure: table, row key, column, value (codes only, R27.1)."""
    for t in figures["tables"]:
        for r in t["rows"]:
            for c in t["columns"]:
                yield t["code"], r["key"], c, r["values"][c]


@bp.get("/statistics/<int:year>.csv")
def public_csv(year: int):
    row = _published(year)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["year", "published_on", "table", "row", "column", "value"])
    for table, key, column, value in public_rows(row.figures):
        writer.writerow([year, row.published_on.isoformat(), table, key, column, value])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="statistics_{year}.csv"'})


@bp.get("/statistics/<int:year>.json")
def public_json(year: int):
    row = _published(year)
    body = {"year": year, "published_on": row.published_on.isoformat(),
            "tables": [{"code": t["code"], "columns": t["columns"],
                        "rows": [{"key": r["key"], "values": r["values"]} for r in t["rows"]]}
                       for t in row.figures["tables"]]}
    return Response(json.dumps(body, ensure_ascii=False, sort_keys=True),
                    mimetype="application/json")


# ------------------------------------------------------------------ calendar feeds

@bp.get("/account/calendar")
@guarded(permissions.can_use_calendar_feed)
def account_calendar():
    """The user's private feed URL (shown only here), to regenerate or revoke."""
    feed = feed_service.feed_of(current_user)
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    url = ""
    if feed:
        url = (base + url_for("statistics.feed", token=feed.token) if base
               else url_for("statistics.feed", token=feed.token, _external=True))
    return render_template("statistics/account_calendar.html", feed=feed, url=url,
                           form=ConfirmForm())


@bp.post("/account/calendar/regenerate")
@guarded(permissions.can_use_calendar_feed)
def regenerate_feed():
    return submit(ConfirmForm(), lambda form: feed_service.regenerate(current_user,
                                                                      now=clock.now()),
                  _("A new calendar address has been made; the old one no longer works."),
                  redirect(url_for("statistics.account_calendar"), code=303))


@bp.post("/account/calendar/revoke")
@guarded(permissions.can_use_calendar_feed)
def revoke_feed():
    return submit(ConfirmForm(), lambda form: feed_service.revoke(current_user, now=clock.now()),
                  _("The calendar address has been revoked."),
                  redirect(url_for("statistics.account_calendar"), code=303))


def _link(inspection: Inspection, user) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if permissions.is_staff(user):
        path = url_for("inspections.show", inspection_id=inspection.id)
    else:
        path = url_for("portal.show", inspection_id=inspection.id)
    return base + path


def _ics(events, name: str) -> Response:
    return Response(feeds.to_ical(events, name=name, stamp=clock.now()),
                    mimetype="text/calendar; charset=utf-8")


@bp.get("/feeds/<token>.ics")
def feed(token: str):
    """The private feed (no login: the token is the key); a revoked token answers 404.
    R27.1: a representative's feed holds only their own body's dates."""
    user = feed_service.user_by_token(token)
    if user is None:
        abort(404)
    lang = user.locale if user.locale in ("kk", "ru", "en") else "kk"
    today = clock.today()
    year, plan = feed_service.plan_for_feed(user, today.year + 1)
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    with force_locale(lang):
        events = feeds.build(feed_service.inspections_for(user), cal=load_calendar(), lang=lang,
                             link=lambda i: _link(i, user), staff=permissions.is_staff(user),
                             plan_year=year, plan=plan,
                             plan_url=base + url_for("plans.index") if year else "")
        name = _("Bakylau: my deadlines")
    return _ics(events, name)


@bp.get("/inspections/<int:inspection_id>/calendar.ics")
@guarded(permissions.can_download_inspection_calendar)
def inspection_ics(inspection_id: int):
    """The statutory dates of one inspection, to import into a calendar."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or not permissions.can_download_inspection_calendar(
            current_user, inspection):
        abort(404)
    events = feeds.build([inspection], cal=load_calendar(), lang=g.lang,
                         link=lambda i: _link(i, current_user),
                         staff=permissions.is_staff(current_user))
    return _ics(events, inspection.number or f"#{inspection.id}")

