"""statistics: region of control subjects, statistics placed on the internet resource,
private calendar feeds

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-01 15:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('control_subjects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=30), nullable=True))

    op.create_table('statistics_publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_statistics_publications_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_publications')),
    sa.UniqueConstraint('year', name=op.f('uq_statistics_publications_year'))
    )
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_feeds_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feeds_user_id'))
    )


def downgrade():
    op.drop_table('calendar_feeds')
    op.drop_table('statistics_publications')
    with op.batch_alter_table('control_subjects', schema=None) as batch_op:
        batch_op.drop_column('region')
