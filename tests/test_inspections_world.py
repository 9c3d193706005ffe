"""The inspection objects that tests/test_permissions_matrix.py walks over: a draft
inspection with a ground whose basis file is stored, and an evidence entry with a file."""

from __future__ import annotations

from datetime import date

from inspections import uploads
from inspections.actors import SystemActor
from inspections.extensions import db
from inspections.models.inspections import Evidence
from inspections.services import inspections as svc

from .conftest import NOW, SYSTEM

PDF = b"%PDF-1.4\n%%EOF\n"



def inspection_world(subject) -> dict:
    """URL values: inspection_id (a draft), ground_id, evidence_id."""
    upload = uploads.store(SYSTEM, PDF, "demand.pdf", now=NOW)
    insp = svc.create_inspection(
        SystemActor("inspector"), kind="unscheduled", control_subject_id=subject.id,
        grounds=[{"ground": 3, "basis_number": "1", "basis_date": date(2026, 11, 2),
                  "basis_author": "Прокуратура", "upload_id": upload.id}], now=NOW)
    db.session.flush()
    evidence = Evidence(inspection=insp, kind="document", description="x", medium="paper",
                        upload_id=uploads.store(SYSTEM, PDF, "e.pdf", now=NOW).id, added_at=NOW)
    db.session.add(evidence)
    db.session.commit()
    return {"inspection_id": insp.id, "ground_id": insp.grounds[0].id,
            "evidence_id": evidence.id}
