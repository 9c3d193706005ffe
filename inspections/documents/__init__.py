"""Official documents of the inspections: model → plain context dict → docxtpl → DOCX/PDF.

Pure package: it imports neither Flask nor SQLAlchemy.  The application builds a plain
context (see :mod:`.schema`) and calls :func:`render`; administrators may replace a
built-in template after :func:`check_template` accepts it.

Documents (code → rule of RULES.md): plan R2.5, plan_amendment R2.6, appointment_act R7.2,
start_notice R7.3, extension_act R9.3, extension_notice R9.4, results_act R11.1/R10.2,
refusal_act R12.3, objection_reply R12.2, followup_proposal R16.2, portal_statement R6.1 /
R12.1 / R12.4 / R16.1 (the control subject's statements on the portal).
"""

from .errors import DocumentError
from .pdf import soffice_available, to_pdf, to_pdfa
from .render import (
    builtin_template,
    check_template,
    docx_text,
    render,
    render_copies,
    template_variables,
    template_version,
)
from .samples import sample_context
from .schema import CODES, COMMON, DESCRIPTIONS, LANGS, RULES, VARIABLES, describe, known_variables

__all__ = [
    "CODES",
    "COMMON",
    "DESCRIPTIONS",
    "LANGS",
    "RULES",
    "VARIABLES",
    "DocumentError",
    "builtin_template",
    "check_template",
    "describe",
    "docx_text",
    "known_variables",
    "render",
    "render_copies",
    "sample_context",
    "soffice_available",
    "template_variables",
    "template_version",
    "to_pdf",
    "to_pdfa",
]
