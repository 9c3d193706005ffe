"""Browser, daily work on phones and with a screen reader: every page of the main flow,
for each role, on the demo data —

- at 390×844 (a phone) no page scrolls sideways (``scrollWidth`` of the document is not
  wider than the viewport): tables scroll inside their own container;
- axe-core (axe-playwright-python) finds no serious or critical violation, in Kazakh and in
  Russian, and ``<html lang>`` matches the language.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from sqlalchemy import select

from inspections.demo import PASSWORD
from inspections.extensions import db
from inspections.models import ControlSubject, Inspection, Plan, User

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(app, ctx, live_server):
    """The demo data (every role, an inspection in fieldwork, a delivered one, the plan)."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    by_status = {i.status: i.id for i in db.session.execute(select(Inspection)).scalars()}
    plan_year = db.session.execute(select(Plan.year).order_by(Plan.year.desc())).scalar()
    rep = db.session.execute(select(User).where(User.username == "rep")).scalar_one()
    subject_id = db.session.execute(select(ControlSubject.id).where(
        ControlSubject.id == rep.control_subject_id)).scalar_one()
    fieldwork, delivered = by_status["fieldwork"], by_status["delivered"]
    staff_common = ["/", "/inspections", f"/inspections/{fieldwork}",
                    f"/inspections/{delivered}", "/notifications/"]
    pages = {
        None: ["/login", "/plans", f"/plans/{plan_year}"],
        "inspector": staff_common + ["/planning", f"/planning/{plan_year}", "/registry",
                                     f"/registry/{subject_id}", "/deadlines",
                                     "/clocks?list=overdue", "/clocks?list=due_soon",
                                     f"/planning/{plan_year}/candidates", "/findings"],
        "head": staff_common,
        "firsthead": ["/", "/planning", f"/planning/{plan_year}", "/notifications/"],
        "admin": ["/", "/registry", f"/registry/{subject_id}", "/admin/users"],
        "rep": ["/", f"/portal/inspections/{delivered}", "/notifications/"],
    }
    return live_server, pages


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, username


def _visit(page: Page, base: str, pages: dict):
    for role, paths in pages.items():
        if role is None:
            page.context.clear_cookies()
        else:
            _login(page, base, role)
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, (role, path)
            yield role, path


def test_no_page_of_the_main_flow_scrolls_sideways_on_a_phone(demo, page: Page):
    base, pages = demo
    page.set_viewport_size({"width": 390, "height": 844})
    wide = []
    for role, path in _visit(page, base, pages):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            culprit = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('table'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id)""")
            wide.append((role, path, width, culprit))
    assert wide == [], "\n".join(map(str, wide))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_axe_finds_no_serious_violation_on_the_main_flow(demo, page: Page, lang):
    base, pages = demo
    axe = Axe()
    page.set_viewport_size({"width": 1366, "height": 900})
    found = []
    for role, path in _visit(page, base, pages):
        if page.evaluate("document.documentElement.lang") != lang:
            with page.expect_navigation():
                page.evaluate(
                    f"document.querySelector('button[name=lang][value={lang}]').click()")
            page.goto(base + path)
        assert page.evaluate("document.documentElement.lang") == lang, (role, path)
        # at 1366 px the menu bar stays on one line, badges and all
        bar = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
        assert bar < 80, (role, path, bar)
        results = axe.run(page)
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append((role, path, v["id"], [n["target"] for n in v["nodes"][:3]]))
    assert found == [], "\n".join(map(str, found))
