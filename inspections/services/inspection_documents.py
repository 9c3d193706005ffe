"""Issue the documents of an inspection in Kazakh and Russian (rendered before commit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ..calendar import WorkingCalendar
from ..clock import ALMATY
from ..documents import inspection_context as ctx
from ..extensions import db
from ..models import Requirement, User
from ..models.inspections import Inspection, InspectionInspector, InspectionRequirement
from ..models.results import ResultsAct, Violation
from . import documents

#: Documents that list the results act's violations with their requirements.
WITH_VIOLATIONS = frozenset({"results_act", "followup_proposal"})


def _missing(model, ids) -> set:
    """The ids among ``ids`` whose row the session does not hold loaded."""
    mapper = sa_inspect(model)
    columns = set(mapper.column_attrs.keys())
    out = set()
    for i in ids:
        obj = db.session.identity_map.get(mapper.identity_key_from_primary_key([i]))
        if obj is None or sa_inspect(obj).expired_attributes & columns:
            out.add(i)
    return out


def _preload(model, ids, *options) -> list:
    """Read in one statement the rows of ``model`` among ``ids`` the session does not hold
    yet (none when it holds them all): a many-to-one then comes from the session instead of
    one query each.  Keep the list returned while the document is built (the session holds
    its objects weakly)."""
    missing = _missing(model, {i for i in ids if i is not None})
    if not missing:
        return []
    return list(db.session.execute(
        select(model).where(model.id.in_(missing)).options(*options)).scalars())


def preload_cited_requirements(inspection) -> list:
    """The requirements of the subject matter and those the act's violations cite, in one
    statement at most (issue 13), none when the session holds them all.  Keep the list
    returned while the documents are built."""
    ids = {r.requirement_id for r in inspection.requirements}
    act = inspection.results_act
    if act is not None:
        ids |= {v.requirement_id for v in act.violations}
    return _preload(Requirement, ids)


#: What the results act prints of an inspection (R11.1, R10.2): its relationships.
_RESULTS_ACT_PARTS = frozenset({"control_subject", "subdivision", "subject_object",
                                "extensions", "inspectors", "specialists", "requirements",
                                "evidence", "results_act"})


def _results_act_options() -> tuple:
    """One statement for the inspection, its subject, subdivision, object, act and
    extensions (many-to-ones and two short lists joined), then one per list: inspectors with
    their users, specialists, the subject matter with its requirements, the evidence, the
    violations with their requirements — the same statements for any number of rows."""
    return (
        joinedload(Inspection.control_subject), joinedload(Inspection.subdivision),
        joinedload(Inspection.subject_object), joinedload(Inspection.extensions),
        # the users' roles are not printed: not read with them
        selectinload(Inspection.inspectors).joinedload(InspectionInspector.user)
        .lazyload(User.role_rows),
        selectinload(Inspection.specialists),
        selectinload(Inspection.requirements).joinedload(InspectionRequirement.requirement),
        selectinload(Inspection.evidence),
        joinedload(Inspection.results_act).selectinload(ResultsAct.violations)
        .joinedload(Violation.requirement),
    )


def load_parts(inspection, code: str) -> list:
    """Load what document ``code`` prints of ``inspection`` before it is built, a fixed
    number of statements whatever the number of violations, inspectors or evidence (issue
    13; the results act: R11.1, R10.2): for an inspection loaded with none of its parts,
    six statements for the results act; none when the session holds them all (the second
    and third copies).  Keep the list returned while the document is built."""
    kept: list = []
    if code == "results_act":
        state = sa_inspect(inspection)
        act = None if "results_act" in state.unloaded else inspection.results_act
        if state.unloaded & _RESULTS_ACT_PARTS or (
                act is not None and "violations" in sa_inspect(act).unloaded):
            db.session.execute(select(Inspection).where(Inspection.id == inspection.id)
                               .options(*_results_act_options())).unique().all()
        # a guard: no statement when the session holds the inspectors' users, as it does
        # after the query above
        kept += _preload(User, [row.user_id for row in inspection.inspectors],
                         lazyload(User.role_rows))
    if code in WITH_VIOLATIONS:
        kept += preload_cited_requirements(inspection)
    return kept


BUILDERS = {
    "appointment_act": lambda i, lang, common, cal: ctx.appointment_act(
        i, lang, cal=cal, plan_reference=_plan_reference(i, lang), **common),
    "start_notice": lambda i, lang, common, cal: ctx.start_notice(i, lang, **common),
    "extension_act": lambda i, lang, common, cal: ctx.extension_act(i, lang, cal=cal, **common),
    "extension_notice": lambda i, lang, common, cal: ctx.extension_notice(i, lang, cal=cal,
                                                                          **common),
    # part 2 (R10.2, R11.1, R12.2, R12.3, R16.2): ``extra`` carries the copy, the objection
    # or the overdue violations
    "results_act": lambda i, lang, common, cal, copy_no=0: ctx.results_act(
        i, lang, copy_number=copy_no, attachments=_attachments(i, copy_no), **common),
    "refusal_act": lambda i, lang, common, cal, **_: ctx.refusal_act(i, lang, **common),
    "objection_reply": lambda i, lang, common, cal, objection, **_: ctx.objection_reply(
        i, lang, objection=objection, **common),
    "followup_proposal": lambda i, lang, common, cal, violations, as_of, **_:
        ctx.followup_proposal(i, lang, violations=violations, as_of=as_of,
                              number=f"{i.number}-П{violations[0].followup_inspection_id}",
                              **common),
}


def _attachments(inspection, copy_no: int):
    from .results import attachments

    return attachments(inspection, copy_no)


def _plan_reference(inspection, lang: str) -> str:
    item = inspection.plan_item
    if item is None:
        return ""
    plan = item.plan
    on = ctx.doc_date(plan.approved_on, lang)
    if lang == "kk":
        return f"({plan.year} жыл, {on} № {plan.number}, {item.no}-тармақ)"
    return f"(на {plan.year} год, № {plan.number} от {on}, пункт {item.no})"


def issue(actor, code: str, inspection, *, cal: WorkingCalendar, now: datetime,
          copy_no: int = 0, **extra) -> list:
    """Render ``code`` for ``inspection`` in kk and ru and keep both as issued (``copy_no``
    1–3 for the copies of the results act, R10.2)."""
    on = extra.pop("doc_date", None)
    kept = load_parts(inspection, code)
    issued = []
    for lang in ("kk", "ru"):
        common = {"authority": documents.authority_name(lang),
                  "place": documents.place(lang)}
        if copy_no or extra:
            context = BUILDERS[code](inspection, lang, common, cal,
                                     **({"copy_no": copy_no} if copy_no else {}), **extra)
        else:
            context = BUILDERS[code](inspection, lang, common, cal)
        issued.append(documents.issue_document(
            actor, code=code, lang=lang, context=context, object_type="inspections",
            object_id=inspection.id, control_subject_id=inspection.control_subject_id,
            number=context["doc_number"] or "",
            doc_date=on or (DATES[code](inspection) if code in DATES else None), now=now,
            copy_no=copy_no))
    del kept  # held until every language is rendered
    return issued


DATES = {
    "appointment_act": lambda i: i.act_date,
    "start_notice": lambda i: i.notice.notified_at.astimezone(ALMATY).date(),
    "extension_act": lambda i: i.extension.act_date,
    "extension_notice": lambda i: i.extension.act_date,
    "results_act": lambda i: i.results_act.drawn_at.astimezone(ALMATY).date(),
    "refusal_act": lambda i: i.results_act.delivered_at.astimezone(ALMATY).date(),
}
