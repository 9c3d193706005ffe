"""Results kept per process until the data changes (issue 13).

Every change of the data writes an audit row in the same transaction (the house rule, kept
by every service), and writers of the audit chain are serialised until they commit
(:func:`audit.lock_chain`): so the newest audit row names a version of the whole database,
and a page whose content depends only on the data (and on the day, the language…) can be
computed once per version instead of on every request.  Reading the version is one small
statement (the newest row, by its primary key).

The version is read *before* anything the result depends on, never after: a change
committed in between makes the kept result newer than its version, which only means it is
worked out once more at the next version — a result is never kept under a version newer
than its data.  So a caller reads nothing the result depends on before calling
:func:`kept`, or reads :func:`version` first and passes it (``at_version``): the objects and
rows it loads after that are at least as new.

Used for the statutory clocks of the staff home and of the clocks page, the candidates'
ranking (R1.3) and their page, the representative's home cards (per body, R27.1) and the
statistics dashboard's tables.  Each process keeps its own (gunicorn workers do not share
memory); each kind of result keeps at most ``size`` entries, the least recently used going
first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from flask import current_app
from sqlalchemy import select

from ..extensions import db

T = TypeVar("T")

#: Where an application keeps its results: name → OrderedDict((key, version) → result).
_KEY = "bakylau.kept"
_lock = threading.Lock()


def version(*also) -> tuple:
    """The version of the data: the (id, hash) of the newest audit row — (None, None) while
    the log is empty — followed by the values of the scalar subqueries ``also`` (pass the
    same objects every time: the statement is built once for them), in one statement."""
    return tuple(db.session.execute(_version_statement(also)).one())


@cache
def _version_statement(also: tuple):
    from ..models import AuditEntry

    newest = select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1).scalar_subquery()
    return select(newest, select(AuditEntry.hash).where(AuditEntry.id == newest)
                  .scalar_subquery(), *also)


def kept(name: str, key: tuple, compute: Callable[[], T], *, also=(), size: int = 16,
         at_version: tuple | None = None) -> T:
    """The result of ``compute()`` for ``key`` at the current :func:`version` (with the
    scalar subqueries ``also``) — or at ``at_version``, read by the caller before it read
    anything the result depends on: worked out once per version and kept; ``name`` names
    the kind of result."""
    at = (key, at_version if at_version is not None else version(*also))
    store = current_app.extensions.setdefault(_KEY, {})
    with _lock:
        results = store.setdefault(name, OrderedDict())
        if at in results:
            results.move_to_end(at)
            return results[at]
    value = compute()
    with _lock:
        results[at] = value
        while len(results) > size:
            results.popitem(last=False)
    return value


def clear(app) -> None:
    """Forget every kept result of ``app`` (the tests, after emptying the database)."""
    with _lock:
        app.extensions.pop(_KEY, None)
