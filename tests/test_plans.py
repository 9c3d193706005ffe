"""The annual plan: candidates (R1.3, R2.2), drafting (R2.2, R2.5), approval (R2.1, R2.3),
publication (R2.4), amendments (R2.6) and its documents."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from inspections import plan_lifecycle as lc
from inspections.actors import SystemActor
from inspections.clock import ALMATY
from inspections.documents import docx_text
from inspections.errors import PermissionDenied, RuleViolation, ValidationFailed
from inspections.extensions import db
from inspections.models import GeneratedDocument, Requirement
from inspections.services import catalogue, findings, plans, registry

from .conftest import NOW, SYSTEM, login

LATE_NOW = datetime(2027, 1, 20, 10, 0, tzinfo=ALMATY)  # lets tests approve "in December"


def Actor(*roles: str) -> SystemActor:  # noqa: N802 - reads like the class it stands for
    """A user for the services: roles only (no account row)."""
    return SystemActor(*roles, username="+".join(roles), full_name="Ақпарова Сәуле Бекқызы")


INSPECTOR = Actor("inspector")
FIRST_HEAD = Actor("first_head")
HEAD = Actor("head")


# ------------------------------------------------------------------ helpers (shared)


def relogin(client, username):
    client.post("/logout")
    return login(client, username)


def requirement_ids(*codes: str) -> list[int]:
    rows = db.session.execute(select(Requirement)).scalars()
    by_code = {r.code: r.id for r in rows}
    return [by_code[c] for c in (codes or ("art7_10", "art12_2"))]


def finding(subject, source="monitoring", found_on=date(2026, 3, 2), weight=3,
            summary="Тексеру нәтижесі"):
    return findings.record_finding(INSPECTOR, subject, source=source, found_on=found_on,
                                   summary=summary, weight=weight, now=NOW)


def add(plan, subject, *, month=3, unit=None, finding_ids=None, **kw):
    if finding_ids is None:
        finding_ids = [f.id for f in findings.findings_of(subject.id)] or [finding(subject).id]
    return plans.add_item(INSPECTOR, plan, subject_id=subject.id, unit=unit, month=month,
                          requirement_ids=kw.pop("requirement_ids", requirement_ids()),
                          finding_ids=finding_ids, now=kw.pop("now", NOW), **kw)


def draft(year, subjects, *, now=NOW):
    catalogue.seed_catalogue(SYSTEM, now=now)
    plan = plans.start_plan(INSPECTOR, year=year, now=now)
    for month, subject in enumerate(subjects, start=3):
        add(plan, subject, month=month, now=now)
    return plan


def approved(year, subjects, *, approved_on=date(2026, 11, 20), published_on=None,
             late_reason="", now=NOW, approver=FIRST_HEAD):
    """A plan for ``year`` drafted, submitted, approved (and published if a date is given)."""
    plan = draft(year, subjects, now=now)
    plans.submit_plan(INSPECTOR, plan, now=now)
    plans.approve_plan(approver, plan, number=f"{year}-1", approved_on=approved_on,
                       late_reason=late_reason, now=now)
    if published_on is not None:
        plans.publish_plan(approver, plan, published_on=published_on, now=now)
    db.session.commit()
    return plan


def amended(plan, old_subject, new_subject, *, now=NOW, approved_on=date(2026, 11, 22)):
    """R2.6: redistribution of powers moves the item of ``old_subject`` to ``new_subject``."""
    amendment = plans.propose_amendment(
        INSPECTOR, plan, ground="redistribution", ground_details="Өкілеттіктер берілді",
        basis_title="Үкімет қаулысы", basis_number="77", basis_date=date(2026, 11, 21), now=now)
    item = next(i for i in plan.active_items if i.subject_id == old_subject.id)
    new_findings = [f.id for f in findings.findings_of(new_subject.id)] or \
        [finding(new_subject).id]
    plans.add_change(INSPECTOR, amendment, action="change", item_id=item.id,
                     subject_id=new_subject.id, finding_ids=new_findings, now=now)
    plans.approve_amendment(FIRST_HEAD, amendment, number="A-1", approved_on=approved_on,
                            now=now)
    db.session.commit()
    return amendment


# ------------------------------------------------------------------------ candidates


def test_r1_3_candidates_ranked_by_weight_and_age_with_reasons(ctx, make_subject):
    a = make_subject("А", "A")
    b = make_subject("Б", "B")
    c = make_subject("В", "C")
    finding(a, weight=5, found_on=date(2026, 2, 1))                          # 5 × 1
    finding(a, "technical_service", weight=2, found_on=date(2024, 6, 1))     # 2 × ½
    finding(b, weight=4, found_on=date(2026, 1, 10))                         # 4 × 1
    finding(b, "internet_resources", weight=4, found_on=date(2026, 5, 5))    # 4 × 1
    finding(c, weight=5, found_on=date(2023, 12, 31))                        # 5 × 0 (old)
    ranked, left_out = findings.candidates(2027)
    assert [(x.subject.id, x.score) for x in ranked] == [(b.id, 8), (a.id, 6), (c.id, 0)]
    assert left_out == []
    reasons_a = {(r.finding.weight, r.factor, r.points) for r in ranked[1].reasons}
    assert reasons_a == {(5, 1.0, 5.0), (2, 0.5, 1.0)}
    assert ranked[0].sources == ["monitoring", "internet_resources"]


def test_r1_3_equal_scores_prefer_more_sources(ctx, make_subject):
    a = make_subject("А", "A")
    b = make_subject("Б", "B")
    finding(a, weight=4)
    finding(b, weight=2)
    finding(b, "technical_service", weight=2)
    ranked, _ = findings.candidates(2027)
    assert [x.subject.id for x in ranked] == [b.id, a.id]


def test_r2_2_candidates_leave_out_liquidated_and_already_planned(ctx, make_subject):
    gone = make_subject("Таратылған", "Ликвидированный")
    planned = make_subject("Жоспарда", "В плане")
    free = make_subject("Бос", "Свободный")
    for s in (gone, planned, free):
        finding(s)
    registry.record_event(SYSTEM, gone, kind="liquidated", event_date=date(2026, 10, 1),
                          now=NOW)
    draft(2027, [planned])
    ranked, left_out = findings.candidates(2027)
    assert [c.subject.id for c in ranked] == [free.id]
    assert {(c.subject.id, c.excluded) for c in left_out} == {
        (gone.id, "liquidated"), (planned.id, "in_plan")}
    # another year: the planned body is a candidate again
    ranked_2028, _ = findings.candidates(2028)
    assert planned.id in {c.subject.id for c in ranked_2028}


def test_r1_3_database_ranking_pages_agree_with_the_formula(ctx, make_subject):
    """R1.3, R2.2 (issue 13): the database ranks, one page at a time; the pages, read one
    after the other, give exactly the order of the pure formula (``findings.rank``) over
    all findings — ties by sources, then by the latest finding, then by id — and the
    bodies left out with their reason."""
    import random

    rnd = random.Random(13)
    subjects = [make_subject(f"Орган {i}", f"Орган {i}") for i in range(23)]
    for s in subjects:
        for _ in range(rnd.randint(1, 4)):
            finding(s, rnd.choice(["monitoring", "internet_resources", "technical_service",
                                   "previous_inspections"]),
                    found_on=date(rnd.choice([2021, 2023, 2024, 2025, 2026]),
                                  rnd.randint(1, 12), rnd.choice([1, 15])),
                    weight=rnd.randint(1, 5))
    registry.record_event(SYSTEM, subjects[3], kind="liquidated", event_date=date(2026, 10, 1),
                          now=NOW)
    draft(2027, [subjects[5], subjects[8]])
    db.session.flush()
    by_subject: dict = {}
    for f in db.session.execute(select(findings.Finding)).scalars():
        by_subject.setdefault(f.subject, []).append(f)
    expected, expected_out = findings.rank(
        by_subject, 2027, liquidated={subjects[3].id},
        in_plan=findings.planned_subjects(2027))
    got = []
    for page in (1, 2, 3):
        result = findings.candidate_page(2027, page=page, per_page=8)
        assert result.offset == (page - 1) * 8
        assert result.total == len(expected) == 20
        assert result.left_out_total == 3
        got += [(c.subject.id, c.score, [r.finding.id for r in c.reasons]) for c in result.ranked]
    assert got == [(c.subject.id, c.score, [r.finding.id for r in c.reasons]) for c in expected]
    assert [(c.subject.id, c.excluded, c.plan_item_no) for c in result.left_out] == [
        (c.subject.id, c.excluded, c.plan_item_no) for c in expected_out]
    assert findings.candidate_page(2027, page=4, per_page=8).ranked == []


def test_r1_3_candidates_page_shows_formula_reasons_and_exclusions(client, make_user,
                                                                  make_subject):
    make_user("insp", "inspector")
    a = make_subject("Бірінші", "Первый")
    b = make_subject("Екінші", "Второй")
    finding(a, weight=5, summary="Қағаз көшірмелер жиналады")
    finding(b)
    draft(2027, [b])
    db.session.commit()
    login(client, "insp")
    page = client.get("/planning/2027/candidates", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "score = Σ (weight × age factor)" in text
    assert "5 × 1 = 5" in text and "Қағаз көшірмелер жиналады" in text
    assert "Already in the plan of this year (R2.2)" in text
    assert f"/planning/2027/items/new?subject_id={a.id}" in text


# --------------------------------------------------------------------------- drafting


def test_r2_2_second_item_for_the_same_body_is_refused(ctx, make_subject):
    subject = make_subject()
    registry.add_subdivision(SYSTEM, subject, name_kk="Филиал", name_ru="Филиал",
                             location="Алматы", now=NOW)
    plan = draft(2027, [subject])
    with pytest.raises(RuleViolation) as e:
        add(plan, subject, month=6)
    assert e.value.rule == "R2.2" and e.value.display().startswith("R2.2: ")
    with pytest.raises(RuleViolation) as e:  # a subdivision of the same body counts
        add(plan, subject, month=7, unit=f"subdivision:{subject.subdivisions[0].id}")
    assert e.value.rule == "R2.2"
    assert len(plan.active_items) == 1


def test_r2_2_refusal_is_shown_in_the_page(client, make_user, make_subject):
    make_user("insp", "inspector")
    subject = make_subject()
    plan = draft(2027, [subject])
    db.session.commit()
    login(client, "insp")
    response = client.post(f"/planning/2027/items/new?subject_id={subject.id}", data={
        "subject_id": subject.id, "unit": "subject", "month": 5,
        "requirement_ids": requirement_ids(), "finding_ids": [plan.items[0].findings[0].id]},
        headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "R2.2: This control subject already has a periodic inspection in 2027" in \
        response.get_data(as_text=True)


def test_r1_3_every_item_cites_a_finding(ctx, make_subject):
    subject = make_subject()
    other = make_subject("Басқа", "Другой")
    plan = draft(2027, [])
    with pytest.raises(ValidationFailed) as e:
        add(plan, subject, finding_ids=[])
    assert e.value.rule == "R1.3"
    with pytest.raises(ValidationFailed):  # a finding about another body does not count
        add(plan, subject, finding_ids=[finding(other).id])


def test_r2_5_timeframe_is_a_month_or_a_range_within_the_year(ctx, make_subject):
    subject = make_subject()
    plan = draft(2027, [])
    f = finding(subject).id
    item = add(plan, subject, month=2, finding_ids=[f])
    assert (item.starts_on, item.ends_on) == (date(2027, 2, 1), date(2027, 2, 28))
    plans.remove_item(INSPECTOR, plan, item, now=NOW)
    with pytest.raises(ValidationFailed):
        add(plan, subject, month=None, starts_on=date(2026, 12, 20), ends_on=date(2027, 1, 5),
            finding_ids=[f])
    with pytest.raises(ValidationFailed):
        add(plan, subject, month=None, starts_on=date(2027, 5, 20), ends_on=date(2027, 5, 5),
            finding_ids=[f])
    item = add(plan, subject, month=None, starts_on=date(2027, 9, 14),
               ends_on=date(2027, 9, 25), finding_ids=[f])
    assert item.month is None and item.ends_on == date(2027, 9, 25)


def test_r2_5_subject_matter_comes_from_the_catalogue_in_force(ctx, make_subject):
    subject = make_subject()
    plan = draft(2027, [])
    with pytest.raises(ValidationFailed):
        add(plan, subject, requirement_ids=[])
    row = db.session.execute(select(Requirement).where(Requirement.code == "art7_9")).scalar_one()
    catalogue.retire_requirement(SYSTEM, row, effective_to=date(2026, 6, 30), now=NOW)
    with pytest.raises(ValidationFailed):  # not in force in 2027
        add(plan, subject, requirement_ids=[row.id])


def test_removing_a_draft_item_renumbers_the_others(ctx, make_subject):
    a, b, c = (make_subject(f"Орган {i}", f"Орган {i}") for i in range(3))
    plan = draft(2027, [a, b, c])
    plans.remove_item(INSPECTOR, plan, plan.items[0], now=NOW)
    assert [(i.no, i.subject_id) for i in plan.items] == [(1, b.id), (2, c.id)]


# --------------------------------------------------------------------------- approval


def test_r2_1_submit_return_and_approve_follow_the_transition_table(ctx, make_subject):
    plan = draft(2027, [make_subject()])
    with pytest.raises(PermissionDenied):
        plans.submit_plan(FIRST_HEAD, plan, now=NOW)
    plans.submit_plan(INSPECTOR, plan, now=NOW)
    assert plan.status == lc.SUBMITTED
    with pytest.raises(ValidationFailed):  # the first head is looking at it
        add(plan, make_subject("Жаңа", "Новый"))
    with pytest.raises(ValidationFailed):
        plans.return_plan(FIRST_HEAD, plan, comment=" ", now=NOW)
    plans.return_plan(FIRST_HEAD, plan, comment="3-тармақтың мерзімін өзгертіңіз", now=NOW)
    assert plan.status == lc.DRAFT and plan.return_comment
    plans.submit_plan(INSPECTOR, plan, now=NOW)
    with pytest.raises(PermissionDenied):  # R2.1: only the first head approves
        plans.approve_plan(HEAD, plan, number="1", approved_on=date(2026, 11, 20), now=NOW)
    plans.approve_plan(FIRST_HEAD, plan, number="1", approved_on=date(2026, 11, 20), now=NOW)
    assert (plan.status, plan.version, plan.approved_late) == (lc.APPROVED, 1, False)


def test_transition_table_is_declarative():
    assert lc.transition(lc.DRAFT, lc.SUBMIT).target == lc.SUBMITTED
    assert lc.transition(lc.SUBMITTED, lc.APPROVE).roles == {"first_head"}
    assert lc.transition(lc.DRAFT, lc.APPROVE) is None
    assert lc.actions_for(lc.SUBMITTED, {"first_head"}) == [lc.RETURN, lc.APPROVE]
    assert lc.actions_for(lc.APPROVED, {"inspector"}) == [lc.PUBLISH]


def test_r2_3_approval_on_1_december_is_on_time(ctx, make_subject):
    plan = approved(2027, [make_subject()], approved_on=date(2026, 12, 1), now=LATE_NOW)
    assert plan.approved_late is False


def test_r2_3_approval_on_2_december_is_late_and_needs_a_reason(ctx, make_subject):
    plan = draft(2027, [make_subject()], now=LATE_NOW)
    plans.submit_plan(INSPECTOR, plan, now=LATE_NOW)
    with pytest.raises(ValidationFailed) as e:
        plans.approve_plan(FIRST_HEAD, plan, number="1", approved_on=date(2026, 12, 2),
                           now=LATE_NOW)
    assert e.value.rule == "R2.3" and e.value.field == "late_reason"
    plans.approve_plan(FIRST_HEAD, plan, number="1", approved_on=date(2026, 12, 2),
                       late_reason="Бюджет кешікті", now=LATE_NOW)
    assert plan.approved_late is True and plan.late_reason == "Бюджет кешікті"


def test_r2_3_approval_date_cannot_be_in_the_future(ctx, make_subject):
    plan = draft(2027, [make_subject()])
    plans.submit_plan(INSPECTOR, plan, now=NOW)
    with pytest.raises(ValidationFailed):
        plans.approve_plan(FIRST_HEAD, plan, number="1", approved_on=date(2026, 11, 24),
                           now=NOW)


def test_r2_3_approved_late_is_shown_on_the_plan_page(client, make_user, make_subject):
    make_user("insp", "inspector")
    approved(2027, [make_subject()], approved_on=date(2026, 12, 5), late_reason="Себеп",
             now=LATE_NOW)
    login(client, "insp")
    text = client.get("/planning/2027", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "approved late" in text and "Себеп" in text
    assert "Why this date?" in text
    index = client.get("/planning", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "approved late" in index


def test_r2_3_first_head_home_warns_from_15_november(client, app, make_user, make_subject,
                                                     monkeypatch):
    make_user("boss", "first_head")
    make_user("insp", "inspector")
    login(client, "boss")
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-11-14T09:00")
    assert "plan-reminder-2027" not in client.get("/").get_data(as_text=True)
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-11-15T09:00")
    text = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "plan-reminder-2027" in text and "R2.3" in text
    assert "December 1, 2026" in text.replace("\u202f", " ").replace("\u00a0", " ")
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-12-02T09:00")
    text = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "the deadline has passed (R2.3)" in text
    # inspectors are not warned; an approved plan ends the warning
    relogin(client, "insp")
    assert "plan-reminder-2027" not in client.get("/").get_data(as_text=True)
    approved(2027, [make_subject()], approved_on=date(2026, 11, 20))
    relogin(client, "boss")
    assert "plan-reminder-2027" not in client.get("/").get_data(as_text=True)


def test_approval_through_the_pages_generates_documents(client, make_user, make_subject):
    make_user("insp", "inspector")
    boss = make_user("boss", "first_head")
    boss.position_kk, boss.position_ru = "Комитет төрағасы", "Председатель Комитета"
    subject = make_subject("Сынақ министрлігі", "Министерство испытаний")
    plan = draft(2027, [subject])
    db.session.commit()
    login(client, "insp")
    assert client.post("/planning/2027/submit").status_code == 303
    relogin(client, "boss")
    response = client.post("/planning/2027/approve", data={
        "number": "01-07/9", "approved_on": "2026-11-20", "late_reason": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert plan.status == lc.APPROVED
    docs = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_type == "plans")).scalars().all()
    assert sorted(d.lang for d in docs) == ["kk", "ru"]
    ru = docx_text(next(d for d in docs if d.lang == "ru").content)
    assert "№ 01-07/9" in ru and "20 ноября 2026 г." in ru
    assert "Министерство испытаний" in ru and "март 2027 года" in ru
    assert "Бумажные копии документов, удостоверяющих личность" in ru
    assert "Тестов Boss" in ru and "Председатель Комитета" in ru  # R2.5 (7) signatory
    kk = docx_text(next(d for d in docs if d.lang == "kk").content)
    assert "2026 жылғы 20 қараша" in kk and "2027 жылғы наурыз" in kk
    page = client.get("/planning/2027").get_data(as_text=True)
    assert f"/documents/{docs[0].id}.docx" in page


# -------------------------------------------------------------------------- publication


def test_r2_4_publication_on_20_december_is_on_time(ctx, make_subject):
    plan = approved(2027, [make_subject()], published_on=date(2026, 12, 20), now=LATE_NOW)
    assert plan.status == lc.PUBLISHED and plan.published_late is False


def test_r2_4_publication_on_21_december_is_late(ctx, make_subject):
    plan = approved(2027, [make_subject()], published_on=date(2026, 12, 21), now=LATE_NOW)
    assert plan.published_late is True


def test_r2_4_only_an_approved_plan_is_published(ctx, make_subject):
    plan = draft(2027, [make_subject()])
    with pytest.raises(ValidationFailed):
        plans.publish_plan(INSPECTOR, plan, published_on=date(2026, 11, 23), now=NOW)


# --------------------------------------------------------------------------- amendments


def test_r2_6_approved_plan_refuses_any_other_edit(ctx, make_subject):
    a, b = make_subject("А", "A"), make_subject("Б", "B")
    plan = approved(2027, [a])
    with pytest.raises(RuleViolation) as e:
        add(plan, b)
    assert e.value.rule == "R2.6" and "reorganisation" in e.value.display()
    with pytest.raises(RuleViolation):
        plans.remove_item(INSPECTOR, plan, plan.items[0], now=NOW)


def test_r2_6_edit_of_an_approved_plan_through_the_pages_names_the_rule(client, make_user,
                                                                       make_subject):
    make_user("insp", "inspector")
    plan = approved(2027, [make_subject()])
    login(client, "insp")
    response = client.post(f"/planning/2027/items/{plan.items[0].id}/remove",
                           headers={"Accept-Language": "en"}, follow_redirects=True)
    assert "R2.6: An approved plan is changed only by an amendment" in \
        response.get_data(as_text=True)
    response = client.get("/planning/2027/items/new", headers={"Accept-Language": "en"},
                          follow_redirects=True)
    assert "R2.6:" in response.get_data(as_text=True)
    assert len(plan.active_items) == 1


def test_r2_6_amendment_only_on_the_four_grounds(ctx, make_subject):
    plan = approved(2027, [make_subject()])
    for ground in ("budget", "", "schedule"):
        with pytest.raises(RuleViolation) as e:
            plans.propose_amendment(INSPECTOR, plan, ground=ground, ground_details="",
                                    basis_title="Хат", basis_number="1",
                                    basis_date=date(2026, 11, 21), now=NOW)
        assert e.value.rule == "R2.6"
    with pytest.raises(ValidationFailed) as e:  # the basis document is required
        plans.propose_amendment(INSPECTOR, plan, ground="renaming", ground_details="",
                                basis_title="", basis_number="", basis_date=None, now=NOW)
    assert e.value.rule == "R2.6"
    for ground in lc.GROUNDS:
        amendment = plans.propose_amendment(INSPECTOR, plan, ground=ground, ground_details="",
                                            basis_title="Қаулы", basis_number="5",
                                            basis_date=date(2026, 11, 21), now=NOW)
        plans.discard_amendment(INSPECTOR, amendment, now=NOW)


def test_r2_6_each_change_must_follow_from_the_ground(ctx, make_subject):
    a, b = make_subject("А", "A"), make_subject("Б", "B")
    finding(b)
    plan = approved(2027, [a])
    item = plan.items[0]
    liquidation = plans.propose_amendment(INSPECTOR, plan, ground="liquidation",
                                          ground_details="", basis_title="Қаулы",
                                          basis_number="5", basis_date=date(2026, 11, 21),
                                          now=NOW)
    with pytest.raises(RuleViolation) as e:  # liquidation only excludes
        plans.add_change(INSPECTOR, liquidation, action="add", subject_id=b.id, month=4,
                         requirement_ids=requirement_ids(),
                         finding_ids=[f.id for f in findings.findings_of(b.id)], now=NOW)
    assert e.value.rule == "R2.6"
    with pytest.raises(RuleViolation) as e:  # the registry must show the liquidation
        plans.add_change(INSPECTOR, liquidation, action="exclude", item_id=item.id, now=NOW)
    assert e.value.rule == "R2.6"
    registry.record_event(SYSTEM, a, kind="liquidated", event_date=date(2026, 11, 21),
                          now=NOW)
    plans.add_change(INSPECTOR, liquidation, action="exclude", item_id=item.id, now=NOW)
    plans.discard_amendment(INSPECTOR, liquidation, now=NOW)
    renaming = plans.propose_amendment(INSPECTOR, plan, ground="renaming", ground_details="",
                                       basis_title="Қаулы", basis_number="6",
                                       basis_date=date(2026, 11, 21), now=NOW)
    with pytest.raises(RuleViolation):  # renaming keeps the body
        plans.add_change(INSPECTOR, renaming, action="change", item_id=item.id,
                         subject_id=b.id, finding_ids=[f.id for f in findings.findings_of(b.id)],
                         now=NOW)


def test_r2_6_renaming_takes_the_new_name_from_the_registry(ctx, make_subject):
    subject = make_subject("Ескі атау", "Старое название")
    plan = approved(2027, [subject])
    amendment = plans.propose_amendment(INSPECTOR, plan, ground="renaming", ground_details="",
                                        basis_title="Қаулы", basis_number="6",
                                        basis_date=date(2026, 11, 21), now=NOW)
    with pytest.raises(RuleViolation):  # not renamed in the registry yet
        plans.add_change(INSPECTOR, amendment, action="change", item_id=plan.items[0].id,
                         now=NOW)
    registry.record_event(SYSTEM, subject, kind="renamed", event_date=date(2026, 11, 21),
                          new_name_kk="Жаңа атау", new_name_ru="Новое название", now=NOW)
    assert plan.items[0].name_ru == "Старое название"  # the approved plan keeps its wording
    plans.add_change(INSPECTOR, amendment, action="change", item_id=plan.items[0].id, now=NOW)
    plans.approve_amendment(FIRST_HEAD, amendment, number="A-2", approved_on=date(2026, 11, 22),
                            now=NOW)
    assert plan.items[0].name_ru == "Новое название" and plan.version == 2
    change = amendment.changes[0]
    assert change.before_ru.startswith("Старое название") and \
        change.after_ru.startswith("Новое название")


def test_r2_6_amendment_makes_a_new_version_with_history_and_documents(ctx, make_subject):
    a, b, c = (make_subject(f"Орган {i}", f"Орган {i}") for i in "АБВ")
    finding(c)
    plan = approved(2027, [a, b], published_on=date(2026, 11, 21))
    amendment = amended(plan, b, c)
    assert plan.version == 2 and amendment.version == 2
    assert plan.status == lc.PUBLISHED
    assert [i.subject_id for i in plan.active_items] == [a.id, c.id]
    item = plan.active_items[1]
    assert item.no == 2 and [f.subject_id for f in item.findings] == [c.id]  # R1.3
    change = amendment.changes[0]
    assert (change.item_no, change.action) == (2, "change")
    assert change.before_ru.startswith("Орган Б") and change.after_ru.startswith("Орган В")
    with pytest.raises(ValidationFailed):  # approved: not changed any more
        plans.add_change(INSPECTOR, amendment, action="exclude", item_id=item.id, now=NOW)
    docs = {(d.code, d.lang, d.version) for d in plans.documents_of(plan)}
    assert {("plan_amendment", "kk", 1), ("plan_amendment", "ru", 1),
            ("plan", "ru", 1), ("plan", "ru", 2)} <= docs
    amendment_ru = next(d for d in plans.documents_of(plan)
                        if d.code == "plan_amendment" and d.lang == "ru")
    text = docx_text(amendment_ru.content)
    assert "перераспределение полномочий между субъектами контроля" in text
    assert "Үкімет қаулысы, № 77, 21 ноября 2026 г." in text and "Номер новой редакции плана: 2" in text


def test_r2_6_second_amendment_adds_and_excludes(ctx, make_subject):
    a, b, c = (make_subject(f"Орган {i}", f"Орган {i}") for i in "АБВ")
    plan = approved(2027, [a, b])
    amendment = plans.propose_amendment(INSPECTOR, plan, ground="reorganisation",
                                        ground_details="Б қосылды", basis_title="Жарлық",
                                        basis_number="9", basis_date=date(2026, 11, 21),
                                        now=NOW)
    plans.add_change(INSPECTOR, amendment, action="exclude", item_id=plan.items[1].id, now=NOW)
    with pytest.raises(RuleViolation):  # R2.2 also binds an added item
        plans.add_change(INSPECTOR, amendment, action="add", subject_id=a.id, month=11,
                         requirement_ids=requirement_ids(),
                         finding_ids=[f.id for f in findings.findings_of(a.id)], now=NOW)
    plans.add_change(INSPECTOR, amendment, action="add", subject_id=c.id, month=11,
                     requirement_ids=requirement_ids("art22_1"),
                     finding_ids=[finding(c).id], now=NOW)
    plans.approve_amendment(FIRST_HEAD, amendment, number="A-3", approved_on=date(2026, 11, 22),
                            now=NOW)
    assert [(i.no, i.subject_id, i.status) for i in plan.items] == [
        (1, a.id, "active"), (2, b.id, "excluded"), (3, c.id, "active")]
    assert plan.items[2].added_in_version == 2 and plan.items[1].excluded_in_version == 2
    assert amendment.changes[1].item_no == 3 and amendment.changes[1].before_ru == ""


def test_r2_6_only_the_first_head_approves_an_amendment(ctx, make_subject):
    a, b = make_subject("А", "A"), make_subject("Б", "B")
    plan = approved(2027, [a])
    amendment = plans.propose_amendment(INSPECTOR, plan, ground="redistribution",
                                        ground_details="", basis_title="Қаулы",
                                        basis_number="5", basis_date=date(2026, 11, 21),
                                        now=NOW)
    plans.add_change(INSPECTOR, amendment, action="change", item_id=plan.items[0].id,
                     subject_id=b.id, finding_ids=[finding(b).id], now=NOW)
    with pytest.raises(PermissionDenied):
        plans.approve_amendment(INSPECTOR, amendment, number="1", approved_on=date(2026, 11, 22),
                                now=NOW)


def test_r2_6_amendment_through_the_pages(client, make_user, make_subject):
    make_user("insp", "inspector")
    make_user("boss", "first_head")
    a, b = make_subject("Бірінші", "Первый"), make_subject("Екінші", "Второй")
    fb = finding(b)
    plan = approved(2027, [a], published_on=date(2026, 11, 21))
    login(client, "insp")
    response = client.post("/planning/2027/amendments/new", data={
        "ground": "redistribution", "ground_details": "Өкілеттіктер",
        "basis_title": "Үкімет қаулысы", "basis_number": "15", "basis_date": "2026-11-21"})
    assert response.status_code == 303
    amendment = plan.amendments[0]
    url = f"/planning/2027/amendments/{amendment.id}"
    form = client.get(f"{url}/changes/new?action=change&item_id={plan.items[0].id}"
                      f"&subject_id={b.id}").get_data(as_text=True)
    assert 'id="change-form"' in form
    response = client.post(f"{url}/changes/new", data={
        "action": "change", "item_id": plan.items[0].id, "subject_id": b.id,
        "unit": "subject", "location": "", "month": 0, "finding_ids": [fb.id]})
    assert response.status_code == 303, response.get_data(as_text=True)
    relogin(client, "boss")
    response = client.post(f"{url}/approve", data={"number": "А-15",
                                                   "approved_on": "2026-11-22"})
    assert response.status_code == 303
    db.session.expire_all()
    assert plan.version == 2
    public = client.get("/plans/2027", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'id="amendment-2"' in public
    assert "Второй" in public and "Первый" in public  # current item and its history


def test_start_the_draft_through_the_pages(client, make_user):
    make_user("insp", "inspector")
    login(client, "insp")
    response = client.post("/planning", data={"year": 2027})
    assert response.status_code == 303 and response.location.endswith("/planning/2027/candidates")
    again = client.post("/planning", data={"year": 2027}, headers={"Accept-Language": "en"},
                        follow_redirects=True)
    assert "The plan for 2027 already exists." in again.get_data(as_text=True)
    past = client.post("/planning", data={"year": 2025}, headers={"Accept-Language": "en"},
                       follow_redirects=True)
    assert "not a past one" in past.get_data(as_text=True)


def test_r2_3_late_approval_through_the_page_asks_for_the_reason(client, app, make_user,
                                                                 make_subject, monkeypatch):
    make_user("boss", "first_head")
    plan = draft(2027, [make_subject()])
    plans.submit_plan(INSPECTOR, plan, now=NOW)
    db.session.commit()
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-12-03T10:00")
    login(client, "boss")
    page = client.get("/planning/2027/approve", headers={"Accept-Language": "en"})
    assert "approved late" in page.get_data(as_text=True)
    response = client.post("/planning/2027/approve", headers={"Accept-Language": "en"}, data={
        "number": "7", "approved_on": "2026-12-03", "late_reason": ""})
    assert response.status_code == 200
    assert "R2.3: The plan for 2027 is approved after December 1, 2026" in \
        response.get_data(as_text=True).replace("\u202f", " ").replace("\u00a0", " ")
    response = client.post("/planning/2027/approve", data={
        "number": "7", "approved_on": "2026-12-03", "late_reason": "Комиссия кешікті"})
    assert response.status_code == 303
    db.session.expire_all()
    assert plan.approved_late is True and plan.late_reason == "Комиссия кешікті"


def test_r2_5_r2_6_document_contexts_follow_the_schema(ctx, make_subject):
    from inspections.documents import VARIABLES
    from inspections.documents import plan_context as pc
    from inspections.documents.schema import enum_problems

    a, b = make_subject("А", "A"), make_subject("Б", "B")
    plan = approved(2027, [a])
    amendment = amended(plan, a, b)
    issued = {"verification_code", "verify_url", "verify_qr"}
    for lang in ("kk", "ru"):
        ctx_plan = pc.plan_context(plan, lang, authority_name="X", place="Y",
                                   signatory={"full_name": "F", "position": "P"})
        assert set(ctx_plan) | issued == VARIABLES["plan"]
        assert set(ctx_plan["items"][0]) == {"no", "subject_name", "location", "timeframe",
                                             "subject_matter"}
        ctx_amendment = pc.amendment_context(amendment, lang, authority_name="X", place="Y",
                                             signatory={"full_name": "F", "position": "P"})
        assert set(ctx_amendment) | issued == VARIABLES["plan_amendment"]
        assert enum_problems("plan_amendment", ctx_amendment) == []
    assert pc.doc_date(date(2026, 11, 27), "kk") == "2026 жылғы 27 қараша"
    assert pc.doc_date(date(2026, 11, 27), "ru") == "27 ноября 2026 г."
    assert pc.timeframe(3, date(2027, 3, 1), date(2027, 3, 31), "ru") == "март 2027 года"
    assert pc.timeframe(3, date(2027, 3, 1), date(2027, 3, 31), "kk") == "2027 жылғы наурыз"


def test_r2_5_the_plan_document_reads_its_items_in_a_constant_number_of_statements(
        ctx, make_subject):
    """R2.5, issue 13: the plan DOCX of a plan with many items costs the same number of
    statements as a small one (a plan of 600 items sent 600 before)."""
    from bench.pages import counting

    counts = []
    for year, n in ((2027, 2), (2028, 7)):
        plan = draft(year, [make_subject(f"Орган {year}-{k}", f"Орган {year}-{k}")
                            for k in range(n)])
        plans.submit_plan(INSPECTOR, plan, now=NOW)
        db.session.commit()
        db.session.expire_all()
        plan = plans.get_plan(year)
        with counting() as box:
            docs = plans.approve_plan(FIRST_HEAD, plan, number=f"{year}/1",
                                      approved_on=date(2026, 11, 20), now=NOW)
        assert len(docs) == 2 and f"Орган {year}-{n - 1}" in docx_text(docs[0].content)
        counts.append(box["sql"])
        db.session.rollback()
    assert len(counts[0]) == len(counts[1]), "\n".join(counts[1])


def test_the_plan_page_shows_its_items_a_page_at_a_time(client, make_user, make_subject,
                                                        monkeypatch):
    """Issue 13: a national plan has some 600 items; the staff plan page shows them a page
    at a time, in number order, with the total and a pager."""
    from inspections.views import plans as plan_views

    monkeypatch.setattr(plan_views, "PLAN_ITEMS_PER_PAGE", 2)
    make_user("insp", "inspector")
    draft(2027, [make_subject(f"Орган {k}", f"Орган {k}") for k in range(5)])
    db.session.commit()
    login(client, "insp")
    first = client.get("/planning/2027").get_data(as_text=True)
    third = client.get("/planning/2027?page=3").get_data(as_text=True)
    body = first[first.index("<tbody>", first.index('id="plan-items"')):
                 first.index("</tbody>", first.index('id="plan-items"'))]
    assert body.count("<tr>") == 2 and "Орган 0" in body and "Орган 2" not in body
    assert 'id="items-title"' in first and ">5</span>" in first  # the total
    assert "page=3" in first  # the pager
    last = third[third.index("<tbody>", third.index('id="plan-items"')):
                 third.index("</tbody>", third.index('id="plan-items"'))]
    assert last.count("<tr>") == 1 and "Орган 4" in last
