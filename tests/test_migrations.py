"""The schema is built only by migrations, and they agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from inspections.extensions import db
from inspections.models.registry import include_in_autogenerate


def test_migrations_agree_with_models(ctx):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_in_autogenerate})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
