"""Issue 13 (national scale): pickers by search, bounded and keyset-paged lists, the
published plan served by version with an ETag."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert

from bench.pages import counting
from inspections.extensions import db
from inspections.models import ControlSubject, Notification

from .conftest import NOW, login


def _many_subjects(n: int, *, prefix: str = "Орган") -> list[int]:
    rows = [{"bin": f"88{k:010d}", "name_kk": f"{prefix} {k:04d}", "name_ru": f"{prefix} {k:04d}",
             "location_kk": "Астана қ.", "location_ru": "г. Астана", "kind": "central", "status": "active",
             "created_at": NOW} for k in range(n)]
    db.session.execute(insert(ControlSubject), rows)
    db.session.commit()
    return [s.id for s in db.session.query(ControlSubject).order_by(ControlSubject.id)]


def _options(html: str, select_id: str) -> list[str]:
    block = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option[^>]*value="(\d+)"', block)


def test_subject_picker_lists_a_bounded_number_and_finds_the_rest_by_search(client, make_user):
    make_user("insp", "inspector")
    ids = _many_subjects(120)
    login(client, "insp")
    html = client.get("/inspections/new").get_data(as_text=True)
    options = _options(html, "control_subject_id")
    assert len(options) <= 51  # "—" and at most 50 bodies, not 120
    assert 'data-subject-search="/registry/search.json' in html
    # without JavaScript: the search field is a GET form that narrows the select
    html = client.get("/inspections/new?control_subject_id_q=0117").get_data(as_text=True)
    found = _options(html, "control_subject_id")
    assert found == ["0", str(ids[117])]
    # the JSON endpoint that feeds search-as-you-type
    rows = client.get("/registry/search.json?q=0117").get_json()
    assert [r["id"] for r in rows] == [ids[117]] and rows[0]["name"] == "Орган 0117"
    assert len(client.get("/registry/search.json?q=Орган").get_json()) == 20


def test_a_body_beyond_the_first_page_of_the_picker_can_still_be_chosen(client, make_user):
    """The value posted is always among the choices, so validation accepts it."""
    make_user("insp", "inspector")
    ids = _many_subjects(80)
    login(client, "insp")
    html = client.get(f"/inspections/new?control_subject_id={ids[-1]}").get_data(as_text=True)
    assert str(ids[-1]) in _options(html, "control_subject_id")
    r = client.post("/inspections/new", data={"control_subject_id": ids[-1], "ground": 1,
                                               "basis_number": "1", "basis_date": "2026-11-20",
                                               "basis_author": "Азамат"})
    assert r.status_code in (200, 303)
    assert "Not a valid choice" not in r.get_data(as_text=True)


def test_subject_search_is_for_staff_only(client, make_user, make_subject):
    body = make_subject()
    make_user("rep1", "subject_rep", subject=body)
    login(client, "rep1")
    assert client.get("/registry/search.json?q=a").status_code == 403


def test_notifications_come_a_page_at_a_time_newest_first(client, make_user):
    from inspections.services.notifications import UNREAD_CAP
    from inspections.views.notifications import PER_PAGE

    user = make_user("insp", "inspector")
    total = 2 * PER_PAGE + 10 + UNREAD_CAP
    db.session.execute(insert(Notification), [
        {"user_id": user.id, "code": "report_received", "params": {"number": f"N{k}"},
         "created_at": NOW, "read_at": None} for k in range(total)])
    db.session.commit()
    login(client, "insp")
    html = client.get("/notifications/").get_data(as_text=True)
    assert html.count('class="list-group-item') == PER_PAGE
    # the badge counts up to the cap, then says "99+" (issue 13: constant time)
    assert 'id="unread-count" aria-label="' in html and f">{UNREAD_CAP - 1}+<" in html
    seen = PER_PAGE
    while 'id="older"' in html:
        older = re.search(r'href="(/notifications/\?before=\d+)"', html).group(1)
        html = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
        seen += html.count('class="list-group-item')
    assert seen == total
    # "mark all as read" is one UPDATE, whatever the number
    with counting() as box:
        client.post("/notifications/read", data={})
    assert sum(s.lstrip().upper().startswith("UPDATE") for s in box["sql"]) == 1
    assert db.session.query(Notification).filter(Notification.read_at.is_(None)).count() == 0


def test_audit_list_pages_by_keyset_without_counting_the_log(client, make_user, make_subject):
    make_user("root", "admin")
    for k in range(55):
        make_subject(name_kk=f"Орган {k}")
    login(client, "root")
    with counting() as box:
        html = client.get("/audit").get_data(as_text=True)
    audit_sql = [s.lower() for s in box["sql"] if "audit_log" in s]
    assert audit_sql and not any("count(" in s or "distinct" in s for s in audit_sql)
    assert '<option value="control_subjects"' in html
    older = re.search(r'href="(/audit\?before=\d+)"', html).group(1)
    html = client.get(older).get_data(as_text=True)
    assert 'id="older"' not in html and "Newest" in html or "Ең жаңалары" in html


def test_published_plan_is_served_by_version_with_an_etag(app, client):
    """R2.4: the public plan, CSV and JSON; a browser that has the version gets 304, and a
    cached version costs one statement."""
    from inspections.demo import PASSWORD  # noqa: F401
    from inspections.services import plans

    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    year = plans.published_plans()[0].year
    app.config["PUBLIC_PLAN_CACHE"] = True
    try:
        for suffix in ("", ".csv", ".json"):
            first = client.get(f"/plans/{year}{suffix}")
            assert first.status_code == 200 and first.headers["ETag"]
            with counting() as box:
                again = client.get(f"/plans/{year}{suffix}")
            assert again.data == first.data and box["n"] == 1
            not_modified = client.get(f"/plans/{year}{suffix}",
                                      headers={"If-None-Match": first.headers["ETag"]})
            assert not_modified.status_code == 304 and not not_modified.data
    finally:
        app.config.pop("PUBLIC_PLAN_CACHE", None)
        app.extensions.pop("public_plan_cache", None)


def test_staff_home_lists_a_bounded_slice_and_links_to_the_rest(client, make_user):
    from bench.seed import seed

    assert seed  # the bench's seeder is importable from the suite
    from inspections.models import Inspection, InspectionInspector
    from inspections.services.results import MINE_RECENT

    user = make_user("insp", "inspector")
    body = _many_subjects(1)[0]
    rows = [{"kind": "unscheduled", "status": "fieldwork", "control_subject_id": body,
             "number": f"2020/{k:04d}", "created_at": NOW}
            for k in range(MINE_RECENT + 5)]
    rows.append({"kind": "unscheduled", "status": "closed", "control_subject_id": body,
                 "number": "2019/0001", "created_at": NOW})
    ids = [r[0] for r in db.session.execute(
        insert(Inspection).returning(Inspection.id, sort_by_parameter_order=True), rows)]
    db.session.execute(insert(InspectionInspector),
                       [{"inspection_id": i, "user_id": user.id} for i in ids])
    db.session.commit()
    login(client, "insp")
    html = client.get("/").get_data(as_text=True)
    section = html[html.index('id="my-inspections"'):]
    assert section.count("/inspections/") - section.count("mine=1") <= MINE_RECENT
    assert f"({MINE_RECENT + 5})" in section
    assert "2019/0001" not in section  # closed: in the list of all my inspections
    link = re.search(r'href="(/inspections\?[^"]*status=fieldwork[^"]*)"', section).group(1)
    listing = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "2020/0000" in listing or "2020/00" in listing
    every = re.search(r'id="all-mine" href="([^"]*)"', section).group(1)
    assert "2019/0001" in client.get(every.replace("&amp;", "&")).get_data(as_text=True)


def test_inspections_list_filters_pages_and_names_the_body_in_the_readers_language(
        client, make_user):
    """Issue 13: the list reads the columns it shows (no inspections, bodies or acts as
    objects); the status filter, "mine", the pages, the R13.1 badge and the body's name
    in the reader's language are what the reader gets."""
    from inspections.models import Inspection, InspectionInspector, ResultsAct
    from inspections.views.inspections import INSPECTIONS_PER_PAGE

    user = make_user("insp", "inspector")
    make_user("other", "inspector")
    body = ControlSubject(bin="990101000001", name_kk="Қаржы министрлігі",
                          name_ru="Министерство финансов", location_kk="Астана",
                          location_ru="Астана", kind="central", status="active", created_at=NOW)
    db.session.add(body)
    db.session.flush()
    n = INSPECTIONS_PER_PAGE + 3
    rows = [{"kind": "unscheduled", "status": "fieldwork" if k % 2 else "closed",
             "control_subject_id": body.id, "number": f"2026/{k:04d}", "created_at": NOW}
            for k in range(n)]
    ids = [r[0] for r in db.session.execute(
        insert(Inspection).returning(Inspection.id, sort_by_parameter_order=True), rows)]
    db.session.execute(insert(InspectionInspector),
                       [{"inspection_id": i, "user_id": user.id} for i in ids[:4]])
    db.session.add(ResultsAct(inspection_id=ids[2], term_breached=True, drawn_at=NOW,
                              place="Астана", created_at=NOW))
    db.session.commit()
    login(client, "insp")

    def numbers(url):
        html = client.get(url).get_data(as_text=True)
        return re.findall(r">(2026/\d{4})</a>", html), html

    first, html = numbers("/inspections")
    assert first == [f"2026/{k:04d}" for k in range(n - 1, n - 1 - INSPECTIONS_PER_PAGE, -1)]
    assert "Қаржы министрлігі" in html and "Министерство финансов" not in html
    second, html = numbers("/inspections?page=2")
    assert second == ["2026/0002", "2026/0001", "2026/0000"]
    breached = html[html.index(">2026/0002<"):html.index(">2026/0001<")]
    assert "R13.1" in breached and "R13.1" not in html[html.index(">2026/0001<"):]
    assert numbers("/inspections?page=9")[0] == []
    closed, _ = numbers("/inspections?status=closed")
    assert closed == [f"2026/{k:04d}" for k in range(n - 1, -1, -1) if k % 2 == 0][:INSPECTIONS_PER_PAGE]
    assert numbers("/inspections?mine=1")[0] == ["2026/0003", "2026/0002", "2026/0001", "2026/0000"]
    assert numbers("/inspections?mine=1&status=fieldwork")[0] == ["2026/0003", "2026/0001"]
    client.post("/lang", data={"lang": "ru"})
    _, html = numbers("/inspections?mine=1")
    assert "Министерство финансов" in html and "Қаржы министрлігі" not in html


@pytest.mark.postgresql
def test_read_only_transactions_end_with_commit_and_any_write_still_rolls_back(app):
    """Issue 13 (inspections/readonly.py): a request that only read ends its transaction
    with COMMIT, so that psycopg keeps the statements it prepared (a ROLLBACK makes it
    forget them and PostgreSQL parses and plans every statement again); a transaction that
    wrote anything — through the ORM or a plain UPDATE — and was not committed still ends
    with a rollback and changes nothing."""
    from datetime import date

    from sqlalchemy import event, func, select, text

    from inspections.models import CalendarOverride

    from .conftest import _clean

    _clean(app)
    ends: list[str] = []
    with app.app_context():
        engine = db.engine

    def on_commit(conn):
        ends.append("commit")

    def on_rollback(conn):
        ends.append("rollback")

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    try:
        with app.app_context():
            db.session.execute(select(CalendarOverride)).all()
        assert ends == ["commit"]
        ends.clear()
        with app.app_context():
            db.session.add(CalendarOverride(day=date(2026, 12, 31), kind="day_off",
                                            name="x", basis="y", created_at=NOW))
            db.session.flush()  # written, never committed
        assert ends == ["rollback"]
        ends.clear()
        with app.app_context():
            db.session.execute(select(CalendarOverride)).all()
            db.session.execute(text("UPDATE calendar_overrides SET name = 'z'"))
        assert ends == ["rollback"]
        with app.app_context():
            assert db.session.execute(select(func.count(CalendarOverride.id))).scalar() == 0
        # a client's read-only page, then its prepared statements survive the next request
        client = app.test_client()
        for _ in range(7):
            assert client.get("/verify/NOPE").status_code in (200, 404)
        assert "rollback" not in ends[-7:]
    finally:
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "rollback", on_rollback)
