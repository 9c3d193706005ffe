"""The public verification page /verify/<code> (issue 18, R27.1): the kind of document, its
number and date, the issuing body, the control subject, the version and whether a newer
one exists — and no personal data: no complainant, inspector, signatory or specialist."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from inspections.extensions import db
from inspections.models import GeneratedDocument
from inspections.services import documents as doc_service

from . import test_inspections as part1
from .conftest import NOW, SYSTEM
from .test_confidentiality import NAME, issue

world = part1.world
EN = {"Accept-Language": "en"}


def page_of(client, doc) -> str:
    response = client.get(f"/verify/{doc.verification_code}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_r27_1_verify_shows_the_document_and_its_bodies_but_no_person(client, world, app):
    insp = issue(world)  # ground 1, a complaint of an individual; inspectors, a signatory
    doc = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == insp.id, GeneratedDocument.code == "appointment_act",
        GeneratedDocument.lang == "ru")).scalar_one()
    page = page_of(client, doc)
    assert "Act on appointment of an inspection" in page
    assert insp.number in page and "November 23, 2026" in page
    assert app.config["AUTHORITY_NAME_RU"] in page
    assert "Министерство здравоохранения" in page  # the control subject, in the document's language
    assert re.search(r'id="verify-version">1\b', page) and "the latest version" in page
    assert doc.sha256 in page
    people = [NAME, world["inspector"].full_name, world["head"].full_name, "Ержан Т."]
    for name in people:
        assert name not in page, name
    assert not re.search(r"\b\d{12}\b", page)  # no IIN


def test_verify_says_when_a_newer_version_exists(client, ctx):
    first = doc_service.issue_sample(SYSTEM, "plan", "kk", now=NOW)
    second = doc_service.issue_sample(SYSTEM, "plan", "kk", now=NOW)
    db.session.commit()
    old = page_of(client, first)
    assert 'id="verify-newer"' in old and "version 2" in old
    assert 'id="verify-newer"' not in page_of(client, second)


def test_the_page_compares_files_in_the_browser_with_vendored_code_only(client, ctx):
    doc = doc_service.issue_sample(SYSTEM, "start_notice", "ru", now=NOW)
    db.session.commit()
    page = page_of(client, doc)
    assert f'data-sha256="{doc.sha256}"' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert "/static/js/verify-hash.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)  # no CDN
    js = client.get("/static/js/verify-hash.js")
    assert js.status_code == 200 and b"crypto.subtle" in js.data
    js.close()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_verify_page_renders_in_each_language(client, ctx, lang):
    doc = doc_service.issue_sample(SYSTEM, "results_act", lang, now=NOW)
    db.session.commit()
    client.post("/language", data={"lang": lang})
    response = client.get(f"/verify/{doc.verification_code}", headers={"Accept-Language": lang})
    assert response.status_code == 200
