"""The audit log proves it was not cut or rewritten; issued documents are immutable
(issue "Integrity", items 3 and 4).

The chain is keyed (HMAC under ``AUDIT_KEY``, which is configuration, never the database)
and anchored (each successful ``verify`` appends its head to the append-only anchor file);
``audit verify`` names the first bad row of each of the six tamper cases, streams the rows
in bounded memory, and checks every issued document against its hash and audit row."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC
from types import SimpleNamespace

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from inspections.extensions import db
from inspections.models import AuditEntry, GeneratedDocument
from inspections.services import audit
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM, login


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _rows(n=6) -> list[int]:
    for i in range(n):
        audit.record(SYSTEM, "test.row", object_type="things", object_id=i,
                     data={"i": i}, now=NOW)
    db.session.commit()
    return list(db.session.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars())


def _sql(statement, **params):
    db.session.execute(text(statement), params)
    db.session.commit()


def _broken_at(app, row_id):
    result = _cli(app, "audit", "verify")
    assert result.exit_code == 1, result.output
    assert f"BROKEN at row {row_id}:" in result.output
    return result.output


def test_the_chain_is_keyed_a_row_forged_without_the_key_is_found(app, ctx):
    ids = _rows()
    assert _cli(app, "audit", "verify").exit_code == 0
    last = db.session.get(AuditEntry, ids[-1])
    # an insertion at the end, linked correctly but hashed without the server's key
    forged = SimpleNamespace(at=NOW.astimezone(UTC).replace(tzinfo=None), actor_id=None,
                             actor_name="mallory", action="test.row", object_type="things",
                             object_id=99, data={})
    digest = hashlib.sha256((last.hash + audit._canonical(forged)).encode()).hexdigest()
    _sql("INSERT INTO audit_log (id, at, actor_name, action, object_type, object_id, data, "
         "prev_hash, hash) VALUES (:id, :at, 'mallory', 'test.row', 'things', 99, '{}', "
         ":prev, :hash)", id=ids[-1] + 1, at=forged.at, prev=last.hash, hash=digest)
    assert "HMAC" in _broken_at(app, ids[-1] + 1)


def test_an_in_place_edit_is_found(app, ctx):
    ids = _rows()
    _sql("UPDATE audit_log SET data = :d WHERE id = :id", d=json.dumps({"i": 42}), id=ids[2])
    _broken_at(app, ids[2])


def test_a_deleted_row_is_found_at_the_next_one(app, ctx):
    ids = _rows()
    _sql("DELETE FROM audit_log WHERE id = :id", id=ids[2])
    _broken_at(app, ids[3])


def test_reordered_rows_are_found(app, ctx):
    ids = _rows()
    a, b = (db.session.get(AuditEntry, i) for i in (ids[1], ids[2]))
    cols = ("at", "action", "object_type", "object_id", "prev_hash", "hash")
    va, vb = ({c: getattr(r, c) for c in cols} for r in (a, b))
    va["data"], vb["data"] = json.dumps(a.data), json.dumps(b.data)
    db.session.expunge_all()
    sets = ", ".join(f"{c} = :{c}" for c in (*cols, "data"))
    _sql(f"UPDATE audit_log SET {sets} WHERE id = :id", id=ids[1], **vb)
    _sql(f"UPDATE audit_log SET {sets} WHERE id = :id", id=ids[2], **va)
    _broken_at(app, ids[1])


def test_truncation_after_a_checkpoint_is_found(app, ctx):
    ids = _rows()
    ok = _cli(app, "audit", "verify")
    assert ok.exit_code == 0 and f"Checkpoint: row {ids[-1]}, {len(ids)} rows" in ok.output
    _sql("DELETE FROM audit_log WHERE id >= :id", id=ids[-2])
    output = _broken_at(app, ids[-1])
    assert "cut" in output


def test_re_hashing_with_the_key_is_found_by_the_anchor(app, ctx):
    """An insider holding the key edits a row and re-hashes everything after it: the chain
    verifies by itself, but no longer matches the checkpoint in the anchor file."""
    ids = _rows()
    assert _cli(app, "audit", "verify").exit_code == 0
    _sql("UPDATE audit_log SET actor_name = 'mallory' WHERE id = :id", id=ids[1])
    prev = db.session.get(AuditEntry, ids[0]).hash
    db.session.expunge_all()
    for row_id in ids[1:]:
        row = db.session.execute(select(AuditEntry.__table__).where(
            AuditEntry.id == row_id)).first()
        digest = audit.compute_hash(prev, row)
        _sql("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :id",
             p=prev, h=digest, id=row_id)
        prev = digest
    output = _broken_at(app, ids[-1])
    assert "re-hashed" in output


def test_verify_streams_200000_rows_in_bounded_memory_with_progress(app, ctx):
    key = audit.audit_key()
    at = NOW.astimezone(UTC)
    prev, batch, table = audit.GENESIS, [], AuditEntry.__table__
    for i in range(200_000):
        row = SimpleNamespace(at=at, actor_id=None, actor_name="system", action="bulk.row",
                              object_type="things", object_id=i, data={"i": i})
        digest = audit.compute_hash(prev, row, key)
        batch.append({"at": at, "actor_id": None, "actor_name": "system",
                      "action": "bulk.row", "object_type": "things", "object_id": i,
                      "data": {"i": i}, "prev_hash": prev, "hash": digest})
        prev = digest
        if len(batch) == 20_000:
            db.session.execute(insert(table), batch)
            batch = []
    db.session.commit()
    db.session.close()
    # a separate process, as an operator runs it: its peak memory is measured alone
    env = dict(os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               AUDIT_KEY=app.config["AUDIT_KEY"],
               AUDIT_ANCHOR_FILE=app.config["AUDIT_ANCHOR_FILE"])
    script = ("import resource, sys\n"
              "from app import app\n"
              "from inspections.services import audit\n"
              "with app.app_context():\n"
              "    audit.head()\n"  # connected, everything imported: the baseline
              "    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "    r = audit.verify(every=50000, progress=lambda n: print("
              "f'... {n} rows checked', file=sys.stderr))\n"
              "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "print(r.ok, r.checked, peak - base)\n")
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, cwd=os.path.dirname(os.path.dirname(__file__)),
                         timeout=600)
    assert run.returncode == 0, run.stderr
    ok, checked, grown_kb = run.stdout.split()
    assert (ok, checked) == ("True", "200000")
    assert [line for line in run.stderr.splitlines() if "rows checked" in line] == [
        f"... {n} rows checked" for n in (50000, 100000, 150000, 200000)]
    # the rows alone would take hundreds of MB; streamed, verify grows by a few MB
    assert int(grown_kb) < 64 * 1024, f"verify grew the process by {int(grown_kb) // 1024} MB"


# ---------------------------------------------------------------- issued documents


def _document():
    doc = doc_service.issue_sample(SYSTEM, "appointment_act", "ru", now=NOW)
    db.session.commit()
    return doc


def _tamper(doc_id, data: bytes):
    """What an attacker with the database's owner rights does (the trigger switched off)."""
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        _sql("ALTER TABLE generated_documents DISABLE TRIGGER generated_documents_immutable")
    _sql("UPDATE generated_documents SET content = :c WHERE id = :id", c=data, id=doc_id)
    if postgres:
        _sql("ALTER TABLE generated_documents ENABLE TRIGGER generated_documents_immutable")
    db.session.expunge_all()


def test_a_tampered_document_is_not_served_and_the_incident_is_recorded(app, client,
                                                                       make_user):
    make_user("admin", "admin")
    doc_id = _document().id
    login(client, "admin")
    assert client.get(f"/documents/{doc_id}.docx").status_code == 200
    _tamper(doc_id, b"PK forged")
    response = client.get(f"/documents/{doc_id}.docx")
    assert response.status_code == 409 and b"PK forged" not in response.data
    incidents = db.session.execute(select(AuditEntry).where(
        AuditEntry.action == "integrity.document_mismatch")).scalars().all()
    assert [i.object_id for i in incidents] == [doc_id]


def test_verify_checks_every_document_against_its_hash_and_audit_row(app, ctx):
    doc_id = _document().id
    ok = _cli(app, "audit", "verify")
    assert ok.exit_code == 0 and "1 issued documents match" in ok.output
    _tamper(doc_id, b"PK forged")
    assert f"document {doc_id}" in _broken_at(app, doc_id)


def test_verify_finds_a_document_whose_hash_was_changed_with_its_bytes(app, ctx):
    doc_id = _document().id
    forged = b"PK forged"
    _tamper(doc_id, forged)
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        _sql("ALTER TABLE generated_documents DISABLE TRIGGER generated_documents_immutable")
    _sql("UPDATE generated_documents SET sha256 = :h WHERE id = :id",
         h=hashlib.sha256(forged).hexdigest(), id=doc_id)
    if postgres:
        _sql("ALTER TABLE generated_documents ENABLE TRIGGER generated_documents_immutable")
    assert "audit row" in _broken_at(app, doc_id)


def test_the_public_verification_record_shows_the_audit_row_that_issued_it(client, ctx):
    doc = _document()
    row = db.session.execute(select(AuditEntry).where(
        AuditEntry.action == "document.issued", AuditEntry.object_id == doc.id)).scalar_one()
    page = client.get(f"/verify/{doc.verification_code}").get_data(as_text=True)
    assert row.hash in page and 'id="audit-anchor"' in page


@pytest.mark.postgresql
def test_postgresql_trigger_refuses_to_change_or_delete_an_issued_document(ctx):
    doc = _document()
    for statement in ("UPDATE generated_documents SET content = 'x' WHERE id = :id",
                      "UPDATE generated_documents SET sha256 = 'x' WHERE id = :id",
                      "DELETE FROM generated_documents WHERE id = :id"):
        with pytest.raises(DBAPIError, match="never changed or deleted"):
            db.session.execute(text(statement), {"id": doc.id})
        db.session.rollback()
    assert db.session.get(GeneratedDocument, doc.id).sha256 == doc.sha256
