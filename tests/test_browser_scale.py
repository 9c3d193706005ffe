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
