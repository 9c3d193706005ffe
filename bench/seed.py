"""Seed ten years of history at a given scale on top of the demo, with bulk inserts.

``scale = 1`` is the national data set of issue 13: 6,000 control subjects with 12,000
subdivisions, ten published plans of 600 items, 6,000 past inspections (200 of them active)
with 5,900 results acts and 14,700 violations, 100,000 issued documents, 1,000,000 audit rows
and 50,000 notifications.  Smaller scales shrink every count in proportion (at least one of
each), so that the query-count test can compare two scales.

The history is consistent: every inspection belongs to a subject, an inspector of the demo
and (for a tenth of them) the demo representative's body; every issued document's SHA-256
matches its bytes; the audit rows continue the demo's hash chain so that ``flask audit
verify`` passes.

    .venv/bin/flask --app app demo
    .venv/bin/python -m bench.seed --scale 0.1         # DATABASE_URL as for the app
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import func, insert, select

from inspections.extensions import db
from inspections.models import (
    ActDelivery,
    AuditEntry,
    ControlSubject,
    Finding,
    GeneratedDocument,
    Inspection,
    InspectionGround,
    InspectionInspector,
    Notification,
    Plan,
    PlanItem,
    Requirement,
    ResultsAct,
    StartNotice,
    Subdivision,
    User,
    Violation,
)
from inspections.services import audit

NATIONAL = {
    "subjects": 6000, "plans": 10, "plan_items": 600, "inspections": 6000, "active": 200,
    "acts": 5900, "violations": 14700, "documents": 100_000, "audit": 1_000_000,
    "notifications": 50_000,
}
FIRST_YEAR = 2016
CHUNK = 5000
ACTIVE_STATES = ("fieldwork", "results_drafted")


def counts(scale: float) -> dict[str, int]:
    c = {k: max(1, round(v * scale)) for k, v in NATIONAL.items()}
    c["plans"] = NATIONAL["plans"]  # ten years, always; items per plan scale
    c["active"] = min(c["active"], c["inspections"])
    c["acts"] = min(c["acts"], c["inspections"] - c["active"]) or 1
    return c


def _bin(n: int) -> str:
    """A 12-digit number unique per seeded subject (not necessarily a valid BIN checksum:
    seeded rows never pass through the registry's form)."""
    return f"77{n:010d}"


def _bulk(model, rows: list[dict]) -> list[int]:
    """Insert rows in chunks; return their ids in order."""
    ids: list[int] = []
    table = model.__table__ if hasattr(model, "__table__") else model
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        result = db.session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk)
        ids.extend(r[0] for r in result)
    return ids


def _user(username: str) -> User | None:
    return db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def seed(scale: float, *, seed_value: int = 13, log=print) -> dict[str, int]:
    """Add one scaled slice of history.  May be called repeatedly (each call adds more,
    with fresh numbers); the caller commits."""
    c = counts(scale)
    t0 = time.perf_counter()
    now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    inspectors = [u for u in (_user("inspector"), _user("inspector2")) if u]
    rep = _user("rep")
    head = _user("head") or inspectors[0]
    requirement_ids = db.session.execute(select(Requirement.id)).scalars().all()
    if not inspectors or not requirement_ids:
        raise SystemExit("run `flask --app app demo` first")
    run = db.session.execute(select(func.count(ControlSubject.id))).scalar_one()

    # --- registry: subjects and two subdivisions each
    subject_ids = _bulk(ControlSubject, [{
        "bin": _bin(run * 100 + n), "name_kk": f"Мемлекеттік орган №{run + n}",
        "name_ru": f"Государственный орган №{run + n}", "location_kk": "Астана қ.", "location_ru": "г. Астана",
        "kind": "central" if n % 3 else "local_executive", "status": "active",
        "parent_id": None, "created_at": now} for n in range(c["subjects"])])
    _bulk(Subdivision, [{
        "subject_id": s, "name_kk": f"Бөлімше {k}", "name_ru": f"Подразделение {k}",
        "location_kk": "Алматы қ.", "location_ru": "г. Алматы"} for s in subject_ids for k in (1, 2)])
    finding_ids = _bulk(Finding, [{
        "subject_id": s, "source": "monitoring", "found_on": date(2016, 1, 10),
        "summary": "Мониторинг нәтижесі", "weight": 3, "created_by_id": inspectors[0].id,
        "created_at": now} for s in subject_ids])
    log(f"registry: {len(subject_ids)} subjects ({time.perf_counter() - t0:.1f}s)")

    # --- ten published plans of the past (only years not yet present)
    years = set(db.session.execute(select(Plan.year)).scalars())
    item_ids: list[int] = []
    for year in range(FIRST_YEAR, FIRST_YEAR + c["plans"]):
        if year in years:
            continue
        plan_id = _bulk(Plan, [{
            "year": year, "status": "published", "version": 1, "number": f"{year}-П",
            "approved_on": date(year - 1, 11, 25), "approved_by_id": head.id,
            "approved_late": False, "late_reason": "", "published_on": date(year - 1, 11, 28),
            "published_late": False, "return_comment": "", "created_by_id": inspectors[0].id,
            "created_at": now}])[0]
        rows = []
        for no in range(1, c["plan_items"] + 1):
            s = subject_ids[(no * 7 + year) % len(subject_ids)]
            month = (no % 12) + 1
            rows.append({
                "plan_id": plan_id, "no": no, "status": "active", "subject_id": s,
                "subdivision_id": None, "object_id": None,
                "name_kk": f"Мемлекеттік орган (тармақ {no})",
                "name_ru": f"Государственный орган (пункт {no})", "unit_name_kk": "",
                "unit_name_ru": "", "location": "Астана қ.", "month": month,
                "starts_on": date(year, month, 1), "ends_on": date(year, month, 20),
                "added_in_version": 1, "excluded_in_version": None,
                "created_by_id": inspectors[0].id, "created_at": now})
        ids = _bulk(PlanItem, rows)
        item_ids += ids
        db.session.execute(insert(PlanItem.requirements.property.secondary), [
            {"item_id": i, "requirement_id": requirement_ids[n % len(requirement_ids)]}
            for n, i in enumerate(ids)])
        db.session.execute(insert(PlanItem.findings.property.secondary), [
            {"item_id": i, "finding_id": finding_ids[n % len(finding_ids)]}
            for n, i in enumerate(ids)])
    log(f"plans: {len(item_ids)} items ({time.perf_counter() - t0:.1f}s)")

    # --- inspections: closed ones with results acts, and some active
    rep_subject = rep.control_subject_id if rep else None
    rows, meta = [], []
    for n in range(c["inspections"]):
        active = n >= c["inspections"] - c["active"]
        year = 2026 if active else FIRST_YEAR + n % 10
        start = date(year, 1 + n % 11, 5)
        subject = rep_subject if rep_subject and n % 10 == 0 else subject_ids[n % len(subject_ids)]
        status = ACTIVE_STATES[n % 2] if active else "closed"
        if active:
            start = date(2026, 11, 2) + timedelta(days=n % 14)
        rows.append({
            "kind": "unscheduled", "status": status, "control_subject_id": subject,
            "subdivision_id": None, "object_id": None, "plan_item_id": None,
            "number": f"{year}/S{run:05d}{n:06d}"[:20], "act_date": start - timedelta(days=3),
            "planned_start": start, "planned_end": start + timedelta(days=13),
            "start_date": start, "end_date": start + timedelta(days=13),
            "period_from": date(year - 3, 1, 1), "period_to": date(year - 1, 12, 31),
            "signatory_id": head.id, "created_by_id": inspectors[0].id, "created_at": now})
        meta.append((active, start))
    inspection_ids = _bulk(Inspection, rows)
    db.session.execute(insert(InspectionInspector), [
        {"inspection_id": i, "user_id": inspectors[n % len(inspectors)].id}
        for n, i in enumerate(inspection_ids)])
    db.session.execute(insert(InspectionGround), [
        {"inspection_id": i, "ground": 1, "basis_number": f"Ж-{n}",
         "basis_date": meta[n][1] - timedelta(days=10), "basis_author": "Азамат",
         "upload_id": None, "linked_inspection_id": None}
        for n, i in enumerate(inspection_ids)])
    db.session.execute(insert(StartNotice), [
        {"inspection_id": i, "notified_at": datetime.combine(
            meta[n][1] - timedelta(days=2), datetime.min.time(), UTC), "channel": "email",
         "recipient": "Кеңсе", "recorded_by_id": inspectors[0].id, "recorded_at": now}
        for n, i in enumerate(inspection_ids)])
    db.session.execute(insert(ActDelivery), [
        {"inspection_id": i, "delivered_at": datetime.combine(
            meta[n][1], datetime.min.time(), UTC) + timedelta(hours=5),
         "recipient_name": "Басшы", "recipient_position": "Аппарат басшысы",
         "receipt": "signed", "refusal_explanation": "", "recorded_by_id": inspectors[0].id,
         "recorded_at": now} for n, i in enumerate(inspection_ids)])
    closed = [(i, meta[n][1]) for n, i in enumerate(inspection_ids) if not meta[n][0]]
    closed = closed[:c["acts"]]
    act_ids = _bulk(ResultsAct, [{
        "inspection_id": i, "number": f"Н-{i}", "drawn_at": datetime.combine(
            start + timedelta(days=13), datetime.min.time(), UTC), "place": "Астана қ.",
        "results_summary": "Бұзушылықтар анықталды", "representative_name": "Басшы",
        "representative_position": "Аппарат басшысы", "persons_present": [],
        "issued_at": now, "copy1_sent_at": now, "copy1_registration": "",
        "copy1_package_sha256": "", "delivered_at": datetime.combine(
            start + timedelta(days=14), datetime.min.time(), UTC),
        "delivery_channel": "paper", "recipient_name": "Басшы",
        "recipient_position": "Аппарат басшысы", "receipt": "signed",
        "refusal_explanation": "", "present_outcomes": [], "term_breached": False,
        "end_in_force": start + timedelta(days=13), "archived_at": now,
        "created_by_id": inspectors[0].id, "created_at": now} for i, start in closed])
    violations = []
    for n in range(c["violations"]):
        a = act_ids[n % len(act_ids)]
        start = closed[n % len(act_ids)][1]
        violations.append({
            "act_id": a, "no": n // len(act_ids) + 1,
            "requirement_id": requirement_ids[n % len(requirement_ids)],
            "nature": "Дербес деректерді қорғау шаралары қабылданбаған",
            "remedy": "Шаралар қабылдансын", "deadline": start + timedelta(days=60),
            "ability": "Мүмкіндігі бар", "approvals": "Келісім қажет емес",
            "status": "eliminated", "followup_inspection_id": None})
    _bulk(Violation, violations)
    log(f"inspections: {len(inspection_ids)}, acts {len(act_ids)}, violations "
        f"{len(violations)} ({time.perf_counter() - t0:.1f}s)")

    # --- issued documents (bytes small but real, hash checked by /verify)
    docs = []
    for n in range(c["documents"]):
        i = inspection_ids[n % len(inspection_ids)]
        content = f"Бақылау seeded document {run}-{n}".encode()
        docs.append({
            "code": "appointment_act", "lang": "kk",
            "object_type": "inspections", "object_id": i, "copy_no": 0,
            # (object, code, lang, copy, version) stays unique: versions grow per object
            "version": n // len(inspection_ids) + 1, "control_subject_id": None,
            "number": "", "doc_date": date(2020, 1, 1), "template_source": "builtin",
            "template_version": "seed", "context": {}, "sha256":
            hashlib.sha256(content).hexdigest(),
            "verification_code": hashlib.sha256(f"{run}:{n}:{seed_value}".encode())
            .hexdigest()[:16].upper(), "content": content,
            "created_by_id": inspectors[0].id, "created_at": now})
    doc_ids = _bulk(GeneratedDocument, docs)
    issued = [(doc_id, d["sha256"]) for doc_id, d in zip(doc_ids, docs, strict=True)]
    log(f"documents: {len(docs)} ({time.perf_counter() - t0:.1f}s)")

    # --- notifications for the demo's inspectors and representative (half of them read)
    people = [u.id for u in (*inspectors, rep) if u]
    _bulk(Notification, [{
        "user_id": people[n % len(people)], "code": "report_received",
        "params": {"number": f"{FIRST_YEAR + n % 10}/{n:04d}"},
        "inspection_id": inspection_ids[n % len(inspection_ids)], "key": None,
        "created_at": now, "read_at": now if n % 2 else None}
        for n in range(c["notifications"])])
    log(f"notifications: {c['notifications']} ({time.perf_counter() - t0:.1f}s)")

    # --- the audit chain, continued from its last row
    audit_rows(c["audit"], inspection_ids, actor=inspectors[0], now=now, issued=issued)
    log(f"audit: {c['audit']} rows ({time.perf_counter() - t0:.1f}s)")
    # the R1.3 rankings kept in the database do not see bulk inserts: work out again the
    # years already shown (none on a fresh database: a year is made when first shown)
    from inspections.models import CandidateRankYear
    from inspections.services import ranking

    for year in db.session.execute(select(CandidateRankYear.year)).scalars().all():
        ranking.rebuild(year, actor=inspectors[0], now=now)
    db.session.flush()
    return c


def audit_rows(total: int, object_ids: list[int], *, actor, now: datetime,
               issued: list[tuple[int, str]] = ()) -> None:
    """Append ``total`` audit rows whose hashes continue the chain (``audit verify`` passes),
    first one ``document.issued`` row per seeded document (its SHA-256, as the service
    writes it: ``audit verify`` checks each document against it)."""
    prev = db.session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar() \
        or audit.GENESIS
    types = ("inspections", "results_acts", "violations", "generated_documents", "plans")
    at = now.astimezone(UTC).replace(microsecond=0, tzinfo=UTC)
    rows = []
    entries = [SimpleNamespace(at=at, actor_id=actor.id, actor_name=actor.username,
                               action="document.issued", object_type="generated_documents",
                               object_id=doc_id, data={"sha256": sha})
               for doc_id, sha in issued]
    entries += [SimpleNamespace(
        at=at, actor_id=actor.id, actor_name=actor.username, action="seeded_history",
        object_type=types[n % len(types)], object_id=object_ids[n % len(object_ids)],
        data={"n": n}) for n in range(total)]
    key = audit.audit_key()
    for entry in entries:
        entry.data = json.loads(json.dumps(entry.data))
        h = audit.compute_hash(prev, entry, key)
        rows.append({"at": at, "actor_id": entry.actor_id, "actor_name": entry.actor_name,
                     "action": entry.action, "object_type": entry.object_type,
                     "object_id": entry.object_id, "data": entry.data, "prev_hash": prev,
                     "hash": h})
        prev = h
        if len(rows) == CHUNK:
            db.session.execute(insert(AuditEntry.__table__), rows)
            rows = []
    if rows:
        db.session.execute(insert(AuditEntry.__table__), rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.1,
                        help="1 = national (ten years of the whole country)")
    args = parser.parse_args(argv)
    from app import create_app

    app = create_app()
    with app.app_context():
        t0 = time.perf_counter()
        c = seed(args.scale)
        db.session.commit()
        print(f"seeded {c} in {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
