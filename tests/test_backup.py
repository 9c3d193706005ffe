"""Backups that restore (issue "Operations"): create → restore into an empty database and
storage → the audit chain verifies, every document's bytes match its SHA-256, every stored
file is back.  Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (pg_dump/pg_restore)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app import create_app
from inspections import backup
from inspections.extensions import db

from .conftest import NOW, SYSTEM


def _target_database(app, tmp_path) -> str:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return "sqlite:///" + str(tmp_path / "restored.sqlite")
    name = "restore_" + uuid.uuid4().hex[:10]
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_database(app, target_url: str) -> None:
    url = make_url(target_url)
    if url.get_backend_name() != "postgresql":
        return
    engine = create_engine(make_url(app.config["SQLALCHEMY_DATABASE_URI"]),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def some_history(ctx, make_subject):
    """Audit rows, an uploaded file and an issued document."""
    from inspections.services import documents as docs
    from inspections.services import findings

    subject = make_subject()
    finding = findings.record_finding(
        SYSTEM, subject, source=findings.SOURCES[0], found_on=NOW.date(), summary="Сайт",
        weight=3, files=[("scan.pdf", b"%PDF-1.4 backup test\n")], now=NOW)
    doc = docs.issue_sample(SYSTEM, "appointment_act", "kk", now=NOW)
    db.session.commit()
    return finding, doc


def test_backup_round_trip_restores_and_verifies(app, ctx, some_history, tmp_path):
    finding, doc = some_history
    upload = finding.files[0]
    stored_name, upload_sha, code = upload.stored_name, upload.sha256, doc.verification_code
    folder = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0  # a checkpoint
    result = app.test_cli_runner().invoke(args=["backup", "create", str(folder)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert any(f["path"].startswith("anchors/") for f in manifest["files"])
    assert manifest["audit_rows"] >= 3 and manifest["documents"] == 1
    assert f"files/{stored_name}" in {f["path"] for f in manifest["files"]}
    assert "SECRET_KEY" not in json.dumps(manifest)
    assert not any("config" in f["path"] for f in manifest["files"])

    target_url = _target_database(app, tmp_path)
    try:
        restored = create_app({"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"],
                               "SQLALCHEMY_DATABASE_URI": target_url,
                               "AUDIT_KEY": app.config["AUDIT_KEY"],  # kept apart, same key
                               "AUDIT_ANCHOR_FILE": str(tmp_path / "new-anchor.jsonl"),
                               "UPLOAD_FOLDER": str(tmp_path / "restored-files")})
        with restored.app_context():  # the CLI uses the app context it finds
            result = restored.test_cli_runner().invoke(args=["backup", "restore", str(folder)])
        assert result.exit_code == 0, result.output
        assert f"{manifest['audit_rows']} audit rows" in result.output
        with restored.app_context():
            from inspections.models import GeneratedDocument, Upload

            row = db.session.execute(select(GeneratedDocument)).scalar_one()
            assert row.verification_code == code
            assert db.session.execute(select(Upload)).scalar_one().sha256 == upload_sha
            db.session.remove()
            db.engine.dispose()
        assert (tmp_path / "restored-files" / stored_name).read_bytes() == \
            b"%PDF-1.4 backup test\n"
        # the new server's anchor holds the backup's checkpoints and one "restored" at the end
        lines = [json.loads(x) for x in (tmp_path / "new-anchor.jsonl").read_text().splitlines()]
        assert lines[-1]["note"] == "restored" and lines[-1]["count"] == manifest["audit_rows"]
        assert any(x["note"] == "verified" for x in lines[:-1])
        # a second restore into the now non-empty database is refused
        with restored.app_context():
            result = restored.test_cli_runner().invoke(args=["backup", "restore", str(folder)])
            assert result.exit_code == 1 and "not empty" in result.output
            db.session.remove()
            db.engine.dispose()
    finally:
        _drop_database(app, target_url)


def test_a_changed_backup_is_refused(app, ctx, some_history, tmp_path):
    folder = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", "create", str(folder)]).exit_code == 0
    stored = next((folder / "files").iterdir())
    stored.write_bytes(b"%PDF-1.4 changed\n")
    restored = create_app({"TESTING": True, "SECRET_KEY": "s" * 32,
                           "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "x.sqlite"),
                           "AUDIT_KEY": app.config["AUDIT_KEY"],
                           "AUDIT_ANCHOR_FILE": str(tmp_path / "x-anchor.jsonl"),
                           "UPLOAD_FOLDER": str(tmp_path / "x-files")})
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["backup", "restore", str(folder)])
    assert result.exit_code == 1
    assert "does not match the manifest" in result.output
    assert not Path(tmp_path / "x-files").exists()


def test_restore_reports_a_document_whose_bytes_changed(app, ctx, some_history, tmp_path):
    """The restored documents are checked against their SHA-256, not taken on trust."""
    _, doc = some_history
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:  # the immutability trigger is what an attacker with the owner's rights defeats
        db.session.execute(text("ALTER TABLE generated_documents DISABLE TRIGGER USER"))
    db.session.execute(text("UPDATE generated_documents SET sha256 = :h WHERE id = :i"),
                       {"h": "0" * 64, "i": doc.id})
    if postgres:
        db.session.execute(text("ALTER TABLE generated_documents ENABLE TRIGGER USER"))
    db.session.commit()
    report = backup.RestoreReport()
    with app.app_context():
        backup.verify_restored(report, {"audit_rows": -1, "documents": 1})
    assert any(f"document {doc.id}" in p for p in report.problems), report.problems
