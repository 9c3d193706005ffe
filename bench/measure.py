"""Measure every page a user opens: p50/p95, the ratio to the floor, statements per page.

The floor is a ``SELECT 1`` endpoint behind login on the same stack (added to the app by
this script only), measured in the same run.  Requests go through Flask's test client in
this process (no HTTP server): the figures are the application's own time.

    .venv/bin/python -m bench.measure --runs 20            # DATABASE_URL as for the app
    .venv/bin/python -m bench.measure --runs 1 --show "portal home"   # print the SQL
"""

from __future__ import annotations

import argparse
import statistics
import time

from flask_login import login_required
from sqlalchemy import text

from inspections.extensions import db

from . import pages as bench_pages

PASSWORD = "demo-password-2026"


def _floor():
    db.session.execute(text("SELECT 1"))
    return "1"


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p * (len(values) - 1))))
    return values[k]


def measure(app, runs: int, only: str | None = None, show: str | None = None,
            commands: bool = True) -> list[dict]:
    with app.app_context():
        targets = bench_pages.targets()
        page_list = bench_pages.pages(targets)
    page_list.insert(0, bench_pages.Page("floor (SELECT 1)", "inspector", "/_bench/floor"))
    clients = {}
    rows = []
    for page in page_list:
        if only and only not in page.name:
            continue
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = app.test_client()
            if page.user:
                client.post("/login", data={"username": page.user, "password": PASSWORD})
        client.get(page.url)  # warm
        with app.app_context(), bench_pages.counting() as box:
            response = client.get(page.url)
        times = []
        size = len(response.data)
        for _ in range(runs):
            t0 = time.perf_counter()
            client.get(page.url).close()
            times.append((time.perf_counter() - t0) * 1000)
        rows.append({"page": page.name, "status": response.status_code,
                     "statements": box["n"], "limit": page.limit,
                     "p50": statistics.median(times), "p95": _pct(times, 0.95),
                     "kb": size / 1024})
        if show and show in page.name:
            print("\n".join(box["sql"]))
    floor = rows[0]["p95"] if rows and rows[0]["page"].startswith("floor") else None
    for r in rows:
        r["ratio"] = r["p95"] / floor if floor else float("nan")
    return rows


def measure_commands(app) -> list[dict]:
    """Commands: ``audit verify`` (streamed) and ``notify deadlines`` (statements per run)."""
    out = []
    runner = app.test_cli_runner()
    for args in (["audit", "verify"], ["notify", "deadlines"]):
        with app.app_context(), bench_pages.counting() as box:
            t0 = time.perf_counter()
            result = runner.invoke(args=args)
            ms = (time.perf_counter() - t0) * 1000
        out.append({"command": " ".join(args), "exit": result.exit_code, "ms": ms,
                    "statements": box["n"]})
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    parser.add_argument("--show", help="print the SQL of the page whose name contains this")
    parser.add_argument("--no-commands", action="store_true")
    args = parser.parse_args(argv)
    from app import create_app

    app = create_app({"WTF_CSRF_ENABLED": False})
    app.add_url_rule("/_bench/floor", "bench_floor", login_required(_floor))
    rows = measure(app, args.runs, args.only, args.show)
    print(f"{'page':34} {'status':>6} {'stmts':>5} {'limit':>5} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p95/floor':>9} {'KB':>7}")
    for r in rows:
        print(f"{r['page']:34} {r['status']:>6} {r['statements']:>5} {r['limit']:>5} "
              f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['ratio']:>9.1f} {r['kb']:>7.1f}")
    if not args.no_commands and not args.only:
        for c in measure_commands(app):
            print(f"{c['command']:34} exit {c['exit']}  {c['ms']:.0f} ms  "
                  f"{c['statements']} statements")


if __name__ == "__main__":
    main()
