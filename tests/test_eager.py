"""inspections.eager: collections of objects in hand, one statement each (issue 13)."""

from __future__ import annotations

import pytest

from bench.pages import counting
from inspections import eager
from inspections.extensions import db
from inspections.models import ControlSubject
from inspections.models.registry import Subdivision
from inspections.models.results import Violation


def _subdivision(subject, name):
    row = Subdivision(subject_id=subject.id, name_kk=name, name_ru=name, location_kk="Астана")
    db.session.add(row)
    return row


def test_collections_of_many_parents_in_one_statement_in_the_relationship_order(
        ctx, make_subject, monkeypatch):
    first, second, empty = make_subject("Бір"), make_subject("Екі"), make_subject("Үш")
    for subject, names in ((first, "a b c"), (second, "d e")):
        for name in names.split():
            _subdivision(subject, name)
    db.session.commit()
    ids = [first.id, second.id, empty.id]
    db.session.expunge_all()
    parents = [db.session.get(ControlSubject, i) for i in ids]
    monkeypatch.setattr(eager, "CHUNK", 2)  # three parents: two statements of at most two
    with counting() as box:
        eager.load([*parents, None, parents[0]], ControlSubject.subdivisions)
        names = [[s.name_kk for s in p.subdivisions] for p in parents]
    assert names == [["a", "b", "c"], ["d", "e"], []]
    assert box["n"] == 2  # reading the collections afterwards sends nothing


def test_a_relationship_that_is_not_a_plain_one_to_many_is_refused(ctx):
    with pytest.raises(ValueError, match="plain one-to-many"):
        eager.load([Violation(no=1)], Violation.evidence)  # many-to-many through a table
