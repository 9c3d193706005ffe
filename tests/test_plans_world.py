"""The objects of the annual plan that tests/test_permissions_matrix.py walks over: the plan
for 2026 published with an approved amendment, a finding with a file, a cited requirement."""

from __future__ import annotations

from datetime import date

from inspections.extensions import db
from inspections.services import findings

from .conftest import NOW
from .test_plans import INSPECTOR, amended, approved, requirement_ids
from .test_uploads import PNG


def plan_world(subject, other) -> dict:
    """URL values: year 2026 (published plan), item_id, amendment_id, change_id,
    finding_id, upload_id, requirement_id (cited, so it cannot be deleted)."""
    found = findings.record_finding(INSPECTOR, subject, source="monitoring",
                                    found_on=date(2026, 2, 1), summary="Есеп", weight=3,
                                    files=[("a.png", PNG)], now=NOW)
    findings.record_finding(INSPECTOR, other, source="monitoring", found_on=date(2026, 2, 1),
                            summary="Есеп", weight=2, now=NOW)
    plan = approved(2026, [subject], approved_on=date(2026, 11, 20), late_reason="Кеш",
                    published_on=date(2026, 11, 21))
    successor = _third_subject()
    amendment = amended(plan, subject, successor)
    db.session.commit()
    return {"item_id": plan.items[0].id, "amendment_id": amendment.id,
            "change_id": amendment.changes[0].id, "finding_id": found.id,
            "upload_id": found.files[0].id, "requirement_id": requirement_ids("art7_10")[0]}


def _third_subject():
    from inspections.bin import complete_bin
    from inspections.services import registry

    from .conftest import SYSTEM

    n = 70
    while (bin_ := complete_bin(f"9901407{n:04d}")) is None:
        n += 1
    return registry.create_subject(SYSTEM, bin=bin_, name_kk="Үшінші", name_ru="Третий",
                                   location="Астана", kind="central", now=NOW)
