"""integrity: optimistic locks, session tokens, login throttle, audit checkpoints,
immutable issued documents (PostgreSQL trigger)

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0008'
branch_labels = None
depends_on = None

VERSIONED = ('inspections', 'plans', 'violations', 'objections', 'remediation_reports')


DOCUMENT_TRIGGER = """
CREATE OR REPLACE FUNCTION generated_documents_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an issued document is never changed or deleted (document %)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER generated_documents_immutable
    BEFORE UPDATE OF content, sha256 OR DELETE ON generated_documents
    FOR EACH ROW EXECUTE FUNCTION generated_documents_immutable();
"""


def _rehash_audit_log():
    """The chain becomes keyed (HMAC-SHA-256 under the server's AUDIT_KEY): existing rows
    are re-chained once, here, with the key of the server that runs the migration."""
    from flask import current_app

    from inspections.services.audit import GENESIS, compute_hash

    bind = op.get_bind()
    key = current_app.config["AUDIT_KEY"]
    key = key.encode("utf-8") if isinstance(key, str) else key
    table = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('prev_hash'),
                     sa.column('hash'))
    prev, last = GENESIS, 0
    from inspections.models import AuditEntry

    while True:
        rows = bind.execute(sa.select(AuditEntry.__table__).where(AuditEntry.id > last)
                            .order_by(AuditEntry.id).limit(1000)).fetchall()
        if not rows:
            break
        for row in rows:
            digest = compute_hash(prev, row, key)
            bind.execute(table.update().where(table.c.id == row.id)
                         .values(prev_hash=prev, hash=digest))
            prev, last = digest, row.id


def upgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('lock_version', sa.Integer(), server_default='1',
                                       nullable=False))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_token', sa.String(length=64), server_default='',
                                   nullable=False))
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.DateTime(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('login_throttle') as batch:
        batch.create_index(batch.f('ix_login_throttle_username'), ['username'], unique=False)
    _rehash_audit_log()
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(DOCUMENT_TRIGGER)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS generated_documents_immutable ON generated_documents")
        op.execute("DROP FUNCTION IF EXISTS generated_documents_immutable()")
    op.drop_table('login_throttle')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_token')
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('lock_version')
