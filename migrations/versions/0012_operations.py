"""operations: shared file storage in the database (STORAGE_URL=database)

Revision ID: 0012
Revises: 0005
Create Date: 2026-12-01 15:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_files',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )


def downgrade():
    op.drop_table('stored_files')
