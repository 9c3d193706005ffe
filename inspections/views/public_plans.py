"""Public pages of the published plans, without login (R2.4), with CSV and JSON.

R27.1: names of bodies only — no personal data (no signatures, no staff names)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict

from flask import Blueprint, Response, abort, current_app, g, render_template, request

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


#: Rendered bodies kept per process (issue 13); a published version never changes.
CACHE_SIZE = 64


def _serve(plan: Plan, kind: str, build, mimetype: str, headers=None) -> Response:
    """Issue 13: the public page, CSV and JSON of a published plan are built once per plan
    version (and language, for the page) and kept; the response carries an ETag derived from
    the version, and a browser that has it gets 304 without anything being built.

    The cache is on unless ``PUBLIC_PLAN_CACHE`` is false (it is off by default under
    TESTING, where the database is emptied between tests and ids come back)."""
    key = (plan.id, plan.year, plan.version, plan.status, str(plan.published_on), plan.number,
           kind, g.lang if kind == "html" else "")
    etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    headers = {**(headers or {}), "Cache-Control": "public, no-cache"}
    if request.if_none_match.contains(etag):
        response = Response(status=304, headers=headers)
        response.set_etag(etag)
        return response
    enabled = current_app.config.get("PUBLIC_PLAN_CACHE", not current_app.testing)
    cache = current_app.extensions.setdefault("public_plan_cache", OrderedDict())
    body = cache.get(key) if enabled else None
    if body is None:
        plans.get_plan_full(plan.year)  # everything the body shows, in a few statements
        body = build()
        if enabled:
            cache[key] = body
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    response = Response(body, content_type=mimetype, headers=headers)  # one charset
    response.set_etag(etag)
    return response


@bp.get("")
def index():
    """Every published year."""
    return render_template("plans/public_index.html", rows=plans.published_plans())


@bp.get("/<int:year>")
def show(year: int):
    """R2.4 / R2.5: the current version of the plan (every element but the signature) and
    the history of its amendments (R2.6)."""
    plan = _published(year)
    return _serve(plan, "html", lambda: render_template(
        "plans/public_show.html", plan=plan, lang=g.lang,
        authority=plans.open_data(plan)["authority_name"],
        deadlines=deadline_info(year)).encode("utf-8"), "text/html")


@bp.get("/<int:year>.csv")
def csv_file(year: int):
    plan = _published(year)
    return _serve(plan, "csv", lambda: (
        "\ufeff" + plans.open_data_csv(plan)).encode("utf-8"),  # BOM: Excel opens UTF-8
        "text/csv; charset=utf-8", {
            "Content-Disposition":
            f'attachment; filename="plan_{year}_v{plan.version}.csv"'})


@bp.get("/<int:year>.json")
def json_file(year: int):
    plan = _published(year)
    return _serve(plan, "json", lambda: json.dumps(
        plans.open_data(plan), ensure_ascii=False, indent=2).encode("utf-8"),
        "application/json; charset=utf-8", {
            "Content-Disposition": f'attachment; filename="plan_{year}_v{plan.version}.json"'})
