"""Measure every page a user opens: p50/p95, the ratio to the floor, statements per page.

The floor is a ``SELECT 1`` endpoint behind login on the same stack (added to the app by
this script only).  It is measured interleaved with each page — floor, page, floor, page… —
so that both see the same machine at the same moment, and each page's ratio is its p95
over the p95 of the floor requests made between its own.  Requests go through Flask's test
client in this process (no HTTP server): the figures are the application's own time.

Exports (XLSX, CSV, the annual report) have no ratio goal: their time and the peak of the
Python memory allocated while one is made (``tracemalloc``) are printed, as for the
commands and the documents.

    .venv/bin/python -m bench.measure --runs 40            # DATABASE_URL as for the app
    .venv/bin/python -m bench.measure --runs 1 --show "portal home"   # print the SQL
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc

from flask_login import login_required
from sqlalchemy import text

from inspections.extensions import db
from inspections.ops import settle_memory
from inspections.services import kept

from . import pages as bench_pages

PASSWORD = "demo-password-2026"
FLOOR_URL = "/_bench/floor"
#: Requests of each page before it is measured: a server answers a page many times on each
#: of its connections, so its statements are measured as they run then — psycopg prepares a
#: statement on its fifth execution on a connection, and PostgreSQL plans a prepared
#: statement anew for its first five executions before it keeps one plan (planning the
#: inspection page's main statement alone takes 8 ms).  Twelve requests get past both.
WARM = 12


def _floor():
    db.session.execute(text("SELECT 1"))
    return "1"


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p * (len(values) - 1))))
    return values[k]


def _timed(client, url: str) -> float:
    t0 = time.perf_counter()
    response = client.get(url)
    response.get_data()  # a streamed response is read to its end
    response.close()
    return (time.perf_counter() - t0) * 1000


def _peak_kb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def measure(app, runs: int, only: str | None = None, show: str | None = None) -> list[dict]:
    with app.app_context():
        targets = bench_pages.targets()
        page_list = bench_pages.pages(targets)
    clients = {}
    rows = []
    floor_all: list[float] = []
    for page in page_list:
        if only and only not in page.name:
            continue
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = app.test_client()
            if page.user:
                client.post("/login", data={"username": page.user, "password": PASSWORD})
        floor_client = clients.get("inspector")
        if floor_client is None:
            floor_client = clients["inspector"] = app.test_client()
            floor_client.post("/login", data={"username": "inspector", "password": PASSWORD})
        for _ in range(WARM):  # warm: prepared statements, caches
            _timed(client, page.url)
            _timed(floor_client, FLOOR_URL)
        forget = (lambda: kept.clear(app)) if page.changed else (lambda: None)
        forget()
        with app.app_context(), bench_pages.counting() as box:
            response = client.get(page.url)
            size = len(response.get_data())
        times, floors = [], []
        for _ in range(runs if not page.export else max(3, runs // 5)):
            floors.append(_timed(floor_client, FLOOR_URL))
            forget()  # not timed: the data changed just before this request
            times.append(_timed(client, page.url))
        floor_all += floors
        row = {"page": page.name, "status": response.status_code, "statements": box["n"],
               "limit": page.limit, "goal": page.goal, "p50": statistics.median(times),
               "p95": _pct(times, 0.95), "floor_p95": _pct(floors, 0.95), "kb": size / 1024,
               "peak_kb": None}
        row["ratio"] = row["p95"] / row["floor_p95"]
        if page.export:
            def consume(url=page.url, client=client):
                # read as a browser does, a chunk at a time: the peak is the application's
                # own memory, not the test client's copy of the whole file
                streamed = client.get(url, buffered=False)
                for _chunk in streamed.iter_encoded():
                    pass
                streamed.close()

            row["peak_kb"] = _peak_kb(consume)
        rows.append(row)
        if show and show in page.name:
            print("\n".join(box["sql"]))
    if floor_all:
        rows.insert(0, {"page": "floor (SELECT 1)", "status": 200, "statements": 2,
                        "limit": bench_pages.LIST, "goal": None,
                        "p50": statistics.median(floor_all), "p95": _pct(floor_all, 0.95),
                        "floor_p95": _pct(floor_all, 0.95), "ratio": 1.0, "kb": 0.0,
                        "peak_kb": None})
    return rows


def measure_commands(app) -> list[dict]:
    """Commands (``audit verify`` streamed, ``notify deadlines``) and the two large
    documents: time, statements, peak Python memory."""
    from sqlalchemy import func, select

    out = []
    runner = app.test_cli_runner()

    def command(args):
        return lambda: runner.invoke(args=args)

    def plan_document():
        from inspections.documents import plan_context as pc
        from inspections.documents.render import render
        from inspections.models import Plan, PlanItem
        from inspections.services.documents import authority_name, place

        year = db.session.execute(
            select(Plan.year).join(PlanItem).group_by(Plan.year)
            .order_by(func.count(PlanItem.id).desc(), Plan.year.desc()).limit(1)).scalar()
        from inspections.services.plans import get_plan_full

        plan = get_plan_full(year)  # as the approval loads it
        ctx = pc.plan_context(plan, "kk", authority_name=authority_name("kk"),
                              place=place("kk"), signatory={"full_name": "—", "position": "—"})
        ctx.update(verification_code="BENCH", verify_url="http://127.0.0.1/verify/BENCH")
        return render("plan", ctx, "kk"), f"{len(plan.items)} items"

    def results_document():
        from inspections.documents.render import render
        from inspections.models import Inspection, ResultsAct, Violation
        from inspections.services.calendar import load_calendar
        from inspections.services.documents import authority_name, place
        from inspections.services.inspection_documents import BUILDERS, load_parts

        act_id = db.session.execute(
            select(Violation.act_id).group_by(Violation.act_id)
            .order_by(func.count().desc()).limit(1)).scalar()
        inspection = db.session.execute(
            select(Inspection).join(ResultsAct).where(ResultsAct.id == act_id)).scalar_one()
        common = {"authority": authority_name("kk"), "place": place("kk")}
        kept = load_parts(inspection, "results_act")  # as issuing does
        ctx = BUILDERS["results_act"](inspection, "kk", common, load_calendar(), copy_no=2)
        del kept
        ctx.update(verification_code="BENCH", verify_url="http://127.0.0.1/verify/BENCH")
        return (render("results_act", ctx, "kk"),
                f"{len(inspection.results_act.violations)} violations")

    jobs = [("audit verify", command(["audit", "verify"])),
            ("notify deadlines", command(["notify", "deadlines"])),
            ("document: plan (largest)", plan_document),
            ("document: results act (most violations)", results_document)]
    for name, job in jobs:
        with app.app_context(), bench_pages.counting() as box:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            t0 = time.perf_counter()
            result = job()
            ms = (time.perf_counter() - t0) * 1000
            grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
            db.session.rollback()
        if name == "audit verify":
            peak = None  # tracemalloc would slow a million rows several times over
        else:
            with app.app_context():
                peak = _peak_kb(job)
                db.session.rollback()
        note = (f"exit {result.exit_code}" if hasattr(result, "exit_code")
                else f"{len(result[0]) / 1024:.0f} KB, {result[1]}")
        out.append({"command": name, "note": note, "ms": ms, "statements": box["n"],
                    "peak_kb": peak, "rss_growth_kb": grown})
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--show", help="print the SQL of the page whose name contains this")
    parser.add_argument("--no-commands", action="store_true")
    parser.add_argument("--commands-only", action="store_true")
    args = parser.parse_args(argv)
    from app import create_app

    app = create_app({"WTF_CSRF_ENABLED": False})  # the request log lines go to stderr
    app.add_url_rule(FLOOR_URL, "bench_floor", login_required(_floor))
    settle_memory()  # as each gunicorn worker does once it has loaded the application
    rows = [] if args.commands_only else measure(app, args.runs, args.only, args.show)
    print(f"{'page':40} {'status':>6} {'stmts':>5} {'limit':>5} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'floor95':>7} {'÷floor':>6} {'goal':>5} {'KB':>7} {'peak KB':>8}")
    for r in rows:
        goal = f"{r['goal']:.0f}×" if r["goal"] else "—"
        ok = "" if not r["goal"] or r["ratio"] <= r["goal"] else " !"
        peak = f"{r['peak_kb']:.0f}" if r["peak_kb"] is not None else ""
        print(f"{r['page']:40} {r['status']:>6} {r['statements']:>5} {r['limit']:>5} "
              f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['floor_p95']:>7.1f} {r['ratio']:>6.1f} "
              f"{goal:>5} {r['kb']:>7.1f} {peak:>8}{ok}")
    if not args.no_commands and not args.only:
        for c in measure_commands(app):
            peak = f"peak {c['peak_kb']:.0f} KB" if c["peak_kb"] is not None else ""
            print(f"{c['command']:40} {c['note']:>28}  {c['ms']:.0f} ms  "
                  f"{c['statements']} statements  {peak}  "
                  f"max RSS +{c['rss_growth_kb'] / 1024:.0f} MB")


if __name__ == "__main__":
    main()
