"""Context schema of the official documents (model → plain context dict → docxtpl).

For every document code, ``VARIABLES[code]`` is the set of top-level variables its
templates may use, and ``DESCRIPTIONS`` documents each variable's structure.  A
context is PLAIN data: strings, numbers, booleans, lists and dicts.  Dates and times
are strings already formatted by the caller for the document's language (for example
``"2026 жылғы 2 наурыз"`` / ``"2 марта 2026 г."``); names of bodies and people are
given as they are printed, in the nominative case.

Enumerated values (``ENUMS``) are passed as CODES, never as translated text: the
template of each language prints the official wording of the law for the code, so a
code stored in the database is enough (house rule: store codes, translate at render).

Every variable a template uses must be present in the context: the renderer uses
``StrictUndefined`` and refuses to render with a gap.  Optional parts (a structural
subdivision, an extension act, engaged specialists …) are therefore passed
explicitly as ``None`` or an empty list.

Shared structures
-----------------
- *person*: ``{full_name, position}`` — surname, name, patronymic (if in the identity
  document) and position.
- *specialist*: ``{full_name, position, organisation}`` — an engaged specialist,
  consultant or expert of a state body, subordinate or other organisation (Art. 27-3 p. 4).
- *subject*: ``{name, location}`` — a control subject (бақылау субъектісі) or one of its
  structural subdivisions (құрылымдық бөлімше) / objects.
- *act reference*: ``{number, date}`` — number and formatted date of another document.
- *violation*: ``{no, requirement_ref, requirement_text, nature, remedy, deadline,
  report_due}`` —
  ``requirement_ref`` the article reference of the requirement violated (e.g. "Заңның
  7-бабының 10-тармағы"), ``requirement_text`` the wording of that requirement in force
  in the inspected period, ``nature`` what was found and its nature, ``remedy`` the
  requirement to eliminate it, ``deadline`` the formatted deadline (R11.1 (10), (11)),
  ``report_due`` the formatted date by which the elimination is reported (R16.1; '' when
  none was set).
"""

from __future__ import annotations

from types import MappingProxyType

from .annual_report import DESCRIPTIONS as _ANNUAL_REPORT_DESCRIPTIONS
from .annual_report import VARIABLES as _ANNUAL_REPORT_VARIABLES

CODES: tuple[str, ...] = (
    "plan",
    "plan_amendment",
    "appointment_act",
    "start_notice",
    "extension_act",
    "extension_notice",
    "results_act",
    "refusal_act",
    "objection_reply",
    "followup_proposal",
    "portal_statement",
    "annual_report",
)
LANGS: tuple[str, ...] = ("kk", "ru")

#: Rule of RULES.md that describes each document's content.
RULES: MappingProxyType[str, str] = MappingProxyType({
    "plan": "R2.5",
    "plan_amendment": "R2.6",
    "appointment_act": "R7.2",
    "start_notice": "R7.3",
    "extension_act": "R9.3",
    "extension_notice": "R9.4",
    "results_act": "R11.1",
    "refusal_act": "R12.3",
    "objection_reply": "R12.2",
    "followup_proposal": "R16.2",
    "portal_statement": "R12.1",  # also R6.1, R12.4 (receipts) and R16.1 (reports)
    "annual_report": "R2.1",
})

#: Variables every template has.
COMMON: frozenset[str] = frozenset({
    "authority_name", "doc_number", "doc_date", "place", "verification_code", "verify_url",
    "verify_qr",
})

#: Variables the renderer supplies itself (never part of the caller's context).
RENDERED: frozenset[str] = frozenset({"verify_qr"})

DESCRIPTIONS: MappingProxyType[str, str] = MappingProxyType({
    # common
    "authority_name": "str — name of the authorised body (уәкілетті орган) issuing the "
                      "document, printed as the header",
    "doc_number": "str — number of this document",
    "doc_date": "str — formatted date of this document",
    "place": "str — place where the document is drawn up, e.g. 'Астана қаласы' / 'город Астана'",
    "verification_code": "str — code that lets anyone check the document's authenticity",
    "verify_url": "str — URL of the public verification page for this document",
    "verify_qr": "image — QR code (20 mm) encoding verify_url, made by the renderer from "
                 "verify_url (do not pass it); write {{ verify_qr }} on its own, e.g. in the "
                 "footer beside the verification code",
    # people and bodies
    "signatory": "person {full_name, position} — the person authorised to sign",
    "addressee": "person {full_name, position} — addressee as printed in the address block "
                 "(the caller supplies the grammatical form the language requires)",
    "inspectors": "list of person {full_name, position} — inspectors (лауазымды адамдар), non-empty",
    "specialists": "list of specialist {full_name, position, organisation} — engaged "
                   "specialists, consultants and experts; [] when none",
    "subject": "subject {name, location} — the control subject (бақылау субъектісі)",
    "subdivision": "subject {name, location} or None — the structural subdivision inspected",
    "subject_representative": "person {full_name, position} — head or authorised representative "
                              "of the control subject",
    "persons_present": "list of person {full_name, position} — other persons present during the "
                       "inspection; [] when none",
    # inspection
    "inspection_kind": "code: 'periodic' | 'unscheduled'",
    "subject_matter": "str — subject matter of the inspection (тексеру нысанасы)",
    "grounds": "list of str — grounds of the inspection with their basis documents, e.g. the "
               "plan item or a ground of R3.1 with number, date and author; non-empty",
    "inspection_start": "str — formatted start date of the inspection",
    "inspection_end": "str — formatted end date of the inspection (with an extension: the "
                      "extended end date)",
    "duration_days": "int — number of working days of the inspection (R9.1)",
    "period_from": "str — formatted first day of the inspected period",
    "period_to": "str — formatted last day of the inspected period",
    "appointment_act": "act reference {number, date} — the appointment act (тағайындау туралы акт); "
                       "in start_notice it may be None when not yet numbered",
    "extension_act": "act reference {number, date}; None in results_act when there was no extension",
    "results_act": "act reference {number, date} — the results act (тексеру нәтижелері туралы акт)",
    # plan
    "plan_year": "int or str — year the plan is for",
    "items": "list of {no, subject_name, location, timeframe, subject_matter} — plan items (R2.5)",
    "plan": "{number, date, year} — the approved plan being amended",
    "version": "int or str — number of the plan's new version made by the amendment",
    "ground": "code: 'liquidation' | 'reorganisation' | 'renaming' | 'redistribution' (R2.6)",
    "ground_details": "str — the circumstances of the ground (which body, what changed)",
    "basis_document": "{title, number, date} — the document on which the amendment is based",
    "changes": "list of {item_no, action, before, after} — action code 'change' | 'exclude' | "
               "'add'; before / after the wording of the item ('' when none)",
    # start notice
    "planned_start": "str — formatted planned start date and time of the inspection",
    # extension
    "current_end": "str — formatted current end date of the inspection",
    "new_end": "str — formatted end date after the extension",
    "extension_days": "int — working days of the extension (at most 15, R9.2)",
    "reasons": "str — reasons of the extension (may contain line breaks)",
    # results act
    "copy_number": "int 1 | 2 | 3 — copy of the results act (R10.2); the template prints "
                   "what the copy is for",
    "drawn_time": "str — time the act is drawn up, e.g. '16:30'",
    "results_summary": "str — the results of the inspection (what was examined, how)",
    "violations": "list of violation {no, requirement_ref, requirement_text, nature, remedy, "
                  "deadline, report_due}; [] prints the 'no violations found' text",
    "attachments": "list of str — documents attached to the act; [] when none",
    # refusal
    "refusal_reason": "str — the control subject's explanation of the refusal; '' when none given",
    # objection reply
    "objections": "{number, received} — incoming number and formatted date of receipt of the "
                  "remarks and/or objections",
    "points": "list of {no, objection, decision, reasons} — decision code 'accepted' | "
              "'partially_accepted' | 'rejected'; reasons: the reasoning",
    "conclusion": "str — closing conclusion of the reply; '' when none",
    # portal statements of the control subject (issue 16: signed by its representative)
    "statement_kind": "code — 'receipt' | 'receipt_refused' (R6.1, R12.4), 'objection' "
                      "(R12.1) or 'remediation_report' (R16.1)",
    "act_kind": "code — 'appointment_act' | 'results_act': the act the statement is about",
    "act": "act reference {number, date} of that act",
    "subject_bin": "str — BIN of the control subject",
    "sender": "person {full_name, position} — the head or representative who submits it",
    "submitted_at": "str — formatted date and time of submission",
    "text": "str — the explanation of a refusal, the note on the act (R12.1) or the "
            "description of the elimination (R16.1); '' when none",
    "statement_points": "list of {no, violation, text} — the points of the objections "
                        "(violation: '№ n' or ''); [] for other statements",
    "violation": "None or {no, requirement_ref, nature, remedy, deadline} — the violation a "
                 "remediation report is about",
    # follow-up
    "as_of": "str — formatted date on which the missing reports were established",
    # annual report (issue 15)
    **_ANNUAL_REPORT_DESCRIPTIONS,
})

VARIABLES: MappingProxyType[str, frozenset[str]] = MappingProxyType({
    "plan": COMMON | {"plan_year", "items", "signatory"},
    "plan_amendment": COMMON | {
        "plan", "version", "ground", "ground_details", "basis_document", "changes", "signatory",
    },
    "appointment_act": COMMON | {
        "inspectors", "specialists", "subject", "subdivision", "subject_matter",
        "inspection_kind", "inspection_start", "inspection_end", "duration_days", "grounds",
        "period_from", "period_to", "signatory",
    },
    "start_notice": COMMON | {
        "subject", "subdivision", "inspection_kind", "subject_matter", "planned_start",
        "appointment_act", "signatory",
    },
    "extension_act": COMMON | {
        "appointment_act", "subject", "inspection_kind", "subject_matter", "inspection_start",
        "current_end", "new_end", "extension_days", "reasons", "signatory",
    },
    "extension_notice": COMMON | {
        "subject", "appointment_act", "extension_act", "current_end", "new_end",
        "extension_days", "reasons", "signatory",
    },
    "results_act": COMMON | {
        "copy_number", "drawn_time", "appointment_act", "extension_act", "inspectors",
        "specialists", "subject", "subdivision", "subject_matter", "inspection_kind",
        "inspection_start", "inspection_end", "period_from", "period_to", "results_summary",
        "violations", "attachments", "subject_representative", "persons_present",
    },
    "refusal_act": COMMON | {
        "results_act", "appointment_act", "subject", "inspectors", "subject_representative",
        "refusal_reason",
    },
    "objection_reply": COMMON | {
        "subject", "results_act", "objections", "points", "conclusion", "signatory",
    },
    "followup_proposal": COMMON | {
        "addressee", "subject", "results_act", "appointment_act", "as_of", "subject_matter",
        "violations", "signatory",
    },
    "portal_statement": COMMON | {
        "statement_kind", "subject", "subject_bin", "act_kind", "act", "sender",
        "submitted_at", "text", "statement_points", "violation",
    },
    "annual_report": _ANNUAL_REPORT_VARIABLES,
})

#: Enumerated values: (code, path) → allowed values.  A path is a top-level variable
#: name, or "list_variable[].field" for a field of every element of a list.
ENUMS: MappingProxyType[tuple[str, str], frozenset] = MappingProxyType({
    (code, "inspection_kind"): frozenset({"periodic", "unscheduled"})
    for code in ("appointment_act", "start_notice", "extension_act", "results_act")
} | {
    ("plan_amendment", "ground"): frozenset(
        {"liquidation", "reorganisation", "renaming", "redistribution"}),
    ("plan_amendment", "changes[].action"): frozenset({"change", "exclude", "add"}),
    ("objection_reply", "points[].decision"): frozenset(
        {"accepted", "partially_accepted", "rejected"}),
    ("results_act", "copy_number"): frozenset({1, 2, 3}),
    ("portal_statement", "statement_kind"): frozenset(
        {"receipt", "receipt_refused", "objection", "remediation_report"}),
    ("portal_statement", "act_kind"): frozenset({"appointment_act", "results_act"}),
})


def known_variables(code: str) -> set[str]:
    """Top-level variables the templates of ``code`` may use (a fresh set)."""
    try:
        return set(VARIABLES[code])
    except KeyError:
        from .errors import DocumentError
        raise DocumentError(f"unknown document code: {code!r}") from None


def describe(code: str) -> dict[str, str]:
    """Variable name → description of its structure, for the variables of ``code``."""
    return {name: DESCRIPTIONS[name] for name in sorted(known_variables(code))}


def enum_problems(code: str, context: dict) -> list[str]:
    """Values of enumerated variables in ``context`` that are not allowed codes."""
    problems = []
    for (enum_code, path), allowed in ENUMS.items():
        if enum_code != code:
            continue
        if "[]." in path:
            name, field = path.split("[].")
            values = [item.get(field) for item in context.get(name) or ()
                      if isinstance(item, dict) and field in item]
        elif path in context:
            values = [context[path]]
        else:
            values = []
        for value in values:
            if value not in allowed:
                choices = ", ".join(repr(v) for v in sorted(allowed, key=str))
                problems.append(f"{path}: {value!r} is not one of {choices}")
    return problems
