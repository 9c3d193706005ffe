"""Browser, issue 13: the subject picker searches as you type (from /registry/search.json)
instead of listing every body of the country."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert

from inspections.extensions import db
from inspections.models import ControlSubject

from .conftest import NOW, PASSWORD

pytestmark = pytest.mark.browser


def test_subject_picker_fills_the_select_as_you_type(live_server, make_user, page: Page):
    db.session.execute(insert(ControlSubject), [
        {"bin": f"88{k:010d}", "name_kk": f"Орган {k:04d}", "name_ru": f"Орган {k:04d}",
         "location_kk": "Астана қ.", "location_ru": "г. Астана", "kind": "central", "status": "active", "created_at": NOW}
        for k in range(120)])
    db.session.commit()
    make_user("insp", "inspector")
    page.goto(live_server + "/login")
    page.locator("#username").fill("insp")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(live_server + "/inspections/new")
    select = page.locator("#control_subject_id")
    expect(select.locator("option[value]")).to_have_count(51)  # "—" and the first 50
    expect(select.locator("option", has_text="Орган 0117")).to_have_count(0)
    page.locator("#control_subject_id-q").press_sequentially("0117", delay=30)
    expect(select.locator("option", has_text="Орган 0117")).to_have_count(1)
    select.select_option(label=select.locator("option", has_text="Орган 0117").inner_text())
    expect(select).not_to_have_value("0")


def test_home_shows_the_first_clocks_and_the_clocks_page_pages_the_rest(
        app, live_server, make_user, make_subject, page: Page):
    """Issue 13, R14.1/R16.2: an inspector with many overdue elimination and reporting
    deadlines sees the first ones on the home page, follows "All overdue clocks", and pages
    through every one of them, each with its "why?" explanation."""
    from inspections.services import registry
    from inspections.services.catalogue import seed_catalogue

    from . import test_results as results
    from .conftest import SYSTEM
    from .test_browser_inspections import _login

    subject = make_subject("Денсаулық сақтау министрлігі", "Министерство здравоохранения")
    sub = registry.add_subdivision(SYSTEM, subject, name_kk="Алматы филиалы",
                                   name_ru="Алматинский филиал", location="Алматы қ.",
                                   now=NOW)
    regime = registry.add_object(SYSTEM, subject, name="Деректер орталығы",
                                 address="Астана қ., 1", is_regime=True, now=NOW)
    seed_catalogue(SYSTEM, now=NOW)
    db.session.commit()
    world = {"subject": subject, "sub": sub, "regime": regime,
             "inspector": make_user("insp", "inspector"),
             "inspector2": make_user("insp2", "inspector"), "head": make_user("boss", "head")}
    inspection = results.delivered(world, count=12)
    app.config["CLOCK_NOW"] = "2027-02-15T10:00"
    try:
        _login(page, live_server, "insp")
        overdue = page.locator("#overdue")
        expect(overdue.locator("tbody tr")).not_to_have_count(0)
        page.locator("#all-overdue").click()
        expect(page.locator("h1")).to_have_text("Statutory clocks")
        rows = page.locator("#clocks tbody tr")
        expect(rows.first).to_contain_text(inspection.number)
        first_page = rows.count()
        page.locator(".pagination a", has_text="2").click()
        expect(page.locator(".pagination .active")).to_have_text("2")
        second_page = page.locator("#clocks tbody tr").count()
        assert first_page + second_page >= 24  # twelve violations, two deadlines each
        page.locator("#clocks details summary").first.click()
        expect(page.locator("#clocks details ol").first).to_be_visible()
    finally:
        app.config["CLOCK_NOW"] = None
