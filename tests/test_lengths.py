"""Issue "Integrity", item 6: no value longer than its column reaches the database.  Every
``String(n)`` column of every model refuses n+1 characters with a translated message naming
the field — before any statement is sent (PostgreSQL would answer with an error, a 500)."""

from __future__ import annotations

import pytest
from sqlalchemy import String

from inspections.errors import ValidationFailed
from inspections.extensions import db


def _string_columns():
    for mapper in db.Model.registry.mappers:
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            if isinstance(column.type, String) and getattr(column.type, "length", None):
                yield mapper.class_, attr.key, column.type.length


COLUMNS = sorted(_string_columns(), key=lambda c: (c[0].__name__, c[1]))


def test_there_are_bounded_columns_to_check():
    assert len(COLUMNS) > 50


@pytest.mark.parametrize("model, key, length", COLUMNS,
                         ids=[f"{m.__name__}.{k}" for m, k, _ in COLUMNS])
def test_a_value_longer_than_its_column_is_refused_before_the_database(ctx, model, key,
                                                                        length):
    obj = model()
    setattr(obj, key, "Ә" * (length + 1))
    db.session.add(obj)
    with pytest.raises(ValidationFailed) as refused:
        db.session.flush()
    db.session.rollback()
    assert refused.value.field == key
    assert str(length) in str(refused.value.message)


def test_a_value_of_exactly_the_length_passes_the_check(ctx):
    from inspections.lengths import too_long
    from inspections.models import ControlSubject

    assert too_long(ControlSubject(name_kk="Ә" * 500)) is None
    assert too_long(ControlSubject(name_kk="Ә" * 501)) == ("name_kk", 500)

