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


# ---------------------------------------------------------------- open data (item 10)


def test_public_csv_cells_cannot_be_spreadsheet_formulas(client, make_subject):
    import csv

    from inspections.extensions import db

    from .test_plans_public import _published

    plan, _a, _b = _published(make_subject)
    plan.items[1].location = "=HYPERLINK(\"http://evil\",\"x\")"  # as a registry import may
    db.session.commit()
    response = client.get("/plans/2027.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    cells = [value for row in rows for value in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells
    assert client.get("/plans/2027.json").headers["Content-Type"] == \
        "application/json; charset=utf-8"


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+7 701", "'+7 701"),
                                            ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                            ("Астана", "Астана"), (3, 3), ("", "")])
def test_safe_cell(value, expected):
    from inspections.services.plans import safe_cell

    assert safe_cell(value) == expected
