"""Browser: an inspector drafts the 2027 plan with three items from the ranked candidates
(R1.3), the first head — warned on the home page (R2.3) — approves (R2.1) and publishes it
(R2.4), and a logged-out visitor sees it and downloads the CSV (R27.1: bodies only)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from inspections.extensions import db
from inspections.services import catalogue, findings

from .conftest import NOW, PASSWORD, SYSTEM

pytestmark = pytest.mark.browser

BODIES = [("Денсаулық сақтау министрлігі", "Министерство здравоохранения", 5),
          ("Еңбек министрлігі", "Министерство труда", 4),
          ("Алматы қаласының әкімдігі", "Акимат города Алматы", 3),
          ("Көлік министрлігі", "Министерство транспорта", 1)]


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label(re.compile("Пайдаланушы|Username|Имя пользователя")).fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _log_out(page: Page, full_name: str) -> None:
    page.get_by_role("button", name=full_name).or_(
        page.get_by_role("link", name=full_name)).first.click()
    page.get_by_role("button", name="Log out").click()


def test_inspector_drafts_first_head_approves_visitor_downloads(live_server, app, make_user,
                                                                make_subject, page: Page,
                                                                monkeypatch):
    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-11-23T10:00")
    make_user("insp", "inspector")
    make_user("boss", "first_head")
    catalogue.seed_catalogue(SYSTEM, now=NOW)
    for kk, ru, weight in BODIES:
        subject = make_subject(kk, ru)
        findings.record_finding(SYSTEM, subject, source="technical_service",
                                found_on=date(2026, 6, 1), summary=f"{kk}: тексеру",
                                weight=weight, now=NOW)
    db.session.commit()

    # the inspector starts the draft and adds the three best candidates
    _log_in(page, live_server, "insp")
    page.get_by_role("link", name="Plans", exact=True).first.click()
    page.get_by_label("Plan year").fill("2027")
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidates for the plan of 2027")
    expect(page.locator("#formula")).to_contain_text("score = Σ (weight × age factor)")
    for index, (kk, _ru, _w) in enumerate(BODIES[:3]):
        if index:
            page.get_by_role("link", name="Candidates", exact=True).first.click()
        rows = page.locator("#candidates tbody tr")
        expect(rows.first).to_contain_text(kk)  # the best remaining candidate comes first
        page.get_by_role("link", name=f"Add {kk} to the plan").click()
        if index < 2:
            page.get_by_label("Month").select_option(label=["March 2027", "April 2027"][index])
        else:
            page.get_by_label("or from").fill("2027-09-14")
            page.get_by_label("to", exact=True).fill("2027-09-25")
        page.locator("input[name=requirement_ids]").nth(2).check()
        page.locator("input[name=requirement_ids]").nth(7).check()
        page.get_by_role("button", name="Add to the plan").click()
        expect(page.locator(".alert-success")).to_contain_text(f"Item {index + 1} added")
    expect(page.locator("#plan-items tbody tr")).to_have_count(3)
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("#plan-status")).to_contain_text("Submitted for approval")
    _log_out(page, "Тестов Insp")

    # the first head is warned (R2.3), approves with number and date, and publishes
    _log_in(page, live_server, "boss")
    expect(page.locator("#plan-reminder-2027")).to_contain_text("R2.3")
    page.get_by_role("link", name="Open the plan", exact=True).click()
    page.get_by_role("link", name="Approve the plan").click()
    page.get_by_label("Plan number").fill("01-07/155")
    expect(page.get_by_label("Date of approval")).to_have_value("2026-11-23")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("#plan-status")).to_contain_text("Approved")
    expect(page.locator("#plan-status")).not_to_contain_text("approved late")
    expect(page.locator("#plan-documents tbody tr")).to_have_count(2)  # kk and ru DOCX
    page.get_by_role("button", name="Publish on the public page").click()
    expect(page.locator("#plan-status")).to_contain_text("Published")
    _log_out(page, "Тестов Boss")

    # a visitor without an account
    page.goto(live_server + "/plans")
    page.get_by_role("link", name="Plan for 2027").click()
    expect(page.locator("#public-items tbody tr")).to_have_count(3)
    expect(page.locator("#plan-header")).to_contain_text("01-07/155")
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    download = info.value
    assert download.suggested_filename == "plan_2027_v1.csv"
    with open(download.path(), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(io.StringIO(f.read())))
    assert [r["subject_name_kk"] for r in rows] == [kk for kk, _ru, _w in BODIES[:3]]
    assert [r["timeframe_month"] for r in rows] == ["3", "4", ""]
    assert rows[2]["timeframe_end"] == "2027-09-25"
    content = page.content()
    assert "Тестов" not in content and "boss" not in content  # R27.1
