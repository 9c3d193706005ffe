"""The dashboard's figures against a small hand-built data set (exact counts), each figure's
list of inspections, and the bounded number of SQL statements (issue 15).

Rules counted: R2.3, R2.4, R9.2, R12.2, R13.1, R16.1, R16.2."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event, select

from inspections.clock import ALMATY
from inspections.extensions import db
from inspections.models import (
    Extension,
    Inspection,
    Objection,
    ObjectionPoint,
    Plan,
    PlanItem,
    RemediationReport,
    ResultsAct,
    Violation,
)
from inspections.models.catalogue import Requirement
from inspections.services import statistics as stats

from .conftest import NOW, login

TODAY = NOW.date()  # 2026-11-23
YEAR = stats.Period.year(2026)


def at(y, m, d, hh=12, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=ALMATY)


def stat_world(make_subject) -> dict:
    """Three bodies (central in Astana, local executive in Akmola, other without a region),
    the approved plan for 2026 (approved late) and five inspections with their acts,
    violations, remediation reports, objections and an extension."""
    a = make_subject(name_kk="А органы", name_ru="Орган А", kind="central")
    b = make_subject(name_kk="Б органы", name_ru="Орган Б", kind="local_executive")
    c = make_subject(name_kk="В органы", name_ru="Орган В", kind="other")
    a.region, b.region = "astana", "akmola"
    reqs = {}
    for code in ("r1", "r2"):
        reqs[code] = Requirement(code=code, ref_kk=f"{code} бабы", ref_ru=f"статья {code}",
                                 topic_kk="x", topic_ru="x", text_kk="x", text_ru="x",
                                 effective_from=date(2020, 1, 1), created_at=NOW)
        db.session.add(reqs[code])
    plan = Plan(year=2026, status="published", version=1, number="1", approved_on=date(2025, 12, 5),
                approved_late=True, published_on=date(2025, 12, 10), published_late=False,
                created_at=NOW)
    db.session.add(plan)

    def item(no, subject, start, end, status="active"):
        row = PlanItem(plan=plan, no=no, subject_id=subject.id, name_kk=subject.name_kk,
                       name_ru=subject.name_ru, location="x", starts_on=start, ends_on=end,
                       status=status, created_at=NOW)
        db.session.add(row)
        return row

    i1 = item(1, a, date(2026, 3, 1), date(2026, 3, 31))
    i2 = item(2, b, date(2026, 3, 1), date(2026, 3, 31))
    i3 = item(3, c, date(2026, 5, 1), date(2026, 5, 31))
    item(4, c, date(2026, 5, 1), date(2026, 5, 31), status="excluded")
    db.session.flush()

    def inspection(number, kind, subject, status, act_date=None, plan_item=None):
        row = Inspection(number=number, kind=kind, control_subject_id=subject.id, status=status,
                         act_date=act_date, plan_item_id=plan_item.id if plan_item else None,
                         start_date=act_date, end_date=act_date, created_at=NOW)
        db.session.add(row)
        return row

    p1 = inspection("P1", "periodic", a, "closed", date(2026, 2, 20), i1)
    p2 = inspection(None, "periodic", b, "cancelled", None, i2)
    p3 = inspection("P3", "periodic", c, "fieldwork", date(2026, 4, 20), i3)
    u1 = inspection("U1", "unscheduled", b, "delivered", date(2026, 4, 10))
    u2 = inspection("U2", "unscheduled", a, "delivered", date(2025, 12, 20))
    d1 = inspection(None, "unscheduled", b, "draft")
    db.session.flush()

    def act(insp, issued, delivered, breached=False):
        row = ResultsAct(inspection_id=insp.id, number=f"{insp.number}-Н", drawn_at=issued,
                         place="x", issued_at=issued, delivered_at=delivered,
                         term_breached=breached, persons_present=[], present_outcomes=[],
                         created_at=NOW)
        db.session.add(row)
        return row

    act_p1 = act(p1, at(2026, 3, 20), at(2026, 3, 21))
    act_u1 = act(u1, at(2026, 5, 5), at(2026, 5, 6), breached=True)
    # issued at 00:30 on 1 January in Almaty (still 2025 in UTC): a 2026 act
    act_u2 = act(u2, at(2026, 1, 1, 0, 30), at(2026, 1, 5))
    db.session.flush()

    def violation(act_row, no, req, deadline, status, followup=None):
        row = Violation(act_id=act_row.id, no=no, requirement_id=reqs[req].id, nature="x",
                        remedy="x", deadline=deadline, ability="x", approvals="x",
                        status=status, followup_inspection_id=followup)
        db.session.add(row)
        return row

    v1 = violation(act_p1, 1, "r1", date(2026, 5, 1), "eliminated")
    v2 = violation(act_p1, 2, "r2", date(2026, 5, 1), "eliminated")
    violation(act_u1, 1, "r1", date(2026, 6, 1), "not_eliminated", followup=d1.id)
    violation(act_u1, 2, "r1", date(2026, 12, 15), "open")
    violation(act_u2, 1, "r2", date(2026, 2, 1), "open")
    db.session.flush()
    for v, received in ((v1, date(2026, 4, 25)), (v2, date(2026, 5, 10))):
        db.session.add(RemediationReport(violation_id=v.id, received_on=received,
                                         description="x", registered_at=NOW,
                                         decision="accepted"))
    db.session.add(RemediationReport(violation_id=v2.id, received_on=date(2026, 4, 28),
                                     description="x", registered_at=NOW, decision="rejected"))

    def objection(act_row, received, due, replied, late, decisions):
        row = Objection(act_id=act_row.id, received_on=received, incoming_number="1",
                        reply_due=due, replied_on=replied, replied_late=late,
                        registered_at=NOW)
        db.session.add(row)
        db.session.flush()
        for n, decision in enumerate(decisions, start=1):
            db.session.add(ObjectionPoint(objection_id=row.id, no=n, text="x",
                                          decision=decision))

    objection(act_p1, date(2026, 3, 25), date(2026, 4, 15), date(2026, 4, 20), True,
              ["accepted", "rejected"])
    objection(act_u1, date(2026, 5, 10), date(2026, 6, 1), None, False,
              ["partially_accepted", ""])
    for insp, status in ((p3, "approved"), (u1, "refused")):
        db.session.add(Extension(inspection_id=insp.id, status=status, reasons="x",
                                 requested_end=date(2026, 5, 29), previous_end=date(2026, 5, 22),
                                 requested_at=NOW, act_date=date(2026, 5, 20)))
    db.session.commit()
    return {"P1": p1.id, "P2": p2.id, "P3": p3.id, "U1": u1.id, "U2": u2.id, "D1": d1.id,
            "subjects": (a, b, c)}


def table(code):
    return next(t for t in stats.dashboard(YEAR, TODAY) if t["code"] == code)


def cells(code, column):
    return {r["key"]: r["values"][column] for r in table(code)["rows"]}


def behind(code, row, column, period=YEAR):
    ids = stats.inspections_behind(period, code, row, column, TODAY)
    return set(db.session.execute(
        select(Inspection.number).where(Inspection.id.in_(ids))).scalars())


@pytest.fixture
def world(ctx, make_subject):
    return stat_world(make_subject)


def test_plan_execution_by_month_R2_1(world):
    rows = {r["key"]: r["values"] for r in table("plan_execution")["rows"]}
    assert rows[3] == {"planned": 2, "appointed": 1, "completed": 1, "cancelled": 1,
                       "unscheduled": 0}
    # the excluded item is not planned; P3 is appointed and in fieldwork
    assert rows[5] == {"planned": 1, "appointed": 1, "completed": 0, "cancelled": 0,
                       "unscheduled": 0}
    assert rows[4]["unscheduled"] == 1  # U1; U2's act is dated 2025
    assert sum(r["unscheduled"] for r in rows.values()) == 1
    assert sum(r["planned"] for r in rows.values()) == 3
    assert behind("plan_execution", "3", "appointed") == {"P1"}
    assert behind("plan_execution", "3", "completed") == {"P1"}
    assert behind("plan_execution", "3", "cancelled") == {None}  # the cancelled draft (P2)
    assert behind("plan_execution", "5", "appointed") == {"P3"}
    assert behind("plan_execution", "4", "unscheduled") == {"U1"}


def test_violations_by_requirement_kind_and_region(world):
    assert cells("violations_by_requirement", "violations") == {"r1": 3, "r2": 2}
    assert cells("violations_by_requirement", "inspections") == {"r1": 2, "r2": 2}
    assert [r["key"] for r in table("violations_by_requirement")["rows"]] == ["r1", "r2"]
    assert cells("violations_by_kind", "violations") == {"central": 3, "local_executive": 2,
                                                         "other": 0}
    assert cells("violations_by_kind", "inspections") == {"central": 2, "local_executive": 1,
                                                          "other": 0}
    assert cells("violations_by_region", "violations") == {"astana": 3, "akmola": 2}
    assert behind("violations_by_requirement", "r1", "violations") == {"P1", "U1"}
    assert behind("violations_by_requirement", "r2", "inspections") == {"P1", "U2"}
    assert behind("violations_by_kind", "central", "violations") == {"P1", "U2"}
    assert behind("violations_by_region", "akmola", "violations") == {"U1"}


def test_the_act_issued_just_after_midnight_in_almaty_counts_for_the_new_year(world):
    """Periods are whole days in Asia/Almaty: 00:30 on 1 January is 2026, though UTC still
    says 2025."""
    previous = stats.dashboard(stats.Period.year(2025), TODAY)
    assert next(t for t in previous if t["code"] == "violations_by_kind")["rows"][0][
        "values"] == {"violations": 0, "inspections": 0}
    assert "U2" in behind("violations_by_region", "astana", "violations")


def test_remediation_outcomes_R16_1_R16_2(world):
    assert cells("remediation", "count") == {"on_time": 1, "late": 1, "not_eliminated": 2,
                                             "pending": 1, "followups": 1}
    assert behind("remediation", "on_time", "count") == {"P1"}
    assert behind("remediation", "late", "count") == {"P1"}
    assert behind("remediation", "not_eliminated", "count") == {"U1", "U2"}
    assert behind("remediation", "pending", "count") == {"U1"}
    assert behind("remediation", "followups", "count") == {"U1"}


def test_timeliness_of_the_authority_R13_1_R12_2_R9_2_R2_3_R2_4(world):
    assert cells("timeliness", "count") == {"late_delivery": 1, "late_reply": 2,
                                            "extensions": 1, "plans_approved_late": 1,
                                            "plans_published_late": 0}
    assert behind("timeliness", "late_delivery", "count") == {"U1"}
    assert behind("timeliness", "late_reply", "count") == {"P1", "U1"}
    assert behind("timeliness", "extensions", "count") == {"P3"}
    with pytest.raises(KeyError):  # plans have no list of inspections behind them
        behind("timeliness", "plans_approved_late", "count")


def test_objections_and_points_by_decision_R12_1_R12_2(world):
    assert cells("objections", "count") == {"received": 2, "points_accepted": 1,
                                            "points_partially_accepted": 1,
                                            "points_rejected": 1, "points_pending": 1}
    assert behind("objections", "received", "count") == {"P1", "U1"}
    assert behind("objections", "points_rejected", "count") == {"P1"}
    assert behind("objections", "points_pending", "count") == {"U1"}


def test_a_period_narrows_every_figure(world):
    spring = stats.Period(date(2026, 3, 1), date(2026, 4, 30))
    tables = {t["code"]: t for t in stats.dashboard(spring, TODAY)}
    kinds = {r["key"]: r["values"]["violations"] for r in tables["violations_by_kind"]["rows"]}
    assert kinds == {"central": 2, "local_executive": 0, "other": 0}  # only P1's act
    assert {r["key"]: r["values"]["count"] for r in tables["objections"]["rows"]}[
        "received"] == 1


def _count_statements(fn) -> int:
    engine = db.engine
    count = {"n": 0}

    def before(*args, **kwargs):
        count["n"] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return count["n"]


def test_the_dashboard_takes_the_same_number_of_statements_at_any_scale(world, make_subject):
    """Aggregate SQL (GROUP BY), not inspections loaded into Python: more data, the same
    number of statements."""
    db.session.expire_all()
    small = _count_statements(lambda: stats.dashboard(YEAR, TODAY))
    assert small <= 16
    for _ in range(3):
        stat_world_more(make_subject)
    db.session.expire_all()
    assert _count_statements(lambda: stats.dashboard(YEAR, TODAY)) == small
    assert cells("violations_by_kind", "violations")["local_executive"] == 2 + 3 * 2


def stat_world_more(make_subject):
    """One more local body with an unscheduled inspection and two violations."""
    subject = make_subject(kind="local_executive")
    req = db.session.execute(select(Requirement).where(Requirement.code == "r1")).scalar_one()
    insp = Inspection(number=f"X{subject.id}", kind="unscheduled", status="delivered",
                      control_subject_id=subject.id, act_date=date(2026, 6, 1), created_at=NOW)
    db.session.add(insp)
    db.session.flush()
    act = ResultsAct(inspection_id=insp.id, drawn_at=at(2026, 6, 5), place="x",
                     issued_at=at(2026, 6, 5), delivered_at=at(2026, 6, 6), persons_present=[],
                     present_outcomes=[], created_at=NOW)
    db.session.add(act)
    db.session.flush()
    for no in (1, 2):
        db.session.add(Violation(act_id=act.id, no=no, requirement_id=req.id, nature="x",
                                 remedy="x", deadline=date(2026, 7, 1), ability="x",
                                 approvals="x", status="open"))
    db.session.commit()


def test_dashboard_page_links_every_figure_to_its_inspections(world, client, make_user):
    make_user("head1", "head")
    login(client, "head1")
    page = client.get("/dashboard?year=2026").get_data(as_text=True)
    assert "<svg" in page and 'id="table-remediation"' in page
    link = "/dashboard/inspections?table=remediation&amp;row=not_eliminated&amp;col=count&amp;year=2026"
    assert link in page
    listing = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "U1" in listing and "U2" in listing and "P1" not in listing


def test_the_list_behind_a_violations_figure_names_its_row(world, client, make_user):
    """The list behind a figure of the violations by kind of body or by region is titled
    with the row's name (it answered 500: the single-table statement had two unnamed
    columns)."""
    make_user("head1", "head")
    login(client, "head1")
    for table, row, name in (("violations_by_region", "akmola", "Ақмола облысы"),
                             ("violations_by_kind", "local_executive", "")):
        response = client.get(f"/dashboard/inspections?table={table}&row={row}"
                              "&col=violations&year=2026")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "U1" in page and "P1" not in page
        assert name in page


def test_the_dashboard_is_for_the_head_and_the_first_head(world, client, make_user):
    make_user("insp1", "inspector")
    login(client, "insp1")
    assert client.get("/dashboard?year=2026").status_code == 403


def test_the_dashboard_page_statements_do_not_grow_with_the_data(world, client, make_user,
                                                                 make_subject):
    """National scale: the page's SQL statements are the same at every data scale (a page
    of one large object: at most 25) — when its tables are worked out (the data changed)
    and when they are kept for the version of the data (fewer)."""
    from inspections.services import kept

    make_user("head1", "head")
    login(client, "head1")
    client.get("/dashboard?year=2026")
    warm = _count_statements(lambda: client.get("/dashboard?year=2026"))
    kept.clear(client.application)
    small = _count_statements(lambda: client.get("/dashboard?year=2026"))
    assert warm < small <= 25
    for _ in range(3):
        stat_world_more(make_subject)
    kept.clear(client.application)
    assert _count_statements(lambda: client.get("/dashboard?year=2026")) == small
    assert _count_statements(lambda: client.get("/dashboard?year=2026")) == warm
