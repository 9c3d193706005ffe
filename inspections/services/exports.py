"""Downloads of the lists (inspections, violations, objections, remediation reports) and of
the dashboard's tables as XLSX (openpyxl, write-only: rows are streamed, memory stays
bounded) and CSV.

Spreadsheets carry typed cells (dates are dates, counts are numbers), a frozen header row
and an autofilter; headers and labels are in the requested language (kk or ru).  Rows are
read with one SELECT per list, streamed in batches (no object per row is kept)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from .. import labels
from ..clock import ALMATY
from ..extensions import db
from ..i18n import lazy_gettext as _l
from ..models import (
    ControlSubject,
    Inspection,
    Objection,
    RemediationReport,
    ResultsAct,
    Violation,
)
from ..models.catalogue import Requirement
from ..regions import region_name
from .statistics import Period

TEXT, NUMBER, DATE, BOOL = "text", "number", "date", "bool"
BATCH = 500


@dataclass(frozen=True)
class Column:
    code: str
    label: object  # lazy string
    kind: str = TEXT
    render: Callable | None = None  # value → display value in the language


def _label(mapping):
    return lambda v: str(mapping.get(v, v)) if v else ""


def _region(v, lang):
    return region_name(v, lang)


def _subject_name(lang):
    return ControlSubject.name_ru if lang == "ru" else ControlSubject.name_kk


def _ref(lang):
    return Requirement.ref_ru if lang == "ru" else Requirement.ref_kk


def _inspections(lang: str):
    columns = [
        Column("number", _l("Number")),
        Column("kind", _l("Kind"), render=_label(labels.KIND_OF_INSPECTION_LABELS)),
        Column("status", _l("Status"), render=_label(labels.INSPECTION_STATUS_LABELS)),
        Column("subject_bin", _l("BIN")),
        Column("subject_name", _l("Control subject")),
        Column("region", _l("Region"), render=lambda v: _region(v, lang)),
        Column("act_date", _l("Date of the appointment act"), DATE),
        Column("start_date", _l("Start"), DATE),
        Column("end_date", _l("End in force"), DATE),
        Column("term_breached", _l("Delivered after the end in force (R13.1)"), BOOL),
    ]
    stmt = (select(Inspection.number, Inspection.kind, Inspection.status, ControlSubject.bin,
                   _subject_name(lang), ControlSubject.region, Inspection.act_date,
                   Inspection.start_date, Inspection.end_date,
                   func.coalesce(ResultsAct.term_breached, False))
            .join(ControlSubject, Inspection.control_subject_id == ControlSubject.id)
            .outerjoin(ResultsAct, ResultsAct.inspection_id == Inspection.id)
            .order_by(Inspection.id))
    return columns, stmt, lambda p: p.has_day(Inspection.act_date)


def _violations(lang: str):
    columns = [
        Column("inspection_number", _l("Inspection")),
        Column("act_number", _l("Results act")),
        Column("subject_bin", _l("BIN")),
        Column("subject_name", _l("Control subject")),
        Column("no", _l("No."), NUMBER),
        Column("requirement_code", _l("Requirement code")),
        Column("requirement_ref", _l("Requirement")),
        Column("deadline", _l("Deadline"), DATE),
        Column("status", _l("Status"), render=_label(labels.VIOLATION_STATUS_LABELS)),
        Column("followup", _l("Follow-up inspection"), BOOL),
    ]
    stmt = (select(Inspection.number, ResultsAct.number, ControlSubject.bin, _subject_name(lang),
                   Violation.no, Requirement.code, _ref(lang), Violation.deadline,
                   Violation.status, Violation.followup_inspection_id.is_not(None))
            .join(ResultsAct, Violation.act_id == ResultsAct.id)
            .join(Inspection, ResultsAct.inspection_id == Inspection.id)
            .join(ControlSubject, Inspection.control_subject_id == ControlSubject.id)
            .join(Requirement, Violation.requirement_id == Requirement.id)
            .order_by(Inspection.id, Violation.no))
    return columns, stmt, lambda p: p.has_instant(ResultsAct.issued_at)


def _objections(lang: str):
    columns = [
        Column("inspection_number", _l("Inspection")),
        Column("act_number", _l("Results act")),
        Column("subject_name", _l("Control subject")),
        Column("received_on", _l("Received"), DATE),
        Column("incoming_number", _l("Incoming number")),
        Column("reply_due", _l("Reply due"), DATE),
        Column("replied_on", _l("Replied"), DATE),
        Column("replied_late", _l("Replied late (R12.2)"), BOOL),
        Column("source", _l("Source"), render=_label(labels.SOURCE_LABELS)),
    ]
    stmt = (select(Inspection.number, ResultsAct.number, _subject_name(lang),
                   Objection.received_on, Objection.incoming_number, Objection.reply_due,
                   Objection.replied_on, Objection.replied_late, Objection.source)
            .join(ResultsAct, Objection.act_id == ResultsAct.id)
            .join(Inspection, ResultsAct.inspection_id == Inspection.id)
            .join(ControlSubject, Inspection.control_subject_id == ControlSubject.id)
            .order_by(Objection.id))
    return columns, stmt, lambda p: p.has_day(Objection.received_on)


def _remediation(lang: str):
    columns = [
        Column("inspection_number", _l("Inspection")),
        Column("subject_name", _l("Control subject")),
        Column("violation_no", _l("Violation"), NUMBER),
        Column("requirement_code", _l("Requirement code")),
        Column("deadline", _l("Deadline"), DATE),
        Column("received_on", _l("Received"), DATE),
        Column("decision", _l("Decision"), render=_label(labels.REPORT_DECISION_LABELS)),
        Column("source", _l("Source"), render=_label(labels.SOURCE_LABELS)),
    ]
    stmt = (select(Inspection.number, _subject_name(lang), Violation.no, Requirement.code,
                   Violation.deadline, RemediationReport.received_on,
                   RemediationReport.decision, RemediationReport.source)
            .join(Violation, RemediationReport.violation_id == Violation.id)
            .join(ResultsAct, Violation.act_id == ResultsAct.id)
            .join(Inspection, ResultsAct.inspection_id == Inspection.id)
            .join(ControlSubject, Inspection.control_subject_id == ControlSubject.id)
            .join(Requirement, Violation.requirement_id == Requirement.id)
            .order_by(RemediationReport.id))
    return columns, stmt, lambda p: p.has_day(RemediationReport.received_on)


LISTS = {"inspections": _inspections, "violations": _violations,
         "objections": _objections, "remediation": _remediation}
LIST_TITLES = {"inspections": _l("Inspections"), "violations": _l("Violations"),
               "objections": _l("Objections"), "remediation": _l("Remediation reports")}


def list_rows(name: str, lang: str, *, period: Period | None = None,
              inspection_ids=None) -> tuple[list[Column], Iterator[tuple]]:
    """The columns and a stream of rows of one list, optionally limited to a period or to
    the inspections of a SELECT of ids (a dashboard figure)."""
    columns, stmt, in_period = LISTS[name](lang)
    if period is not None:
        stmt = stmt.where(in_period(period))
    if inspection_ids is not None:
        stmt = stmt.where(Inspection.id.in_(inspection_ids))

    def rows() -> Iterator[tuple]:
        result = db.session.execute(stmt.execution_options(yield_per=BATCH))
        for row in result:
            yield tuple(row)

    return columns, rows()


def _cell_value(column: Column, value):
    if column.render is not None:
        return column.render(value)
    if column.kind == BOOL:
        return bool(value)
    if column.kind == DATE and isinstance(value, datetime):
        return value.astimezone(ALMATY).date()
    return value if value is not None else ("" if column.kind == TEXT else None)


def _csv_value(column: Column, value) -> str:
    value = _cell_value(column, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_xlsx(sheets: Iterable[tuple[str, list[Column], Iterable[tuple]]], lang: str) -> bytes:
    """A workbook with one sheet per (title, columns, rows): typed cells, frozen header
    row, autofilter, headers in ``lang``."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    with force_locale(lang):
        for title, columns, rows in sheets:
            ws = wb.create_sheet(_sheet_title(str(title)))
            ws.freeze_panes = "A2"
            for i, col in enumerate(columns, start=1):
                ws.column_dimensions[get_column_letter(i)].width = 14 if col.kind != TEXT else 28
            header = []
            for col in columns:
                cell = WriteOnlyCell(ws, value=str(col.label))
                cell.font = bold
                header.append(cell)
            ws.append(header)
            n = 0
            for row in rows:
                cells = []
                for col, value in zip(columns, row, strict=True):
                    cell = WriteOnlyCell(ws, value=_cell_value(col, value))
                    if col.kind == DATE:
                        cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                ws.append(cells)
                n += 1
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31]


def to_csv(columns: list[Column], rows: Iterable[tuple], lang: str) -> Iterator[str]:
    """CSV as a stream: UTF-8 with a byte-order mark (for Excel), comma, CRLF, header row
    in ``lang``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    with force_locale(lang):
        writer.writerow([str(c.label) for c in columns])
    yield "\ufeff" + flush()
    for row in rows:
        with force_locale(lang):
            writer.writerow([_csv_value(c, v) for c, v in zip(columns, row, strict=True)])
        yield flush()


# ------------------------------------------------------------------ dashboard tables

def table_columns(table: dict, column_label: Callable[[str, str], str],
                  row_header) -> list[Column]:
    return [Column("row", row_header)] + [
        Column(c, column_label(table["code"], c), NUMBER) for c in table["columns"]]


def table_rows(table: dict, row_label: Callable[[dict], str]) -> list[tuple]:
    return [(row_label(r), *(r["values"][c] for c in table["columns"])) for r in table["rows"]]
