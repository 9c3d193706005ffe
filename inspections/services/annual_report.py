"""The annual report: the dashboard's figures of a year → the ``annual_report`` document
(the same template machinery as every document: built-in, or an administrator's
replacement), in Kazakh or Russian, with the charts as pictures."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale

from .. import charts, documents
from ..documents.formatting import doc_date
from ..documents.images import Image
from ..statistics_labels import TABLE_TITLES, column_label, row_label
from . import statistics
from .documents import active_template, authority_name, place


def _chart(table: dict, lang: str) -> Image:
    code = table["code"]
    series = [column_label(code, c) for c in table["columns"]]
    groups = [charts.Group(row_label(code, r, lang),
                           tuple(charts.Bar(r["values"][c]) for c in table["columns"]))
              for r in table["rows"]]
    return Image(charts.png(str(TABLE_TITLES[code]), series, groups), 160)


def _labelled(table: dict, lang: str) -> list[dict]:
    return [{"label": row_label(table["code"], r, lang), **r["values"]} for r in table["rows"]]


def context(year: int, lang: str, *, today: date) -> dict:
    """The report's context (see ``documents.annual_report.DESCRIPTIONS``)."""
    period = statistics.Period.year(year)
    tables = {t["code"]: t for t in statistics.dashboard(period, today)}
    with force_locale(lang):
        plan = tables["plan_execution"]
        totals = {c: sum(r["values"][c] for r in plan["rows"]) for c in plan["columns"]}
        totals["violations"] = sum(r["values"]["violations"]
                                   for r in tables["violations_by_kind"]["rows"])
        return {
            "authority_name": authority_name(lang),
            "doc_date": doc_date(today, lang),
            "place": place(lang),
            "report_year": year,
            "report_period": f"{doc_date(period.start, lang)} — {doc_date(period.end, lang)}",
            "totals": totals,
            "plan_rows": _labelled(plan, lang),
            "by_requirement": _labelled(tables["violations_by_requirement"], lang),
            "by_kind": _labelled(tables["violations_by_kind"], lang),
            "by_region": _labelled(tables["violations_by_region"], lang),
            "remediation_rows": _labelled(tables["remediation"], lang),
            "timeliness_rows": _labelled(tables["timeliness"], lang),
            "objection_rows": _labelled(tables["objections"], lang),
            "chart_plan": _chart(plan, lang),
            "chart_violations": _chart(tables["violations_by_requirement"], lang),
            "chart_remediation": _chart(tables["remediation"], lang),
        }


def render_report(year: int, lang: str, *, today: date) -> bytes:
    """The annual report of ``year`` in ``lang`` (kk or ru) as DOCX bytes."""
    template, _version, _source = active_template("annual_report", lang)
    return documents.render("annual_report", context(year, lang, today=today), lang,
                            template=template)
