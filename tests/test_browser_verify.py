"""Browser: a visitor drops the file they hold on /verify/<code>; its SHA-256 is computed in
the browser (Web Crypto on http://127.0.0.1, the vendored fallback where it is missing) and
compared with the issued document — the file is never sent (issue 18)."""

from __future__ import annotations

import hashlib

import pytest
from playwright.sync_api import Page, expect

from inspections.extensions import db
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM

pytestmark = pytest.mark.browser

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("web_crypto", [True, False])
def test_a_dropped_file_is_compared_in_the_browser(live_server, ctx, page: Page, web_crypto):
    doc = doc_service.issue_sample(SYSTEM, "appointment_act", "kk", now=NOW)
    db.session.commit()
    if not web_crypto:  # as on a plain-http deployment: the vendored SHA-256 is used
        page.add_init_script(
            "Object.defineProperty(window, 'isSecureContext', {value: false});")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.set_extra_http_headers({"Accept-Language": "en"})
    page.goto(f"{live_server}/verify/{doc.verification_code}")
    page.set_input_files("#drop-file", files=[
        {"name": "act.docx", "mimeType": DOCX, "buffer": doc.content}])
    outcome = page.locator("#drop-outcome")
    expect(outcome).to_contain_text("The file matches the issued document.")
    expect(page.locator("#drop-hash")).to_contain_text(doc.sha256)
    changed = doc.content + b"\0"
    page.set_input_files("#drop-file", files=[
        {"name": "act.docx", "mimeType": DOCX, "buffer": changed}])
    expect(outcome).to_contain_text("does NOT match")
    expect(page.locator("#drop-hash")).to_contain_text(hashlib.sha256(changed).hexdigest())
    assert posts == []  # nothing was uploaded
