"""national scale (issue 13): the names of control subjects indexed in their collations

The registry list and the subject pickers show bodies in Kazakh or Russian alphabetical
order (ICU collations ``kk-x-icu`` and ``ru-x-icu``, see inspections/collation.py) a page
at a time; with these indexes PostgreSQL reads the first rows of that order instead of
sorting every body of the country.  PostgreSQL only (SQLite sorts in Python's collation).

Revision ID: 0014
Revises: 0009
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None

INDEXES = (("ix_control_subjects_name_kk_icu", "name_kk", "kk-x-icu"),
           ("ix_control_subjects_name_ru_icu", "name_ru", "ru-x-icu"))


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, column, collation in INDEXES:
        op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON control_subjects '
                   f'({column} COLLATE "{collation}", id)')


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _column, _collation in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
