"""Loading the collections of objects already in hand, one statement each (issue 13).

SQLAlchemy's ``selectinload`` builds its statement anew, with the loader options below
it, and works out its cache key on every request: on this project's machines about
1.8 ms a collection, three times the statement itself.  :func:`load` reads a one-to-many
collection with a statement built once per (relationship, options) and stores the rows as
the collection's loaded value, as ``selectinload`` would: one statement per collection,
whatever the number of parents or rows.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import set_committed_value

from .extensions import db

#: Parents' keys per statement (``selectinload`` reads 500 at a time too).
CHUNK = 500


def load(parents, attribute, options: tuple = ()) -> None:
    """Fill ``attribute`` — a one-to-many relationship such as ``Inspection.grounds`` — of
    every object of ``parents`` in one statement, in the relationship's order (else by
    primary key).  ``options``: loader options of the rows (the same tuple every time;
    it keys the built statement)."""
    parents = [p for p in parents if p is not None]
    if not parents:
        return
    stmt, parent_key, child_key = _statement(attribute, tuple(options))
    rows: dict = defaultdict(list)
    keys = sorted({getattr(p, parent_key) for p in parents})
    for start in range(0, len(keys), CHUNK):  # as selectinload: at most CHUNK keys an IN
        chunk = keys[start:start + CHUNK]
        for child in db.session.execute(stmt, {"parents": chunk}).unique().scalars():
            rows[getattr(child, child_key)].append(child)
    name = attribute.property.key
    for parent in parents:
        set_committed_value(parent, name, rows.get(getattr(parent, parent_key), []))


@cache
def _statement(attribute, options: tuple):
    prop = attribute.property
    plain = (prop.uselist and prop.secondary is None and len(prop.local_remote_pairs) == 1
             and prop.primaryjoin.compare(
                 prop.local_remote_pairs[0][0] == prop.local_remote_pairs[0][1]))
    if not plain:  # a join with more conditions would lose them here
        raise ValueError(f"{attribute} is not a plain one-to-many relationship")
    (local, remote), = prop.local_remote_pairs
    target = prop.mapper
    order = prop.order_by or target.primary_key
    stmt = (select(target.class_).where(remote.in_(bindparam("parents", expanding=True)))
            .order_by(*order))
    if options:
        stmt = stmt.options(*options)
    return (stmt, prop.parent.get_property_by_column(local).key,
            target.get_property_by_column(remote).key)
