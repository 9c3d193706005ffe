"""The append-only, hash-chained audit log and ``flask audit verify``."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from inspections.extensions import db
from inspections.models import AuditEntry
from inspections.services import audit

from .conftest import login


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_every_change_writes_a_chained_row(ctx, make_subject):
    make_subject()
    make_subject(name_kk="Екінші", name_ru="Второй")
    rows = db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert [r.action for r in rows] == ["subject.created", "subject.created"]
    assert rows[1].prev_hash == rows[0].hash
    assert audit.verify().ok


def test_audit_verify_finds_an_altered_row(app, ctx, make_subject):
    for i in range(3):
        make_subject(name_kk=f"Орган {i}", name_ru=f"Орган {i}")
    rows = db.session.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars().all()
    assert _cli(app, "audit", "verify").exit_code == 0
    db.session.execute(text("UPDATE audit_log SET actor_name = 'mallory' WHERE id = :id"),
                       {"id": rows[1]})
    db.session.commit()
    result = _cli(app, "audit", "verify")
    assert result.exit_code == 1
    assert f"row {rows[1]}" in result.output


def test_audit_verify_finds_a_deleted_row(app, ctx, make_subject):
    for i in range(3):
        make_subject(name_kk=f"Орган {i}", name_ru=f"Орган {i}")
    rows = db.session.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars().all()
    db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": rows[1]})
    db.session.commit()
    result = _cli(app, "audit", "verify")
    assert result.exit_code == 1 and f"row {rows[2]}" in result.output


def test_the_orm_refuses_to_change_a_row(ctx, make_subject):
    make_subject()
    row = db.session.execute(select(AuditEntry)).scalar_one()
    row.action = "something.else"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_staff_browse_the_log_by_object(client, make_user, make_subject):
    subject = make_subject()
    make_subject(name_kk="Басқа", name_ru="Другой")
    make_user("head", "head")
    login(client, "head")
    page = client.get(f"/audit?object_type=control_subjects&object_id={subject.id}",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Control subject added" in page
    assert "Басқа" not in page
