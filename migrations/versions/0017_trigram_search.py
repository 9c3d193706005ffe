"""national scale (issue 13): the registry search and the subject pickers by trigrams

"Name, BIN or location contains …" is ``ILIKE '%…%'``, which no b-tree index serves: every
search read all the bodies of the country (a name that matches nothing: 35 ms).  Trigram
indexes (``pg_trgm``, shipped with PostgreSQL and a trusted extension: the database's
owner may create it) let PostgreSQL read only the bodies that may match.  PostgreSQL only;
SQLite scans its small tables.

Revision ID: 0017
Revises: 0015
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None

COLUMNS = ("name_kk", "name_ru", "bin", "location_kk", "location_ru")
INDEXES = tuple((f"ix_control_subjects_{column}_trgm", column) for column in COLUMNS)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON control_subjects "
                   f"USING gin ({column} gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _column in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    # the extension stays: other schemas of the database may use it
