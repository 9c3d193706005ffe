"""R1.3, R2.2 (issue 13): the ranking of candidates kept in the database
(``inspections/services/ranking.py``) is always the ranking of the pure formula
(``findings.rank``): made the first time a year's candidates are shown, brought up to date
in the transaction of every change of a finding, a body's status or a plan item, and safe
when a change and the first showing of a year meet."""

from __future__ import annotations

import threading
import time
from datetime import date

from sqlalchemy import func, insert, select

from inspections.extensions import db
from inspections.models import AuditEntry, CandidateRank, CandidateRankYear, Finding
from inspections.models.plans import ITEM_EXCLUDED
from inspections.services import findings, plans, ranking, registry

from .conftest import NOW, SYSTEM
from .test_plans import INSPECTOR, draft, finding

TODAY = date(2026, 12, 1)


def spec(year):
    """The ranking by the formula over every finding, as the page shows it."""
    by_subject: dict = {}
    for f in db.session.execute(select(Finding)).scalars():
        by_subject.setdefault(f.subject, []).append(f)
    ranked, left_out = findings.rank(
        by_subject, year, liquidated={s.id for s in by_subject if s.status == "liquidated"},
        in_plan=findings.planned_subjects(year))
    return shown(ranked, left_out)


def shown(ranked, left_out):
    return ([(c.subject.id, c.score, len(c.sources), c.latest) for c in ranked],
            [(c.subject.id, c.excluded, c.plan_item_no) for c in left_out])


def read(year, *, stored):
    result = findings.candidate_page(year, per_page=None, today=TODAY if stored else None)
    return shown(result.ranked, result.left_out)


def kept_rows(year):
    return db.session.execute(select(func.count()).where(CandidateRank.year == year)).scalar()


def order(year, *, stored):
    """The ranking's own order (a page re-sorts its rows by the formula): every ranked
    body, then every body left out with its plan item number."""
    return ([row[0] for row in ranking.page(year, stored=stored, left_out=False, offset=0,
                                            limit=None)],
            ranking.page(year, stored=stored, left_out=True, offset=0, limit=None))


def agrees(year=2027):
    """The kept ranking, the one worked out on the fly and the formula's are the same."""
    db.session.flush()
    expected = spec(year)
    expected_order = ([row[0] for row in expected[0]],
                      [(row[0], row[2]) for row in expected[1]])
    assert order(year, stored=True) == expected_order
    assert order(year, stored=False) == expected_order
    counts = (len(expected[0]), len(expected[1]))
    assert ranking.prepare(year, today=TODAY).counts == counts == ranking.counts(year)
    assert read(year, stored=True) == expected
    assert kept_rows(year) == len(expected[0]) + len(expected[1])
    return expected


def test_r1_3_kept_ranking_is_made_once_and_follows_every_change(ctx, make_subject):
    """R1.3, R2.2: after each kind of change — a finding recorded, its weight, date, source
    or body changed, a body liquidated, a body put in the plan or its item excluded — the
    kept ranking is the formula's, in the same transaction."""
    a, b, c, d = (make_subject(f"Орган {n}", f"Орган {n}") for n in "abcd")
    finding(a, weight=2)
    finding(b, "internet_resources", found_on=date(2024, 5, 1), weight=5)
    finding(c, weight=1)
    db.session.commit()
    assert ranking.prepare(2027, today=TODAY) == ranking.Prepared(stored=True, made=True,
                                                                  counts=(3, 0))
    db.session.commit()
    assert ranking.prepare(2027, today=TODAY) == ranking.Prepared(stored=True, made=False,
                                                                  counts=(3, 0))
    assert agrees()[0][0][0] == b.id  # 5 × ½ beats 2 × 1

    finding(d, weight=5)  # recorded through the service
    assert agrees()[0][0][0] == d.id
    first_of_c = findings.findings_of(c.id)[0]
    first_of_c.weight = 5  # edited through the ORM
    first_of_c.found_on = date(2027, 1, 5)
    assert agrees()[0][0][0] in (c.id, d.id)
    first_of_c.source = "technical_service"
    agrees()
    first_of_c.subject = a  # moved to another body: both bodies move
    ranked, _ = agrees()
    assert c.id not in [row[0] for row in ranked]
    registry.record_event(SYSTEM, d, kind="liquidated", event_date=date(2026, 10, 1), now=NOW)
    _, left_out = agrees()
    assert left_out == [(d.id, "liquidated", None)]
    plan = draft(2027, [b])  # R2.2: b now has an item in the plan of 2027
    _, left_out = agrees()
    assert (b.id, "in_plan", 1) in left_out
    plan.items[0].status = ITEM_EXCLUDED  # its item excluded: a candidate again
    ranked, left_out = agrees()
    assert b.id in [row[0] for row in ranked]
    db.session.commit()
    agrees()


def test_r2_2_kept_item_numbers_follow_the_renumbering_of_a_draft_plan(ctx, make_subject):
    """R2.2: a body left out for its item in the plan keeps the item's number as the plan
    shows it — also after an earlier item is removed and the others are renumbered."""
    a, b, c = (make_subject(f"Орган {n}", f"Орган {n}") for n in "abc")
    plan = draft(2027, [a, b, c])
    db.session.commit()
    ranking.prepare(2027, today=TODAY)
    assert {row[0]: row[2] for row in agrees()[1]} == {a.id: 1, b.id: 2, c.id: 3}
    plans.remove_item(INSPECTOR, plan, plan.items[0], now=NOW)
    _, left_out = agrees()
    assert {row[0]: row[2] for row in left_out} == {b.id: 1, c.id: 2}


def test_r1_3_only_the_years_around_today_are_kept(ctx, make_subject):
    """Issue 13: a year far from today is ranked on the fly, and nothing is written for it."""
    finding(make_subject())
    assert ranking.prepare(2035, today=TODAY) == ranking.Prepared(stored=False, made=False)
    assert ranking.prepare(2024, today=TODAY).stored is False
    assert db.session.execute(select(func.count()).select_from(CandidateRankYear)).scalar() == 0
    assert read(2035, stored=False) == spec(2035)
    for year in (2025, 2026, 2027, 2028):
        assert ranking.prepare(year, today=TODAY).made is True
        agrees(year)


def test_r1_3_rank_candidates_command_repairs_rows_written_without_the_application(
        app, ctx, make_subject):
    """Rows inserted in bulk (the bench) are not seen by the session; ``flask
    rank-candidates`` works the year out again."""
    first, subject = make_subject("Бір", "Один"), make_subject("Екі", "Два")
    finding(first, weight=3)
    finding(subject, weight=1)
    ranking.prepare(2027, today=TODAY)
    db.session.commit()
    db.session.execute(insert(Finding), [{
        "subject_id": subject.id, "source": "monitoring", "found_on": date(2026, 6, 1),
        "summary": "bulk", "weight": 5, "created_at": NOW}])
    db.session.commit()
    assert [row[0] for row in spec(2027)[0]] == [subject.id, first.id]
    stale = findings.candidate_page(2027, page=1, per_page=1, today=TODAY)
    assert stale.ranked[0].subject.id == first.id  # the kept ranking did not see the insert
    result = app.test_cli_runner().invoke(args=["rank-candidates", "2027"])
    assert result.exit_code == 0, result.output
    assert "2 bodies ranked for the plan of 2027" in result.output
    db.session.expire_all()
    agrees()
    # an audit row: every process forgets the pages it kept from the stale rows
    newest = db.session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalar()
    assert (newest.action, newest.object_type, newest.object_id) == (
        "candidates.reranked", "candidate_rank_years", 2027)


def test_r1_3_years_that_leave_the_window_are_forgotten(ctx, make_subject):
    """Issue 13: when a year is first kept, the years before the window around today are
    dropped, so that changes no longer work out rankings nobody reads."""
    finding(make_subject(), weight=2)
    assert ranking.prepare(2025, today=TODAY).made  # last year's plan, seen in December
    assert ranking.prepare(2026, today=TODAY).made
    later = date(2027, 2, 1)  # the window is now 2026–2029
    assert ranking.prepare(2025, today=later).stored is False
    assert ranking.prepare(2029, today=later).made
    kept_years = db.session.execute(select(CandidateRankYear.year)).scalars().all()
    assert sorted(kept_years) == [2026, 2029]
    assert kept_rows(2025) == 0 and kept_rows(2026) == 1


def test_r1_3_a_change_committed_while_a_year_is_first_shown_is_in_its_ranking(
        app, ctx, make_subject):
    """Issue 13, concurrency (real threads; PostgreSQL in CI): a finding recorded, not yet
    committed, when another request shows the year's candidates for the first time.  The
    year is made after the finding's transaction ends (the audit chain's lock), so its
    ranking has the finding — never a ranking kept without it."""
    a, b = make_subject("Бір", "Один"), make_subject("Екі", "Два")
    finding(a, weight=1)
    db.session.commit()
    finding(b, weight=5)  # flushed: its transaction holds the lock (PostgreSQL)
    outcome: dict = {}

    def show_year():
        try:
            with app.app_context():
                outcome["prepared"] = ranking.prepare(2027, today=TODAY)
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 - asserted below
            outcome["error"] = exc

    thread = threading.Thread(target=show_year)
    thread.start()
    time.sleep(0.5)  # the other request is now waiting for the lock (or SQLite's write lock)
    db.session.commit()
    thread.join(timeout=60)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["prepared"].made is True
    db.session.expire_all()
    ranked, _ = agrees()
    assert [row[0] for row in ranked] == [b.id, a.id]


def test_r1_3_a_year_shown_twice_at_once_is_made_once(app, ctx, make_subject):
    """Two first showings of a year at the same moment: one makes it, the other reads it."""
    for n in range(3):
        finding(make_subject(f"Орган {n}", f"Орган {n}"), weight=n + 1)
    db.session.commit()
    barrier = threading.Barrier(2)
    outcome: list = []

    def show_year():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                outcome.append(ranking.prepare(2027, today=TODAY))
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 - asserted below
            outcome.append(exc)

    threads = [threading.Thread(target=show_year) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(p.made for p in outcome) == [False, True], outcome
    agrees()


def test_r1_3_candidates_page_keeps_the_year_and_shows_the_kept_order(client, make_user,
                                                                      make_subject):
    """The first showing of next year's candidates makes its kept ranking and commits it;
    a change after it shows at once, in the formula's order, and the numbers of bodies
    ranked and left out are those of the kept year."""
    from inspections import clock

    from .conftest import login

    year = clock.today().year + 1
    make_user("insp", "inspector")
    low, high = make_subject("Төмен", "Низкий"), make_subject("Жоғары", "Высокий")
    finding(low, weight=1, found_on=date(year - 1, 3, 2))
    finding(high, weight=4, found_on=date(year - 1, 3, 2))
    db.session.commit()
    login(client, "insp")
    page = client.get(f"/planning/{year}/candidates").get_data(as_text=True)
    assert page.index("Жоғары") < page.index("Төмен")
    db.session.rollback()
    assert db.session.get(CandidateRankYear, year).ranked == 2  # committed by the page
    finding(low, "internet_resources", weight=5, found_on=date(year - 1, 4, 1))
    db.session.commit()
    page = client.get(f"/planning/{year}/candidates").get_data(as_text=True)
    assert page.index("Төмен") < page.index("Жоғары")  # 1 + 5 beats 4
    assert kept_rows(year) == 2
