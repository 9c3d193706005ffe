"""Findings from the four information sources (R1.3) and the ranking of candidates for the
plan of a year.

The score of a control subject for plan year Y (shown on the candidates page)::

    score = Σ weight × age factor over the body's findings
    age factor = 1 for findings dated in Y-1 or later,
                 ½ for findings dated in Y-3 or Y-2,
                 0 for older findings (listed, not counted)

Ties are broken by the number of different sources, then by the latest finding.  Bodies
that are liquidated, or already have a periodic inspection in Y (R2.2: for now, an item in
the plan of Y, draft or approved), are left out with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from .. import permissions, uploads
from ..clock import ALMATY
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import ControlSubject, Finding, Plan, PlanItem
from ..models.findings import MAX_WEIGHT, MIN_WEIGHT, SOURCES
from ..models.plans import ITEM_ACTIVE
from ..models.registry import STATUS_LIQUIDATED
from . import audit, kept

FULL, HALF, NONE = 1.0, 0.5, 0.0


def _require_record(actor):
    if not permissions.can_record_findings(actor):
        raise PermissionDenied(_l("You may not record findings."))


def _store_files(actor, files, now: datetime) -> list:
    """Check every file first (nothing is written while one is refused), then store."""
    files = [(name, data) for name, data in (files or ()) if data or name]
    for name, data in files:
        uploads.check(data, name)
    return [uploads.store(actor, data, name, now=now) for name, data in files]


def record_finding(actor, subject: ControlSubject, *, source: str, found_on: date | None,
                   summary: str, weight: int | None, files=(), now: datetime) -> Finding:
    """R1.3: record a finding about ``subject`` from one of the four sources, with its date,
    summary, weight 1–5 and files (``files``: (filename, bytes) pairs)."""
    _require_record(actor)
    if subject is None:
        raise ValidationFailed(_l("Choose the control subject."), field="subject_id")
    if source not in SOURCES:
        raise ValidationFailed(_l("Choose one of the four information sources (R1.3)."),
                               field="source", rule="R1.3")
    if found_on is None:
        raise ValidationFailed(_l("Enter the date."), field="found_on")
    if found_on > now.astimezone(ALMATY).date():
        raise ValidationFailed(_l("The date of a finding cannot be in the future."),
                               field="found_on")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed(_l("This field is required."), field="summary")
    if weight is None or not MIN_WEIGHT <= int(weight) <= MAX_WEIGHT:
        raise ValidationFailed(_l("The weight is a whole number from 1 to 5."), field="weight")
    stored = _store_files(actor, files, now)
    finding = Finding(subject=subject, source=source, found_on=found_on, summary=summary,
                      weight=int(weight), created_by_id=getattr(actor, "id", None),
                      created_at=now)
    finding.files.extend(stored)
    db.session.add(finding)
    audit.record(actor, "finding.recorded", finding,
                 data={"subject_id": subject.id, "source": source, "found_on": found_on,
                       "weight": int(weight), "summary": summary,
                       "files": [_file_data(u) for u in stored]}, now=now)
    return finding


def _file_data(upload) -> dict:
    return {"id": upload.id, "name": upload.original_name, "kind": upload.kind,
            "size": upload.size, "sha256": upload.sha256}


def attach_files(actor, finding: Finding, files, *, now: datetime) -> list:
    """Add files to a finding (checked by content, see :mod:`inspections.uploads`)."""
    _require_record(actor)
    stored = _store_files(actor, files, now)
    if not stored:
        raise ValidationFailed(_l("Choose a file."), field="files")
    finding.files.extend(stored)
    audit.record(actor, "finding.files_added", finding,
                 data={"files": [_file_data(u) for u in stored]}, now=now)
    return stored


# ------------------------------------------------------------------- ranking (pure)


def age_factor(found_on: date, year: int) -> float:
    """Weight multiplier of a finding dated ``found_on`` for the plan of ``year``."""
    if found_on.year >= year - 1:
        return FULL
    if found_on.year >= year - 3:
        return HALF
    return NONE


@dataclass
class Reason:
    """One finding's contribution to a candidate's score."""

    finding: object
    factor: float

    @property
    def points(self) -> float:
        return self.finding.weight * self.factor


@dataclass
class Candidate:
    subject: object
    reasons: list[Reason] = field(default_factory=list)
    excluded: str | None = None  # None, "liquidated" or "in_plan" (R2.2)
    plan_item_no: int | None = None

    @property
    def score(self) -> float:
        return sum(r.points for r in self.reasons)

    @property
    def sources(self) -> list[str]:
        present = {r.finding.source for r in self.reasons}
        return [s for s in SOURCES if s in present]

    @property
    def latest(self) -> date | None:
        return max((r.finding.found_on for r in self.reasons), default=None)

    def count(self, source: str) -> int:
        return sum(1 for r in self.reasons if r.finding.source == source)

    @property
    def sort_key(self):
        return (-self.score, -len(self.sources), -(self.latest or date.min).toordinal(),
                self.subject.id)


def rank(findings_by_subject: dict, year: int, *, liquidated: set[int],
         in_plan: dict[int, int]) -> tuple[list[Candidate], list[Candidate]]:
    """(candidates ranked best first, left out with their reason).

    ``findings_by_subject``: subject → its findings; ``liquidated``: ids of liquidated
    bodies; ``in_plan``: subject id → item number in the plan of ``year`` (R2.2)."""
    ranked, left_out = [], []
    for subject, found in findings_by_subject.items():
        reasons = sorted((Reason(f, age_factor(f.found_on, year)) for f in found),
                         key=lambda r: (-r.points, -r.finding.found_on.toordinal()))
        candidate = Candidate(subject, reasons)
        if subject.id in liquidated:
            candidate.excluded = "liquidated"
        elif subject.id in in_plan:
            candidate.excluded = "in_plan"
            candidate.plan_item_no = in_plan[subject.id]
        (left_out if candidate.excluded else ranked).append(candidate)
    ranked.sort(key=lambda c: c.sort_key)
    left_out.sort(key=lambda c: c.sort_key)
    return ranked, left_out


@dataclass
class CandidatePage:
    """One page of the R1.3 ranking: ``ranked[i]`` is number ``offset + i + 1``; ``total``
    candidates in all; the first ``left_out`` of ``left_out_total`` bodies left out."""

    ranked: list[Candidate]
    left_out: list[Candidate]
    total: int
    left_out_total: int
    offset: int = 0


@cache
def newest_finding():
    """The newest finding's id as a scalar subquery, read with the version of the data
    (:mod:`.kept`): a finding inserted without its audit row still changes the ranking."""
    from sqlalchemy import func

    return select(func.max(Finding.id)).scalar_subquery()


def _ranking(year: int) -> list[tuple[int, bool, int | None]]:
    """Every body with findings as (subject id, left out, plan item number), in the order
    of :func:`rank`: the candidates first, then the bodies left out (R2.2, liquidated).

    The database aggregates the score, the number of sources and the latest finding of every
    body with the formula of :func:`age_factor`, then sorts by score, sources, latest, id.
    The result is kept per process for the plan year until the data changes
    (:mod:`.kept`: every change of a finding, a body's liquidation or a plan item writes an
    audit row), so that a page of candidates does not recompute the ranking of every body
    of the country on every request."""
    return kept.kept("candidate ranking", (year,), lambda: _rank_in_database(year),
                     also=(newest_finding(),), size=8)


def _rank_in_database(year: int) -> list[tuple[int, bool, int | None]]:
    """:func:`_ranking`, computed by the database (one statement)."""
    from sqlalchemy import case, func, literal

    full = date(year - 1, 1, 1)
    half = date(year - 3, 1, 1)
    # twice the score, in integers: weight × 2 (factor 1), × 1 (factor ½), × 0
    doubled = func.sum(Finding.weight * case((Finding.found_on >= full, 2),
                                             (Finding.found_on >= half, 1), else_=0))
    planned = (select(PlanItem.subject_id.label("subject_id"),
                      func.min(PlanItem.no).label("no"))
               .join(Plan).where(Plan.year == year, PlanItem.status == ITEM_ACTIVE)
               .group_by(PlanItem.subject_id).subquery())
    agg = (select(Finding.subject_id.label("subject_id"), doubled.label("doubled"),
                  func.count(Finding.source.distinct()).label("sources"),
                  func.max(Finding.found_on).label("latest"))
           .group_by(Finding.subject_id).subquery())
    excluded = case((ControlSubject.status == STATUS_LIQUIDATED, literal(1)),
                    (planned.c.no.is_not(None), literal(1)), else_=literal(0))
    rows = db.session.execute(
        select(agg.c.subject_id, excluded.label("excluded"), planned.c.no)
        .join(ControlSubject, ControlSubject.id == agg.c.subject_id)
        .outerjoin(planned, planned.c.subject_id == agg.c.subject_id)
        .order_by(excluded, agg.c.doubled.desc(), agg.c.sources.desc(), agg.c.latest.desc(),
                  agg.c.subject_id)).all()
    return [(r[0], bool(r[1]), r[2]) for r in rows]


def candidate_page(year: int, *, page: int = 1, per_page: int | None = 50) -> CandidatePage:
    """R1.3 ranking for the plan of ``year``, one page of it (``per_page=None``: all), with
    the first ``per_page`` bodies left out (R2.2, liquidated).

    Issue 13: the order comes from :func:`_ranking` (computed by the database, kept until
    the data changes); only the findings of the bodies on the page are loaded, and their
    reasons are built by :func:`rank`, which stays the specification (a test checks that
    both orders agree)."""
    ranking = _ranking(year)
    ranked_ids = [r for r in ranking if not r[1]]
    left_ids = [r for r in ranking if r[1]]
    page = max(1, page)
    offset = (page - 1) * per_page if per_page else 0
    shown = ranked_ids[offset:offset + per_page] if per_page else ranked_ids
    shown_left = left_ids[:per_page] if per_page else left_ids
    ids = [r[0] for r in shown + shown_left]
    by_subject: dict = {}
    if ids:
        found = db.session.execute(
            select(Finding).join(Finding.subject).options(contains_eager(Finding.subject))
            .where(Finding.subject_id.in_(ids))
            .order_by(Finding.found_on.desc(), Finding.id)).scalars()
        for f in found:
            by_subject.setdefault(f.subject_id, (f.subject, []))[1].append(f)
    left = {r[0] for r in shown_left}
    ranked, left_out = rank(
        {by_subject[i][0]: by_subject[i][1] for i in ids if i in by_subject}, year,
        liquidated={i for i in left if by_subject[i][0].status == STATUS_LIQUIDATED},
        in_plan={r[0]: r[2] for r in shown_left if r[2] is not None})
    return CandidatePage(ranked, left_out, total=len(ranked_ids),
                         left_out_total=len(left_ids), offset=offset)


def candidates(year: int) -> tuple[list[Candidate], list[Candidate]]:
    """Control subjects with findings, ranked for the plan of ``year`` (R1.3), and those
    left out: liquidated, or already in the plan of ``year`` (R2.2) — all of them."""
    result = candidate_page(year, per_page=None)
    return result.ranked, result.left_out


def planned_subjects(year: int) -> dict[int, int]:
    """R2.2: subject id → item number of its periodic inspection in ``year`` (for now: an
    active item of the plan of ``year``, draft or approved)."""
    rows = db.session.execute(
        select(PlanItem.subject_id, PlanItem.no).join(Plan)
        .where(Plan.year == year, PlanItem.status == ITEM_ACTIVE)
    ).all()
    return {subject_id: no for subject_id, no in rows}


def findings_of(subject_id: int) -> list[Finding]:
    return list(db.session.execute(
        select(Finding).where(Finding.subject_id == subject_id)
        .order_by(Finding.found_on.desc(), Finding.id.desc())).scalars())
