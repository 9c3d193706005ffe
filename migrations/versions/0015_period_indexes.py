"""national scale (issue 13): the dates the statistics slice a period by, indexed

The dashboard, its exports and the annual report select the acts issued and delivered,
the violations due, the objections received, the plan items starting and the unscheduled
inspections appointed in a period; with these indexes a year is read without scanning ten.
The findings list shows the newest first: (found_on, id) lets it read one page.

Revision ID: 0015
Revises: 0014
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

INDEXES = (("inspections", "act_date"), ("plan_items", "starts_on"),
           ("results_acts", "issued_at"), ("results_acts", "delivered_at"),
           ("violations", "deadline"), ("objections", "received_on"))


def upgrade():
    for table, column in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index("ix_findings_found_on_id", ["found_on", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index("ix_findings_found_on_id")
    for table, column in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
