"""The one transition helper: every status change of an inspection, and every change of a
plan, an objection or a remediation report that must happen once, goes through here.

Concurrency (two submits of the same form at the same moment, a double click, a replayed
request): the object being moved is

* **locked** — ``SELECT … FOR UPDATE`` on its row (PostgreSQL), so that a second
  transaction waits until the first has committed; it then sees a newer ``lock_version``
  than the one it loaded and is refused with :class:`ConcurrentChange`;
* **versioned** — the models carry a ``lock_version`` column that SQLAlchemy checks on
  every UPDATE (``version_id_col``), so that a stale write fails on flush on any database
  (SQLite has no row locks; there the loser's UPDATE finds no row of its version).

The loser of a race gets "changed meanwhile — reload" (409 or a redirect with the message,
see ``inspections.web``), never a second act, number or document.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect, select

from .. import lifecycle, permissions
from ..errors import ConcurrentChange, PermissionDenied, RuleViolation
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..labels import INSPECTION_STATUS_LABELS
from ..models.inspections import Inspection
from . import audit

CHANGED_MEANWHILE = _l("This record was changed by someone else meanwhile — reload the page "
                       "and try again.")


def lock(obj) -> None:
    """Lock ``obj``'s row until the transaction ends and refuse if it changed since it was
    loaded.  Only on PostgreSQL; elsewhere the version check on flush does the work."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    state = inspect(obj)
    if state.key is None:  # not yet in the database: nobody else can hold it
        return
    model = type(obj)
    loaded = obj.lock_version
    current = db.session.execute(
        select(model.lock_version).where(model.id == obj.id).with_for_update()
    ).scalar()
    if current is None or current != loaded:
        raise ConcurrentChange(CHANGED_MEANWHILE)


def expect(actor, inspection: Inspection, action: str) -> lifecycle.Transition:
    """Refuse early, before any guard: the table must allow the step for this role.  The
    inspection's row is locked first (see :func:`lock`)."""
    lock(inspection)
    try:
        step = lifecycle.transition(inspection.status, action)
    except lifecycle.IllegalTransition as e:
        raise RuleViolation(_l("This step is not possible in the current state (%(state)s).",
                               state=INSPECTION_STATUS_LABELS[inspection.status]),
                            rule=e.rule) from e
    if not permissions.can_act_on_inspection(actor, inspection, action):
        raise PermissionDenied(_l("Your role may not take this step."))
    return step


def move(actor, inspection: Inspection, action: str, *, now: datetime, data=None) -> None:
    """The only place where ``Inspection.status`` changes: lock, table, role, audit."""
    step = expect(actor, inspection, action)
    before = inspection.status
    inspection.status = step.target
    audit.record(actor, f"inspection.{action}", inspection,
                 data={"from": before, "to": step.target, **(data or {})}, now=now)
