"""The pages a user opens, the user who opens them and their statement limit (issue 13).

Shared by the query-count test (``tests/test_query_counts.py``) and the benchmark
(``bench/measure.py``), so that both look at the same list.

Limits (notes on issue 13): list pages, home pages, portal, notifications, audit and public
pages at most 10 statements; a page whose content is one large object (an inspection with
all its panels, the staff plan page, a registry subject page) at most 25.  Every count must
be the same at every data scale.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, select

from inspections.extensions import db

LIST = 10
OBJECT = 25
#: p95 ÷ floor goals (notes on issue 13): 3 for lists and the like, 10 for one large object;
#: exports (XLSX, CSV, the annual report) have none: bounded memory, proportional time.
GOALS = {LIST: 3.0, OBJECT: 10.0}


@dataclass(frozen=True)
class Page:
    name: str
    user: str | None  # username, None = anonymous
    url: str
    limit: int = LIST
    export: bool = False  # an export: no ratio goal, its memory is measured
    #: measured as right after a change of the data: what the page keeps per version of the
    #: data (inspections/services/kept.py) is worked out again for every request
    changed: bool = False

    @property
    def goal(self) -> float | None:
        return None if self.export else GOALS[self.limit]


def targets() -> dict:
    """Objects the pages open, chosen so that the same kind of object is picked at every
    scale: the demo's inspections, the newest seeded closed one, the demo's plan, the newest
    seeded plan, the representative's body, a seeded document."""
    from inspections.models import (
        ControlSubject,
        GeneratedDocument,
        Inspection,
        Plan,
        User,
    )

    def one(stmt):
        return db.session.execute(stmt.limit(1)).scalar()

    rep = one(select(User).where(User.username == "rep"))
    demo_plan = one(select(Plan.year).where(Plan.status == "published").order_by(Plan.year.desc()))
    old_plan = one(select(Plan.year).where(Plan.year < 2026).order_by(Plan.year.desc()))
    return {
        "fieldwork": one(select(Inspection.id).where(Inspection.status == "fieldwork")
                         .order_by(Inspection.id)),
        "delivered": one(select(Inspection.id).where(Inspection.status == "delivered")
                         .order_by(Inspection.id)),
        "closed": one(select(Inspection.id).where(Inspection.status == "closed")
                      .order_by(Inspection.id.desc())),
        "rep_delivered": one(select(Inspection.id).where(
            Inspection.status == "delivered",
            Inspection.control_subject_id == rep.control_subject_id)),
        "rep_closed": one(select(Inspection.id).where(
            Inspection.status == "closed",
            Inspection.control_subject_id == rep.control_subject_id)
            .order_by(Inspection.id.desc())),
        "rep_subject": rep.control_subject_id,
        "subject": one(select(ControlSubject.id).order_by(ControlSubject.id.desc())),
        "demo_plan": demo_plan,
        "old_plan": old_plan,
        "document": one(select(GeneratedDocument.verification_code)
                        .order_by(GeneratedDocument.id)),
        "document_id": one(select(GeneratedDocument.id).where(
            GeneratedDocument.object_type == "inspections").order_by(GeneratedDocument.id)),
        "drafted": one(select(Inspection.id).where(Inspection.status == "results_drafted")
                       .order_by(Inspection.id)),
    }


def pages(t: dict) -> list[Page]:
    p = [
        Page("home admin", "admin", "/"),
        Page("home first head", "firsthead", "/"),
        Page("home head", "head", "/"),
        Page("home inspector", "inspector", "/"),
        Page("home inspector, data just changed", "inspector", "/", changed=True),
        Page("inspections list", "inspector", "/inspections"),
        Page("inspections list: closed", "inspector", "/inspections?status=closed"),
        Page("inspections list: page 3", "inspector", "/inspections?page=3"),
        Page("inspection: fieldwork", "inspector", f"/inspections/{t['fieldwork']}", OBJECT),
        Page("inspection: delivered", "inspector", f"/inspections/{t['delivered']}", OBJECT),
        Page("inspection: closed", "inspector", f"/inspections/{t['closed']}", OBJECT),
        Page("inspection: results drafted", "inspector", f"/inspections/{t['drafted']}",
             OBJECT),
        Page("clocks: overdue", "inspector", "/clocks?list=overdue"),
        Page("clocks: overdue, page 3", "inspector", "/clocks?list=overdue&page=3"),
        Page("clocks: due soon", "head", "/clocks?list=due_soon"),
        Page("clocks: overdue, data just changed", "inspector", "/clocks?list=overdue",
             changed=True),
        Page("new inspection form", "inspector", "/inspections/new"),
        Page("plans", "inspector", "/planning"),
        Page("plan (demo)", "inspector", f"/planning/{t['demo_plan']}", OBJECT),
        Page("plan (600 items)", "inspector", f"/planning/{t['old_plan']}", OBJECT),
        Page("candidates", "inspector", f"/planning/{t['demo_plan']}/candidates"),
        Page("candidates, data just changed", "inspector",
             f"/planning/{t['demo_plan']}/candidates", changed=True),
        Page("public plans", None, "/plans"),
        Page("public plan", None, f"/plans/{t['old_plan']}"),
        Page("public plan CSV", None, f"/plans/{t['old_plan']}.csv"),
        Page("public plan JSON", None, f"/plans/{t['old_plan']}.json"),
        Page("registry", "admin", "/registry"),
        Page("registry search", "admin", "/registry?q=орган"),  # a word every name has
        Page("registry search: one body", "admin", "/registry?q=денсаулық"),
        Page("registry subject", "admin", f"/registry/{t['rep_subject']}", OBJECT),
        Page("registry subject edit", "admin", f"/registry/{t['subject']}/edit", OBJECT),
        Page("subject search (JSON)", "inspector", "/registry/search.json?q=орган"),
        Page("portal home", "rep", "/portal/"),
        Page("portal home, data just changed", "rep", "/portal/", changed=True),
        Page("portal inspection", "rep", f"/portal/inspections/{t['rep_delivered']}", OBJECT),
        Page("portal inspection: closed", "rep", f"/portal/inspections/{t['rep_closed']}",
             OBJECT),
        Page("notifications: inspector", "inspector", "/notifications/"),
        Page("notifications: rep", "rep", "/notifications/"),
        Page("audit", "admin", "/audit"),
        Page("audit: inspections", "admin", "/audit?object_type=inspections"),
        Page("findings", "inspector", "/findings"),
        Page("deadline calculator", "inspector", "/deadlines"),
        Page("calendar", "inspector", "/calendar/2026"),
        Page("verify", None, f"/verify/{t['document']}"),
        Page("statistics dashboard", "head", "/dashboard?year=2025"),
        Page("statistics dashboard, data just changed", "head", "/dashboard?year=2025",
             changed=True),
        Page("public statistics", None, "/statistics"),
        Page("document DOCX", "inspector", f"/documents/{t['document_id']}.docx"),
        # exports: no ratio goal; bounded memory and proportional time (notes on issue 13)
        Page("export: inspections XLSX", "head", "/exports/inspections.xlsx", export=True),
        Page("export: violations CSV", "head", "/exports/violations.csv", export=True),
        Page("export: dashboard XLSX", "head", "/dashboard/tables.xlsx?year=2025", export=True),
        Page("export: annual report DOCX", "head", "/dashboard/report.docx?year=2025",
             export=True),
    ]
    return p


@contextmanager
def counting():
    """Count the SQL statements sent to the database inside the block."""
    box = {"n": 0, "sql": []}

    def before(conn, cursor, statement, parameters, context, executemany):
        box["n"] += 1
        box["sql"].append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield box
    finally:
        event.remove(engine, "before_cursor_execute", before)
