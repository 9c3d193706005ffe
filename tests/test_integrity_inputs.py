"""Templates are sandboxed; open data and uploads are defused; transport settings; no 500s
from input (issue "Integrity", items 2, 6, 8 and 10)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from inspections import documents
from inspections.documents.errors import DocumentError
from inspections.errors import ValidationFailed
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM


def _template_with(text: str) -> bytes:
    doc = Document(io.BytesIO(documents.builtin_template("appointment_act", "kk")))
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("expression", ["{{ doc_number.__class__.__mro__ }}",
                                        "{{ doc_number['__class__'] }}",
                                        "{{ doc_number._private }}"])
def test_an_uploaded_template_reaching_python_internals_is_refused_with_the_reason(
        ctx, expression):
    with pytest.raises(ValidationFailed) as e:
        doc_service.upload_template(SYSTEM, code="appointment_act", lang="kk",
                                    filename="evil.docx", data=_template_with(expression),
                                    now=NOW)
    assert "internal attribute" in str(e.value.message)


def test_rendering_is_sandboxed_even_for_a_template_stored_before_the_check(ctx):
    from inspections.documents.samples import sample_context

    evil = _template_with("{{ doc_number.__class__.__mro__ }}")
    with pytest.raises(DocumentError, match="unsafe"):
        documents.render("appointment_act", sample_context("appointment_act", "kk"), "kk",
                         template=evil)
