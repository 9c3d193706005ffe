"""law read closer: act dates per number series, reporting date and commission of violations,
evidence date, National Bank marker, confirmation of processing outside functions

Revision ID: 0006
Revises: 0010
Create Date: 2026-12-01 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    # R2.7 / act dates: the date of the last act issued in the number series, beside the counter
    with op.batch_alter_table('act_counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_date', sa.Date(), nullable=True))
    # R16.1: the reporting date; catalogue section: when the violation was committed;
    # Art. 19 (2) (1): processing outside the body's functions confirmed
    with op.batch_alter_table('violations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('committed_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('committed_to', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('outside_functions', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # R4.1: the day each item of evidence was obtained
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('obtained_on', sa.Date(), nullable=True))
    # R27.2: the National Bank of Kazakhstan and its organisations
    with op.batch_alter_table('control_subjects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('national_bank', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # Catalogue: Law No. 44-VIII is dated 11 December 2023 (the source writes year.day.month)
    op.execute("UPDATE requirements SET source = REPLACE(source, '44-VIII of 12 Dec 2023', "
               "'44-VIII of 11 Dec 2023')")


def downgrade():
    with op.batch_alter_table('control_subjects', schema=None) as batch_op:
        batch_op.drop_column('national_bank')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('obtained_on')
    with op.batch_alter_table('violations', schema=None) as batch_op:
        batch_op.drop_column('outside_functions')
        batch_op.drop_column('committed_to')
        batch_op.drop_column('committed_from')
        batch_op.drop_column('report_due')
    with op.batch_alter_table('act_counters', schema=None) as batch_op:
        batch_op.drop_column('last_date')
