"""Browser (issue 16): signing the results act through NCALayer. A fake NCALayer answers on
wss://127.0.0.1:13579 through Playwright's WebSocket routing and returns a CMS made by the
test certification authority over the bytes the page sent; the server verifies it, and the
signature appears on the inspection page and, without personal data, on /verify (R27.1)."""

from __future__ import annotations

import base64
import json
import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from inspections.extensions import db
from inspections.services import registry
from inspections.services import signatures as sig
from inspections.services.catalogue import seed_catalogue

from .conftest import NOW, SYSTEM
from .esign_ca import TestCA
from .test_browser_inspections import _login
from .test_results import issued_results

pytestmark = pytest.mark.browser

IIN = "900101300017"
CA = TestCA("browser")


def test_sign_the_results_act_with_a_fake_ncalayer(app, live_server, make_user, make_subject,
                                                    page: Page):
    subject = make_subject("Денсаулық сақтау министрлігі", "Министерство здравоохранения")
    sub = registry.add_subdivision(SYSTEM, subject, name_kk="Алматы филиалы",
                                   name_ru="Алматинский филиал", location="Алматы қ.", now=NOW)
    seed_catalogue(SYSTEM, now=NOW)
    db.session.commit()
    w = {"subject": subject, "sub": sub, "inspector": make_user("insp", "inspector"),
         "head": make_user("boss", "head")}
    w["inspector"].iin = IIN
    db.session.commit()
    insp = issued_results(w)
    doc = sig.newest_documents(insp, ["results_act"])[0]
    signer = CA.person(IIN, "ТЕСТОВ INSP", key_tag="browser-person")
    app.config["ESIGN_TRUSTED_ROOTS"] = [CA.root]
    try:
        _run(live_server, page, insp.id, doc, signer)
    finally:
        app.config["ESIGN_TRUSTED_ROOTS"] = None


def _run(base: str, page: Page, inspection_id: int, doc, signer) -> None:
    _login(page, base, "insp")
    page.goto(f"{base}/inspections/{inspection_id}")
    panel = page.locator("#document-signatures")
    expect(panel).to_contain_text("Тестов Insp")  # who still must sign
    page.goto(f"{base}/documents/{doc.id}/sign")

    # NCALayer not running: the page says so and how to install it
    page.locator("#ncalayer-sign").click()
    expect(page.locator("#ncalayer-status")).to_contain_text("pki.gov.kz")

    received = []

    def fake_ncalayer(ws: WebSocketRoute) -> None:
        ws.send(json.dumps({"result": {"version": "1.4"}}))  # NCALayer's greeting

        def on_message(message) -> None:
            request = json.loads(message)
            received.append(request)
            assert request["method"] == "createCAdESFromBase64"
            storage, key_type, data, attached = request["args"]
            assert key_type == "SIGNATURE" and attached is False
            cms = signer.sign(base64.b64decode(data))
            ws.send(json.dumps({"code": "200", "responseObject": base64.b64encode(cms).decode()}))

        ws.on_message(on_message)

    page.route_web_socket(re.compile(r"wss://127\.0\.0\.1:13579.*"), fake_ncalayer)
    page.reload()
    page.locator("#ncalayer-sign").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert base64.b64decode(received[0]["args"][2]) == doc.content  # the exact stored bytes
    expect(page.locator("#signatures")).to_contain_text(IIN)

    page.goto(f"{base}/inspections/{inspection_id}")
    expect(page.locator("#document-signatures .signed-by")).to_contain_text("ТЕСТОВ INSP")

    page.context.clear_cookies()  # the public page, no login
    page.goto(f"{base}/verify/{doc.verification_code}")
    signatures = page.locator("#signatures")
    expect(signatures.locator(".signature-status")).to_be_visible()
    expect(signatures).not_to_contain_text("ТЕСТОВ INSP")
    expect(signatures).not_to_contain_text(IIN)
    expect(signatures.locator("a")).to_have_count(0)  # no .cms download in public
