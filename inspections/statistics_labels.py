"""Translated titles and labels of the dashboard's tables (codes → words at render time)."""

from __future__ import annotations

from babel.dates import get_month_names

from .i18n import lazy_gettext as _l
from .labels import KIND_LABELS
from .regions import region_name

TABLE_TITLES = {
    "plan_execution": _l("Plan execution by month"),
    "violations_by_requirement": _l("Violations by requirement of the catalogue"),
    "violations_by_kind": _l("Violations by kind of body"),
    "violations_by_region": _l("Violations by region"),
    "remediation": _l("Remediation of violations (R16.1, R16.2)"),
    "timeliness": _l("Timeliness of the authorised body"),
    "objections": _l("Objections and the decisions on their points (R12.1, R12.2)"),
}

ROW_HEADERS = {
    "plan_execution": _l("Month"),
    "violations_by_requirement": _l("Requirement"),
    "violations_by_kind": _l("Kind of body"),
    "violations_by_region": _l("Region"),
    "remediation": _l("Outcome"),
    "timeliness": _l("Deadline kept or not"),
    "objections": _l("Objections"),
}

COLUMN_LABELS = {
    "planned": _l("Plan items"),
    "appointed": _l("Inspections appointed"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "unscheduled": _l("Unscheduled inspections appointed"),
    "violations": _l("Violations"),
    "inspections": _l("Inspections"),
    "count": _l("Number"),
}

ROW_LABELS = {
    "on_time": _l("Eliminated on time"),
    "late": _l("Eliminated late"),
    "not_eliminated": _l("Not eliminated"),
    "pending": _l("Deadline not yet passed"),
    "followups": _l("Follow-up inspections opened (R16.2)"),
    "late_delivery": _l("Results acts delivered after the end in force (R13.1)"),
    "late_reply": _l("Replies to objections late (R12.2)"),
    "extensions": _l("Extensions used (R9.2)"),
    "plans_approved_late": _l("Plans approved late (R2.3)"),
    "plans_published_late": _l("Plans placed on the internet resource late (R2.4)"),
    "received": _l("Objections received"),
    "points_accepted": _l("Points accepted"),
    "points_partially_accepted": _l("Points partially accepted"),
    "points_rejected": _l("Points rejected"),
    "points_pending": _l("Points not yet decided"),
}


def month_name(month: int, lang: str) -> str:
    name = get_month_names("wide", context="stand-alone", locale=lang)[int(month)]
    return name[:1].upper() + name[1:]


def row_label(table: str, row: dict, lang: str) -> str:
    key = row["key"]
    if table == "plan_execution":
        return month_name(key, lang)
    if table == "violations_by_requirement":
        label = row.get("label") or {}
        ref = label.get("ru" if lang == "ru" else "kk") or ""
        return f"{ref} ({key})" if ref else str(key)
    if table == "violations_by_kind":
        return str(KIND_LABELS.get(key, key))
    if table == "violations_by_region":
        return region_name(key, lang) if key != "none" else str(_l("Region not set"))
    return str(ROW_LABELS.get(key, key))


def column_label(table: str, column: str) -> str:
    return str(COLUMN_LABELS.get(column, column))
