"""PDF conversion of official documents with LibreOffice (inspections.documents.pdf).

soffice is installed here and in CI: nothing is skipped.  R11.1 / R10.2: the results act.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from inspections.documents import (
    DocumentError,
    render,
    sample_context,
    soffice_available,
    to_pdf,
)

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


def test_soffice_is_available():
    assert soffice_available()


def test_results_act_pdf_has_act_number_and_kazakh_letters_R11_1(tmp_path):
    context = sample_context("results_act", "kk")
    pdf = to_pdf(render("results_act", context, "kk"))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert context["doc_number"] in text
    assert "ТЕКСЕРУ НӘТИЖЕЛЕРІ ТУРАЛЫ АКТ" in text
    assert "2-дана" in text  # R10.2 copy number
    letters = set(KAZAKH_LETTERS.findall(text.lower()))
    assert {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"} <= letters
    assert "Data & Security <Audit>" in re.sub(r"\s+", " ", text)


def test_parallel_conversions_use_separate_profiles(tmp_path):
    """DEVELOPERS.md: parallel soffice runs need separate -env:UserInstallation profiles."""
    docs = [render(code, sample_context(code, lang), lang)
            for code, lang in (("appointment_act", "kk"), ("results_act", "ru"),
                               ("start_notice", "ru"))]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(to_pdf, docs))
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert "АКТ О РЕЗУЛЬТАТАХ ПРОВЕРКИ" in pdf_text(pdfs[1], tmp_path)


def test_conversion_timeout_raises_document_error():
    with pytest.raises(DocumentError, match="timed out"):
        to_pdf(render("plan", sample_context("plan", "ru"), "ru"), timeout=0.01)
