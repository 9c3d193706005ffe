"""The R1.3 ranking of candidates kept in the database (issue 13).

The ranking of the candidates for the plan of a year orders every body with findings by
score, number of sources, latest finding and id, and leaves out the liquidated bodies and
those with an active item in the plan of that year (R2.2) — the formula of
:func:`.findings.rank`, which stays the specification.  At national scale, ranking every
body took 70 ms, so a page of candidates reads its rows from ``candidate_ranks`` instead:

* a year's rows are made the first time its candidates are shown (:func:`prepare`), for
  the years around today only (:data:`YEARS_AROUND`); another year is ranked on the fly
  by the same statement, so both give the same order;
* the rows of every kept year are brought up to date in the transaction that changes a
  finding, a body's status or a plan item, by a listener on the session's flushes
  (:func:`install`): the bodies concerned are ranked again.

Both take the audit chain's lock first (:func:`.audit.lock_chain`, PostgreSQL), so a row is
never worked out from a snapshot that misses a committed change: the writers and the first
showing of a year are serialised until they commit.  Rows written without the ORM (bulk
inserts) are not seen: the bench's seed works the kept years out again when it ends
(:func:`rebuild`), and ``flask rank-candidates YEAR`` does it by hand.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import (
    bindparam,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import CandidateRank, CandidateRankYear, ControlSubject, Finding, Plan, PlanItem
from ..models.plans import ITEM_ACTIVE
from ..models.registry import STATUS_LIQUIDATED
from . import audit

#: Plan years kept, relative to today's year: last year's plan to the plan after next.
YEARS_AROUND = (-1, 0, 1, 2)

_CHANGED = "bakylau_ranking_subjects"
#: The attributes whose change moves a body in the ranking, per class.
_WATCHED = {
    Finding: ("subject_id", "subject", "weight", "found_on", "source"),
    PlanItem: ("subject_id", "subject", "status", "plan_id", "plan", "no"),
    ControlSubject: ("status",),
}


def ranks(year: int, subject_ids=None):
    """R1.3, R2.2: (subject id, excluded, doubled score, sources, latest, plan item number)
    of every body with findings for the plan of ``year`` — of ``subject_ids`` only, if
    given.  The score is doubled so that it is an integer: weight × 2 for findings of
    ``year - 1`` or later, × 1 for ``year - 3`` and ``year - 2``, × 0 before."""
    full, half = date(year - 1, 1, 1), date(year - 3, 1, 1)
    doubled = func.sum(Finding.weight * case((Finding.found_on >= full, 2),
                                             (Finding.found_on >= half, 1), else_=0))
    planned = (select(PlanItem.subject_id.label("subject_id"),
                      func.min(PlanItem.no).label("no"))
               .join(Plan).where(Plan.year == year, PlanItem.status == ITEM_ACTIVE)
               .group_by(PlanItem.subject_id))
    agg = (select(Finding.subject_id.label("subject_id"), doubled.label("doubled"),
                  func.count(Finding.source.distinct()).label("sources"),
                  func.max(Finding.found_on).label("latest"))
           .group_by(Finding.subject_id))
    if subject_ids is not None:
        planned = planned.where(PlanItem.subject_id.in_(subject_ids))
        agg = agg.where(Finding.subject_id.in_(subject_ids))
    planned, agg = planned.subquery(), agg.subquery()
    excluded = case((ControlSubject.status == STATUS_LIQUIDATED, literal(1)),
                    (planned.c.no.is_not(None), literal(1)), else_=literal(0))
    return (select(agg.c.subject_id, excluded.label("excluded"),
                   agg.c.doubled, agg.c.sources, agg.c.latest, planned.c.no.label("plan_no"))
            .join(ControlSubject, ControlSubject.id == agg.c.subject_id)
            .outerjoin(planned, planned.c.subject_id == agg.c.subject_id))


def _rank_again(connection, year: int, subject_ids=None) -> None:
    """Replace the kept rows of ``year`` — of ``subject_ids`` only, if given — by
    :func:`ranks`, and count the year's rows again into its :class:`CandidateRankYear`."""
    where = [CandidateRank.year == year]
    if subject_ids is not None:
        where.append(CandidateRank.subject_id.in_(subject_ids))
    connection.execute(delete(CandidateRank).where(*where))
    columns = ranks(year, subject_ids).subquery()
    connection.execute(insert(CandidateRank).from_select(
        ["year", "subject_id", "excluded", "doubled", "sources", "latest", "plan_no"],
        select(literal(year), columns.c.subject_id, columns.c.excluded, columns.c.doubled,
               columns.c.sources, columns.c.latest, columns.c.plan_no)))

    def number(excluded):
        return (select(func.count()).where(CandidateRank.year == year,
                                           CandidateRank.excluded == excluded)
                .scalar_subquery())

    connection.execute(update(CandidateRankYear).where(CandidateRankYear.year == year)
                       .values(ranked=number(0), left_out=number(1)))


def _add_year(connection, year: int) -> bool:
    """Add ``year`` to the years kept; False if it is kept already (on SQLite, which has
    no advisory lock, a second writer waits here and finds it added by the first)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    # RETURNING, not the row count: psycopg reports -1 for this statement
    return connection.execute(dialect.insert(CandidateRankYear)
                              .values(year=year, ranked=0, left_out=0)
                              .on_conflict_do_nothing()
                              .returning(CandidateRankYear.year)).first() is not None


class Prepared(NamedTuple):
    stored: bool  # the year's rows are in candidate_ranks
    made: bool  # ... made just now: the caller commits
    counts: tuple[int, int] | None = None  # (ranked, left out) when stored


def prepare(year: int, *, today: date) -> Prepared:
    """R1.3, R2.2: make the kept ranking of ``year`` if it is one of :data:`YEARS_AROUND`
    today and is not kept yet (issue 13; the caller commits when ``made``), and forget the
    years that have left the window; with its numbers of bodies ranked and left out, read
    in the same statement."""
    if year - today.year not in YEARS_AROUND:
        return Prepared(stored=False, made=False)
    counts = _kept_counts(year)
    if counts is not None:
        return Prepared(stored=True, made=False, counts=counts)
    connection = db.session.connection()
    audit.lock_chain(connection)  # serialised with the writers (see the module)
    if not _add_year(connection, year):  # made meanwhile by another request
        return Prepared(stored=True, made=False, counts=_kept_counts(year))
    _rank_again(connection, year)
    # years before the window are never read again: no longer kept up to date either
    gone = today.year + min(YEARS_AROUND)
    connection.execute(delete(CandidateRank).where(CandidateRank.year < gone))
    connection.execute(delete(CandidateRankYear).where(CandidateRankYear.year < gone))
    return Prepared(stored=True, made=True, counts=_kept_counts(year))


def _kept_counts(year: int) -> tuple[int, int] | None:
    row = db.session.execute(_kept_counts_statement(), {"year": year}).first()
    return tuple(row) if row is not None else None


@cache
def _kept_counts_statement():
    return (select(CandidateRankYear.ranked, CandidateRankYear.left_out)
            .where(CandidateRankYear.year == bindparam("year")))


def rebuild(year: int, *, actor, now: datetime) -> int:
    """R1.3, R2.2: work the kept ranking of ``year`` out again from scratch (after bulk
    writes made without the ORM); the number of bodies ranked.  It writes an audit row, so
    that every process forgets the pages it kept from the old rows (:mod:`.kept`)."""
    connection = db.session.connection()
    audit.lock_chain(connection)
    _add_year(connection, year)
    _rank_again(connection, year)
    ranked, left_out = _kept_counts(year)
    audit.record(actor, "candidates.reranked", object_type="candidate_rank_years",
                 object_id=year, data={"ranked": ranked, "left_out": left_out}, now=now)
    return ranked + left_out


def _source(year, stored: bool):
    """The rows to page: the kept table (``year`` may be a bound parameter) or the ranking
    worked out on the fly."""
    if stored:
        table = CandidateRank.__table__
        return table, (table.c.year == year,)
    return ranks(year).subquery(), ()


def counts(year: int) -> tuple[int, int]:
    """(bodies ranked, bodies left out) for the plan of ``year``, worked out on the fly
    (a kept year's are read by :func:`prepare`)."""
    source = ranks(year).subquery()
    return tuple(db.session.execute(
        select(func.count().filter(source.c.excluded == 0),
               func.count().filter(source.c.excluded == 1)).select_from(source)).one())


def _ordered(source, where, *, left_out: bool, offset, limit, label: bool = False):
    columns = (source.c.subject_id, source.c.plan_no)
    if label:
        columns += (literal(int(left_out)).label("left_out"),)
    return (select(*columns).where(*where, source.c.excluded == (1 if left_out else 0))
            .order_by(source.c.doubled.desc(), source.c.sources.desc(),
                      source.c.latest.desc(), source.c.subject_id)
            .offset(offset).limit(limit))


def page(year: int, *, stored: bool, left_out: bool, offset: int,
         limit: int | None) -> list[tuple[int, int | None]]:
    """(subject id, plan item number) of the ranked bodies — or of those left out — from
    ``offset``, at most ``limit``, best first: score, sources, latest finding, id."""
    source, where = _source(year, stored)
    return [tuple(row) for row in db.session.execute(_ordered(
        source, where, left_out=left_out, offset=offset, limit=limit))]


def _both(source, where, offset, limit):
    return union_all(
        select(_ordered(source, where, left_out=False, offset=offset, limit=limit,
                        label=True).subquery()),
        select(_ordered(source, where, left_out=True, offset=0, limit=limit,
                        label=True).subquery()))


@cache
def _kept_pages_statement(limited: bool):
    """:func:`pages` of a kept year, built once (parameters ``year``, ``offset`` and, if
    ``limited``, ``limit``)."""
    source, where = _source(bindparam("year"), True)
    return _both(source, where, bindparam("offset"),
                 bindparam("limit") if limited else None)


def pages(year: int, *, stored: bool, offset: int, limit: int | None
          ) -> tuple[set[int], dict[int, int | None]]:
    """The bodies of one page of the ranking — ``limit`` ranked from ``offset`` — and the
    first ``limit`` left out (subject id → plan item number), in one statement; in no
    particular order (:func:`.findings.rank` orders a page by the same formula)."""
    if stored:
        rows = db.session.execute(_kept_pages_statement(limit is not None),
                                  {"year": year, "offset": offset, "limit": limit})
    else:
        source, where = _source(year, False)
        rows = db.session.execute(_both(source, where, offset, limit))
    ranked, left = set(), {}
    for subject_id, plan_no, left_out in rows:
        if left_out:
            left[subject_id] = plan_no
        else:
            ranked.add(subject_id)
    return ranked, left


# ------------------------------------------------------------ kept up to date


def _subjects_changed(session) -> set[int]:
    """R1.3, R2.2: the bodies whose place in the ranking — score, sources, latest finding,
    liquidation, item number in a plan — the pending flush may move."""
    ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, (Finding, PlanItem)):
            ids.add(obj.subject_id if obj.subject_id is not None else obj.subject.id)
    for obj in session.deleted:
        if isinstance(obj, (Finding, PlanItem)):
            ids.add(obj.subject_id)
        elif isinstance(obj, ControlSubject):
            ids.add(obj.id)
    for obj in session.dirty:
        watched = _WATCHED.get(type(obj))
        if watched is None:
            continue
        state = inspect(obj)
        moved = False
        for name in watched:
            history = state.attrs[name].history
            if history.has_changes():
                moved = True
                for value in (*history.deleted, *history.added):
                    if isinstance(value, ControlSubject):
                        ids.add(value.id)
                    elif isinstance(value, int) and name == "subject_id":
                        ids.add(value)
        if moved:
            ids.add(obj.id if isinstance(obj, ControlSubject) else obj.subject_id)
    ids.discard(None)
    return ids


def _after_flush(session, flush_context) -> None:
    ids = _subjects_changed(session)
    if ids:
        session.info.setdefault(_CHANGED, set()).update(ids)


def _after_flush_postexec(session, flush_context) -> None:
    ids = session.info.pop(_CHANGED, None)
    if not ids:
        return
    refresh(session.connection(), sorted(ids))


def refresh(connection, subject_ids) -> None:
    """R1.3, R2.2: rank ``subject_ids`` again in every kept year, in the transaction of
    ``connection``, after the audit chain's lock (see the module)."""
    audit.lock_chain(connection)
    years = connection.execute(select(CandidateRankYear.year)).scalars().all()
    for year in years:
        _rank_again(connection, year, subject_ids)


_installed = False


def install() -> None:
    """R1.3, R2.2: keep the ranking up to date on every flush of every session (once per
    process)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_flush_postexec", _after_flush_postexec)
    _installed = True
