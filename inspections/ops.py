"""Running in production: health checks, structured request logs, proxies, the version.

- ``GET /healthz``: the process is alive (no database access).
- ``GET /readyz``: the database answers, its schema is at the migrations' head, the file
  storage is writable and the audit anchor readable — 200 when every check passes, else 503.
  Both answer JSON without login and carry no personal data (R27.1).
- One JSON log line per request (``event=request``: request id, user id, route pattern,
  method, status, duration) and per domain error or integrity incident (:func:`log_event`).
  The request id comes from a well-formed incoming ``X-Request-ID`` (e.g. set by nginx) or is
  made here, and is returned in the response's ``X-Request-ID``.  No form contents, query
  strings, names or addresses are logged: the route is the URL *pattern*
  (``/inspections/<int:inspection_id>``), never the filled-in path.
- ``TRUSTED_PROXIES`` (environment) = number of reverse proxies in front of the app whose
  ``X-Forwarded-*`` headers are believed (werkzeug's ProxyFix); 0 (default) believes none.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Blueprint, Flask, current_app, g, jsonify, request
from sqlalchemy import text

from . import __version__

bp = Blueprint("ops", __name__)
LOGGER_NAME = "bakylau"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
logger = logging.getLogger(LOGGER_NAME)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, event and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": getattr(record, "event", None) or record.getMessage(),
        }
        data.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            data["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(data, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{k}={v}" for k, v in (getattr(record, "fields", {}) or {}).items())
        event = getattr(record, "event", None) or record.getMessage()
        return f"{record.levelname.lower()} {event} {fields}".rstrip()


def configure_logging(level: str = "INFO", fmt: str = "json", stream=None) -> None:
    """Set the ``bakylau`` logger's level and format (``LOG_LEVEL``, ``LOG_FORMAT``)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False


def log_event(event: str, level: int = logging.INFO, **fields) -> None:
    """A structured log line; the current request's id and user are added when there is one.

    Callers pass codes and ids only — never names, IINs, addresses or form contents.
    """
    try:
        fields.setdefault("request_id", g.get("request_id"))
        fields.setdefault("user_id", _user_id())
    except RuntimeError:  # outside a request (CLI)
        pass
    logger.log(level, event, extra={"event": event, "fields": fields})


def log_incident(kind: str, **fields) -> None:
    """An integrity incident (e.g. stored bytes that no longer match their SHA-256)."""
    log_event("integrity_incident", logging.ERROR, kind=kind, **fields)


def _user_id():
    from flask_login import current_user

    try:
        # the numeric id — never get_id(), which carries the session token
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # noqa: BLE001 — the user loader may fail when the database is down
        return None


#: Allocations between two collections of the youngest generation, once the application is
#: loaded (Python's default: 700).
GC_THRESHOLD = 10_000


def settle_memory(threshold: int = GC_THRESHOLD) -> None:
    """Once a worker has loaded the application (gunicorn's ``post_worker_init``; the
    benchmark does the same): move what it has loaded out of the garbage collector's sight
    and let the youngest generation grow to ``threshold`` allocations (issue 13).

    The loaded application is some 200,000 objects that live as long as the process:
    modules, mapped classes, catalogs, calendars, compiled statements.  Python's collector
    walks all of them at every full collection; on the development machine that was a pause
    of 220–260 ms, which some request had to wait for, about once every 50 to 200 requests.
    ``gc.freeze()`` puts them in a generation that is never collected.  A request frees
    nearly everything it allocates by reference counting, so the youngest generation is
    collected after ``threshold`` allocations instead of 700 (on a list page, about one
    collection of 0.4 ms per request before)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(threshold, *gc.get_threshold()[1:])


def init_ops(app: Flask) -> None:
    configure_logging(app.config.get("LOG_LEVEL", "INFO"), app.config.get("LOG_FORMAT", "json"))
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_port=proxies, x_prefix=proxies)

    @app.before_request
    def start_request():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        rid = g.get("request_id")
        if rid:
            response.headers["X-Request-ID"] = rid
            log_event(
                "request",
                route=request.url_rule.rule if request.url_rule else None,
                method=request.method,
                status=response.status_code,
                duration_ms=round((time.perf_counter() - g.request_started) * 1000, 1),
            )
        return response

    app.jinja_env.globals["app_version"] = __version__
    app.register_blueprint(bp)


# ------------------------------------------------------------------ health and readiness

def _check_database() -> tuple[bool, str]:
    from .extensions import db

    try:
        db.session.execute(text("SELECT 1"))
        return True, "ok"
    except Exception as e:  # noqa: BLE001
        db.session.rollback()
        return False, type(e).__name__


def _check_migrations() -> tuple[bool, str]:
    from alembic.script import ScriptDirectory

    from .extensions import db, migrate

    heads = set(ScriptDirectory.from_config(migrate.get_config()).get_heads())
    try:
        current = {row[0] for row in db.session.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception as e:  # noqa: BLE001
        db.session.rollback()
        return False, type(e).__name__
    return (current == heads, "at head" if current == heads else "behind")


def _check_storage() -> tuple[bool, str]:
    from . import storage

    try:
        return storage.backend().check_writable()
    except ValueError as e:  # a bad STORAGE_URL
        return False, str(e)


def _check_anchor() -> tuple[bool, str]:
    """The audit anchor file (``AUDIT_ANCHOR_FILE``) can be read — or does not exist yet and
    its folder can take it (the first ``audit verify`` writes it)."""
    path = current_app.config.get("AUDIT_ANCHOR_FILE")
    if not path:
        return False, "AUDIT_ANCHOR_FILE not set"
    if os.path.exists(path):
        try:
            with open(path, "rb"):
                return True, "readable"
        except OSError as e:
            return False, type(e).__name__
    folder = os.path.dirname(os.path.abspath(path))
    return (os.access(folder, os.W_OK), "none yet")


READINESS_CHECKS = {
    "database": _check_database,
    "migrations": _check_migrations,
    "storage": _check_storage,
    "audit_anchor": _check_anchor,
}


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", version=__version__)


@bp.get("/readyz")
def readyz():
    checks = {}
    ok = True
    for name, check in READINESS_CHECKS.items():
        if name == "migrations" and not checks.get("database", {}).get("ok", True):
            passed, detail = False, "database unreachable"
        else:
            passed, detail = check()
        checks[name] = {"ok": passed, "detail": detail}
        ok = ok and passed
    body = {"status": "ready" if ok else "not ready", "version": __version__, "checks": checks}
    return jsonify(body), (200 if ok else 503)
