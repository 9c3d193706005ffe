"""Browser: an inspector creates an unscheduled inspection on ground 3 (a prosecutor's
demand), issues the act, records the notice and the delivery, adds evidence, requests an
extension, and the head approves it (R3.1, R7.2, R7.3, R7.4, R4.1, R9.2)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from inspections.extensions import db
from inspections.services.catalogue import seed_catalogue

from .conftest import NOW, PASSWORD, SYSTEM

pytestmark = pytest.mark.browser


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav")).to_contain_text("Тестов")


def test_unscheduled_inspection_from_act_to_extension(app, live_server, make_user,
                                                      make_subject, page: Page, tmp_path):
    make_subject("Денсаулық сақтау министрлігі", "Министерство здравоохранения")
    seed_catalogue(SYSTEM, now=NOW)
    db.session.commit()
    make_user("insp", "inspector")
    make_user("boss", "head")
    app.config["CLOCK_NOW"] = "2026-11-24T12:00"
    try:
        _run(app, live_server, page, tmp_path)
    finally:
        app.config["CLOCK_NOW"] = None


def _run(app, base, page: Page, tmp_path):
    _login(page, base, "insp")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Inspections", exact=True).click()
    page.get_by_role("link", name="New unscheduled inspection").click()
    page.get_by_label("Control subject").select_option(label="Денсаулық сақтау министрлігі")
    page.get_by_label("Ground (R3.1)").select_option(value="3")
    page.get_by_label("Basis document: number").fill("2-0501-26/1")
    page.get_by_label("Basis document: date").fill("2026-11-20")
    page.get_by_label("Basis document: author").fill("Prosecutor's office of Astana")
    page.get_by_role("button", name="Create draft").click()

    expect(page.get_by_role("heading", name="Appointment act")).to_be_visible()
    page.get_by_label(re.compile("^Тестов Insp")).check()
    page.locator("input[name=requirement_ids]").first.check()
    # R5.1: the act is delivered within its own dates (on the planned start, 24 Nov)
    page.get_by_label("Planned start").fill("2026-11-24")
    page.get_by_label("Planned end").fill("2026-12-07")
    page.get_by_label("Inspected period from").fill("2025-01-01")
    page.get_by_label("Inspected period to").fill("2025-12-31")
    boss = page.locator("#signatory_id option", has_text="Boss").get_attribute("value")
    page.get_by_label("Signatory").select_option(value=boss)
    page.get_by_role("button", name="Save the act").click()

    expect(page.locator("#status")).to_have_text("Draft")
    page.get_by_role("button", name="Issue the appointment act").click()
    expect(page.locator("#status")).to_have_text("Act issued")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026/0001")
    expect(page.locator("#documents")).to_contain_text("Act on appointment of an inspection")

    page.get_by_label("Notified at (date and time)").fill("2026-11-23T10:00")
    page.get_by_label("Recipient (name and position)").fill("Omarov D., head of department")
    page.get_by_role("button", name="Record the start notice").click()
    expect(page.locator("#status")).to_have_text("Notice given")

    # too early: R7.3 refuses, the page says why and nothing changes
    page.get_by_label("Delivered at (date and time)").fill("2026-11-24T09:59")
    page.get_by_label("Recipient's name").fill("Omarov D.")
    page.get_by_label("Recipient's position").fill("Head of department")
    page.get_by_role("button", name="Record delivery of the act").click()
    expect(page.locator(".alert-danger")).to_contain_text("R7.3")
    expect(page.locator("#status")).to_have_text("Notice given")
    page.get_by_label("Delivered at (date and time)").fill("2026-11-24T10:00")
    page.get_by_label("Recipient's name").fill("Omarov D.")
    page.get_by_label("Recipient's position").fill("Head of department")
    page.get_by_role("button", name="Record delivery of the act").click()
    expect(page.locator("#status")).to_have_text("Started")
    expect(page.locator("#clock")).to_contain_text("Working day 1 of 10")

    page.get_by_label("The appointment act was shown").check()
    page.get_by_label("Service IDs or identity cards were shown").check()
    page.get_by_role("button", name="Record the arrival checklist").click()
    expect(page.locator("#status")).to_have_text("Fieldwork")

    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_text("Add evidence").click()
    page.get_by_label("Description").fill("Personal data processing policy")
    page.get_by_label("The control subject holds the original").check()
    page.locator("input[type=file][name=file]").set_input_files(str(pdf))
    page.get_by_role("button", name="Save evidence").click()
    expect(page.locator("#evidence + table")).to_contain_text("policy.pdf")

    page.get_by_label("New end date").fill("2026-12-15")
    page.get_by_label("Reasons").fill("Large volume of documents")
    page.get_by_role("button", name="Request an extension").click()
    expect(page.locator("#status")).to_have_text("Extension requested")
    url = page.url

    page.context.clear_cookies()
    _login(page, base, "boss")
    page.get_by_role("button", name="English").click()
    page.goto(url)
    page.get_by_role("button", name="Approve the extension").click()
    expect(page.locator("#status")).to_have_text("Extension approved")
    expect(page.locator("#documents")).to_contain_text("Act on extension of an inspection")
