"""Browser: the head opens the dashboard, reads a chart's numbers in its table, follows a
figure to the inspections behind it, places the closed year's statistics on the internet
resource, and a logged-out visitor reads them (R27.1: counts only)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD
from .test_statistics import stat_world

pytestmark = pytest.mark.browser


def test_head_reads_the_year_and_places_it_visitor_sees_it(live_server, app, make_user,
                                                           make_subject, page: Page,
                                                           monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2027-01-15T10:00")
    stat_world(make_subject)
    make_user("boss", "head")

    page.goto(live_server + "/login")
    page.get_by_label(re.compile("Пайдаланушы|Username|Имя пользователя")).fill("boss")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_role("button", name="English").click()
    page.goto(live_server + "/dashboard?year=2026")
    expect(page.get_by_role("heading", name="Remediation of violations (R16.1, R16.2)")).to_be_visible()
    assert page.locator("section#remediation svg[role=img]").count() == 1
    # on 15 January 2027 the deadline of 15 December has passed too: three violations
    row = page.locator("#table-remediation tr", has_text="Not eliminated")
    expect(row.locator("td")).to_have_text("3")
    row.get_by_role("link", name="3").click()
    expect(page.locator("#figure-inspections tbody tr")).to_have_count(2)
    expect(page.locator("#figure-inspections")).to_contain_text("U1")
    expect(page.locator("#figure-inspections")).to_contain_text("U2")

    page.goto(live_server + "/dashboard?year=2026")
    page.get_by_role("button", name=re.compile("Place the statistics of 2026")).click()
    expect(page.get_by_role("alert")).to_contain_text("placed on the internet resource")
    page.get_by_role("button", name=re.compile("Тестов")).click()
    page.get_by_role("button", name="Log out").click()

    page.goto(live_server + "/statistics")
    page.get_by_role("link", name="Statistics for 2026").click()
    expect(page.locator("#table-objections")).to_contain_text("Objections received")
    assert page.locator("#table-objections a").count() == 0  # no lists behind public figures
    assert "Тестов" not in page.content()
