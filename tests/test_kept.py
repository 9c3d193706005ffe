"""``services/kept.py`` (issue 13): a result is worked out once per version of the data —
the newest audit row, which every change writes — and again after any change."""

from __future__ import annotations

from inspections.actors import SYSTEM
from inspections.extensions import db
from inspections.services import audit, kept

from .conftest import NOW


def _change(n: int) -> None:
    audit.record(SYSTEM, "test.changed", object_type="tests", object_id=n, now=NOW)
    db.session.commit()


def test_worked_out_once_per_version_and_again_after_a_change(ctx):
    calls = []

    def compute(key):
        calls.append(key)
        return f"result {len(calls)}"

    assert kept.version() == (None, None)  # an empty log is a version too
    first = kept.kept("test", ("a",), lambda: compute("a"))
    assert kept.kept("test", ("a",), lambda: compute("a")) == first
    assert calls == ["a"]
    kept.kept("test", ("b",), lambda: compute("b"))  # another key: worked out
    assert calls == ["a", "b"]
    _change(1)
    assert kept.version()[0] is not None
    assert kept.kept("test", ("a",), lambda: compute("a")) != first
    assert calls == ["a", "b", "a"]
    kept.clear(ctx)
    kept.kept("test", ("a",), lambda: compute("a"))
    assert calls == ["a", "b", "a", "a"]


def test_a_change_left_uncommitted_is_not_a_version(ctx):
    """The version is read by the request's own transaction: a change rolled back leaves
    the version as it was (and a result worked out meanwhile is kept under it only until the
    next committed change)."""
    _change(1)
    before = kept.version()
    audit.record(SYSTEM, "test.changed", object_type="tests", object_id=2, now=NOW)
    db.session.rollback()
    assert kept.version() == before


def test_the_subqueries_read_with_the_version_are_part_of_it(ctx):
    """``also``: e.g. the newest finding, for the candidates' ranking — a row inserted
    without an audit row changes it, and the result is worked out again."""
    from sqlalchemy import func, select

    from inspections.models import ControlSubject

    newest = select(func.max(ControlSubject.id)).scalar_subquery()
    calls = []
    kept.kept("test", (), lambda: calls.append(1), also=(newest,))
    kept.kept("test", (), lambda: calls.append(1), also=(newest,))
    assert calls == [1]
    subject = ControlSubject(bin="990140000017", name_kk="Сынақ", name_ru="Тест",
                             location_kk="Астана", location_ru="Астана", kind="central",
                             status="active", created_at=NOW)
    db.session.add(subject)  # no audit row
    db.session.commit()
    assert kept.version(newest)[:2] == (None, None)
    assert kept.version(newest)[2] == subject.id
    kept.kept("test", (), lambda: calls.append(1), also=(newest,))
    assert calls == [1, 1]


def test_each_kind_keeps_at_most_its_size(ctx):
    for n in range(5):
        kept.kept("sized", (n,), lambda n=n: n, size=3)
    calls = []
    for n in (2, 3, 4):  # the newest three are kept
        assert kept.kept("sized", (n,), lambda n=n: calls.append(n), size=3) == n
    assert calls == []
    kept.kept("sized", (0,), lambda: calls.append(0), size=3)
    assert calls == [0]
