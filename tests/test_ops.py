"""Operations: health and readiness checks, structured request logs, the version."""

from __future__ import annotations

import io
import json

from app import create_app
from inspections import __version__
from inspections.ops import configure_logging, log_incident


def test_healthz_answers_without_login(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "version": __version__}


def test_readyz_checks_database_migrations_and_storage(client):
    r = client.get("/readyz")
    body = r.get_json()
    assert r.status_code == 200, body
    assert body["status"] == "ready" and body["version"] == __version__
    assert {name for name, c in body["checks"].items() if c["ok"]} == {
        "database", "migrations", "storage", "audit_anchor"}


def _bare_app(tmp_path, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "AUDIT_KEY": "k",
                       "AUDIT_ANCHOR_FILE": str(tmp_path / "anchor.jsonl"),
                       "UPLOAD_FOLDER": str(tmp_path / "up"), **config})


def test_readyz_is_503_when_the_audit_anchor_is_unreadable(tmp_path):
    anchor = tmp_path / "anchor-dir"
    anchor.mkdir()  # a folder where the file should be: it cannot be read as a file
    app = _bare_app(tmp_path, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "e.sqlite"),
                    AUDIT_ANCHOR_FILE=str(anchor))
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    assert r.get_json()["checks"]["audit_anchor"]["ok"] is False


def test_readyz_is_503_when_the_database_is_down(tmp_path):
    app = _bare_app(tmp_path, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(
        tmp_path / "missing-dir" / "db.sqlite"))
    r = app.test_client().get("/readyz")
    body = r.get_json()
    assert r.status_code == 503
    assert body["status"] == "not ready"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["migrations"]["ok"] is False
    assert app.test_client().get("/healthz").status_code == 200  # alive all the same


def test_readyz_is_503_when_migrations_are_not_applied(tmp_path):
    app = _bare_app(tmp_path, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "e.sqlite"))
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    checks = r.get_json()["checks"]
    assert checks["database"]["ok"] is True and checks["migrations"]["ok"] is False


def test_readyz_is_503_when_storage_is_not_writable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = _bare_app(tmp_path, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "e.sqlite"),
                    UPLOAD_FOLDER=str(blocker / "uploads"))
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    assert r.get_json()["checks"]["storage"]["ok"] is False


def test_one_json_log_line_per_request_without_personal_data(app, client, make_user):
    buf = io.StringIO()
    configure_logging("INFO", "json", stream=buf)
    try:
        user = make_user("opslogger", "inspector")
        r = client.post("/login?next=/secret-query",
                        data={"username": "opslogger", "password": "correct horse battery"})
        assert r.status_code in (302, 303)
        r = client.get("/inspections", headers={"X-Request-ID": "req-12345678"})
        assert r.headers["X-Request-ID"] == "req-12345678"
        bad = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
        assert bad.headers["X-Request-ID"] != "bad id with spaces"
        log_incident("document_hash_mismatch", document_id=7)
    finally:
        configure_logging(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    requests = [x for x in lines if x["event"] == "request"]
    assert len(requests) == 3
    login, listing, _ = requests
    assert login["route"] == "/login" and login["method"] == "POST"
    assert listing == listing | {"request_id": "req-12345678", "user_id": user.id,
                                 "route": "/inspections", "method": "GET", "status": 200}
    assert isinstance(listing["duration_ms"], float)
    assert {"time", "level"} <= listing.keys()
    incident = lines[-1]
    assert incident["event"] == "integrity_incident" and incident["level"] == "error"
    assert incident["kind"] == "document_hash_mismatch" and incident["document_id"] == 7
    text = buf.getvalue()
    assert "opslogger" not in text and "correct horse" not in text and "secret-query" not in text
    assert user.session_token not in text  # the session token never reaches a log


def test_version_in_the_footer(client):
    assert f"{__version__}" in client.get("/login").get_data(as_text=True)


def test_a_worker_settles_its_memory_once_the_application_is_loaded():
    """Issue 13: what a gunicorn worker has loaded is frozen out of the collector's sight
    and the youngest generation collected after GC_THRESHOLD allocations, not 700 — set
    by gunicorn.conf.py's post_worker_init (the benchmark does the same)."""
    import gc
    import runpy
    from pathlib import Path

    from inspections.ops import GC_THRESHOLD

    before = gc.get_threshold()
    try:
        conf = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
        conf["post_worker_init"](None)
        assert gc.get_threshold()[0] == GC_THRESHOLD > before[0]
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 10_000  # the loaded modules, classes, catalogs…
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
