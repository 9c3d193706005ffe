"""Browser, part 2: from a started inspection — the results act with two violations (R10.1,
R11.1, R14.1 refused then corrected) → issued in three copies, copy-1 package downloaded and
recorded (R10.2) → copy 2 delivered (R13.1) → objections registered (R12.1) → reasoned
reply (R12.2) → violation 1 reported eliminated and accepted (R16.1), violation 2 overdue →
follow-up inspection on ground 7 created (R16.2).  CLOCK_NOW moves the app's clock."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from inspections.extensions import db
from inspections.services import inspections as svc
from inspections.services import registry
from inspections.services.catalogue import seed_catalogue

from .conftest import NOW, SYSTEM
from .test_browser_inspections import _login
from .test_inspections import at, started

pytestmark = pytest.mark.browser


def test_results_act_to_follow_up(app, live_server, make_user, make_subject, page: Page,
                                  tmp_path):
    subject = make_subject("Денсаулық сақтау министрлігі", "Министерство здравоохранения")
    sub = registry.add_subdivision(SYSTEM, subject, name_kk="Алматы филиалы",
                                   name_ru="Алматинский филиал", location="Алматы қ.", now=NOW)
    seed_catalogue(SYSTEM, now=NOW)
    db.session.commit()
    w = {"subject": subject, "sub": sub, "inspector": make_user("insp", "inspector"),
         "head": make_user("boss", "head")}
    insp = started(w)
    svc.add_evidence(w["inspector"], insp, kind="document", description="Processing policy",
                     medium="paper", is_original=False, subject_holds_original=True,
                     now=at("2026-11-25"))
    svc.add_evidence(w["inspector"], insp, kind="recording", description="Photo of the server room",
                     medium="electronic", is_original=True, subject_holds_original=False,
                     now=at("2026-11-25"))
    db.session.commit()
    url = f"{live_server}/inspections/{insp.id}"
    try:
        _run(app, live_server, url, page, tmp_path)
    finally:
        app.config["CLOCK_NOW"] = None


def _violation(page: Page, n: int, deadline: str, nature: str):
    row = page.locator(f"#violation-row-{n}")
    row.get_by_label("Requirement violated").select_option(index=n)
    row.get_by_label("What was found and its nature").fill(nature)
    row.get_by_label("Processing policy").check()
    row.get_by_label("Requirement to eliminate it").fill("Bring the processing into line")
    row.get_by_label("Committed on (or from)").fill("2025-06-01")  # within the period
    row.get_by_label("Deadline", exact=True).fill(deadline)
    row.get_by_label("Justification: organisational and technical ability (R15.1)").fill(
        "One month is enough for the staff of the department")
    row.get_by_label("Justification: conclusions and approvals required by law (R15.1)").fill(
        "No approvals are required")


def _run(app, base, url, page: Page, tmp_path):
    app.config["CLOCK_NOW"] = "2026-11-25T10:00"
    _login(page, base, "insp")
    page.get_by_role("button", name="English").click()
    page.goto(url)
    expect(page.locator("#status")).to_have_text("Started")
    page.get_by_label("The appointment act was shown").check()
    page.get_by_label("Service IDs or identity cards were shown").check()
    page.get_by_role("button", name="Record the arrival checklist").click()
    expect(page.locator("#status")).to_have_text("Fieldwork")

    # the results act with two violations; a deadline too early is refused (R14.1)
    app.config["CLOCK_NOW"] = "2026-12-04T16:30"
    page.get_by_role("link", name="Draw up the results act").click()
    expect(page.locator("#r14-1-earliest")).to_contain_text("R14.1")
    page.get_by_label("Place").fill("Astana, Mangilik El 8")
    page.get_by_label("Results of the inspection").fill("6 information systems examined")
    _violation(page, 1, "2026-12-21", "Copies of identity documents kept on paper")
    _violation(page, 2, "2026-12-10", "No list of personal data")
    page.get_by_role("button", name="Save the results act").click()
    expect(page.locator("#violations-error")).to_contain_text("R14.1")
    expect(page.locator("#violations-error")).to_contain_text("December 14, 2026")  # the user's date format
    page.locator("#violation-row-2").get_by_label("Deadline", exact=True).fill("2026-12-21")
    page.get_by_role("button", name="Save the results act").click()
    expect(page.locator("#status")).to_have_text("Results act drafted")
    expect(page.locator("#violation-2")).to_contain_text("No list of personal data")

    # issued in three copies (R10.2); copy 1: the package and its registration
    page.get_by_role("button", name="Issue the results act in three copies").click()
    expect(page.locator("#status")).to_have_text("Results act issued")
    expect(page.locator("#copy-3")).to_contain_text("in the archive")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the transfer package").click()
    with open(info.value.path(), "rb") as f:
        archive = zipfile.ZipFile(io.BytesIO(f.read()))
    assert "results_act_copy1_kk.docx" in archive.namelist()
    assert len(json.loads(archive.read("results_act.json"))["violations"]) == 2
    page.get_by_text("Record copy 1 as sent").first.click()
    page.get_by_label("Sent at (date and time)").fill("2026-12-04T16:35")
    page.get_by_label("Registration number returned").fill("KPS-2026-118")
    page.get_by_role("button", name="Record copy 1 as sent").click()
    expect(page.locator("#copy-1")).to_contain_text("KPS-2026-118")

    # copy 2 delivered: the inspection ends that day, within the term (R13.1)
    app.config["CLOCK_NOW"] = "2026-12-04T17:10"
    page.get_by_label("Copy 2 delivered at (date and time)").fill("2026-12-04T17:00")
    page.get_by_label("Recipient's name").fill("Omarov D.")
    page.get_by_label("Recipient's position").fill("Head of department")
    page.get_by_role("button", name="Record delivery of copy 2").click()
    expect(page.locator("#status")).to_have_text("Results delivered")
    expect(page.locator("#copy-2")).to_contain_text("within the term")

    # objections registered from paper (R12.1), reply due by R12.2
    app.config["CLOCK_NOW"] = "2026-12-08T10:00"
    page.get_by_role("link", name="Register objections received on paper").click()
    page.get_by_label("Received on").fill("2026-12-08")
    page.get_by_label("Incoming number").fill("MH-04/11")
    page.get_by_label("Note on the results act").fill("Objections to violation 1 attached")
    page.locator("#points-0-violation_id").select_option(label="Violation No. 1")
    page.locator("#points-0-text").fill("The copies are needed for archives")
    page.get_by_role("button", name="Register the objections").click()
    expect(page.locator("#objections ~ .card").first).to_contain_text("MH-04/11")
    expect(page.locator("#objections ~ .card").first).to_contain_text("Reply due by")

    # the reasoned reply, point by point (R12.2)
    page.get_by_role("link", name="Answer point by point").click()
    page.get_by_label("Decision on point 1").select_option(label="Rejected")
    page.get_by_label("Reasons for point 1").fill("Art. 7 (10) forbids paper copies")
    page.get_by_label("Conclusion").fill("The requirements stand")
    page.get_by_role("button", name="Issue the reasoned reply").click()
    expect(page.locator("#objections ~ .card").first).to_contain_text("answered")
    expect(page.locator("#documents")).to_contain_text("Reasoned reply to objections")

    # violation 1 reported eliminated and accepted (R16.1)
    app.config["CLOCK_NOW"] = "2026-12-15T10:00"
    page.goto(url)
    row = page.locator("#violation-1")
    row.get_by_text("Register a report on elimination").click()
    row.get_by_label("Report received on").fill("2026-12-15")
    row.get_by_label("What was done").fill("Paper copies destroyed, act of destruction")
    pdf = tmp_path / "destruction.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    row.locator("input[type=file]").set_input_files(str(pdf))
    row.get_by_role("button", name="Register the report").click()
    expect(page.locator("#violation-1 .violation-status")).to_have_text("Reported eliminated")
    page.locator("#violation-1").get_by_label("Accept: the violation is eliminated").check()
    page.locator("#violation-1").get_by_role("button", name="Record the decision").click()
    expect(page.locator("#violation-1 .violation-status")).to_have_text(
        "Accepted as eliminated")

    # violation 2: the elimination deadline has passed, the reporting date not yet — no
    # follow-up (R16.1, R16.2)
    app.config["CLOCK_NOW"] = "2026-12-22T10:00"
    page.goto(url)
    expect(page.locator("#violation-2 .report-due")).to_be_visible()
    expect(page.locator("#violation-2 .remedy-overdue")).to_have_count(0)
    # after the reporting date set in the act: the application proposes the follow-up
    app.config["CLOCK_NOW"] = "2027-01-25T10:00"
    page.goto(url)
    expect(page.locator("#violation-2 .remedy-overdue")).to_be_visible()
    page.get_by_role("button", name="Create the follow-up inspection").click()
    expect(page.locator("#status")).to_have_text("Draft")
    expect(page.locator("main")).to_contain_text("7 — control of the execution of a results act")
    expect(page.locator("main")).to_contain_text("Алматы филиалы")
