"""Public pages of the published plans, without login (R2.4), with CSV and JSON.

R27.1: names of bodies only — no personal data (no signatures, no staff names)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, g, render_template

from .. import plan_lifecycle as lc
from ..models import Plan
from ..services import plans
from .plans import deadline_info

bp = Blueprint("public_plans", __name__, url_prefix="/plans")


def _published(year: int) -> Plan:
    plan = plans.get_plan(year)
    if plan is None or plan.status != lc.PUBLISHED:
        abort(404)
    return plan


@bp.get("")
def index():
    """Every published year."""
    return render_template("plans/public_index.html", rows=plans.published_plans())


@bp.get("/<int:year>")
def show(year: int):
    """R2.4 / R2.5: the current version of the plan (every element but the signature) and
    the history of its amendments (R2.6)."""
    plan = _published(year)
    return render_template("plans/public_show.html", plan=plan, lang=g.lang,
                           authority=plans.open_data(plan)["authority_name"],
                           deadlines=deadline_info(year))


@bp.get("/<int:year>.csv")
def csv_file(year: int):
    plan = _published(year)
    body = "\ufeff" + plans.open_data_csv(plan)  # BOM: Excel opens UTF-8 correctly
    return Response(body.encode("utf-8"), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="plan_{year}_v{plan.version}.csv"'})


@bp.get("/<int:year>.json")
def json_file(year: int):
    plan = _published(year)
    body = json.dumps(plans.open_data(plan), ensure_ascii=False, indent=2)
    return Response(body.encode("utf-8"), content_type="application/json; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="plan_{year}_v{plan.version}.json"'})
