"""A QR code on every issued document (issue 18): it encodes the document's verification
URL (PUBLIC_BASE_URL/verify/<code>) and is printed beside the code in the footer of every
built-in template in kk and ru; administrators' templates get it as ``{{ verify_qr }}``.

The QR is decoded from the PNG embedded in the DOCX with zbar (pyzbar)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from PIL import Image  # noqa: E402
from pyzbar import pyzbar  # noqa: E402

from inspections import documents
from inspections.extensions import db
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM

# every issued document; the annual report is a report rendered on demand, never issued (it
# has no verification code to encode)
PAIRS = [(code, lang) for code in documents.CODES if "verify_url" in documents.VARIABLES[code]
         for lang in documents.LANGS]


def qr_codes(data: bytes, part_prefix: str = "word/") -> list[str]:
    """Every QR code decoded from the images embedded in a DOCX."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith(part_prefix + "media/"):
                image = Image.open(io.BytesIO(archive.read(name)))
                found += [s.data.decode() for s in pyzbar.decode(image)
                          if s.type == "QRCODE"]
    return found


def footer_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist()
                       if n.startswith("word/footer"))


@pytest.mark.parametrize(("code", "lang"), PAIRS)
def test_every_issued_document_carries_a_qr_of_its_verification_url(ctx, code, lang):
    doc = doc_service.issue_sample(SYSTEM, code, lang, now=NOW)
    db.session.commit()
    url = f"http://127.0.0.1/verify/{doc.verification_code}"
    assert qr_codes(doc.content) == [url]
    footer = footer_xml(doc.content)
    assert "<w:drawing>" in footer, "the QR is in the footer"
    assert doc.verification_code in footer, "beside the verification code"
    assert "verify_qr" not in doc.context  # the stored context stays plain data


def test_a_custom_template_gets_the_qr_through_the_documented_variable(ctx):
    assert "verify_qr" in documents.describe("start_notice")
    template = Document()
    template.add_paragraph("{{ doc_number }} — {{ verification_code }}")
    template.add_paragraph("{{ verify_qr }}")
    raw = io.BytesIO()
    template.save(raw)
    assert documents.check_template("start_notice", raw.getvalue()) == []
    doc_service.upload_template(SYSTEM, code="start_notice", lang="ru", filename="mine.docx",
                                data=raw.getvalue(), now=NOW)
    doc = doc_service.issue_sample(SYSTEM, "start_notice", "ru", now=NOW)
    db.session.commit()
    assert doc.template_source == "custom"
    assert qr_codes(doc.content) == [f"http://127.0.0.1/verify/{doc.verification_code}"]


def test_a_template_with_the_qr_needs_the_verification_url():
    context = documents.sample_context("plan", "kk")
    del context["verify_url"]
    with pytest.raises(documents.DocumentError) as e:
        documents.render("plan", context, "kk")
    assert "verify_url" in e.value.missing
