"""national scale (issue 13): the dashboard's counts read from indexes alone

Remediation (R16.1, R16.2) counts the violations whose deadline falls in the period by
their status and follow-up inspection: with (deadline, status, followup_inspection_id, id)
PostgreSQL reads a year of them from the index alone (10 pages, not the 490 pages of the
table they lie on).  It replaces the index on the deadline alone (migration 0015), which
it also serves.  Results acts delivered after the end in force (R13.1): with
(term_breached, delivered_at) only the late ones of the period are read, not every act
delivered in it.

Revision ID: 0018
Revises: 0017
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.create_index("ix_violations_deadline_outcome",
                              ["deadline", "status", "followup_inspection_id", "id"],
                              unique=False)
        batch_op.drop_index("ix_violations_deadline")
    with op.batch_alter_table("results_acts", schema=None) as batch_op:
        batch_op.create_index("ix_results_acts_term_breached_delivered_at",
                              ["term_breached", "delivered_at"], unique=False)


def downgrade():
    with op.batch_alter_table("results_acts", schema=None) as batch_op:
        batch_op.drop_index("ix_results_acts_term_breached_delivered_at")
    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.create_index("ix_violations_deadline", ["deadline"], unique=False)
        batch_op.drop_index("ix_violations_deadline_outcome")
