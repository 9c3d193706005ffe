"""Shared fixtures.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set
(CI does both).  The schema is built by the migrations, never by ``create_all``.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime

import pytest
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.serving import make_server

from app import create_app
from inspections.actors import SYSTEM  # noqa: F401 - re-exported for the tests
from inspections.clock import ALMATY
from inspections.extensions import db

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ALMATY)


class FreshRequestClient(FlaskClient):
    """Requests made while a test holds an app context reuse that context (Flask's rule);
    clear ``g`` first so that each request starts like a real one (no cached login)."""

    def open(self, *args, **kwargs):
        try:
            for key in list(vars(g)):
                delattr(g, key)
        except RuntimeError:
            pass
        return super().open(*args, **kwargs)


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    application = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "AUDIT_KEY": "test-audit-key",
        "AUDIT_ANCHOR_FILE": str(tmp_path_factory.mktemp("anchor") / "audit-anchor.jsonl"),
    })
    application.test_client_class = FreshRequestClient
    with application.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
            db.session.close()
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _clean(application) -> None:
    from inspections.services import kept

    kept.clear(application)  # kept per version of the data, which starts again from empty
    anchor = application.config.get("AUDIT_ANCHOR_FILE")
    if anchor and os.path.exists(anchor):
        os.remove(anchor)  # its checkpoints name rows of the emptied log
    with application.app_context():
        db.session.close()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name != "alembic_version"]
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            with db.engine.begin() as conn:
                for table in tables:
                    conn.execute(table.delete())
        db.session.close()


@pytest.fixture
def ctx(app):
    """An app context with a clean database."""
    _clean(app)
    with app.app_context():
        yield app
        db.session.close()


@pytest.fixture
def client(ctx):
    return ctx.test_client()




@pytest.fixture
def make_subject(ctx):
    from inspections.bin import complete_bin
    from inspections.services import registry

    counter = {"n": 0}

    def make(name_kk="Сынақ министрлігі", name_ru="Тестовое министерство", **kw):
        counter["n"] += 1
        n = counter["n"]
        bin_ = None
        while bin_ is None:
            bin_ = complete_bin(f"990140{n:05d}")
            n += 1000
        subject = registry.create_subject(
            SYSTEM, bin=kw.pop("bin", bin_), name_kk=name_kk, name_ru=name_ru,
            location=kw.pop("location", "Астана қ."), kind=kw.pop("kind", "central"),
            parent_id=kw.pop("parent_id", None), now=NOW)
        db.session.commit()
        return subject

    return make


@pytest.fixture
def make_user(ctx):
    from inspections.services import accounts

    def make(username, *roles, subject=None, password=PASSWORD):
        user = accounts.create_user(
            SYSTEM, username=username, password=password, surname="Тестов",
            given_name=username.capitalize(), roles=roles or ("inspector",),
            control_subject_id=subject.id if subject else None, now=NOW)
        db.session.commit()
        return user

    return make


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for servers a test starts itself)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 for the browser tests (CSRF on, as in production)."""
    _clean(app)
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` (a PostgreSQL feature, e.g. the document trigger) run in
    the PostgreSQL pass (TEST_DATABASE_URL, as in CI) and are deselected — not skipped — on
    SQLite, where the feature does not exist."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return
    keep = [i for i in items if i.get_closest_marker("postgresql") is None]
    dropped = [i for i in items if i.get_closest_marker("postgresql") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
