"""Browser, the representatives' portal (R27.1, R6.1, R12.1, R12.2, R16.1): a representative
logs in and sees only their own body's inspection (not another body's), acknowledges the
results act, files objections point by point with a file and a remediation report with a
confirming document; an inspector then sees both on the inspection page.  CLOCK_NOW pins
the app's clock."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from inspections.extensions import db
from inspections.services import inspections as svc
from inspections.services.calendar import load_calendar

from . import test_inspections as part1
from .test_browser_inspections import _login
from .test_results import delivered

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scene(app, live_server, make_user, make_subject):
    from inspections.services import registry
    from inspections.services.catalogue import seed_catalogue

    from .conftest import NOW, SYSTEM

    subject = make_subject("Денсаулық сақтау министрлігі", "Министерство здравоохранения")
    sub = registry.add_subdivision(SYSTEM, subject, name_kk="Алматы филиалы",
                                   name_ru="Алматинский филиал", location="Алматы қ.", now=NOW)
    seed_catalogue(SYSTEM, now=NOW)
    db.session.commit()
    w = {"subject": subject, "sub": sub, "regime": None,
         "inspector": make_user("insp", "inspector"), "inspector2": make_user("insp2"),
         "head": make_user("boss", "head")}
    mine = delivered(w)
    other = make_subject("Басқа министрлік", "Другое министерство")
    other_sub = registry.add_subdivision(SYSTEM, other, name_kk="Филиал", name_ru="Филиал",
                                         location="Алматы қ.", now=NOW)
    theirs = part1.draft({**w, "subject": other, "sub": other_sub})
    svc.issue_act(w["inspector"], theirs, act_date=NOW.date(), cal=load_calendar(), now=NOW)
    db.session.commit()
    make_user("rep", "subject_rep", subject=subject)
    app.config["CLOCK_NOW"] = "2026-12-07T10:00"
    try:
        yield live_server, mine, theirs
    finally:
        app.config["CLOCK_NOW"] = None


def test_representative_acknowledges_objects_reports_and_the_inspector_sees_it(
        scene, page: Page, tmp_path):
    base, mine, theirs = scene
    evidence = tmp_path / "dalel.pdf"
    evidence.write_bytes(PDF)
    _login(page, base, "rep")
    page.get_by_role("button", name="English").click()
    # R27.1: the home is the portal with the body's own inspection only
    expect(page.locator(f"#inspection-{mine.id}")).to_be_visible()
    expect(page.locator(f"#inspection-{theirs.id}")).to_have_count(0)
    expect(page.locator(".portal-clocks").first).to_contain_text("Deadline to eliminate")
    assert page.goto(f"{base}/portal/inspections/{theirs.id}").status == 404
    page.goto(f"{base}/portal/inspections/{mine.id}")
    expect(page.locator("#act-check")).to_contain_text("R9.1")

    # R6.1: acknowledge receipt of the results act
    receipt = page.locator("#receipt-results_act")
    receipt.get_by_label("Your name").fill("Омаров Дәулет")
    receipt.get_by_label("Your position").fill("Бөлім басшысы")
    receipt.get_by_role("button", name="Record my answer").click()
    expect(page.locator("#receipt-results_act")).to_contain_text("Receipt acknowledged")

    # R12.1: objections point by point with a file
    form = page.locator("#objection-form")
    form.locator("#points-0-violation_id").select_option(label="Violation No. 1")
    form.locator("#points-0-text").fill("The processing has a legal basis")
    form.locator("#files").set_input_files(str(evidence))
    form.get_by_role("button", name="Submit the objections").click()
    expect(page.locator(".objection")).to_contain_text("The processing has a legal basis")
    expect(page.locator(".objection")).to_contain_text("The reply is due by")

    # R16.1: a remediation report on violation 2 with a confirming document
    v2 = mine.results_act.violations[1]
    article = page.locator(f"#violation-{v2.id}")
    article.get_by_text("Report the elimination of this violation (R16.1)").click()
    article.get_by_label("What was done to eliminate the violation").fill("Officer appointed")
    article.get_by_label("Confirming documents").set_input_files(str(evidence))
    article.get_by_role("button", name="Submit the report").click()
    expect(page.locator(f"#violation-{v2.id}")).to_contain_text("Being considered")

    # the inspector sees both, and the receipt
    page.context.clear_cookies()
    _login(page, base, "insp")
    page.get_by_role("button", name="English").click()
    expect(page.locator("#unread-count")).to_be_visible()
    page.goto(f"{base}/inspections/{mine.id}")
    expect(page.locator("#portal-receipts")).to_contain_text("Омаров Дәулет")
    expect(page.locator("body")).to_contain_text("The processing has a legal basis")
    expect(page.locator("body")).to_contain_text("Officer appointed")
