"""esign: signatures of issued documents, the IIN on accounts (issue 16)

Revision ID: 0011
Revises: 0013
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('control_subject_id', sa.Integer(), nullable=True),
    sa.Column('cms', sa.LargeBinary(), nullable=True),
    sa.Column('cms_sha256', sa.String(length=64), nullable=False),
    sa.Column('signer_name', sa.String(length=255), nullable=False),
    sa.Column('iin', sa.String(length=12), nullable=False),
    sa.Column('bin', sa.String(length=12), nullable=False),
    sa.Column('cert_serial', sa.String(length=80), nullable=False),
    sa.Column('cert_issuer', sa.String(length=500), nullable=False),
    sa.Column('cert_subject', sa.String(length=1000), nullable=False),
    sa.Column('signing_time', sa.DateTime(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('revocation', sa.String(length=20), nullable=False),
    sa.Column('algorithm', sa.String(length=80), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['control_subject_id'], ['control_subjects.id'], name=op.f('fk_document_signatures_control_subject_id_control_subjects')),
    sa.ForeignKeyConstraint(['document_id'], ['generated_documents.id'], name=op.f('fk_document_signatures_document_id_generated_documents')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_document_signatures_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_signatures')),
    sa.UniqueConstraint('document_id', 'user_id', name='uq_document_signatures_signer')
    )
    with op.batch_alter_table('document_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_signatures_document_id'), ['document_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('iin', sa.String(length=12), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_iin'), ['iin'])

    if op.get_bind().dialect.name == 'postgresql':
        # a stored signature is never changed nor deleted, like an issued document
        op.execute("""
            CREATE FUNCTION document_signatures_immutable() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'a stored signature is never changed';
            END;
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER document_signatures_immutable
            BEFORE UPDATE OR DELETE ON document_signatures
            FOR EACH ROW EXECUTE FUNCTION document_signatures_immutable()
        """)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER document_signatures_immutable ON document_signatures")
        op.execute("DROP FUNCTION document_signatures_immutable()")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_iin'), type_='unique')
        batch_op.drop_column('iin')

    with op.batch_alter_table('document_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_signatures_document_id'))

    op.drop_table('document_signatures')
