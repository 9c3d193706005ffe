"""Lifecycle of the annual plan: one declarative transition table (R2.1, R2.3, R2.4, R2.6).

Pure: no Flask, no database.  ``(state, action) → (target, roles)``; the services look a
transition up here, and refuse what is not in the table.

    draft ──submit (inspector)──▶ submitted ──approve (first head)──▶ approved
      ▲                              │                                  │
      └───────return (first head)────┘                     publish (first head, inspector)
                                                                        ▼
    approved / published ──amend (first head, R2.6)──▶ same state     published

Items are added and removed only in ``draft``.  Once approved, the plan changes only
through an approved amendment on one of the four grounds of R2.6.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .deadlines import (
    plan_approval_deadline,
    plan_approval_warning_from,
    plan_publication_deadline,
)

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
PUBLISHED = "published"
STATES = (DRAFT, SUBMITTED, APPROVED, PUBLISHED)

SUBMIT = "submit"
RETURN = "return"
APPROVE = "approve"
PUBLISH = "publish"
AMEND = "amend"

INSPECTOR = "inspector"
FIRST_HEAD = "first_head"


@dataclass(frozen=True)
class Transition:
    target: str
    roles: frozenset[str]


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (DRAFT, SUBMIT): Transition(SUBMITTED, frozenset({INSPECTOR})),
    (SUBMITTED, RETURN): Transition(DRAFT, frozenset({FIRST_HEAD})),
    (SUBMITTED, APPROVE): Transition(APPROVED, frozenset({FIRST_HEAD})),  # R2.1
    (APPROVED, PUBLISH): Transition(PUBLISHED, frozenset({FIRST_HEAD, INSPECTOR})),  # R2.4
    (APPROVED, AMEND): Transition(APPROVED, frozenset({FIRST_HEAD})),  # R2.6
    (PUBLISHED, AMEND): Transition(PUBLISHED, frozenset({FIRST_HEAD})),  # R2.6
}

#: States in which items may be added or removed.
EDITABLE = frozenset({DRAFT})
#: States of an approved plan (R2.6: changed only by an amendment).
APPROVED_STATES = frozenset({APPROVED, PUBLISHED})

#: R2.6: the four grounds of an amendment, and the changes each may make.
GROUND_LIQUIDATION = "liquidation"
GROUND_REORGANISATION = "reorganisation"
GROUND_RENAMING = "renaming"
GROUND_REDISTRIBUTION = "redistribution"
GROUNDS = (GROUND_LIQUIDATION, GROUND_REORGANISATION, GROUND_RENAMING, GROUND_REDISTRIBUTION)

CHANGE = "change"
EXCLUDE = "exclude"
ADD = "add"
CHANGE_ACTIONS = (CHANGE, EXCLUDE, ADD)

GROUND_ACTIONS: dict[str, frozenset[str]] = {
    GROUND_LIQUIDATION: frozenset({EXCLUDE}),
    GROUND_REORGANISATION: frozenset({CHANGE, EXCLUDE, ADD}),
    GROUND_RENAMING: frozenset({CHANGE}),
    GROUND_REDISTRIBUTION: frozenset({CHANGE, EXCLUDE, ADD}),
}


def transition(state: str, action: str) -> Transition | None:
    return TRANSITIONS.get((state, action))


def can(state: str, action: str, roles) -> bool:
    """True when ``action`` is allowed in ``state`` for a user with ``roles``."""
    t = transition(state, action)
    return t is not None and bool(t.roles & frozenset(roles or ()))


def actions_for(state: str, roles) -> list[str]:
    """The actions a user with ``roles`` may take on a plan in ``state`` (for buttons)."""
    return [action for (s, action), t in TRANSITIONS.items()
            if s == state and t.roles & frozenset(roles or ())]


def approval_is_late(year: int, approved_on: date) -> bool:
    """R2.3: an approval after 1 December of ``year - 1`` is late (flagged)."""
    return approved_on > plan_approval_deadline(year).day


def publication_is_late(year: int, published_on: date) -> bool:
    """R2.4: a publication after 20 December of ``year - 1`` is late (flagged)."""
    return published_on > plan_publication_deadline(year).day


def reminder_years(today: date) -> list[int]:
    """R2.3: plan years whose approval the first head is reminded of on ``today``: next
    year's plan from 15 November, and this year's plan while it is still unapproved."""
    years = [today.year]
    if today >= plan_approval_warning_from(today.year + 1):
        years.insert(0, today.year + 1)
    return years
