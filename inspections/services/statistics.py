"""Statistics of the authority's work: the dashboard's tables, computed with aggregate SQL.

Every figure is a GROUP BY query (a bounded number of statements whatever the number of
inspections: the national-scale goal) and every figure that counts inspections or things
belonging to inspections has a *drill-down*: :func:`inspections_behind` gives the
inspections behind one cell with the same conditions the count used.

A table is plain data (JSON-serialisable) so that the same result feeds the page, the
XLSX/CSV exports, the annual report and the statistics placed on the internet resource::

    {"code": "violations_by_kind", "columns": ["violations", "inspections"],
     "rows": [{"key": "central", "values": {"violations": 3, "inspections": 2}}]}

Row keys are codes (month numbers, requirement codes, kinds of body, region codes, outcome
codes): they are translated at render time.  No table holds a name of a person (R27.1).

Rules counted: R2.3 and R2.4 (plans approved or placed late), R9.2 (extensions used),
R12.2 (replies to objections late), R13.1 (results acts delivered after the end in force),
R16.1 and R16.2 (remediation and follow-up inspections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    cast,
    distinct,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from .. import permissions
from ..clock import ALMATY
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..lifecycle import CANCELLED, CLOSED, DELIVERED
from ..models import (
    ControlSubject,
    Extension,
    Inspection,
    Objection,
    ObjectionPoint,
    Plan,
    PlanItem,
    RemediationReport,
    ResultsAct,
    StatisticsPublication,
    Violation,
)
from ..models.catalogue import Requirement
from ..models.inspections import EXTENSION_APPROVED, UNSCHEDULED
from ..models.plans import ITEM_ACTIVE
from ..models.registry import SUBJECT_KINDS
from ..models.results import VIOLATION_ELIMINATED, VIOLATION_NOT_ELIMINATED
from . import audit

COMPLETED = (DELIVERED, CLOSED)
NO_REGION = "none"

TABLES = ("plan_execution", "violations_by_requirement", "violations_by_kind",
          "violations_by_region", "remediation", "timeliness", "objections")

REMEDIATION_ROWS = ("on_time", "late", "not_eliminated", "pending", "followups")
TIMELINESS_ROWS = ("late_delivery", "late_reply", "extensions", "plans_approved_late",
                   "plans_published_late")
OBJECTION_ROWS = ("received", "points_accepted", "points_partially_accepted",
                  "points_rejected", "points_pending")
PLAN_COLUMNS = ("planned", "appointed", "completed", "cancelled", "unscheduled")

#: the cells that lead to a list of inspections: table → columns (every row)
DRILLABLE = {
    "plan_execution": ("appointed", "completed", "cancelled", "unscheduled"),
    "violations_by_requirement": ("violations", "inspections"),
    "violations_by_kind": ("violations", "inspections"),
    "violations_by_region": ("violations", "inspections"),
    "remediation": ("count",),
    "timeliness": ("count",),
    "objections": ("count",),
}
#: rows of a drillable table that count plans, not inspections (no list behind them)
NOT_DRILLABLE_ROWS = {("timeliness", "plans_approved_late"),
                      ("timeliness", "plans_published_late")}


@dataclass(frozen=True)
class Period:
    """A period of whole days in Asia/Almaty, first and last day included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def lo(self) -> datetime:
        """The first instant of the period (aware, UTC)."""
        return datetime.combine(self.start, time(0), ALMATY).astimezone(UTC)

    @property
    def hi(self) -> datetime:
        """The first instant after the period (aware, UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time(0), ALMATY).astimezone(UTC)

    def has_day(self, column):
        return and_(column >= self.start, column <= self.end)

    def has_instant(self, column):
        return and_(column >= self.lo, column < self.hi)


class _MonthOf(FunctionElement):
    """The month (1–12) of a date.  PostgreSQL's ``EXTRACT`` yields a numeric, which is
    slow to compute and to group by (a third of the plan-execution statement's time):
    ``date_part`` there, ``EXTRACT`` elsewhere (issue 13)."""

    type = Integer()
    name = "month_of"
    inherit_cache = True


@compiles(_MonthOf)
def _month_of(element, compiler, **kw):
    return compiler.process(extract("month", *element.clauses.clauses), **kw)


@compiles(_MonthOf, "postgresql")
def _month_of_postgresql(element, compiler, **kw):
    return f"date_part('month', {compiler.process(element.clauses, **kw)})"


def _month(column):
    return _MonthOf(column)


def _count_if(condition):
    """The rows for which ``condition`` is true (``count(*) FILTER (WHERE …)``: PostgreSQL
    and SQLite 3.30+; cheaper than a sum of CASEs)."""
    return func.count().filter(condition)


# ------------------------------------------------------------------ scopes (shared with drill)

def _plan_scope(period: Period):
    """Periodic inspections of active plan items whose timeframe starts in the period."""
    return (select(Inspection.id)
            .join(PlanItem, Inspection.plan_item_id == PlanItem.id)
            .where(PlanItem.status == ITEM_ACTIVE, period.has_day(PlanItem.starts_on)))


def _plan_cell(period: Period, column: str, month: int):
    stmt = _plan_scope(period).where(_month(PlanItem.starts_on) == month)
    if column == "appointed":
        return stmt.where(Inspection.number.is_not(None))
    if column == "completed":
        return stmt.where(Inspection.status.in_(COMPLETED))
    if column == "cancelled":
        return stmt.where(Inspection.status == CANCELLED)
    raise KeyError(column)


def _unscheduled_scope(period: Period):
    """Unscheduled inspections whose appointment act is dated in the period (R3.1)."""
    return select(Inspection.id).where(Inspection.kind == UNSCHEDULED,
                                       Inspection.number.is_not(None),
                                       period.has_day(Inspection.act_date))


def _violations_scope(period: Period):
    """Violations of the results acts issued in the period (R11.1 (10))."""
    return (select(Violation.id)
            .join(ResultsAct, Violation.act_id == ResultsAct.id)
            .join(Inspection, ResultsAct.inspection_id == Inspection.id)
            .join(ControlSubject, Inspection.control_subject_id == ControlSubject.id)
            .join(Requirement, Violation.requirement_id == Requirement.id)
            .where(period.has_instant(ResultsAct.issued_at)))


def _accepted_reports():
    """The day the report that was accepted arrived, per violation (R16.1)."""
    return (select(RemediationReport.violation_id.label("violation_id"),
                   func.min(RemediationReport.received_on).label("received_on"))
            .where(RemediationReport.decision == "accepted")
            .group_by(RemediationReport.violation_id)
            .subquery())


def _remediation_conditions(reports, today: date) -> dict:
    """R16.1: eliminated on time (accepted report received by the deadline), late, not
    eliminated (decided so, or the deadline passed without an accepted report), pending;
    R16.2: follow-up inspections opened."""
    eliminated = Violation.status == VIOLATION_ELIMINATED
    return {
        "on_time": and_(eliminated, reports.c.received_on <= Violation.deadline),
        "late": and_(eliminated, or_(reports.c.received_on.is_(None),
                                     reports.c.received_on > Violation.deadline)),
        "not_eliminated": or_(Violation.status == VIOLATION_NOT_ELIMINATED,
                              and_(Violation.status != VIOLATION_ELIMINATED,
                                   Violation.deadline < today)),
        "pending": and_(Violation.status.not_in((VIOLATION_ELIMINATED,
                                                 VIOLATION_NOT_ELIMINATED)),
                        Violation.deadline >= today),
        "followups": Violation.followup_inspection_id.is_not(None),
    }


def _remediation_scope(period: Period, reports):
    """Violations whose elimination deadline falls in the period (with the day their
    accepted report arrived)."""
    return (select(Violation.id)
            .outerjoin(reports, reports.c.violation_id == Violation.id)
            .where(period.has_day(Violation.deadline)))


def _late_reply(today: date):
    """R12.2: replied after the due date, or not replied and the due date has passed."""
    return or_(Objection.replied_late.is_(True),
               and_(Objection.replied_on.is_(None), Objection.reply_due < today))


def _objection_scope(period: Period):
    """Objections received in the period (R12.1), one row each, with their inspection."""
    return (select(ResultsAct.inspection_id).select_from(Objection)
            .join(ResultsAct, Objection.act_id == ResultsAct.id)
            .where(period.has_day(Objection.received_on)))


def _timeliness_cell(period: Period, row: str, today: date):
    """The acts, objections or extensions a timeliness figure counts, one row each, with
    their inspection."""
    if row == "late_delivery":  # R13.1
        return (select(ResultsAct.inspection_id)
                .where(ResultsAct.term_breached.is_(True),
                       period.has_instant(ResultsAct.delivered_at)))
    if row == "late_reply":  # R12.2
        return (select(ResultsAct.inspection_id).select_from(Objection)
                .join(ResultsAct, Objection.act_id == ResultsAct.id)
                .where(period.has_day(Objection.reply_due), _late_reply(today)))
    if row == "extensions":  # R9.2
        return (select(Extension.inspection_id)
                .where(Extension.status == EXTENSION_APPROVED,
                       period.has_day(Extension.act_date)))
    raise KeyError(row)


_POINT_DECISIONS = {"points_accepted": "accepted",
                    "points_partially_accepted": "partially_accepted",
                    "points_rejected": "rejected", "points_pending": ""}


def _objection_cell(period: Period, row: str):
    stmt = _objection_scope(period)
    if row == "received":
        return stmt
    return (stmt.join(ObjectionPoint, ObjectionPoint.objection_id == Objection.id)
            .where(ObjectionPoint.decision == _POINT_DECISIONS[row]))


def _violation_dimension(table: str):
    return {"violations_by_requirement": Requirement.code,
            "violations_by_kind": ControlSubject.kind,
            "violations_by_region": func.coalesce(ControlSubject.region, NO_REGION)}[table]


# ------------------------------------------------------------------ drill-down

def inspections_behind(period: Period, table: str, row: str, column: str, today: date):
    """A SELECT of the ids of the inspections behind one cell of the dashboard (the same
    conditions as the count). ``KeyError`` for a cell that has no list behind it."""
    if table not in DRILLABLE or column not in DRILLABLE[table] \
            or (table, row) in NOT_DRILLABLE_ROWS:
        raise KeyError((table, row, column))
    if table == "plan_execution":
        month = int(row)
        if column == "unscheduled":
            return _unscheduled_scope(period).where(_month(Inspection.act_date) == month)
        return _plan_cell(period, column, month)
    if table.startswith("violations_by_"):
        return (_violations_scope(period).with_only_columns(Inspection.id)
                .where(_violation_dimension(table) == row))
    if table == "remediation":
        reports = _accepted_reports()
        condition = _remediation_conditions(reports, today)[row]
        return (_remediation_scope(period, reports)
                .join(ResultsAct, Violation.act_id == ResultsAct.id)
                .with_only_columns(ResultsAct.inspection_id).where(condition))
    if table == "timeliness":
        return _timeliness_cell(period, row, today)
    if table == "objections":
        return _objection_cell(period, row)
    raise KeyError(table)


# ------------------------------------------------------------------ figures

class _BoundPeriod:
    """The period and today as bound parameters (issue 13): the dashboard's statements are
    built once, on their first use, and every request runs them with its own values.
    Building them anew took longer than PostgreSQL took to run them.  The conditions are
    :class:`Period`'s own (``has_day``, ``has_instant``); each parameter takes the type of
    the column it is compared with, as a literal value does."""

    start, end = bindparam("start"), bindparam("end")
    lo, hi = bindparam("lo"), bindparam("hi")
    has_day = Period.has_day
    has_instant = Period.has_instant


_BOUND = _BoundPeriod()


_TODAY = bindparam("today")
_FIRST_YEAR, _LAST_YEAR = bindparam("first_year"), bindparam("last_year")
_PLACED_YEAR = bindparam("placed_year", type_=Integer)


def _values(period: Period, today: date | None, placed_year: int | None = None) -> dict:
    """The values of :class:`_BoundPeriod`'s parameters for one period and day."""
    return {"start": period.start, "end": period.end, "lo": period.lo, "hi": period.hi,
            "today": today, "first_year": period.start.year, "last_year": period.end.year,
            "placed_year": placed_year}


def _table(code: str, columns, rows) -> dict:
    return {"code": code, "columns": list(columns), "rows": rows}


def _plan_statement():
    """Items planned, their inspections and unscheduled inspections appointed, by month:
    one statement (issue 13)."""
    month = _month(PlanItem.starts_on)
    zero = literal(0)
    return union_all(
        select(literal("planned"), month, func.count(PlanItem.id), zero, zero)
        .join(Plan, PlanItem.plan_id == Plan.id)
        .where(PlanItem.status == ITEM_ACTIVE, Plan.version > 0,
               _BOUND.has_day(PlanItem.starts_on))
        .group_by(month),
        _plan_scope(_BOUND).with_only_columns(
            literal("done"), month, _count_if(Inspection.number.is_not(None)),
            _count_if(Inspection.status.in_(COMPLETED)),
            _count_if(Inspection.status == CANCELLED)).group_by(month),
        _unscheduled_scope(_BOUND).with_only_columns(
            literal("unscheduled"), _month(Inspection.act_date), func.count(Inspection.id),
            zero, zero).group_by(_month(Inspection.act_date)))


VIOLATION_TABLES = ("violations_by_requirement", "violations_by_kind", "violations_by_region")


def _violations_statement():
    """The grouped rows of the three violations tables in one statement (issue 13):
    (table, key, violations, inspections, ref_kk, ref_ru).

    The violations of the acts issued in the period are found once (a common table
    expression) and grouped three ways: PostgreSQL plans one join instead of three.  They
    are :func:`_violations_scope`'s rows — its joins to the body and the requirement only
    add columns, every violation having one of each.  The ``WITH`` is nested inside the
    ``SELECT``, which a read-only request recognises (``inspections.readonly``)."""
    found = (select(Violation.id.label("violation_id"), Violation.requirement_id,
                    Inspection.id.label("inspection_id"), Inspection.control_subject_id)
             .join(ResultsAct, Violation.act_id == ResultsAct.id)
             .join(Inspection, ResultsAct.inspection_id == Inspection.id)
             .where(_BOUND.has_instant(ResultsAct.issued_at))
             .cte("found"))
    counts = (func.count(found.c.violation_id).label("violations"),
              func.count(distinct(found.c.inspection_id)).label("inspections"))
    no_ref = (cast(null(), String).label("ref_kk"), cast(null(), String).label("ref_ru"))
    kind = cast(ControlSubject.kind, String)
    region = cast(func.coalesce(ControlSubject.region, NO_REGION), String)
    by_subject = found.join(ControlSubject, found.c.control_subject_id == ControlSubject.id)
    grouped = union_all(
        select(literal("violations_by_requirement").label("tbl"),
               cast(Requirement.code, String).label("key"), *counts,
               func.min(Requirement.ref_kk).label("ref_kk"),
               func.min(Requirement.ref_ru).label("ref_ru"))
        .select_from(found.join(Requirement, found.c.requirement_id == Requirement.id))
        .group_by(cast(Requirement.code, String)),
        select(literal("violations_by_kind"), kind, *counts, *no_ref)
        .select_from(by_subject).group_by(kind),
        select(literal("violations_by_region"), region, *counts, *no_ref)
        .select_from(by_subject).group_by(region),
    ).add_cte(found, nest_here=True).subquery("grouped")
    return select(grouped)


def _counts_statement():
    """Remediation (R16.1, R16.2), timeliness (R13.1, R12.2, R9.2, R2.3, R2.4) and
    objections (R12.1, R12.2): every count in one row of one statement (issue 13); with
    the day the statistics of ``placed_year`` were placed on the internet resource (R27.1),
    which the dashboard of a year shows (NULL when ``placed_year`` is NULL).

    Remediation counts the violations themselves: the joins of its drill-down to the act
    and the inspection find exactly one of each for every violation."""
    reports = _accepted_reports()
    conditions = _remediation_conditions(reports, _TODAY)
    remediation = (_remediation_scope(_BOUND, reports)
                   .with_only_columns(*(_count_if(conditions[r]).label(r)
                                        for r in REMEDIATION_ROWS))
                   .subquery("remediation"))
    points = (_objection_scope(_BOUND)
              .join(ObjectionPoint, ObjectionPoint.objection_id == Objection.id)
              .with_only_columns(*(_count_if(ObjectionPoint.decision == d).label(r)
                                   for r, d in _POINT_DECISIONS.items()))
              .subquery("points"))

    def count(stmt):
        return select(func.count()).select_from(stmt.subquery()).scalar_subquery()

    plans = (Plan.year >= _FIRST_YEAR, Plan.year <= _LAST_YEAR)
    return (select(remediation, points,
                   *(count(_timeliness_cell(_BOUND, row, _TODAY)).label(row)
                     for row in ("late_delivery", "late_reply", "extensions")),
                   select(func.count()).where(Plan.approved_late.is_(True), *plans)
                   .scalar_subquery().label("plans_approved_late"),
                   select(func.count()).where(Plan.published_late.is_(True), *plans)
                   .scalar_subquery().label("plans_published_late"),
                   count(_objection_scope(_BOUND)).label("received"),
                   select(StatisticsPublication.published_on)
                   .where(StatisticsPublication.year == _PLACED_YEAR)
                   .scalar_subquery().label("placed_on"))
            .select_from(remediation.join(points, true())))


@cache
def _statements() -> dict:
    """The dashboard's statements, built on their first use (see :class:`_BoundPeriod`)."""
    return {"plan": _plan_statement(), "violations": _violations_statement(),
            "counts": _counts_statement()}


def _run(name: str, period: Period, today: date | None = None,
         placed_year: int | None = None):
    """One of the dashboard's statements, on the session's connection (rows, no objects);
    what the session holds unflushed is flushed first, as ``session.execute`` would."""
    db.session.flush()
    return db.session.connection().execute(_statements()[name],
                                           _values(period, today, placed_year))


def plan_execution(period: Period) -> dict:
    """Plan items whose timeframe starts in each month, the inspections appointed from them,
    completed (results act delivered) and cancelled; unscheduled inspections appointed."""
    rows = _run("plan", period).all()
    planned = {int(m): n for kind, m, n, _c, _x in rows if kind == "planned"}
    done = {int(m): (a, c, x) for kind, m, a, c, x in rows if kind == "done"}
    unscheduled = {int(m): n for kind, m, n, _c, _x in rows if kind == "unscheduled"}
    rows = []
    for m in range(1, 13):
        a, c, x = done.get(m, (0, 0, 0))
        rows.append({"key": m, "values": {
            "planned": int(planned.get(m, 0)), "appointed": int(a), "completed": int(c),
            "cancelled": int(x), "unscheduled": int(unscheduled.get(m, 0))}})
    return _table("plan_execution", PLAN_COLUMNS, rows)


def _violation_rows(period: Period) -> dict[str, list]:
    """The grouped rows of the three violations tables: (key, violations, inspections,
    ref_kk, ref_ru) per table."""
    found: dict[str, list] = {t: [] for t in VIOLATION_TABLES}
    for table, *row in _run("violations", period).all():
        found[table].append(row)
    return found


def violations(period: Period, table: str, grouped: list | None = None) -> dict:
    """Violations found (results acts issued in the period) by requirement of the catalogue,
    by kind of body or by region; with the number of inspections that found them.
    ``grouped``: the table's rows already read by :func:`_violation_rows`."""
    if grouped is None:
        grouped = _violation_rows(period)[table]
    found = {}
    for key, n, inspections, *refs in grouped:
        found[key] = {"key": key, "values": {"violations": int(n),
                                             "inspections": int(inspections)}}
        if table == "violations_by_requirement":
            found[key]["label"] = {"kk": refs[0], "ru": refs[1]}
    if table == "violations_by_kind":
        rows = [found.get(k, {"key": k, "values": {"violations": 0, "inspections": 0}})
                for k in SUBJECT_KINDS]
    else:
        rows = sorted(found.values(), key=lambda r: (-r["values"]["violations"], r["key"]))
    return _table(table, ("violations", "inspections"), rows)


def _count_tables(counts) -> list[dict]:
    """The remediation, timeliness and objections tables from the row of counts."""
    return [_table(code, ("count",), [{"key": r, "values": {"count": int(counts[r])}}
                                      for r in keys])
            for code, keys in (("remediation", REMEDIATION_ROWS),
                               ("timeliness", TIMELINESS_ROWS),
                               ("objections", OBJECTION_ROWS))]


def dashboard(period: Period, today: date) -> list[dict]:
    """Every table of the dashboard, in display order: three statements whatever the data.

    R16.1, R16.2 (remediation: violations whose deadline falls in the period, by outcome);
    R13.1, R12.2, R9.2 (inspections) and R2.3, R2.4 (plans for the years of the period):
    the authority's own deadlines; R12.1, R12.2: objections received in the period and
    their points by decision."""
    return dashboard_page(period, today)[0]


def dashboard_page(period: Period, today: date,
                   placed_year: int | None = None) -> tuple[list[dict], date | None]:
    """:func:`dashboard` and the day the statistics of ``placed_year`` were placed on the
    internet resource (None: not placed, or no year asked), read with the counts."""
    grouped = _violation_rows(period)
    counts = _run("counts", period, today, placed_year).one()._mapping
    return ([plan_execution(period),
             *(violations(period, t, grouped[t]) for t in VIOLATION_TABLES),
             *_count_tables(counts)], counts["placed_on"])


def figures(year: int, today: date) -> dict:
    """The counts placed on the internet resource for a closed year (R27.1: counts and
    codes only, no names of persons)."""
    return {"year": year, "tables": dashboard(Period.year(year), today)}


# ------------------------------------------------------------------ placement (R27.1)

def published_years() -> list[StatisticsPublication]:
    return list(db.session.execute(
        select(StatisticsPublication).order_by(StatisticsPublication.year.desc())).scalars())


def publication(year: int) -> StatisticsPublication | None:
    return db.session.execute(select(StatisticsPublication)
                              .where(StatisticsPublication.year == year)).scalar_one_or_none()


def publish(actor, year: int, *, now: datetime) -> StatisticsPublication:
    """Place the statistics of a closed year on the internet resource: the counts are
    frozen as placed (R27.1: counts and codes only, no names of persons)."""
    if not permissions.can_publish_statistics(actor):
        raise PermissionDenied(_l("Only the head or the first head places the statistics."))
    today = now.astimezone(ALMATY).date()
    if year >= today.year:
        raise ValidationFailed(_l("Only the statistics of a closed year are placed."))
    if publication(year) is not None:
        raise ValidationFailed(_l("The statistics of this year are already placed."))
    row = StatisticsPublication(year=year, published_on=today, published_at=now,
                                published_by_id=getattr(actor, "id", None),
                                figures=figures(year, today))
    db.session.add(row)
    audit.record(actor, "statistics.published", row, data={"year": year}, now=now)
    return row
