"""Portal statements of the control subject rendered to stored, immutable documents, which
its head or representative then signs (issue 16; notes: "Portal statements … are rendered to
stored, immutable documents (DOCX, kk/ru per the user's language) and those are what is
signed"): receipts acknowledged or refused (R6.1, R12.4), remarks and/or objections
(R12.1), information on the elimination of a violation (R16.1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..clock import ALMATY
from ..documents import inspection_context as ictx
from ..documents.formatting import doc_date
from ..extensions import db
from ..models import GeneratedDocument
from . import documents

CODE = "portal_statement"
OBJECT_TYPES = ("acknowledgements", "objections", "remediation_reports")


def _lang(actor) -> str:
    return "ru" if getattr(actor, "locale", None) == "ru" else "kk"


def _act_ref(inspection, act_kind: str, lang: str) -> dict:
    if act_kind == "appointment_act":
        return {"number": inspection.number or "", "date": doc_date(inspection.act_date, lang)}
    act = inspection.results_act
    return {"number": act.number,
            "date": doc_date(act.drawn_at.astimezone(ALMATY).date(), lang)}


def _issue(actor, inspection, *, kind: str, act_kind: str, object_type: str, object_id: int,
           number: str, sender: dict, text: str, now: datetime, points=(), violation=None):
    lang = _lang(actor)
    local = now.astimezone(ALMATY)
    context = {
        # place: where the statement is made — the control subject's location
        "authority_name": documents.authority_name(lang),
        "place": inspection.control_subject.location,
        "doc_number": number, "doc_date": doc_date(local.date(), lang),
        "statement_kind": kind, "subject": ictx.subject(inspection, lang),
        "subject_bin": inspection.control_subject.bin, "act_kind": act_kind,
        "act": _act_ref(inspection, act_kind, lang), "sender": sender,
        "submitted_at": f"{doc_date(local.date(), lang)} {local:%H:%M}", "text": text or "",
        "statement_points": list(points), "violation": violation,
    }
    return documents.issue_document(
        actor, code=CODE, lang=lang, context=context, object_type=object_type,
        object_id=object_id, now=now, control_subject_id=inspection.control_subject_id,
        number=number, doc_date=local.date())


def for_acknowledgement(actor, ack, *, now: datetime) -> GeneratedDocument:
    """R6.1, R12.4: the receipt (or the refusal with its explanation) as a document."""
    db.session.flush()
    return _issue(actor, ack.inspection, kind="receipt" if ack.outcome == "acknowledged"
                  else "receipt_refused", act_kind=ack.document,
                  object_type="acknowledgements", object_id=ack.id,
                  number=f"{ack.inspection.number or ack.inspection.id}-Р{ack.id}",
                  sender={"full_name": ack.full_name, "position": ack.position},
                  text=ack.explanation, now=now)


def for_objection(actor, objection, *, now: datetime) -> GeneratedDocument:
    """R12.1: the remarks and/or objections, point by point."""
    db.session.flush()
    lang = _lang(actor)
    points = [{"no": p.no, "violation": f"№ {p.violation.no}" if p.violation else "",
               "text": p.text} for p in objection.points]
    return _issue(actor, objection.act.inspection, kind="objection", act_kind="results_act",
                  object_type="objections", object_id=objection.id,
                  number=objection.incoming_number,
                  sender=ictx.person(actor, lang), text=objection.note, now=now, points=points)


def for_report(actor, report, *, now: datetime) -> GeneratedDocument:
    """R16.1: information on the elimination of one violation."""
    db.session.flush()
    lang = _lang(actor)
    violation = report.violation
    inspection = violation.act.inspection
    return _issue(actor, inspection, kind="remediation_report", act_kind="results_act",
                  object_type="remediation_reports", object_id=report.id,
                  number=f"{inspection.number or inspection.id}-И{report.id}",
                  sender=ictx.person(actor, lang), text=report.description, now=now,
                  violation=ictx.violation(violation, lang, with_text=False))


def of_inspection(inspection) -> list[GeneratedDocument]:
    """The statements submitted on the portal about ``inspection`` (newest versions)."""
    ids = {"acknowledgements": [a.id for a in inspection.acknowledgements]}
    act = getattr(inspection, "results_act", None)
    ids["objections"] = [o.id for o in act.objections] if act else []
    # walks the violations and reports the page has loaded already (no statement per page)
    ids["remediation_reports"] = [r.id for v in act.violations for r in v.reports] if act else []
    clauses = [(GeneratedDocument.object_type == kind) & GeneratedDocument.object_id.in_(values)
               for kind, values in ids.items() if values]
    if not clauses:
        return []
    return list(db.session.execute(
        select(GeneratedDocument).where(GeneratedDocument.code == CODE, or_(*clauses))
        .options(selectinload(GeneratedDocument.signatures),
                 selectinload(GeneratedDocument.created_by))
        .order_by(GeneratedDocument.id)).scalars())
