"""Issued documents: stored as issued, versioned, verifiable; custom templates (issue 4)."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess

import pytest
from docx import Document
from sqlalchemy import select

from inspections import documents
from inspections.errors import ValidationFailed
from inspections.extensions import db
from inspections.models import GeneratedDocument
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM, login


def _replace_text(data: bytes, old: str, new: str) -> bytes:
    doc = Document(io.BytesIO(data))
    for p in doc.paragraphs:
        for run in p.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_issued_document_keeps_bytes_hash_context_and_template(ctx):
    doc = doc_service.issue_sample(SYSTEM, "results_act", "kk", now=NOW)
    db.session.commit()
    assert hashlib.sha256(doc.content).hexdigest() == doc.sha256
    assert doc.template_source == "builtin"
    assert doc.template_version == documents.template_version(
        documents.builtin_template("results_act", "kk"))
    assert doc.context["verification_code"] == doc.verification_code
    assert doc.verification_code in documents.docx_text(doc.content)


def test_regenerating_makes_a_new_version_and_keeps_the_earlier_one(client, make_user):
    make_user("root", "admin")
    first = doc_service.issue_sample(SYSTEM, "plan", "ru", now=NOW)
    second = doc_service.issue_sample(SYSTEM, "plan", "ru", now=NOW)
    db.session.commit()
    assert (first.version, second.version) == (1, 2)
    assert first.verification_code != second.verification_code
    login(client, "root")
    old = client.get(f"/documents/{first.id}.docx")
    assert old.status_code == 200 and hashlib.sha256(old.data).hexdigest() == first.sha256
    assert "attachment" in old.headers["Content-Disposition"]


def test_an_issued_document_cannot_be_changed(ctx):
    doc = doc_service.issue_sample(SYSTEM, "plan", "kk", now=NOW)
    db.session.commit()
    doc.number = "changed"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()


def test_verify_page_shows_no_personal_data_and_checks_files(client, ctx):
    doc = doc_service.issue_sample(SYSTEM, "results_act", "ru", now=NOW)
    db.session.commit()
    page = client.get(f"/verify/{doc.verification_code}").get_data(as_text=True)
    assert doc.sha256 in page
    assert str(doc.context["authority_name"]) in page
    people = [p["full_name"] for p in doc.context.get("inspectors", [])]
    assert people, "the sample names inspectors"
    for name in people:
        assert name not in page
    subject = doc.context.get("subject", {})
    if isinstance(subject, dict) and subject.get("name"):
        assert subject["name"] not in page

    same = client.post(f"/verify/{doc.verification_code}",
                       data={"file": (io.BytesIO(doc.content), "act.docx")},
                       content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert "matches the issued document" in same.get_data(as_text=True)
    changed = _replace_text(doc.content, people[0].split()[0], "Подделкин")
    assert changed != doc.content
    other = client.post(f"/verify/{doc.verification_code}",
                        data={"file": (io.BytesIO(changed), "act.docx")},
                        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert "does NOT match" in other.get_data(as_text=True)


def test_unknown_verification_code_is_404(client):
    assert client.get("/verify/NOPE-NOPE-00").status_code == 404


def test_custom_template_with_an_unknown_variable_is_refused(ctx):
    data = _replace_text(documents.builtin_template("start_notice", "kk"), "{{ doc_number }}",
                         "{{ doc_number }} {{ secret_field }}")
    with pytest.raises(ValidationFailed) as info:
        doc_service.upload_template(SYSTEM, code="start_notice", lang="kk", filename="x.docx",
                                    data=data, now=NOW)
    assert "secret_field" in str(info.value.message)
    with pytest.raises(ValidationFailed):
        doc_service.upload_template(SYSTEM, code="start_notice", lang="kk", filename="x.docx",
                                    data=b"not a docx", now=NOW)


def test_custom_template_is_used_and_recorded_then_withdrawn(ctx):
    data = _replace_text(documents.builtin_template("start_notice", "kk"), "{{ doc_number }}",
                         "№ {{ doc_number }} (custom)")
    if data == documents.builtin_template("start_notice", "kk"):
        pytest.fail("the built-in template no longer has a {{ doc_number }} run to change")
    row = doc_service.upload_template(SYSTEM, code="start_notice", lang="kk", filename="my.docx",
                                      data=data, now=NOW)
    doc = doc_service.issue_sample(SYSTEM, "start_notice", "kk", now=NOW)
    assert (doc.template_source, doc.template_version) == ("custom", row.version)
    assert "(custom)" in documents.docx_text(doc.content)
    doc_service.deactivate_template(SYSTEM, row, now=NOW)
    again = doc_service.issue_sample(SYSTEM, "start_notice", "kk", now=NOW)
    assert again.template_source == "builtin"


def test_upload_page_lists_unknown_variables(client, make_user):
    make_user("root", "admin")
    login(client, "root")
    data = _replace_text(documents.builtin_template("plan", "ru"), "{{ doc_number }}",
                         "{{ doc_number }}{{ bogus_var }}")
    response = client.post("/admin/templates", data={
        "code": "plan", "lang": "ru", "file": (io.BytesIO(data), "plan.docx")},
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "bogus_var" in response.get_data(as_text=True)


def test_preview_cli_renders_every_code(app, ctx, tmp_path):
    runner = app.test_cli_runner()
    for code in documents.CODES:
        for lang in documents.LANGS:
            out = tmp_path / f"{code}_{lang}.docx"
            result = runner.invoke(args=["documents", "sample", code, lang, str(out)])
            assert result.exit_code == 0, result.output
            text = documents.docx_text(out.read_bytes())
            key = "doc_date" if code == "annual_report" else "doc_number"  # not numbered
            assert documents.sample_context(code, lang)[key] in text
            if code in ("appointment_act", "results_act"):
                assert "Data & Security <Audit>" in text  # escaped, not corrupted
    bad = runner.invoke(args=["documents", "sample", "no_such_code", "kk", str(tmp_path / "x")])
    assert bad.exit_code == 2


def test_pdf_download_of_a_results_act(client, make_user):
    make_user("root", "admin")
    doc = doc_service.issue_sample(SYSTEM, "results_act", "kk", now=NOW)
    db.session.commit()
    login(client, "root")
    response = client.get(f"/documents/{doc.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True,
                          check=True).stdout.decode()
    assert re.search("[әғқңөұүһі]", text)
    assert doc.verification_code in text


def test_representative_cannot_download_another_bodys_document(client, make_user, make_subject):
    subject = make_subject()
    make_user("rep", "subject_rep", subject=subject)
    doc = doc_service.issue_sample(SYSTEM, "plan", "kk", now=NOW)
    db.session.commit()
    login(client, "rep")
    assert client.get(f"/documents/{doc.id}.docx").status_code == 404
    assert db.session.execute(select(GeneratedDocument)).scalar_one().id == doc.id


def test_pdf_link_is_offered_only_when_libreoffice_is_there(client, make_user, monkeypatch):
    """Issue 4: without soffice the PDF link is hidden and nothing breaks."""
    make_user("root", "admin")
    doc_service.issue_sample(SYSTEM, "plan", "kk", now=NOW)
    db.session.commit()
    login(client, "root")
    assert ".pdf" in client.get("/admin/templates").get_data(as_text=True)
    monkeypatch.setattr("shutil.which", lambda name: None)
    page = client.get("/admin/templates")
    assert page.status_code == 200 and ".pdf" not in page.get_data(as_text=True)
