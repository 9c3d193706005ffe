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

from sqlalchemy import bindparam, select

from .. import permissions, uploads
from ..clock import ALMATY
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import ControlSubject, Finding, Plan, PlanItem
from ..models.findings import MAX_WEIGHT, MIN_WEIGHT, SOURCES
from ..models.plans import ITEM_ACTIVE
from ..models.registry import STATUS_LIQUIDATED, SubjectRow
from . import audit, ranking

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

    @property
    def counts(self) -> dict[str, int]:
        """The number of findings from each of the four sources (R1.3), in one pass."""
        counts = dict.fromkeys(SOURCES, 0)
        for r in self.reasons:
            counts[r.finding.source] += 1
        return counts

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
    made: bool = False  # the year's kept ranking was made for this page: commit


@cache
def newest_finding():
    """The newest finding's id as a scalar subquery, read with the version of the data
    (:mod:`.kept`): a finding inserted without its audit row still changes the ranking."""
    from sqlalchemy import func

    return select(func.max(Finding.id)).scalar_subquery()


def candidate_page(year: int, *, page: int = 1, per_page: int | None = 50,
                   today: date | None = None) -> CandidatePage:
    """R1.3 ranking for the plan of ``year``, one page of it (``per_page=None``: all), with
    the first ``per_page`` bodies left out (R2.2, liquidated).

    Issue 13: given ``today``, the order is read from the ranking kept in the database
    (:func:`.ranking.prepare`, which makes it for a year around today the first time: the
    caller commits when the page says ``made``); else it is worked out by the same
    statement.  Only the findings of the bodies on the page are loaded, and their reasons
    are built by :func:`rank`, which stays the specification (tests check that the orders
    agree)."""
    page = max(1, page)
    offset = (page - 1) * per_page if per_page else 0
    prepared = (ranking.prepare(year, today=today) if today is not None
                else ranking.Prepared(stored=False, made=False))
    stored = prepared.stored
    total, left_out_total = prepared.counts if stored else ranking.counts(year)
    shown, shown_left = ranking.pages(year, stored=stored, offset=offset, limit=per_page)
    ids = [*shown, *shown_left]
    by_subject: dict = {}
    if ids:
        for row in db.session.execute(_page_findings(), {"ids": ids}):
            subject = SubjectRow(*row[6:])
            found = PageFinding(*row[:6], subject=subject)
            by_subject.setdefault(found.subject_id, (subject, []))[1].append(found)
    ranked, left_out = rank(
        {by_subject[i][0]: by_subject[i][1] for i in ids if i in by_subject}, year,
        liquidated={i for i in shown_left
                    if i in by_subject and by_subject[i][0].status == STATUS_LIQUIDATED},
        in_plan={i: no for i, no in shown_left.items() if no is not None})
    return CandidatePage(ranked, left_out, total=total, left_out_total=left_out_total,
                         offset=offset, made=prepared.made)


@dataclass(frozen=True)
class PageFinding:
    """A finding on a page of candidates: the columns its reasons show (issue 13)."""

    id: int
    subject_id: int
    source: str
    found_on: date
    weight: int
    summary: str
    subject: SubjectRow


@cache
def _page_findings():
    """The findings of the bodies on a page with the columns of their bodies, newest first
    (built once; the ids are an expanding parameter)."""
    return (select(Finding.id, Finding.subject_id, Finding.source, Finding.found_on,
                   Finding.weight, Finding.summary, ControlSubject.id, ControlSubject.name_kk,
                   ControlSubject.name_ru, ControlSubject.location_kk,
                   ControlSubject.location_ru, ControlSubject.status)
            .join(ControlSubject, ControlSubject.id == Finding.subject_id)
            .where(Finding.subject_id.in_(bindparam("ids", expanding=True)))
            .order_by(Finding.found_on.desc(), Finding.id))


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
