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
    insp.grounds[0].consent_upload_id = upload.id  # written directly: the route needs a file
    evidence = Evidence(inspection=insp, kind="document", description="x", medium="paper",
                        upload_id=uploads.store(SYSTEM, PDF, "e.pdf", now=NOW).id, added_at=NOW)
    db.session.add(evidence)
    db.session.commit()
    part2 = results_world(insp)
    return {"inspection_id": insp.id, "ground_id": insp.grounds[0].id,
            "evidence_id": evidence.id, **part2}


def results_world(insp) -> dict:
    """URL values of part 2 (R10.1–R17.1): a results act with a violation, an objection and
    a remediation report with a file each, and an appeal (rows written directly: the routes
    only need them to exist)."""
    from inspections.models import Requirement
    from inspections.models.results import (
        Appeal,
        Objection,
        ObjectionPoint,
        RemediationReport,
        ResultsAct,
        Violation,
    )

    file = uploads.store(SYSTEM, PDF, "o.pdf", now=NOW)
    with db.session.no_autoflush:
        req = Requirement(code="world_req", ref_kk="x", ref_ru="x", topic_kk="x", topic_ru="x",
                          text_kk="x", text_ru="x", effective_from=date(2020, 1, 1), created_at=NOW)
        db.session.add(req)
        act = ResultsAct(drawn_at=NOW, place="Астана", created_at=NOW, persons_present=[],
                         present_outcomes=[])
        db.session.add(act)
        act.inspection = insp
        violation = Violation(act=act, no=1, requirement=req, nature="x", remedy="x",
                              deadline=date(2026, 12, 31), ability="x", approvals="x")
        objection = Objection(act=act, received_on=date(2026, 11, 23), incoming_number="1",
                              reply_due=date(2026, 12, 14), registered_at=NOW, files=[file],
                              points=[ObjectionPoint(no=1, text="x")])
        report = RemediationReport(violation=violation, received_on=date(2026, 11, 23),
                                   description="x", registered_at=NOW, files=[file])
        appeal = Appeal(inspection=insp, level="court", filed_on=date(2026, 11, 23),
                        authority="Сот", summary="x", recorded_at=NOW)
        db.session.add_all([req, act, violation, objection, report, appeal])
    db.session.commit()
    return {"violation_id": violation.id, "objection_id": objection.id, "report_id": report.id,
            "appeal_id": appeal.id, "file_id": file.id}
