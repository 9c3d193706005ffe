"""Read-only requests end their transaction with COMMIT instead of ROLLBACK (issue 13).

psycopg 3 prepares a statement on the server after it has run five times on a connection,
so that PostgreSQL parses it once — but it forgets every prepared statement on ROLLBACK
(a rolled-back DDL could have changed what they refer to).  A request that only read ends
its transaction with a rollback when the session is removed, so nothing was ever prepared:
every statement of every page was parsed and planned again (up to 4 ms for the largest).

Ending a transaction that wrote nothing with COMMIT is the same for the data as ROLLBACK,
and keeps the prepared statements.  A connection that sent anything but a SELECT (an
INSERT, UPDATE, DELETE, DDL, or a WITH that might write) in its transaction, or a request
that failed, still ends with a rollback, exactly as before.
"""

from __future__ import annotations

from sqlalchemy import event

_KEY = "bakylau_wrote"
_READS = ("SELECT",)


def init_app(app, db) -> None:
    """Only on PostgreSQL (the only database whose driver prepares statements here)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _mark_writes(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip()[:6].upper().startswith(_READS):
            conn.info[_KEY] = True

    @event.listens_for(engine, "commit")
    def _reset_on_commit(conn):
        conn.info.pop(_KEY, None)

    @event.listens_for(engine, "rollback")
    def _reset_on_rollback(conn):
        conn.info.pop(_KEY, None)

    @app.teardown_appcontext
    def _commit_if_read_only(exc):
        if exc is not None:
            return  # a failed request: the session's removal rolls back
        session = db.session()
        if not session.in_transaction() or session.new or session.dirty or session.deleted:
            return
        if session.connection().info.get(_KEY):  # the transaction's own connection
            return
        try:
            session.commit()  # it wrote nothing: the same as a rollback, but keeps the plans
        except Exception:  # pragma: no cover - the removal that follows rolls back
            session.rollback()
