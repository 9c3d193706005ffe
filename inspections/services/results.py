"""Inspections, part 2: the results act and everything after it (R10.1–R17.1).

Status changes go through ``services.transitions.move`` (the transition table); activities
that do not change the status (copy 1 sent, objections, remediation reports, follow-up,
appeals) check their predicate and the state here.  Every use case writes an audit row in
the same transaction and flushes; nothing commits here.  No clock is read: callers pass
``now`` and ``today``.

A closed inspection is read-only except for appeals (R17.1): :func:`_writable` refuses.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import func, select

from .. import deadlines, lifecycle, permissions
from ..calendar import WorkingCalendar
from ..clock import ALMATY, as_moment
from ..documents import soffice_available
from ..errors import PermissionDenied, RuleViolation, ValidationFailed
from ..extensions import db
from ..i18n import format_date
from ..i18n import lazy_gettext as _l
from ..models import GeneratedDocument, Requirement, Upload
from ..models.inspections import Evidence, Inspection, InspectionRequirement
from ..models.registry import SubjectRow
from ..models.results import (
    APPEAL_LEVELS,
    APPEAL_OUTCOMES,
    DECISIONS,
    DELIVERY_CHANNELS,
    PRESENT_OUTCOMES,
    REPORT_DECISIONS,
    SOURCES,
    VIOLATION_ELIMINATED,
    VIOLATION_NOT_ELIMINATED,
    VIOLATION_OPEN,
    VIOLATION_REPORTED,
    Appeal,
    Objection,
    ObjectionPoint,
    RemediationReport,
    ResultsAct,
    Violation,
)
from . import audit, inspection_documents, notifications, signatures, transitions
from .documents import archive_copy, authority_name, intact_content

# ---------------------------------------------------------------- helpers


def _require(predicate, actor, obj) -> None:
    if not predicate(actor, obj):
        raise PermissionDenied(_l("Your role may not take this step."))


def _writable(inspection: Inspection) -> None:
    """R17.1: a closed inspection is read-only; only appeals are still recorded."""
    if inspection.status == lifecycle.CLOSED:
        raise RuleViolation(_l("The inspection is closed: its record is read-only; only "
                               "appeals may still be recorded."), rule="R17.1")


def _after_delivery(inspection: Inspection, rule: str) -> ResultsAct:
    _writable(inspection)
    act = inspection.results_act
    if inspection.status != lifecycle.DELIVERED or act is None:
        raise RuleViolation(_l("This is recorded after the results act is delivered."),
                            rule=rule)
    return act


def _files(upload_ids) -> list[Upload]:
    ids = [i for i in (upload_ids or ()) if i]
    if not ids:
        return []
    return list(db.session.execute(select(Upload).where(Upload.id.in_(ids))).scalars())


def _day(moment: datetime) -> date:
    return as_moment(moment).astimezone(ALMATY).date()


def _present(persons) -> list[dict]:
    rows = []
    for p in persons or ():
        name = (p.get("full_name") or "").strip()
        position = (p.get("position") or "").strip()
        if not name and not position:
            continue
        if not name:
            raise ValidationFailed(_l("Each person present needs a name."),
                                   field="persons_present")
        rows.append({"full_name": name, "position": position})
    return rows


# ---------------------------------------------------------------- the results act (R10.1, R11.1)


#: R16.1: the default period for reporting the elimination — working days after the
#: elimination deadline (the inspector may set another date, later than the deadline).
REPORT_WORKING_DAYS = 10

#: Art. 19 (2) (1): Art. 19 (1) does not apply where state bodies perform their functions
#: under the law — cited against a state body only for processing outside its functions.
OUTSIDE_FUNCTIONS_CODES = frozenset({"art19_1"})


def default_report_due(deadline: date, cal: WorkingCalendar) -> date:
    """R16.1: the default reporting date — the tenth working day after the elimination
    deadline (the inspector may change it; it stays later than the deadline)."""
    return cal.nth_working_day(deadline, REPORT_WORKING_DAYS, count_start=False).day


def _check_committed(n: int, req, inspection: Inspection, start: date | None,
                     end: date | None) -> tuple[date, date]:
    """Catalogue section of RULES.md: each violation records when it was committed — a day or
    a period within the inspected period — and its requirement must have been in force on
    every day of it (the wording then in force).  Blocks, naming the requirement and its
    effective date."""
    if start is None:
        raise RuleViolation(_l("Violation %(n)d: record when it was committed (a date or a "
                               "period within the inspected period).", n=n), rule="R11.1",
                            field="violations")
    end = end or start
    if end < start:
        raise ValidationFailed(_l("Violation %(n)d: the period of commission ends before it "
                                  "begins.", n=n), field="violations")
    if inspection.period_from and inspection.period_to and (
            start < inspection.period_from or end > inspection.period_to):
        raise RuleViolation(
            _l("Violation %(n)d: the date of commission lies outside the inspected period "
               "%(a)s – %(b)s.", n=n, a=inspection.period_from.isoformat(),
               b=inspection.period_to.isoformat()), rule="R11.1", field="violations")
    if start < req.effective_from or (req.effective_to is not None and end > req.effective_to):
        raise RuleViolation(
            _l("Violation %(n)d: %(ref)s was not in force when the violation was committed "
               "(%(a)s – %(b)s): it is in force from %(from)s%(to)s.", n=n, ref=req.code,
               a=start.isoformat(), b=end.isoformat(),
               **{"from": req.effective_from.isoformat(),
                  "to": (" – " + req.effective_to.isoformat()) if req.effective_to else ""}),
            rule="R11.1", field="violations")
    return start, end


def _set_violations(act: ResultsAct, inspection: Inspection, violations, *,
                    cal: WorkingCalendar) -> None:
    """R11.1 (10)–(11), R14.1, R15.1, R16.1: each violation cites a requirement of the act's
    subject matter (para 4 (1), R4.1; for a periodic inspection its plan item's, R2.7) that
    was in force when it was committed (catalogue section), says its nature and the evidence
    behind it, and sets TWO periods: the elimination deadline, no earlier than the act's date
    + 10 calendar days, with both parts of the justification recorded, and after it the date
    by which the elimination is reported (R16.1)."""
    earliest = deadlines.earliest_remedy_deadline(_day(act.drawn_at), cal).day
    evidence_ids = {e.id: e for e in inspection.evidence}
    subject_matter = {r.requirement_id for r in inspection.requirements}
    rows = []
    for n, v in enumerate(violations, start=1):
        req = db.session.get(Requirement, v.get("requirement_id") or 0)
        if req is None:
            raise ValidationFailed(_l("Violation %(n)d: choose the requirement violated.", n=n),
                                   field="violations")
        if req.id not in subject_matter:
            raise RuleViolation(_l("Violation %(n)d: %(ref)s is not in the subject matter of the "
                                   "appointment act; an inspection checks only its subject "
                                   "matter.", n=n, ref=req.code), rule="R4.1",
                                field="violations")
        if inspection.period_from and not req.in_force_during(inspection.period_from,
                                                              inspection.period_to):
            raise RuleViolation(_l("Violation %(n)d: the requirement %(ref)s was not in force "
                                   "during the inspected period.", n=n, ref=req.code),
                                rule="R11.1", field="violations")
        committed_from, committed_to = _check_committed(
            n, req, inspection, v.get("committed_from"), v.get("committed_to"))
        outside = bool(v.get("outside_functions"))
        if req.code in OUTSIDE_FUNCTIONS_CODES and not outside:
            raise RuleViolation(_l("Violation %(n)d: Art. 19 (1) does not apply where a state "
                                   "body performs its functions under the law (Art. 19 (2) "
                                   "(1)); confirm that the processing was outside the body's "
                                   "functions to cite it.", n=n), rule="R11.1",
                                field="violations")
        nature, remedy = (v.get("nature") or "").strip(), (v.get("remedy") or "").strip()
        if not nature or not remedy:
            raise RuleViolation(_l("Violation %(n)d: describe its nature and the requirement "
                                   "to eliminate it.", n=n), rule="R11.1", field="violations")
        deadline = v.get("deadline")
        if deadline is None:
            raise RuleViolation(_l("Violation %(n)d: set the deadline for eliminating it.", n=n),
                                rule="R11.1", field="violations")
        if deadline < earliest:
            raise RuleViolation(_l("Violation %(n)d: the deadline %(day)s is earlier than ten "
                                   "calendar days from the act (%(earliest)s at the earliest).",
                                   n=n, day=format_date(deadline, "long"),
                                   earliest=format_date(earliest, "long")),
                                rule="R14.1", field="violations")
        report_due = v.get("report_due") or default_report_due(deadline, cal)
        if report_due <= deadline:
            raise RuleViolation(_l("Violation %(n)d: the date for reporting the elimination "
                                   "(%(day)s) must be later than the elimination deadline "
                                   "(%(deadline)s).", n=n, day=report_due.isoformat(),
                                   deadline=deadline.isoformat()), rule="R16.1",
                                field="violations")
        ability, approvals = (v.get("ability") or "").strip(), (v.get("approvals") or "").strip()
        if not ability or not approvals:
            raise RuleViolation(_l("Violation %(n)d: record the justification of the deadline — "
                                   "the control subject's organisational and technical ability "
                                   "and the approvals required by law.", n=n), rule="R15.1",
                                field="violations")
        chosen = [evidence_ids[i] for i in (v.get("evidence_ids") or ()) if i in evidence_ids]
        if len(chosen) != len(set(v.get("evidence_ids") or ())):
            raise ValidationFailed(_l("Violation %(n)d: the evidence is chosen from this "
                                      "inspection's register.", n=n), field="violations")
        rows.append(Violation(no=n, requirement_id=req.id, nature=nature, remedy=remedy,
                              deadline=deadline, report_due=report_due,
                              committed_from=committed_from, committed_to=committed_to,
                              outside_functions=outside and req.code in OUTSIDE_FUNCTIONS_CODES,
                              ability=ability, approvals=approvals, evidence=chosen))
    act.violations = rows


def _fill_act(act, inspection, *, drawn_at, place, results_summary, representative_name,
              representative_position, persons_present, violations, cal) -> None:
    if not (place or "").strip():
        raise RuleViolation(_l("Record the place where the act is drawn up."), rule="R11.1",
                            field="place")
    if drawn_at is None:
        raise RuleViolation(_l("Record the date and time the act is drawn up."), rule="R11.1",
                            field="drawn_at")
    act.drawn_at = as_moment(drawn_at)
    act.place = place.strip()
    act.results_summary = (results_summary or "").strip()
    act.representative_name = (representative_name or "").strip()
    act.representative_position = (representative_position or "").strip()
    act.persons_present = _present(persons_present)
    _set_violations(act, inspection, violations, cal=cal)


def draw_results(actor, inspection: Inspection, *, drawn_at: datetime, place: str,
                 results_summary: str, representative_name: str = "",
                 representative_position: str = "", persons_present=(), violations=(),
                 cal: WorkingCalendar, now: datetime) -> ResultsAct:
    """R10.1: the inspectors draw up the results act; fieldwork ends.  An act with no
    violations is allowed (it says so)."""
    transitions.expect(actor, inspection, "draw_results")
    act = ResultsAct(inspection=inspection, created_by_id=getattr(actor, "id", None),
                     created_at=now, persons_present=[], present_outcomes=[])
    db.session.add(act)
    _fill_act(act, inspection, drawn_at=drawn_at, place=place, results_summary=results_summary,
              representative_name=representative_name,
              representative_position=representative_position, persons_present=persons_present,
              violations=violations, cal=cal)
    transitions.move(actor, inspection, "draw_results", now=now,
                     data={"violations": len(act.violations), "drawn_at": act.drawn_at.isoformat()})
    return act


def update_results(actor, inspection: Inspection, *, drawn_at: datetime, place: str,
                   results_summary: str, representative_name: str = "",
                   representative_position: str = "", persons_present=(), violations=(),
                   cal: WorkingCalendar, now: datetime) -> ResultsAct:
    """Edit the results act while it is a draft (R10.1, R11.1, R14.1, R15.1)."""
    _writable(inspection)
    act = inspection.results_act
    if inspection.status != lifecycle.RESULTS_DRAFTED or act is None:
        raise RuleViolation(_l("The results act is edited only while it is a draft."),
                            rule="R10.1")
    _require(permissions.can_edit_results, actor, inspection)
    _fill_act(act, inspection, drawn_at=drawn_at, place=place, results_summary=results_summary,
              representative_name=representative_name,
              representative_position=representative_position, persons_present=persons_present,
              violations=violations, cal=cal)
    audit.record(actor, "inspection.results_updated", inspection,
                 data={"violations": len(act.violations)}, now=now)
    return act


def missing_results_elements(inspection: Inspection) -> list[str]:
    """Codes of the R11.1 elements still missing before the act is issued."""
    act = inspection.results_act
    if act is None:
        return ["act"]
    missing = []
    if not act.results_summary:
        missing.append("results_summary")
    if not act.representative_name or not act.representative_position:
        missing.append("representative")
    return missing


def issue_results(actor, inspection: Inspection, *, cal: WorkingCalendar,
                  now: datetime) -> ResultsAct:
    """R11.1, R10.2: the act is issued in three copies — each copy's DOCX in Kazakh and
    Russian (copy 2 without the copies of documents the control subject holds in original);
    copy 3 goes to the archive at once."""
    transitions.expect(actor, inspection, "issue_results")
    missing = missing_results_elements(inspection)
    if missing:
        raise RuleViolation(_l("The results act cannot be issued while elements are missing: "
                               "%(items)s.", items=", ".join(str(RESULTS_ELEMENT_LABELS[m])
                                                           for m in missing)), rule="R11.1")
    act = inspection.results_act
    transitions.move(actor, inspection, "issue_results", now=now,
                     data={"violations": [v.no for v in act.violations]})
    act.number = f"{inspection.number}-Н"
    act.issued_at = act.archived_at = now
    db.session.flush()
    for copy_no in (1, 2, 3):
        inspection_documents.issue(actor, "results_act", inspection, cal=cal, now=now,
                                   copy_no=copy_no)
    return act


RESULTS_ELEMENT_LABELS = {
    "act": _l("the results act"),
    "results_summary": _l("the results of the inspection (item 10)"),
    "representative": _l("the control subject's head or representative (item 12)"),
}


def attachments(inspection: Inspection, copy_no: int) -> list[Evidence]:
    """R10.2: the attachments of a copy — the evidence register; copy 2 leaves out the
    copies of documents the control subject holds in original."""
    rows = list(inspection.evidence)
    if copy_no == 2:
        rows = [e for e in rows if not e.subject_holds_original]
    return rows


# ---------------------------------------------------------------- copy 1 (R10.2)

#: Version of the JSON in the copy-1 package (documented in README.md).
PACKAGE_SCHEMA = "bakylau.results_act.v1"


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return as_moment(value).astimezone(ALMATY).isoformat(timespec="minutes")
    return value.isoformat()


def act_json(inspection: Inspection) -> dict:
    """The act's data for the legal-statistics body (schema: README, "Copy 1")."""
    act = inspection.results_act
    ext = inspection.extension
    body = inspection.control_subject
    return {
        "schema": PACKAGE_SCHEMA,
        "act": {"number": act.number, "drawn_at": _iso(act.drawn_at), "place": act.place,
                "issued_at": _iso(act.issued_at)},
        "authority_name": {"kk": authority_name("kk"), "ru": authority_name("ru")},
        "appointment_act": {"number": inspection.number, "date": _iso(inspection.act_date)},
        "extension_act": ({"number": ext.act_number, "date": _iso(ext.act_date)}
                          if ext is not None and ext.notice_delivered_on else None),
        "inspection": {
            "kind": inspection.kind, "start": _iso(inspection.start_date),
            "end": _iso(inspection.end_date),
            "period_from": _iso(inspection.period_from), "period_to": _iso(inspection.period_to),
            "grounds": [g.ground for g in inspection.grounds],
            "subject_matter": [r.requirement.code for r in inspection.requirements]},
        "control_subject": {"bin": body.bin, "name": {"kk": body.name_kk, "ru": body.name_ru},
                            "location": body.location_kk, "location_kk": body.location_kk,
                            "location_ru": body.location_in("ru")},
        "subdivision": (None if inspection.subdivision is None else {
            "name": {"kk": inspection.subdivision.name_kk, "ru": inspection.subdivision.name_ru},
            "location": inspection.subdivision.location_kk,
            "location_kk": inspection.subdivision.location_kk,
            "location_ru": inspection.subdivision.location_in("ru")}),
        "inspectors": [{"full_name": u.full_name} for u in inspection.inspector_users],
        "specialists": [{"full_name": s.full_name, "role": s.role,
                         "organisation": s.organisation_kk,
                         "organisation_ru": s.organisation_in("ru")}
                        for s in inspection.specialists],
        "results_summary": act.results_summary,
        "no_violations": not act.violations,
        "violations": [{
            "no": v.no, "requirement_code": v.requirement.code,
            "requirement_ref": {"kk": v.requirement.ref_kk, "ru": v.requirement.ref_ru},
            "nature": v.nature, "remedy": v.remedy, "deadline": _iso(v.deadline),
            "report_due": _iso(v.report_due),
            "justification": {"ability": v.ability, "approvals": v.approvals},
            "evidence": [e.id for e in v.evidence]} for v in act.violations],
        "attachments": [{"evidence_id": e.id, "description": e.description,
                         "original": e.is_original,
                         "subject_holds_original": e.subject_holds_original}
                        for e in attachments(inspection, 1)],
        "delivery": (None if act.delivered_at is None else {
            "delivered_at": _iso(act.delivered_at), "channel": act.delivery_channel,
            "receipt": act.receipt, "term_breached": act.term_breached,
            "end_in_force": _iso(act.end_in_force)}),
        "objections": [{"received_on": _iso(o.received_on), "incoming_number": o.incoming_number,
                        "note": o.note, "reply_due": _iso(o.reply_due),
                        "replied_on": _iso(o.replied_on)} for o in act.objections],
    }


#: The JSON Schema (draft 2020-12) of ``results_act.json``; kept small enough for
#: :func:`schema_problems` to check without a library.
_S, _I, _B, _N = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}, {"type": "null"}
_DATE = {"type": ["string", "null"], "format": "date"}
_LANG = {"type": "object", "required": ["kk", "ru"], "properties": {"kk": _S, "ru": _S}}
_REF = {"type": ["object", "null"], "required": ["number", "date"],
        "properties": {"number": _S, "date": _DATE}}
PACKAGE_JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["schema", "act", "authority_name", "appointment_act", "extension_act",
                 "inspection", "control_subject", "subdivision", "inspectors", "specialists",
                 "results_summary", "no_violations", "violations", "attachments", "delivery",
                 "objections"],
    "properties": {
        "schema": {"type": "string", "const": PACKAGE_SCHEMA},
        "act": {"type": "object", "required": ["number", "drawn_at", "place", "issued_at"],
                "properties": {"number": _S, "drawn_at": _S, "place": _S, "issued_at": _S}},
        "authority_name": _LANG,
        "appointment_act": _REF,
        "extension_act": _REF,
        "inspection": {"type": "object",
                       "required": ["kind", "start", "end", "period_from", "period_to",
                                    "grounds", "subject_matter"],
                       "properties": {"kind": {"type": "string",
                                               "enum": ["periodic", "unscheduled"]},
                                      "start": _DATE, "end": _DATE, "period_from": _DATE,
                                      "period_to": _DATE,
                                      "grounds": {"type": "array", "items": _I},
                                      "subject_matter": {"type": "array", "items": _S}}},
        "control_subject": {"type": "object", "required": ["bin", "name", "location"],
                            "properties": {"bin": _S, "name": _LANG, "location": _S,
                                           "location_kk": _S, "location_ru": _S}},
        "subdivision": {"type": ["object", "null"], "required": ["name", "location"],
                        "properties": {"name": _LANG, "location": _S, "location_kk": _S,
                                       "location_ru": _S}},
        "inspectors": {"type": "array", "items": {"type": "object", "required": ["full_name"],
                                                  "properties": {"full_name": _S}}},
        "specialists": {"type": "array", "items": {
            "type": "object", "required": ["full_name", "role", "organisation"],
            "properties": {"full_name": _S, "role": _S, "organisation": _S,
                           "organisation_ru": _S}}},
        "results_summary": _S,
        "no_violations": _B,
        "violations": {"type": "array", "items": {
            "type": "object",
            "required": ["no", "requirement_code", "requirement_ref", "nature", "remedy",
                         "deadline", "report_due", "justification", "evidence"],
            "properties": {"no": _I, "requirement_code": _S, "requirement_ref": _LANG,
                           "nature": _S, "remedy": _S, "deadline": _S,
                           "report_due": _DATE,
                           "justification": {"type": "object",
                                             "required": ["ability", "approvals"],
                                             "properties": {"ability": _S, "approvals": _S}},
                           "evidence": {"type": "array", "items": _I}}}},
        "attachments": {"type": "array", "items": {
            "type": "object",
            "required": ["evidence_id", "description", "original", "subject_holds_original"],
            "properties": {"evidence_id": _I, "description": _S, "original": _B,
                           "subject_holds_original": _B}}},
        "delivery": {"type": ["object", "null"],
                     "required": ["delivered_at", "channel", "receipt", "term_breached",
                                  "end_in_force"],
                     "properties": {"delivered_at": _S, "channel": _S, "receipt": _S,
                                    "term_breached": _B, "end_in_force": _DATE}},
        "objections": {"type": "array", "items": {
            "type": "object",
            "required": ["received_on", "incoming_number", "note", "reply_due", "replied_on"],
            "properties": {"received_on": _S, "incoming_number": _S, "note": _S,
                           "reply_due": _S, "replied_on": _DATE}}},
    },
}
_TYPES = {"string": str, "integer": int, "boolean": bool, "object": dict, "array": list,
          "null": type(None)}


def schema_problems(value, schema=PACKAGE_JSON_SCHEMA, path="$") -> list[str]:
    """Where ``value`` does not match the (subset of) JSON Schema used above."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else (kinds or [])
    if kinds and not any(isinstance(value, _TYPES[k])
                         and not (k == "integer" and isinstance(value, bool)) for k in kinds):
        return [f"{path}: expected {'/'.join(kinds)}"]
    problems = []
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: not one of {schema['enum']}")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                problems.append(f"{path}.{key}: missing")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems.extend(schema_problems(value[key], sub, f"{path}.{key}"))
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems.extend(schema_problems(item, schema["items"], f"{path}[{i}]"))
    return problems


def copy1_documents(inspection: Inspection) -> list[GeneratedDocument]:
    """The newest copy-1 DOCX of the results act in each language."""
    rows = db.session.execute(
        select(GeneratedDocument).where(
            GeneratedDocument.object_type == "inspections",
            GeneratedDocument.object_id == inspection.id,
            GeneratedDocument.code == "results_act", GeneratedDocument.copy_no == 1)
        .order_by(GeneratedDocument.version)).scalars().all()
    newest = {d.lang: d for d in rows}
    return [newest[lang] for lang in ("kk", "ru") if lang in newest]


def copy1_package(inspection: Inspection, *, actor=None,
                  now: datetime | None = None) -> tuple[bytes, dict]:
    """R10.2: the transfer package of copy 1 — a ZIP of the copy-1 DOCX (kk, ru), each
    electronic signature of them as a detached CMS, the act's data as ``results_act.json``
    and ``manifest.json`` with the SHA-256 of each file.

    With ``COPY1_INCLUDE_PDFA`` (and LibreOffice installed) it also holds the PDF/A-2b copy
    of each, made once and kept (the caller commits when one was made)."""
    act = inspection.results_act
    if act is None or act.issued_at is None:
        raise RuleViolation(_l("Issue the results act first."), rule="R10.2")
    docs = copy1_documents(inspection)
    files = {f"results_act_copy1_{d.lang}.docx": intact_content(d) for d in docs}
    if current_app.config.get("COPY1_INCLUDE_PDFA") and soffice_available():
        for d in docs:
            copy = archive_copy(actor, d, now=now or datetime.now(ALMATY))
            files[f"results_act_copy1_{d.lang}.pdf"] = copy.content
    files.update(signatures.cms_files(docs))  # each copy-1 CMS, listed in the manifest
    files["results_act.json"] = json.dumps(act_json(inspection), ensure_ascii=False,
                                           indent=2, sort_keys=True).encode("utf-8")
    manifest = {"schema": PACKAGE_SCHEMA, "act_number": act.number,
                "files": [{"name": name, "sha256": hashlib.sha256(data).hexdigest(),
                           "size": len(data)} for name, data in files.items()]}
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue(), manifest


def record_copy1_sent(actor, inspection: Inspection, *, sent_at: datetime, registration: str,
                      now: datetime) -> ResultsAct:
    """R10.2: copy 1 was sent electronically to the legal-statistics body; its registration
    number there is recorded with the SHA-256 of the package sent."""
    _writable(inspection)
    _require(permissions.can_send_copy1, actor, inspection)
    act = inspection.results_act
    if act is None or act.issued_at is None:
        raise RuleViolation(_l("Issue the results act first."), rule="R10.2")
    if act.copy1_sent_at is not None:
        raise ValidationFailed(_l("Copy 1 has already been recorded as sent."))
    signatures.require_signed(inspection, "results_act")  # issue 16: copy 1 goes signed
    if not (registration or "").strip():
        raise ValidationFailed(_l("Enter the registration number returned by the "
                                  "legal-statistics body."), field="registration")
    sent_at = as_moment(sent_at)
    if sent_at > now + timedelta(minutes=5) or sent_at < act.issued_at - timedelta(minutes=5):
        raise ValidationFailed(_l("Copy 1 is sent after the act is issued and not in the "
                                  "future."), field="sent_at")
    data, _manifest = copy1_package(inspection, actor=actor, now=now)
    act.copy1_sent_at, act.copy1_registration = sent_at, registration.strip()
    act.copy1_package_sha256 = hashlib.sha256(data).hexdigest()
    audit.record(actor, "inspection.copy1_sent", inspection,
                 data={"registration": act.copy1_registration, "sent_at": sent_at.isoformat(),
                       "sha256": act.copy1_package_sha256}, now=now)
    return act


# ---------------------------------------------------------------- delivery and end (R13.1 …)


def too_early(act: ResultsAct, delivered: date, cal: WorkingCalendar) -> list[Violation]:
    """R14.1: the violations whose deadline is earlier than delivery + 10 calendar days."""
    earliest = deadlines.earliest_remedy_deadline(delivered, cal).day
    return [v for v in act.violations if v.deadline < earliest]


def _deliver(actor, inspection, action, *, delivered_at, channel, recipient_name,
             recipient_position, receipt, explanation, present_outcomes, cal, now):
    transitions.expect(actor, inspection, action)
    signatures.require_signed(inspection, "results_act")  # issue 16, R11.1 (13)
    act = inspection.results_act
    delivered_at = as_moment(delivered_at)
    day = _day(delivered_at)
    if delivered_at > now + timedelta(minutes=5):
        raise ValidationFailed(_l("The delivery cannot be dated in the future."),
                               field="delivered_at")
    if delivered_at < act.drawn_at:
        raise ValidationFailed(_l("The act is delivered after it is drawn up."),
                               field="delivered_at")
    if channel not in DELIVERY_CHANNELS:
        raise ValidationFailed(_l("Choose paper or electronic."), field="channel")
    if not (recipient_name or "").strip() or not (recipient_position or "").strip():
        raise ValidationFailed(_l("Enter the recipient's name and position."),
                               field="recipient_name")
    early = too_early(act, day, cal)
    if early:
        earliest = deadlines.earliest_remedy_deadline(day, cal).day
        raise RuleViolation(
            _l("A delivery on %(day)s would leave less than ten calendar days to eliminate "
               "violations %(nos)s (deadlines must be %(earliest)s or later): correct the act "
               "first.", day=format_date(day, "long"), nos=", ".join(f"№ {v.no}" for v in early),
               earliest=format_date(earliest, "long")), rule="R14.1", field="delivered_at")
    outcomes = []
    for p in present_outcomes or ():
        if p.get("outcome") not in PRESENT_OUTCOMES:
            raise ValidationFailed(_l("Say whether each person present read the act or "
                                      "refused."), field="present_outcomes")
        outcomes.append({"full_name": p["full_name"], "outcome": p["outcome"]})
    end = inspection.end_date
    breached = bool(end and day > end)
    transitions.move(actor, inspection, action, now=now,
                     data={"delivered_on": day.isoformat(), "receipt": receipt, "term_breached": breached,
                           "end_in_force": end.isoformat() if end else None})
    act.delivered_at, act.delivery_channel = delivered_at, channel
    act.recipient_name, act.recipient_position = recipient_name.strip(), recipient_position.strip()
    act.receipt, act.refusal_explanation = receipt, (explanation or "").strip()
    act.present_outcomes, act.term_breached, act.end_in_force = outcomes, breached, end
    notifications.notify("act_delivered", inspection, side="rep", now=now,
                         params={"document": "results_act", "number": inspection.number or ""})
    return act


def deliver_results(actor, inspection: Inspection, *, delivered_at: datetime, channel: str,
                    recipient_name: str, recipient_position: str, receipt: str,
                    refusal_explanation: str = "", present_outcomes=(),
                    cal: WorkingCalendar, now: datetime) -> ResultsAct:
    """R13.1, R6.1: copy 2 is delivered against signature and the inspection ends that day.
    A delivery after the end date in force is allowed but flagged as a breach of the term
    (R13.1).  A refusal to sign needs its written explanation (R12.4).  A delivery date that
    would make a remedy deadline too early is refused, naming the violations (R14.1)."""
    if receipt not in ("signed", "refused_to_sign"):
        raise ValidationFailed(_l("Say whether the receipt was signed or refused."),
                               field="receipt")
    if receipt == "refused_to_sign" and not (refusal_explanation or "").strip():
        raise RuleViolation(_l("Record the written explanation of the refusal to sign."),
                            rule="R12.4", field="refusal_explanation")
    return _deliver(actor, inspection, "deliver_results", delivered_at=delivered_at,
                    channel=channel, recipient_name=recipient_name,
                    recipient_position=recipient_position, receipt=receipt,
                    explanation=refusal_explanation, present_outcomes=present_outcomes,
                    cal=cal, now=now)


def refuse_results(actor, inspection: Inspection, *, refused_at: datetime, recipient_name: str,
                   recipient_position: str, reason: str = "", cal: WorkingCalendar,
                   now: datetime) -> ResultsAct:
    """R12.3: the control subject refuses to accept the act: the act of refusal is drawn up,
    to be signed by the inspectors and the control subject's head or representative.  The
    inspection ends that day (R13.1, flagged when late)."""
    act = _deliver(actor, inspection, "refuse_results", delivered_at=refused_at,
                   channel="paper", recipient_name=recipient_name,
                   recipient_position=recipient_position, receipt="refused_to_accept",
                   explanation=reason, present_outcomes=(), cal=cal, now=now)
    db.session.flush()
    inspection_documents.issue(actor, "refusal_act", inspection, cal=cal, now=now)
    return act


# ---------------------------------------------------------------- objections (R12.1, R12.2)


def register_objection(actor, inspection: Inspection, *, received_on: date,
                       incoming_number: str, note: str, points, upload_ids=(),
                       source: str = "paper", submitted_by_id: int | None = None,
                       cal: WorkingCalendar, now: datetime) -> Objection:
    """R12.1: remarks and/or objections, attached to the act with a note on it; the reply is
    due within fifteen working days from the day after receipt (R12.2)."""
    act = _after_delivery(inspection, "R12.1")
    _require(permissions.can_handle_results, actor, inspection)
    return add_objection(actor, inspection, act, received_on=received_on,
                         incoming_number=incoming_number, note=note, points=points,
                         upload_ids=upload_ids, source=source, submitted_by_id=submitted_by_id,
                         cal=cal, now=now)


def add_objection(actor, inspection: Inspection, act: ResultsAct, *, received_on: date,
                  incoming_number: str, note: str, points, upload_ids=(), source: str,
                  submitted_by_id: int | None, cal: WorkingCalendar, now: datetime) -> Objection:
    """R12.1, R12.2: the objection itself, once the caller has checked who submits it (staff
    from paper, or the body on its portal)."""
    if source not in SOURCES:
        raise ValidationFailed(_l("Unknown source."))
    if received_on is None or received_on < _day(act.delivered_at):
        raise ValidationFailed(_l("Objections are received after the act is delivered."),
                               field="received_on")
    if received_on > _day(now):
        raise ValidationFailed(_l("The date of receipt cannot be in the future."),
                               field="received_on")
    if not (incoming_number or "").strip():
        raise ValidationFailed(_l("Enter the incoming number."), field="incoming_number")
    by_id = {v.id: v for v in act.violations}
    rows = []
    for p in points or ():
        text = (p.get("text") or "").strip()
        if not text:
            continue
        vid = p.get("violation_id") or None
        if vid is not None and vid not in by_id:
            raise ValidationFailed(_l("A point refers to a violation of this act or is "
                                      "general."), field="points")
        rows.append(ObjectionPoint(no=len(rows) + 1, violation_id=vid, text=text))
    if not rows:
        raise ValidationFailed(_l("Enter at least one point of the objections."),
                               field="points")
    due = deadlines.objection_reply_due(received_on, cal).day
    row = Objection(act=act, received_on=received_on, incoming_number=incoming_number.strip(),
                    note=(note or "").strip(), reply_due=due, source=source,
                    submitted_by_id=submitted_by_id, registered_by_id=getattr(actor, "id", None),
                    registered_at=now, points=rows, files=_files(upload_ids))
    db.session.add(row)
    audit.record(actor, "inspection.objection_registered", inspection,
                 data={"received_on": received_on.isoformat(), "points": len(rows),
                       "reply_due": due.isoformat(), "source": source}, now=now)
    db.session.flush()
    # the other side learns of it: staff of a portal objection, the body of a paper one
    notifications.notify("objection_received", inspection,
                         side="staff" if source == "portal" else "rep", now=now,
                         params={"due": due.isoformat(), "source": source})
    return row


def reply_objection(actor, objection: Objection, *, decisions: dict, conclusion: str,
                    today: date, cal: WorkingCalendar, now: datetime) -> Objection:
    """R12.2: the reasoned reply, point by point (accepted / partially accepted / rejected,
    with reasons), issued in Kazakh and Russian; a reply after the due date is flagged."""
    inspection = objection.act.inspection
    transitions.lock(objection)
    _writable(inspection)
    _require(permissions.can_handle_results, actor, inspection)
    if objection.replied_on is not None:
        raise ValidationFailed(_l("These objections have already been answered."))
    for point in objection.points:
        decision, reasons = decisions.get(point.id, ("", ""))
        if decision not in DECISIONS:
            raise RuleViolation(_l("Point %(n)d: decide it (accepted, partially accepted or "
                                   "rejected).", n=point.no), rule="R12.2", field="points")
        if not (reasons or "").strip():
            raise RuleViolation(_l("Point %(n)d: the reply is reasoned — give the reasons.",
                                   n=point.no), rule="R12.2", field="points")
        point.decision, point.reasons = decision, reasons.strip()
    objection.conclusion = (conclusion or "").strip()
    objection.replied_on = today
    objection.replied_late = today > objection.reply_due
    objection.reply_number = f"{inspection.number}-Ж{objection.id}"
    audit.record(actor, "inspection.objection_replied", inspection,
                 data={"objection_id": objection.id, "late": objection.replied_late,
                       "decisions": {p.no: p.decision for p in objection.points}}, now=now)
    db.session.flush()
    inspection_documents.issue(actor, "objection_reply", inspection, cal=cal, now=now,
                               objection=objection, doc_date=today)
    notifications.notify("reply_sent", inspection, side="rep", now=now,
                         params={"reply_number": objection.reply_number})
    return objection


def objection_overdue(objection: Objection, today: date) -> bool:
    """R12.2 flag: not answered and the due date has passed, or answered late."""
    if objection.replied_on is None:
        return today > objection.reply_due
    return objection.replied_late


# ---------------------------------------------------------------- remediation (R16.1, R16.2)


def register_report(actor, violation: Violation, *, received_on: date, description: str,
                    upload_ids=(), source: str = "paper", submitted_by_id: int | None = None,
                    now: datetime) -> RemediationReport:
    """R16.1: the control subject's information on the elimination, with confirming
    documents."""
    inspection = violation.act.inspection
    act = _after_delivery(inspection, "R16.1")
    _require(permissions.can_handle_results, actor, inspection)
    return add_report(actor, violation, act, received_on=received_on, description=description,
                      upload_ids=upload_ids, source=source, submitted_by_id=submitted_by_id,
                      now=now)


def add_report(actor, violation: Violation, act: ResultsAct, *, received_on: date,
               description: str, upload_ids=(), source: str, submitted_by_id: int | None,
               now: datetime) -> RemediationReport:
    """R16.1: the report itself, once the caller has checked who submits it."""
    inspection = act.inspection
    transitions.lock(violation)
    if source not in SOURCES:
        raise ValidationFailed(_l("Unknown source."))
    if violation.status not in (VIOLATION_OPEN, VIOLATION_NOT_ELIMINATED):
        raise ValidationFailed(_l("A report on this violation is already being considered or "
                                  "it is eliminated."))
    if violation.followup_inspection_id:
        raise RuleViolation(_l("This violation has been handed to a follow-up inspection."),
                            rule="R16.2")
    if received_on is None or received_on < _day(act.delivered_at) or received_on > _day(now):
        raise ValidationFailed(_l("The report is received after delivery and not in the "
                                  "future."), field="received_on")
    if not (description or "").strip():
        raise ValidationFailed(_l("Describe what was done."), field="description")
    files = _files(upload_ids)
    if not files:
        raise RuleViolation(_l("The report comes with confirming documents."), rule="R16.1",
                            field="files")
    row = RemediationReport(violation=violation, received_on=received_on,
                            description=description.strip(), source=source,
                            submitted_by_id=submitted_by_id,
                            registered_by_id=getattr(actor, "id", None), registered_at=now,
                            files=files)
    db.session.add(row)
    violation.status = VIOLATION_REPORTED
    audit.record(actor, "inspection.report_registered", inspection,
                 data={"violation": violation.no, "received_on": received_on.isoformat(),
                       "files": [f.id for f in files], "source": source}, now=now)
    notifications.notify("report_received", inspection,
                         side="staff" if source == "portal" else "rep", now=now,
                         params={"violation": violation.no})
    return row


def decide_report(actor, report: RemediationReport, *, decision: str, note: str,
                  now: datetime) -> RemediationReport:
    """R16.1: the report is accepted (the violation is eliminated) or not."""
    violation = report.violation
    inspection = violation.act.inspection
    transitions.lock(report)
    _after_delivery(inspection, "R16.1")
    _require(permissions.can_handle_results, actor, inspection)
    if report.decision:
        raise ValidationFailed(_l("This report has already been decided."))
    if decision not in REPORT_DECISIONS:
        raise ValidationFailed(_l("Accept the report or say the violation is not eliminated."),
                               field="decision")
    if decision == "rejected" and not (note or "").strip():
        raise ValidationFailed(_l("Give the reasons why the violation is not eliminated."),
                               field="note")
    report.decision, report.decision_note = decision, (note or "").strip()
    report.decided_by_id, report.decided_at = getattr(actor, "id", None), now
    violation.status = (VIOLATION_ELIMINATED if decision == "accepted"
                        else VIOLATION_NOT_ELIMINATED)
    audit.record(actor, "inspection.report_decided", inspection,
                 data={"violation": violation.no, "decision": decision}, now=now)
    notifications.notify("report_decided", inspection, side="rep", now=now,
                         params={"violation": violation.no, "decision": decision})
    return report


def remedy_due(violation: Violation, cal: WorkingCalendar) -> deadlines.Deadline:
    """R14.1 / Civil Code Art. 188: the deadline's effective end."""
    return deadlines.effective_end(violation.deadline, cal)


def report_due(violation: Violation, cal: WorkingCalendar) -> deadlines.Deadline:
    """R16.1 / Civil Code Art. 188: the effective end of the period set in the act for
    reporting the elimination (after the elimination deadline).  Acts drawn up before the
    reporting date existed fall back to the elimination deadline."""
    return deadlines.effective_end(violation.report_due or violation.deadline, cal)


def overdue_violations(inspection: Inspection, today: date,
                       cal: WorkingCalendar) -> list[Violation]:
    """R16.2: violations whose REPORTING date (effective end, R16.1) has passed with no report
    accepted or pending, not yet handed to a follow-up — never earlier."""
    act = inspection.results_act
    if act is None or act.delivered_at is None:
        return []
    return [v for v in act.violations
            if v.status in (VIOLATION_OPEN, VIOLATION_NOT_ELIMINATED)
            and v.followup_inspection_id is None and today > report_due(v, cal).day]


def create_followup(actor, inspection: Inspection, *, today: date, cal: WorkingCalendar,
                    now: datetime) -> Inspection:
    """R16.2, R3.1 ground 7: one action drafts an unscheduled inspection controlling the
    execution of this results act — same body, subdivision and object, the violated
    requirements as the subject matter — and issues the follow-up proposal."""
    from . import inspections as inspection_service

    act = _after_delivery(inspection, "R16.2")
    _require(permissions.can_handle_results, actor, inspection)
    overdue = overdue_violations(inspection, today, cal)
    if not overdue:
        raise RuleViolation(_l("No reporting date has passed without a report: a follow-up "
                               "inspection is not proposed before the date set in the act."),
                            rule="R16.2")
    followup = inspection_service.create_inspection(
        actor, kind="unscheduled", control_subject_id=inspection.control_subject_id,
        subdivision_id=inspection.subdivision_id, object_id=inspection.object_id,
        grounds=[{"ground": 7, "basis_number": act.number, "basis_date": _day(act.drawn_at),
                  "basis_author": authority_name("kk"),
                  "linked_inspection_id": inspection.id}], now=now)
    followup.requirements = [InspectionRequirement(requirement_id=rid) for rid in
                             dict.fromkeys(v.requirement_id for v in overdue)]
    db.session.flush()
    for v in overdue:
        v.followup_inspection_id = followup.id
    audit.record(actor, "inspection.followup_created", inspection,
                 data={"followup_id": followup.id, "violations": [v.no for v in overdue],
                       "as_of": today.isoformat()}, now=now)
    inspection_documents.issue(actor, "followup_proposal", inspection, cal=cal, now=now,
                               violations=overdue, as_of=today, doc_date=today)
    return followup


# ---------------------------------------------------------------- closure and appeals


def unsettled(inspection: Inspection) -> list[Violation]:
    act = inspection.results_act
    return [v for v in (act.violations if act else [])
            if v.status != VIOLATION_ELIMINATED and v.followup_inspection_id is None]


def close(actor, inspection: Inspection, *, now: datetime) -> None:
    """R16.1, R16.2: the inspection closes when every violation is accepted as eliminated
    or handed to a follow-up inspection, and (R10.2) once copy 1 is recorded as sent to the
    legal-statistics body; then its record is read-only (R17.1 appeals excepted)."""
    transitions.expect(actor, inspection, "close")
    act = inspection.results_act
    if act is None or act.copy1_sent_at is None:
        raise RuleViolation(_l("The inspection cannot be closed until copy 1 of the results act "
                               "is recorded as sent to the legal-statistics body."),
                            rule="R10.2")
    signatures.require_signed(inspection, "refusal_act", "objection_reply")  # issue 16
    left = unsettled(inspection)
    if left:
        raise RuleViolation(_l("The inspection cannot be closed: violations %(nos)s are neither "
                               "eliminated nor handed to a follow-up inspection.",
                               nos=", ".join(f"№ {v.no}" for v in left)), rule="R16.1")
    pending = [o for o in inspection.results_act.objections if o.replied_on is None]
    if pending:
        raise RuleViolation(_l("The inspection cannot be closed while objections await their "
                               "reply."), rule="R12.2")
    transitions.move(actor, inspection, "close", now=now)


def record_appeal(actor, inspection: Inspection, *, level: str, filed_on: date, authority: str,
                  summary: str, now: datetime) -> Appeal:
    """R17.1: an appeal to a higher official or to court — after delivery, also when the
    inspection is closed."""
    act = inspection.results_act
    if inspection.status not in lifecycle.AFTER_DELIVERY or act is None:
        raise RuleViolation(_l("Appeals are recorded after the results act is delivered."),
                            rule="R17.1")
    _require(permissions.can_record_appeal, actor, inspection)
    return add_appeal(actor, inspection, act, level=level, filed_on=filed_on,
                      authority=authority, summary=summary, source="paper", now=now)


def add_appeal(actor, inspection: Inspection, act: ResultsAct, *, level: str, filed_on: date,
               authority: str, summary: str, source: str, now: datetime) -> Appeal:
    """R17.1: the appeal itself, once the caller has checked who records it."""
    if level not in APPEAL_LEVELS:
        raise ValidationFailed(_l("Choose a higher official or a court."), field="level")
    if filed_on is None or filed_on < _day(act.delivered_at) or filed_on > _day(now):
        raise ValidationFailed(_l("The appeal is filed after delivery and not in the future."),
                               field="filed_on")
    if not (authority or "").strip() or not (summary or "").strip():
        raise ValidationFailed(_l("Enter to whom the appeal was made and what it contests."),
                               field="authority")
    row = Appeal(inspection=inspection, level=level, filed_on=filed_on,
                 authority=authority.strip(), summary=summary.strip(),
                 recorded_by_id=getattr(actor, "id", None), recorded_at=now, source=source)
    db.session.add(row)
    audit.record(actor, "inspection.appeal_recorded", inspection,
                 data={"level": level, "filed_on": filed_on.isoformat(), "source": source},
                 now=now)
    notifications.notify("appeal_recorded", inspection,
                         side="staff" if source == "portal" else "rep", now=now,
                         params={"level": level, "filed_on": filed_on.isoformat()})
    return row


def decide_appeal(actor, appeal: Appeal, *, outcome: str, decided_on: date, note: str,
                  now: datetime) -> Appeal:
    """R17.1: the outcome of an appeal."""
    inspection = appeal.inspection
    _require(permissions.can_record_appeal, actor, inspection)
    if appeal.outcome != "pending":
        raise ValidationFailed(_l("The outcome of this appeal is already recorded."))
    if outcome not in APPEAL_OUTCOMES or outcome == "pending":
        raise ValidationFailed(_l("Choose the outcome."), field="outcome")
    if decided_on is None or decided_on < appeal.filed_on or decided_on > _day(now):
        raise ValidationFailed(_l("The decision is dated after the appeal and not in the "
                                  "future."), field="decided_on")
    appeal.outcome, appeal.decided_on, appeal.outcome_note = outcome, decided_on, (note or "").strip()
    audit.record(actor, "inspection.appeal_decided", inspection,
                 data={"appeal_id": appeal.id, "outcome": outcome}, now=now)
    return appeal


# ---------------------------------------------------------------- the staff home page


#: Staff home: how many of the user's newest inspections are listed by name (issue 13).
MINE_RECENT = 10


def clock_horizon(today: date, cal: WorkingCalendar) -> date:
    """The last day of the "due soon" list: the fifth working day after ``today``."""
    return cal.nth_working_day(today, 5, count_start=False).day


@dataclass(frozen=True)
class ClockExtension:
    """The columns of an inspection's latest extension its fieldwork clock needs (R9.2)."""

    requested_end: date | None
    previous_end: date | None
    notice_delivered_on: date | None


@dataclass(frozen=True)
class ClockInspection:
    """The columns of an inspection its clocks show and work out (R9.1, R9.2, R13.1; read
    as columns for issue 13)."""

    id: int
    number: str
    start_date: date | None
    end_date: date | None
    control_subject: SubjectRow
    extension: ClockExtension | None


@dataclass(frozen=True)
class ClockViolation:
    """The columns of a violation its elimination and reporting clocks need (R14.1,
    R16.2)."""

    id: int
    no: int
    deadline: date
    report_due: date | None


def _fieldwork_deadline(inspection, today: date, cal: WorkingCalendar):
    from . import inspections as inspection_service

    clock = inspection_service.fieldwork_clock(inspection, today, cal)
    return clock["deadline"] if clock else None


#: The statutory clocks of the active inspections, in the order they are listed when they
#: fall on the same day: (kind, rule).
CLOCK_KINDS = (("fieldwork_end", "R13.1"), ("objection_reply", "R12.2"),
               ("remedy", "R14.1"), ("report", "R16.2"))


@cache
def _clock_union():
    """Every statutory clock of the active inspections as rows (kind number, stored day,
    whether the day rolls forward to a working day (Civil Code Art. 188), inspection id,
    objection id, violation id) — one UNION ALL, filtered and paged by the caller.

    The states and numbers are written into the statement, not sent as parameters
    (issue 13): PostgreSQL then knows how few delivered inspections there are when it
    plans the statement once for every execution, and drops the branches' conditions that
    cannot hold."""
    from sqlalchemy import Integer, literal_column, null, union_all

    from ..models import ResultsAct

    def states(*values):
        return Inspection.status.in_(constants(values))

    def number(n: int):
        return literal_column(str(int(n)), Integer)

    delivered = states(lifecycle.DELIVERED)
    open_violation = (Violation.status.in_(constants([VIOLATION_OPEN, VIOLATION_NOT_ELIMINATED])),
                      Violation.followup_inspection_id.is_(None), delivered)
    none = null().cast(Integer)
    return union_all(
        select(number(0).label("kind"), Inspection.end_date.label("day"),
               number(0).label("rolls"), Inspection.id.label("inspection_id"),
               none.label("objection_id"), none.label("violation_id"))
        .where(states(*lifecycle.ON_SITE, lifecycle.RESULTS_DRAFTED, lifecycle.RESULTS_ISSUED),
               Inspection.end_date.is_not(None)),
        select(number(1), Objection.reply_due, number(0), Inspection.id, Objection.id, none)
        .join(ResultsAct, Objection.act_id == ResultsAct.id)
        .join(Inspection, ResultsAct.inspection_id == Inspection.id)
        .where(Objection.replied_on.is_(None), delivered),
        select(number(2), Violation.deadline, number(1), Inspection.id, none, Violation.id)
        .join(ResultsAct, Violation.act_id == ResultsAct.id)
        .join(Inspection, ResultsAct.inspection_id == Inspection.id)
        .where(*open_violation),
        select(number(3), Violation.report_due, number(1), Inspection.id, none, Violation.id)
        .join(ResultsAct, Violation.act_id == ResultsAct.id)
        .join(Inspection, ResultsAct.inspection_id == Inspection.id)
        .where(Violation.report_due.is_not(None), *open_violation),
    ).subquery()


def constants(values):
    """``values`` for an ``IN``, written into the statement rather than sent as parameters:
    the plan PostgreSQL makes once for every execution then knows how many rows they
    match (issue 13)."""
    from sqlalchemy import bindparam

    return bindparam("constants", sorted(values), expanding=True, literal_execute=True,
                     unique=True)


def _list_name(name: str) -> str:
    if name not in ("overdue", "due_soon"):
        raise ValueError(f"no list of clocks called {name!r}")
    return name


@cache
def _clock_statements(names: tuple[str, ...]):
    """The statements of :func:`clock_pages` for the lists ``names``, built once (issue 13:
    building them took longer than running them); the days and the pages are parameters:
    ``today``, ``last_working``, ``horizon`` and, per list, ``<name>_from`` / ``<name>_to``
    (row numbers)."""
    from sqlalchemy import Date, Integer, and_, bindparam, case, literal_column, or_

    from ..models import ControlSubject, Extension

    u = _clock_union()
    today = bindparam("today", type_=Date)
    which = case(
        (or_(and_(u.c.rolls == literal_column("0"), u.c.day < today),
             and_(u.c.rolls == literal_column("1"),
                  u.c.day <= bindparam("last_working", type_=Date))),
         literal_column("'overdue'")),
        (u.c.day <= bindparam("horizon", type_=Date), literal_column("'due_soon'")))
    order = (u.c.day, u.c.kind, u.c.inspection_id, u.c.objection_id, u.c.violation_id)
    numbered = select(u, which.label("list"),
                      func.row_number().over(partition_by=which, order_by=order).label("rn"),
                      func.count().over(partition_by=which).label("total")) \
        .where(u.c.day <= bindparam("horizon", type_=Date)).subquery()
    # the page's rows with the columns their clocks show and work out — the inspection,
    # its body, its latest extension (R9.2), the objection or the violation — in one
    # statement, as plain rows (issue 13: ORM objects of some 90 columns a row cost more
    # than the statement)
    latest = (select(func.max(Extension.id)).where(Extension.inspection_id == Inspection.id)
              .correlate(Inspection).scalar_subquery())
    rows = (select(numbered.c.list, numbered.c.rn, numbered.c.total, numbered.c.kind,
                   numbered.c.day, Inspection.id, Inspection.number, Inspection.start_date,
                   Inspection.end_date, ControlSubject.id, ControlSubject.name_kk,
                   ControlSubject.name_ru, Extension.id, Extension.requested_end,
                   Extension.previous_end, Extension.notice_delivered_on, Objection.reply_due,
                   Objection.received_on,
                   Violation.id, Violation.no, Violation.deadline, Violation.report_due)
            .select_from(Inspection)
            .join(numbered, numbered.c.inspection_id == Inspection.id)
            .join(ControlSubject, ControlSubject.id == Inspection.control_subject_id)
            .outerjoin(Extension, Extension.id == latest)
            .outerjoin(Objection, Objection.id == numbered.c.objection_id)
            .outerjoin(Violation, Violation.id == numbered.c.violation_id)
            .where(or_(*(and_(numbered.c.list == literal_column(f"'{_list_name(name)}'"),
                              numbered.c.rn > bindparam(f"{name}_from", type_=Integer),
                              numbered.c.rn <= bindparam(f"{name}_to", type_=Integer))
                         for name in names)))
            .order_by(numbered.c.list, numbered.c.rn))
    counts = (select(numbered.c.list, func.count())
              .where(numbered.c.list.in_(bindparam("missing", expanding=True)))
              .group_by(numbered.c.list))
    return rows, counts


def clock_pages(pages: dict[str, tuple[int, int]], *, today: date,
                cal: WorkingCalendar) -> dict[str, tuple[list[dict], int]]:
    """For each list asked for in ``pages`` (name → (limit, offset)): up to ``limit`` clocks
    of the active inspections from ``offset``, and how many there are in all.  The lists:
    "overdue" (the day has passed) and "due_soon" (from today to the fifth working day
    after it) — R13.1 fieldwork end, R12.2 replies, R14.1 elimination and R16.2 reporting
    deadlines of delivered acts.

    Issue 13: the database filters, counts and pages on the stored dates, every list in
    one statement; the days of the elimination and reporting deadlines roll forward to a
    working day (Civil Code Art. 188), which the bounds take into account: such a day has
    passed exactly when the stored date is on or before the last working day before today,
    and it falls by the horizon (a working day) exactly when the stored date does.  Only
    the clocks returned are loaded and worked out."""
    names = tuple(sorted(pages))
    rows_stmt, counts_stmt = _clock_statements(names)
    params = {"today": today, "last_working": cal.previous_working_day(today),
              "horizon": clock_horizon(today, cal)}
    for name, (limit, offset) in pages.items():
        params[f"{name}_from"], params[f"{name}_to"] = offset, offset + limit
    rows = db.session.execute(rows_stmt, params).all()
    totals = {r.list: r.total for r in rows}
    missing = [name for name, (_limit, offset) in pages.items() if offset and name not in totals]
    if missing:  # a page past the end: count the list alone
        totals.update(db.session.execute(counts_stmt, {**params, "missing": missing}).all())
    items: dict[str, list[dict]] = {name: [] for name in pages}
    for r in rows:
        (list_name, _rn, _total, kind_no, day, inspection_id, number, start, end, subject_id,
         name_kk, name_ru, ext_id, ext_end, ext_previous, ext_notice, reply_due, received_on,
         violation_id, violation_no, deadline, report_until) = r
        kind, rule = CLOCK_KINDS[kind_no]
        i = ClockInspection(inspection_id, number, start, end,
                            SubjectRow(subject_id, name_kk, name_ru),
                            ClockExtension(ext_end, ext_previous, ext_notice)
                            if ext_id is not None else None)
        if kind == "fieldwork_end":
            item = {"kind": kind, "inspection": i, "day": day, "rule": rule,
                    "deadline": _fieldwork_deadline(i, today, cal)}
        elif kind == "objection_reply":
            item = {"kind": kind, "inspection": i, "day": reply_due,
                    "deadline": deadlines.objection_reply_due(received_on, cal),
                    "rule": rule}
        else:
            v = ClockViolation(violation_id, violation_no, deadline, report_until)
            due = remedy_due(v, cal) if kind == "remedy" else report_due(v, cal)
            item = {"kind": kind, "inspection": i, "day": due.day, "deadline": due,
                    "rule": rule, "violation": v}
        items[list_name].append(item)
    for found in items.values():
        found.sort(key=lambda x: x["day"])  # stable: rolled days keep the database's order
    return {name: (items[name], totals.get(name, 0)) for name in pages}


def plan_clocks(today: date, plans_by_year=None) -> list[dict]:
    """R2.3, R2.4: next year's plan approval and publication, while not done."""

    next_year = today.year + 1
    if plans_by_year is None or next_year not in plans_by_year:
        from .plans import plans_by_year as read_plans

        plans_by_year = read_plans([next_year])
    plan = plans_by_year[next_year]
    status = plan.status if plan else None
    items = []
    if status not in ("approved", "published"):
        d = deadlines.plan_approval_deadline(next_year)
        items.append({"kind": "plan_approval", "inspection": None, "day": d.day,
                      "deadline": d, "rule": "R2.3", "year": next_year})
    if status != "published":
        d = deadlines.plan_publication_deadline(next_year)
        items.append({"kind": "plan_publication", "inspection": None, "day": d.day,
                      "deadline": d, "rule": "R2.4", "year": next_year})
    return items


def clocks(pages: dict[str, tuple[int, int]], *, today: date, cal: WorkingCalendar,
           plans_by_year=None) -> dict[str, tuple[list[dict], list[dict], int]]:
    """For each list of ``pages`` (see :func:`clock_pages`): (next year's plan clocks in it —
    at most two, R2.3/R2.4 —, the page of the inspections' clocks, how many of those)."""
    horizon = clock_horizon(today, cal)
    plan_items = plan_clocks(today, plans_by_year)
    found = clock_pages(pages, today=today, cal=cal)
    return {name: ([x for x in plan_items
                    if (x["day"] < today if name == "overdue" else today <= x["day"] <= horizon)],
                   *found[name]) for name in pages}


@cache
def _mine_statement():
    """The staff home's "My inspections", built once (parameter ``user_id``).  Issue 13:
    the inspections in progress only (closed and cancelled ones are one click away in the
    inspections list), in one statement: the newest MINE_RECENT, and the newest of every
    other state for its count — the page does not grow with history."""
    from sqlalchemy import bindparam

    from ..models import ControlSubject
    from ..models.inspections import InspectionInspector

    numbered = (select(Inspection.id, Inspection.number, Inspection.status,
                       Inspection.control_subject_id,
                       func.count().over(partition_by=Inspection.status).label("n"),
                       func.row_number().over(order_by=Inspection.id.desc()).label("rn"),
                       func.row_number().over(partition_by=Inspection.status,
                                              order_by=Inspection.id.desc()).label("rn_state"))
                .join(InspectionInspector)
                .where(InspectionInspector.user_id == bindparam("user_id"),
                       Inspection.status.in_(constants(lifecycle.IN_PROGRESS))).subquery())
    # the columns the list shows, not the inspections themselves
    return (select(numbered.c.id, numbered.c.number, numbered.c.status, numbered.c.n,
                   numbered.c.rn, ControlSubject.name_kk, ControlSubject.name_ru)
            .join(ControlSubject, ControlSubject.id == numbered.c.control_subject_id)
            .where((numbered.c.rn <= MINE_RECENT) | (numbered.c.rn_state == 1))
            .order_by(numbered.c.rn))


def my_inspections(user) -> tuple[dict[str, list], dict[str, int]]:
    """The staff home's "My inspections": for each state of an inspection in progress that
    ``user`` inspects, its newest (at most MINE_RECENT in all, as rows of id, number,
    status, n, rn, name_kk, name_ru) and how many there are."""
    rows = db.session.execute(_mine_statement(), {"user_id": getattr(user, "id", None)}).all()
    counts = {r.status: r.n for r in rows}
    by_state: dict[str, list] = {state: [] for state in counts}
    for r in rows:
        if r.rn <= MINE_RECENT:
            by_state[r.status].append(r)
    return by_state, counts


def board(*, today: date, cal: WorkingCalendar, plans_by_year=None, shown: int = 10) -> dict:
    """Next year's plan clocks (R2.3/R2.4) and the first ``shown`` statutory clocks of the
    inspections (R9.1/R9.2 fieldwork, R12.2 replies, R14.1/R16.2 elimination and reporting
    deadlines) overdue and due within five working days, with how many there are (the
    others: :func:`clocks`, a page at a time) — the same for every member of the staff.
    ``plans_by_year``: the plans the caller has loaded already (year → plan)."""
    lists = clocks({"overdue": (shown, 0), "due_soon": (shown, 0)}, today=today, cal=cal,
                   plans_by_year=plans_by_year)
    plan_overdue, overdue, overdue_total = lists["overdue"]
    plan_soon, due_soon, due_soon_total = lists["due_soon"]
    # the plan's clocks first, then the inspections' in date order
    return {"overdue": plan_overdue + overdue, "due_soon": plan_soon + due_soon,
            "horizon": clock_horizon(today, cal),
            "overdue_total": len(plan_overdue) + overdue_total,
            "due_soon_total": len(plan_soon) + due_soon_total}
