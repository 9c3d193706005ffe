"""national scale (issue 13): the R1.3 ranking of candidates kept in the database

A page of candidates ranked every body with findings on every request right after a change
(70 ms at national scale).  ``candidate_ranks`` keeps each body's score, sources, latest
finding and exclusion per plan year, brought up to date in the transaction that changes a
finding, a body's status or a plan item; a page reads one page of it along
``ix_candidate_ranks_order``.  ``candidate_rank_years`` lists the years kept with their numbers of bodies ranked and
left out; a year's rows are made the first time its candidates are shown.

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "candidate_rank_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ranked", sa.Integer(), nullable=False),
        sa.Column("left_out", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_candidate_rank_years")),
    )
    op.create_table(
        "candidate_ranks",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.Integer(), nullable=False),
        sa.Column("doubled", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("latest", sa.Date(), nullable=False),
        sa.Column("plan_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["subject_id"], ["control_subjects.id"],
                                name=op.f("fk_candidate_ranks_subject_id_control_subjects")),
        sa.PrimaryKeyConstraint("year", "subject_id", name=op.f("pk_candidate_ranks")),
    )
    op.create_index("ix_candidate_ranks_order", "candidate_ranks",
                    ["year", "excluded", sa.text("doubled DESC"), sa.text("sources DESC"),
                     sa.text("latest DESC"), "subject_id"], unique=False)


def downgrade():
    op.drop_index("ix_candidate_ranks_order", table_name="candidate_ranks")
    op.drop_table("candidate_ranks")
    op.drop_table("candidate_rank_years")
