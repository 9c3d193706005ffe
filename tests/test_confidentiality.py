"""R27.1 (Art. 27-1 para 2): a complaint of an individual reaches the control subject as a
registration number and date only — in the appointment act and on the portal — unless the
person's consent to disclosure is recorded with its document."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from inspections import documents
from inspections.confidentiality import discloses_author
from inspections.errors import RuleViolation
from inspections.extensions import db
from inspections.models import GeneratedDocument, Inspection
from inspections.services import inspections as svc
from inspections.services.calendar import load_calendar

from . import test_inspections as part1
from .conftest import NOW, login
from .test_inspections import PDF

world = part1.world

NAME = "Серікұлы Азамат Төлеуұлы"


@pytest.fixture
def rep(world, make_user):
    world["rep"] = make_user("rep", "subject_rep", subject=world["subject"])
    return world


def act_texts(insp) -> dict[str, str]:
    docs = db.session.execute(select(GeneratedDocument).where(
        GeneratedDocument.object_id == insp.id,
        GeneratedDocument.code == "appointment_act")).scalars().all()
    return {d.lang: documents.docx_text(d.content) for d in docs}


def issue(w, **ground):
    insp = part1.draft(w, ground=1, basis_author=NAME, **ground)
    svc.issue_act(w["inspector"], insp, act_date=date(2026, 11, 23), cal=load_calendar(),
                  now=NOW)
    db.session.commit()
    return insp


def test_r27_1_only_an_individuals_complaint_without_consent_is_withheld():
    assert not discloses_author(1, "individual", False)
    assert not discloses_author(2, None, False)  # no kind recorded counts as an individual
    assert discloses_author(2, "individual", True)
    assert discloses_author(1, "legal_entity", False)
    assert discloses_author(3, "individual", False)  # a prosecutor's demand names its author


def test_r27_1_ground_1_act_and_portal_show_number_and_date_not_the_complainant(
        client, rep):
    insp = issue(rep)
    texts = act_texts(insp)
    assert NAME not in texts["kk"] and NAME not in texts["ru"]
    assert "2026 жылғы 2 қараша № 2-0501-26" in texts["kk"]
    assert "№ 2-0501-26 от 2 ноября 2026 г." in texts["ru"]
    login(client, "rep")
    page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    assert "2-0501-26" in page and NAME not in page
    client.post("/logout")
    login(client, "insp")  # the staff record keeps the name
    page = client.get(f"/inspections/{insp.id}").get_data(as_text=True)
    assert NAME in page


def test_r27_1_with_consent_on_record_the_complainant_is_named(client, rep):
    from inspections import uploads
    consent = uploads.store(rep["inspector"], PDF, "consent.pdf", now=NOW)
    insp = issue(rep, author_kind="individual", disclosure_consent=True,
                 consent_upload_id=consent.id)
    texts = act_texts(insp)
    assert f"{NAME}, 2026 жылғы 2 қараша № 2-0501-26" in texts["kk"]
    assert f"{NAME}, № 2-0501-26 от 2 ноября 2026 г." in texts["ru"]
    login(client, "rep")
    assert NAME in client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)


def test_r27_1_a_legal_entitys_complaint_is_named(rep):
    insp = issue(rep, author_kind="legal_entity")
    assert NAME in act_texts(insp)["ru"]


def test_r27_1_consent_counts_only_with_its_document(world):
    with pytest.raises(RuleViolation) as e:
        part1.draft(world, ground=2, basis_author=NAME, author_kind="individual",
                    disclosure_consent=True, filled=False)
    assert e.value.rule == "R27.1"


def test_r27_1_consent_and_its_document_from_the_form(client, world):
    insp = part1.draft(world, filled=False)
    login(client, "insp")
    response = client.post(f"/inspections/{insp.id}/grounds", data={
        "ground": "2", "basis_number": "ЖТ-56", "basis_date": "2026-11-10",
        "basis_author": NAME, "linked_inspection_id": "0", "author_kind": "individual",
        "disclosure_consent": "y",
        "consent_file": (io.BytesIO(PDF), "consent.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.expire_all()
    ground = next(g for g in db.session.get(Inspection, insp.id).grounds if g.ground == 2)
    assert ground.disclosure_consent and ground.author_kind == "individual"
    assert client.get(f"/inspections/grounds/{ground.id}/consent").data == PDF
