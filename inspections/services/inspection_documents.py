"""Issue the documents of an inspection in Kazakh and Russian (rendered before commit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..calendar import WorkingCalendar
from ..clock import ALMATY
from ..documents import inspection_context as ctx
from ..extensions import db
from ..models import Requirement
from . import documents

#: Documents that list the results act's violations with their requirements.
WITH_VIOLATIONS = frozenset({"results_act", "followup_proposal"})


def preload_cited_requirements(inspection) -> list:
    """The requirements of the subject matter and those the act's violations cite, in one
    statement (issue 13): each then comes from the session instead of its own query.  Keep
    the list returned while the documents are built (the session holds its objects weakly)."""
    ids = {r.requirement_id for r in inspection.requirements}
    act = inspection.results_act
    if act is not None:
        ids |= {v.requirement_id for v in act.violations}
    if not ids:
        return []
    return list(db.session.execute(select(Requirement).where(Requirement.id.in_(ids))).scalars())

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
    kept = preload_cited_requirements(inspection) if code in WITH_VIOLATIONS else []
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
