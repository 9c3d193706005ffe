"""Where an inspection stands: the stepper and the steps that are blocked — pure, no Flask,
no database.

``stepper`` maps a status to the nine steps a person follows (appointment → notice → start
→ fieldwork → extension → results → delivery → objections and remediation → closed).
``blockers`` names, for a step the transition table allows now, what the law still
requires before it can be taken, with the rule: the page shows such a step greyed with
"Close — R16.1: violation No. 2 not settled" instead of a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from . import lifecycle as lc

STEPS = ("appointment", "notice", "start", "fieldwork", "extension", "results", "delivery",
         "remediation", "closed")

_STEP_OF_STATUS = {
    lc.DRAFT: "appointment",
    lc.APPOINTED: "notice",
    lc.NOTIFIED: "start",
    lc.STARTED: "start",
    lc.ADMISSION_REFUSED: "start",
    lc.FIELDWORK: "fieldwork",
    lc.EXTENSION_REQUESTED: "extension",
    lc.EXTENSION_APPROVED: "extension",
    lc.EXTENDED: "extension",
    lc.RESULTS_DRAFTED: "results",
    lc.RESULTS_ISSUED: "delivery",
    lc.DELIVERED: "remediation",
    lc.CLOSED: "closed",
}


def current_step(status: str) -> str | None:
    """The step in progress (None for a cancelled inspection)."""
    return _STEP_OF_STATUS.get(status)


def stepper(status: str, *, had_extension: bool) -> list[tuple[str, str]]:
    """``(step, state)`` for the nine steps; state is ``done``, ``current``, ``todo`` or
    ``skipped`` (the extension, when fieldwork ended without one)."""
    current = current_step(status)
    if current is None:
        return [(s, "todo") for s in STEPS]
    at = STEPS.index(current)
    out = []
    for i, step in enumerate(STEPS):
        if status == lc.CLOSED:
            state = "done"
        elif i < at:
            state = "done"
        elif i == at:
            state = "current"
        else:
            state = "todo"
        if step == "extension" and not had_extension and i < at:
            state = "skipped"
        out.append((step, state))
    return out


@dataclass
class Facts:
    """What the page knows of the inspection, gathered by the view (dates in Almaty)."""

    today: date
    now: datetime | None = None
    missing_act_elements: list[str] = field(default_factory=list)
    deliver_from: datetime | None = None          # R7.3: notice + 24 hours
    extension_notice_by: date | None = None       # R9.4
    unsettled_violations: list[int] = field(default_factory=list)  # numbers (R16.1)
    objections_pending: int = 0                   # R12.2
    copy1_sent: bool = True                       # R10.2


def blockers(action: str, facts: Facts) -> list[tuple[str, str, dict]]:
    """``(rule, reason code, params)`` for each thing still missing before ``action``."""
    out: list[tuple[str, str, dict]] = []
    if action == "issue_act" and facts.missing_act_elements:
        out.append(("R7.2", "act_elements_missing", {"n": len(facts.missing_act_elements)}))
    if action == "deliver_act" and facts.deliver_from and facts.now \
            and facts.now < facts.deliver_from:
        out.append(("R7.3", "notice_24h", {"at": facts.deliver_from}))
    if action in ("approve_extension", "deliver_extension_notice") \
            and facts.extension_notice_by and facts.today > facts.extension_notice_by:
        out.append(("R9.4", "notice_too_late", {"day": facts.extension_notice_by}))
    if action == "close":
        for no in facts.unsettled_violations:
            out.append(("R16.1", "violation_unsettled", {"n": no}))
        if facts.objections_pending:
            out.append(("R12.2", "objections_pending", {"n": facts.objections_pending}))
        if not facts.copy1_sent:
            out.append(("R10.2", "copy1_not_sent", {}))
    return out
