"""archive: complainants' confidentiality on grounds 1–2 (R27.1), PDF/A archive copies

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 16:00:00

Existing grounds 1–2 become complaints of individuals without consent to disclosure, so
nothing issued from now on names them to the control subject (R27.1).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspection_grounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('disclosure_consent', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('consent_upload_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_inspection_grounds_consent_upload_id_uploads'),
                                    'uploads', ['consent_upload_id'], ['id'])
    op.execute("UPDATE inspection_grounds SET author_kind = 'individual' WHERE ground IN (1, 2)")

    op.create_table('document_archive_copies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['generated_documents.id'], name=op.f('fk_document_archive_copies_document_id_generated_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_archive_copies')),
    sa.UniqueConstraint('document_id', name=op.f('uq_document_archive_copies_document_id'))
    )


def downgrade():
    op.drop_table('document_archive_copies')
    with op.batch_alter_table('inspection_grounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_inspection_grounds_consent_upload_id_uploads'),
                                 type_='foreignkey')
        batch_op.drop_column('consent_upload_id')
        batch_op.drop_column('disclosure_consent')
        batch_op.drop_column('author_kind')
