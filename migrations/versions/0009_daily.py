"""daily work: locations of bodies, subdivisions and objects, and the positions and
organisations of engaged specialists, kept in Kazakh and Russian (both filled from today's
single value)

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01 15:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None

# (table, old column, new Kazakh column, new Russian column, length)
_PAIRS = (
    ('control_subjects', 'location', 'location_kk', 'location_ru', 500),
    ('subdivisions', 'location', 'location_kk', 'location_ru', 500),
    ('subject_objects', 'address', 'address_kk', 'address_ru', 500),
    ('inspection_specialists', 'position', 'position_kk', 'position_ru', 255),
    ('inspection_specialists', 'organisation', 'organisation_kk', 'organisation_ru', 500),
)


def upgrade():
    for table, old, kk, ru, length in _PAIRS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(old, new_column_name=kk, existing_type=sa.String(length),
                                  existing_nullable=False)
            batch_op.add_column(sa.Column(ru, sa.String(length), nullable=False,
                                          server_default=''))
        op.execute(f"UPDATE {table} SET {ru} = {kk}")
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(ru, server_default=None, existing_type=sa.String(length),
                                  existing_nullable=False)


def downgrade():
    for table, old, kk, ru, length in reversed(_PAIRS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(ru)
            batch_op.alter_column(kk, new_column_name=old, existing_type=sa.String(length),
                                  existing_nullable=False)
