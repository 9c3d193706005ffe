"""The inspection lifecycle: one declarative transition table — pure, no Flask, no database.

``TRANSITIONS`` maps (state, action) to the target state, the roles that may act, the guard
that the service evaluates with the facts it has, and the rule of RULES.md behind the step.
Statuses change only through :func:`transition`, called from ``services.inspections``;
every change writes an audit row in the same transaction (there).  The help page draws the
diagram from this table (:func:`diagram_svg`), so the picture cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

# States (codes stored in the database)
DRAFT = "draft"
APPOINTED = "appointed"
NOTIFIED = "notified"
STARTED = "started"
FIELDWORK = "fieldwork"
EXTENSION_REQUESTED = "extension_requested"
EXTENSION_APPROVED = "extension_approved"
EXTENDED = "extended"
ADMISSION_REFUSED = "admission_refused"
CANCELLED = "cancelled"
# part 2: the results act and after (R10.1–R17.1)
RESULTS_DRAFTED = "results_drafted"
RESULTS_ISSUED = "results_issued"
DELIVERED = "delivered"
CLOSED = "closed"

STATES = (DRAFT, APPOINTED, NOTIFIED, STARTED, FIELDWORK, EXTENSION_REQUESTED,
          EXTENSION_APPROVED, EXTENDED, ADMISSION_REFUSED, CANCELLED, RESULTS_DRAFTED,
          RESULTS_ISSUED, DELIVERED, CLOSED)

INSPECTOR = "inspector"
HEAD = "head"

# States in which the inspectors are at work (evidence may be added, the clock runs).
ON_SITE = frozenset({STARTED, FIELDWORK, EXTENSION_REQUESTED, EXTENSION_APPROVED, EXTENDED})
# States after the results act was delivered: objections, remediation, appeals (R12–R17).
AFTER_DELIVERY = frozenset({DELIVERED, CLOSED})
# States an inspection ends in; the others are "in progress" (the staff home lists those).
FINISHED = frozenset({CANCELLED, CLOSED})
IN_PROGRESS = tuple(s for s in STATES if s not in FINISHED)


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    target: str
    roles: frozenset[str]
    guard: str | None  # name of the guard the service checks (see services.inspections)
    rule: str          # the rule of RULES.md this step enforces


def _t(state, action, target, roles, guard=None, rule=""):
    return Transition(state, action, target, frozenset(roles), guard, rule)


TRANSITIONS: tuple[Transition, ...] = (
    _t(DRAFT, "issue_act", APPOINTED, {INSPECTOR}, "act_complete", "R7.2"),
    _t(DRAFT, "cancel", CANCELLED, {INSPECTOR, HEAD}, None, "R7.1"),
    _t(APPOINTED, "record_notice", NOTIFIED, {INSPECTOR}, "notice_complete", "R7.3"),
    _t(NOTIFIED, "deliver_act", STARTED, {INSPECTOR}, "notice_24_hours", "R7.4"),
    _t(STARTED, "record_arrival", FIELDWORK, {INSPECTOR}, "arrival_documents", "R8.1"),
    _t(STARTED, "refuse_admission", ADMISSION_REFUSED, {INSPECTOR}, "refusal_reason", "R5.1"),
    _t(ADMISSION_REFUSED, "reissue", DRAFT, {INSPECTOR}, None, "R5.1"),
    _t(ADMISSION_REFUSED, "cancel", CANCELLED, {INSPECTOR, HEAD}, None, "R5.1"),
    _t(FIELDWORK, "request_extension", EXTENSION_REQUESTED, {INSPECTOR},
       "first_extension", "R9.2"),
    _t(EXTENSION_REQUESTED, "approve_extension", EXTENSION_APPROVED, {HEAD},
       "extension_limits", "R9.2"),
    _t(EXTENSION_REQUESTED, "refuse_extension", FIELDWORK, {HEAD}, None, "R9.2"),
    _t(EXTENSION_APPROVED, "deliver_extension_notice", EXTENDED, {INSPECTOR},
       "extension_notice_in_time", "R9.4"),
    # part 2: results act (R10.1, R11.1), its copies (R10.2), delivery and end (R13.1,
    # R12.3, R12.4, R14.1), closure once every violation is settled (R16.1, R16.2)
    _t(FIELDWORK, "draw_results", RESULTS_DRAFTED, {INSPECTOR}, None, "R10.1"),
    _t(EXTENSION_APPROVED, "draw_results", RESULTS_DRAFTED, {INSPECTOR}, None, "R10.1"),
    _t(EXTENDED, "draw_results", RESULTS_DRAFTED, {INSPECTOR}, None, "R10.1"),
    _t(RESULTS_DRAFTED, "issue_results", RESULTS_ISSUED, {INSPECTOR}, "results_complete",
       "R11.1"),
    _t(RESULTS_ISSUED, "deliver_results", DELIVERED, {INSPECTOR}, "remedy_deadlines",
       "R13.1"),
    _t(RESULTS_ISSUED, "refuse_results", DELIVERED, {INSPECTOR}, "remedy_deadlines",
       "R12.3"),
    _t(DELIVERED, "close", CLOSED, {INSPECTOR, HEAD}, "violations_settled", "R16.1"),
)

_TABLE = {(t.state, t.action): t for t in TRANSITIONS}
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))

# Which rule forbids an action that the current state does not allow.
_FORBIDDING_RULE = {
    "record_notice": "R7.1",
    "deliver_act": "R7.3",
    "record_arrival": "R7.4",
    "refuse_admission": "R5.1",
    "request_extension": "R9.2",
    "approve_extension": "R9.2",
    "refuse_extension": "R9.2",
    "deliver_extension_notice": "R9.4",
    "issue_act": "R7.1",
    "reissue": "R5.1",
    "cancel": "R7.1",
    "draw_results": "R10.1",
    "issue_results": "R11.1",
    "deliver_results": "R13.1",
    "refuse_results": "R12.3",
    "close": "R16.1",
}


class IllegalTransition(Exception):
    """The action is not possible in this state; ``rule`` names the rule that forbids it."""

    def __init__(self, state: str, action: str, rule: str):
        super().__init__(f"{action} is not allowed in state {state} ({rule})")
        self.state, self.action, self.rule = state, action, rule


def forbidding_rule(state: str, action: str) -> str:
    """R7.1: before the act is issued nothing else happens; otherwise the action's rule."""
    if state == DRAFT and action != "issue_act":
        return "R7.1"
    if action == "request_extension" and state in (EXTENSION_REQUESTED, EXTENSION_APPROVED,
                                                   EXTENDED):
        return "R9.2"  # only once
    return _FORBIDDING_RULE.get(action, "R7.1")


def transition(state: str, action: str) -> Transition:
    """The transition for (state, action), or IllegalTransition naming the rule."""
    found = _TABLE.get((state, action))
    if found is None:
        raise IllegalTransition(state, action, forbidding_rule(state, action))
    return found


def available(state: str, roles: Iterable[str]) -> list[Transition]:
    """The actions this person may take now, in table order (for the buttons)."""
    roles = set(roles)
    return [t for t in TRANSITIONS if t.state == state and roles & t.roles]


def may(state: str, action: str, roles: Iterable[str]) -> bool:
    t = _TABLE.get((state, action))
    return t is not None and bool(set(roles) & t.roles)


def _layers() -> dict[str, int]:
    """Depth of each state from DRAFT along the table (for the diagram)."""
    depth = {DRAFT: 0}
    frontier = [DRAFT]
    while frontier:
        nxt = []
        for state in frontier:
            for t in TRANSITIONS:
                if t.state == state and t.target not in depth:
                    depth[t.target] = depth[state] + 1
                    nxt.append(t.target)
        frontier = nxt
    for state in STATES:
        depth.setdefault(state, max(depth.values()) + 1)
    return depth


def diagram_svg(state_label=str, action_label=str, current: str | None = None) -> str:
    """An SVG drawing of TRANSITIONS: states as boxes by depth, actions as labelled arrows."""
    depth = _layers()
    columns: dict[int, list[str]] = {}
    for state in STATES:
        columns.setdefault(depth[state], []).append(state)
    box_w, box_h, gap_x, gap_y = 170, 44, 70, 46
    pos = {}
    for col, states in columns.items():
        for row, state in enumerate(states):
            pos[state] = (20 + col * (box_w + gap_x), 20 + row * (box_h + gap_y))
    width = 40 + (max(columns) + 1) * (box_w + gap_x)
    height = 40 + max(len(s) for s in columns.values()) * (box_h + gap_y) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" class="lifecycle-diagram" font-family="sans-serif" font-size="11">',
           '<defs><marker id="arr" markerWidth="8" markerHeight="8" refX="7" refY="4" '
           'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>']
    for i, t in enumerate(TRANSITIONS):
        (x1, y1), (x2, y2) = pos[t.state], pos[t.target]
        sx, sy = x1 + box_w, y1 + box_h / 2
        ex, ey = x2, y2 + box_h / 2
        if x2 <= x1:  # backwards: go below the boxes
            sx, sy, ex, ey = x1 + box_w / 2, y1 + box_h, x2 + box_w / 2, y2 + box_h
            mid_y = max(sy, ey) + 22 + (i % 3) * 6
            path = f"M{sx},{sy} C{sx},{mid_y} {ex},{mid_y} {ex},{ey}"
            lx, ly = (sx + ex) / 2, mid_y - 2
        else:
            path = f"M{sx},{sy} C{sx + 30},{sy} {ex - 30},{ey} {ex},{ey}"
            lx, ly = (sx + ex) / 2, (sy + ey) / 2 - 4
        out.append(f'<path d="{path}" fill="none" stroke="#555" marker-end="url(#arr)"/>')
        out.append(f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" fill="#333">'
                   f'{escape(str(action_label(t.action)))} ({t.rule})</text>')
    for state, (x, y) in pos.items():
        fill = "#cfe2ff" if state == current else "#f8f9fa"
        out.append(f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" '
                   f'fill="{fill}" stroke="#0d6efd"/>')
        out.append(f'<text x="{x + box_w / 2}" y="{y + box_h / 2 + 4}" text-anchor="middle" '
                   f'font-weight="bold">{escape(str(state_label(state)))}</text>')
    out.append("</svg>")
    return "\n".join(out)
