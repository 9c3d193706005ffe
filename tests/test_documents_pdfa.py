"""PDF/A-2b copies for the archive (issue 18): LibreOffice's PDF export with PDF/A-2
selected; the text extracts (pdftotext), the XMP metadata carries the PDF/A identification
(pdfaid part 2, conformance B), the QR and the verification code survive.  The copy is made
once per issued document and kept with its own SHA-256; downloads check it (R10.2: the
copy-1 package may include the copies).  soffice is installed here and in CI."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import zipfile

from sqlalchemy import select, text

from inspections import documents
from inspections.extensions import db
from inspections.models import ArchiveCopy
from inspections.services import documents as doc_service
from inspections.services import results as rs

from . import test_inspections as part1
from .conftest import NOW, SYSTEM, login
from .test_results import delivered

world = part1.world


def run(args: list[str], data: bytes, tmp_path, name="document.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run([*args, str(path)], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def pdf_text(data: bytes, tmp_path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data,
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")


def xmp(data: bytes, tmp_path) -> str:
    return run(["pdfinfo", "-meta"], data, tmp_path)


def pdf_qr_codes(data: bytes, tmp_path) -> list[str]:
    from PIL import Image
    from pyzbar import pyzbar
    (tmp_path / "doc.pdf").write_bytes(data)
    subprocess.run(["pdfimages", "-png", str(tmp_path / "doc.pdf"), str(tmp_path / "img")],
                   check=True, timeout=60)
    found = set()
    for png in tmp_path.glob("img-*.png"):
        found |= {s.data.decode() for s in pyzbar.decode(Image.open(png))}
    return sorted(found)


def test_pdfa_export_carries_the_identification_and_the_text(tmp_path):
    context = documents.sample_context("results_act", "kk")
    data = documents.to_pdfa(documents.render("results_act", context, "kk"))
    assert data.startswith(b"%PDF")
    meta = xmp(data, tmp_path)
    assert re.search(r"<pdfaid:part>2</pdfaid:part>|pdfaid:part=\"2\"", meta)
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>|pdfaid:conformance=\"B\"",
                     meta)
    body = pdf_text(data, tmp_path)
    assert "ТЕКСЕРУ НӘТИЖЕЛЕРІ ТУРАЛЫ АКТ" in body and context["doc_number"] in body
    assert context["verification_code"] in body


def test_the_archive_copy_is_made_once_kept_checked_and_verifiable(client, make_user,
                                                                  tmp_path):
    make_user("root", "admin")
    doc = doc_service.issue_sample(SYSTEM, "appointment_act", "ru", now=NOW)
    db.session.commit()
    login(client, "root")
    first = client.get(f"/documents/{doc.id}.pdf")
    second = client.get(f"/documents/{doc.id}.pdf")
    assert first.status_code == 200 and first.data == second.data  # made once, kept
    copy = db.session.execute(select(ArchiveCopy)).scalar_one()
    assert copy.document_id == doc.id and copy.format == "pdfa-2b"
    assert copy.sha256 == hashlib.sha256(first.data).hexdigest()
    assert "pdfaid" in xmp(first.data, tmp_path)
    assert doc.verification_code in pdf_text(first.data, tmp_path)
    assert pdf_qr_codes(first.data, tmp_path) == [
        f"http://127.0.0.1/verify/{doc.verification_code}"]
    # The public page knows the copy: its hash matches like the DOCX's.
    client.post("/logout")
    page = client.get(f"/verify/{doc.verification_code}").get_data(as_text=True)
    assert copy.sha256 in page
    assert doc_service.matches(doc, first.data) and doc_service.matches(doc, doc.content)
    assert not doc_service.matches(doc, first.data + b" ")


def test_a_changed_archive_copy_is_not_served(app, client, make_user):
    make_user("root", "admin")
    doc = doc_service.issue_sample(SYSTEM, "plan", "kk", now=NOW)
    db.session.commit()
    login(client, "root")
    assert client.get(f"/documents/{doc.id}.pdf").status_code == 200
    db.session.execute(text("UPDATE document_archive_copies SET content = :c"),
                       {"c": b"%PDF-1.7 forged"})
    db.session.commit()
    db.session.expire_all()
    response = client.get(f"/documents/{doc.id}.pdf")
    assert response.status_code == 409  # refused, not served, never a 500
    assert b"%PDF" not in response.data
    from inspections.models import AuditEntry

    assert db.session.execute(select(AuditEntry).where(
        AuditEntry.action == "integrity.document_mismatch",
        AuditEntry.object_id == doc.id)).first() is not None  # the incident is recorded


def test_r10_2_the_copy_1_package_may_include_the_pdfa_copies(app, world):
    insp = delivered(world)
    plain, _ = rs.copy1_package(insp)
    assert not any(n.endswith(".pdf") for n in zipfile.ZipFile(io.BytesIO(plain)).namelist())
    app.config["COPY1_INCLUDE_PDFA"] = True
    try:
        data, manifest = rs.copy1_package(insp, actor=world["inspector"], now=NOW)
        db.session.commit()
        again, _ = rs.copy1_package(insp, actor=world["inspector"], now=NOW)
    finally:
        app.config["COPY1_INCLUDE_PDFA"] = False
    assert data == again  # the copies are kept: the package is reproducible
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {"results_act_copy1_kk.pdf", "results_act_copy1_ru.pdf"} <= set(archive.namelist())
    sums = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert sums["results_act_copy1_ru.pdf"] == hashlib.sha256(
        archive.read("results_act_copy1_ru.pdf")).hexdigest()
