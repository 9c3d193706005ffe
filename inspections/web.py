"""Wiring of the web edge: extensions, language, error pages, blueprints, CLI."""

from __future__ import annotations

import os
from urllib.parse import urlparse

from flask import (
    Flask,
    abort,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import IntegerConverter

from . import permissions
from .errors import (
    ConcurrentChange,
    DomainError,
    NotFound,
    PermissionDenied,
    TamperedDocument,
)
from .extensions import babel, csrf, db, login_manager, migrate
from .i18n import format_datetime
from .i18n import gettext as _
from .ops import log_event
from .paths import resource_root

MIGRATIONS_DIR = str(resource_root() / "migrations")


def select_locale() -> str:
    """user profile → session → Accept-Language → kk."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config.get("CLI_LOCALE", "en")
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in languages:
            return current_user.locale
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or "kk"


def _compile_translations(app: Flask) -> None:
    """Compile .po → .mo when a catalog is newer than its compiled form (dev convenience)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    base = os.path.join(app.root_path, "translations")
    for lang in app.config["LANGUAGES"]:
        po = os.path.join(base, lang, "LC_MESSAGES", "messages.po")
        mo = po[:-2] + "mo"
        if os.path.exists(po) and (
            not os.path.exists(mo) or os.path.getmtime(mo) < os.path.getmtime(po)
        ):
            with open(po, "rb") as f:
                catalog = read_po(f, locale=lang)
            with open(mo, "wb") as f:
                write_mo(f, catalog)


MAX_DB_INT = 2**31 - 1  # PostgreSQL's integer; SQLite's is larger
MAX_FIELD_CHARS = 20_000  # no free text of a form is longer (Text columns); else 400
CONTROL_CHARS = frozenset(chr(c) for c in (*range(0, 32), 127)) - {"\t", "\n", "\r"}


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in every URL: a value beyond the database's integer range matches no
    route (404) instead of reaching the database (issue "Integrity", item 6)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_DB_INT)
        super().__init__(map, *args, **kwargs)


def _bad_input() -> int | None:
    """400 for control characters (NUL …) in the path, the query or a form field, and for
    an ``…_id`` value beyond the integer range, and for an absurdly long field."""
    if any(ch in CONTROL_CHARS for ch in request.path):
        return 400
    sources = [request.args] if request.method == "GET" else [request.args, request.form]
    for source in sources:
        for key, value in source.items(multi=True):
            if any(ch in CONTROL_CHARS for ch in key) or \
                    any(ch in CONTROL_CHARS for ch in value):
                return 400
            if len(value) > MAX_FIELD_CHARS:
                return 400
            if (key == "id" or key.endswith("_id")) and value.strip().lstrip("-").isdigit() \
                    and abs(int(value)) > MAX_DB_INT:
                return 400
    return None


def init_web(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_bad_input():
        status = _bad_input()
        if status:
            abort(status)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    from . import readonly

    readonly.init_app(app, db)  # read-only requests keep their prepared statements
    from .services import ranking

    ranking.install()  # the kept R1.3 ranking follows every change (issue 13)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    _compile_translations(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=os.path.join(app.root_path, "translations"))

    from .models import User

    @login_manager.user_loader
    def load_user(alternative_id: str):
        """``<id>:<session token>``: a cookie of a session that was ended (logout, password
        change, deactivation — the token changed) no longer loads its user.  One statement:
        the user, their roles, their body and their unread notifications (issue 13)."""
        import hmac

        from sqlalchemy import select
        from sqlalchemy.orm import joinedload

        from .services.notifications import unread_count_query

        ident, _sep, token = (alternative_id or "").partition(":")
        if not ident.isdigit() or len(ident) > 18:
            return None
        unread = unread_count_query(int(ident))  # capped: constant time (issue 13)
        row = db.session.execute(
            select(User, unread).options(joinedload(User.role_rows),
                                         joinedload(User.control_subject))
            .where(User.id == int(ident))).unique().first()
        if row is None or not row[0].active:
            return None
        user = row[0]
        if not hmac.compare_digest(user.session_token or "", token):
            return None
        user.unread_at_load = row[1]
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(_("Please log in to open this page."), "info")
        return redirect(url_for("auth.login", next=request.full_path))

    app.jinja_env.globals.update(
        get_locale=get_locale,
        perm=permissions,
        format_datetime=format_datetime,
        languages=app.config["LANGUAGES"],
    )
    from . import i18n, labels, menu
    from .documents.pdf import soffice_available

    i18n.install(app)  # after Flask-Babel's own: replaces its callables
    menu.install(app)

    app.jinja_env.globals["labels"] = labels

    def pdf_available() -> bool:
        """Whether PDF links are offered: LibreOffice looked for once per request (a page
        lists many documents; issue 13)."""
        if "pdf_available" not in g:
            g.pdf_available = soffice_available()
        return g.pdf_available

    app.jinja_env.globals["pdf_available"] = pdf_available

    @app.context_processor
    def unread_notifications():
        def unread() -> int:
            if not current_user.is_authenticated:
                return 0
            cached = getattr(current_user, "unread_at_load", None)
            if cached is not None:
                return cached
            from .services.notifications import unread_count

            return unread_count(current_user)

        from .services.notifications import UNREAD_CAP

        return {"unread_notifications": unread, "unread_cap": UNREAD_CAP}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if app.config.get("PREFERRED_URL_SCHEME") == "https":
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
        )
        return response

    @app.before_request
    def end_idle_session():
        """Sessions expire after SESSION_IDLE_MINUTES without a request (default 8 hours)."""
        if not current_user.is_authenticated:
            return None
        import time

        from flask_login import logout_user

        idle = int(app.config.get("SESSION_IDLE_MINUTES") or 480) * 60
        stamp = int(time.time())
        seen = session.get("seen")
        if isinstance(seen, int) and stamp - seen > idle:
            logout_user()
            session.clear()
            flash(_("Your session has expired. Please log in again."), "info")
            return redirect(url_for("auth.login"))
        session["seen"] = stamp
        return None

    @app.before_request
    def remember_lang():
        g.lang = str(get_locale())

    _register_errors(app)
    _register_blueprints(app)
    from .ops import init_ops

    init_ops(app)  # health checks, request logs, trusted proxies

    from .cli import register_cli

    register_cli(app)


def _register_errors(app: Flask) -> None:
    @app.errorhandler(403)
    def forbidden(e):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(e):
        return render_template("errors/404.html"), 404

    @app.errorhandler(413)
    def too_large(e):
        return render_template("errors/413.html"), 413

    @app.errorhandler(400)
    def bad_request(e):
        return render_template("errors/400.html"), 400

    @app.errorhandler(500)
    def server_error(e):
        db.session.rollback()
        return render_template("errors/500.html"), 500

    @app.errorhandler(PermissionDenied)
    def domain_forbidden(e):
        db.session.rollback()
        return render_template("errors/403.html", message=e.display()), 403

    @app.errorhandler(NotFound)
    def domain_not_found(e):
        db.session.rollback()
        return render_template("errors/404.html"), 404

    def changed_meanwhile(message):
        from .views._util import safe_next

        db.session.rollback()
        back = request.path if request.method == "GET" else urlparse(request.referrer or "").path
        return render_template("errors/409.html", message=message,
                               back=safe_next(back, url_for("main.home"))), 409

    @app.errorhandler(TamperedDocument)
    def tampered(e):
        """Issue "Integrity" item 4: a document whose bytes changed is never served; the
        incident is logged and written to the audit log."""
        from . import clock
        from .services.documents import record_incident

        db.session.rollback()
        record_incident(e.document_id, now=clock.now())
        db.session.commit()
        return render_template("errors/409.html", message=e.display(),
                               back=url_for("main.home")), 409

    @app.errorhandler(ConcurrentChange)
    def concurrent_change(e):
        """The loser of a race (services.transitions): nothing is kept, 409."""
        return changed_meanwhile(e.display())

    @app.errorhandler(StaleDataError)
    def stale_data(e):
        """A stale write caught by the version check on flush (SQLite, or a path that did
        not lock): the same answer as :class:`ConcurrentChange`."""
        from .services.transitions import CHANGED_MEANWHILE

        return changed_meanwhile(str(CHANGED_MEANWHILE))

    @app.errorhandler(OperationalError)
    def busy(e):
        """A lock wait that ended in a deadlock or a busy database is a race lost, not a
        server error; anything else stays a 500."""
        if not _is_lock_conflict(e):
            raise e
        from .services.transitions import CHANGED_MEANWHILE

        return changed_meanwhile(str(CHANGED_MEANWHILE))

    @app.errorhandler(DomainError)
    def domain_error(e):
        """Any refusal not handled by the view: nothing is kept, the message is shown."""
        db.session.rollback()
        log_event("domain_error", kind=type(e).__name__, rule=e.rule)
        flash(e.display(), "danger")
        return redirect(request.referrer or url_for("main.home"), code=303)


def _is_lock_conflict(e: OperationalError) -> bool:
    text = str(getattr(e, "orig", e)).lower()
    code = getattr(getattr(e, "orig", None), "sqlstate", None)
    return code in ("40001", "40P01", "55P03") or "database is locked" in text


def _register_blueprints(app: Flask) -> None:
    from .views import admin, audit, auth, calendar, documents, inspections, main, registry

    for module in (main, auth, admin, registry, audit, calendar, documents, inspections):
        app.register_blueprint(module.bp)
    _register_plan_blueprints(app)
    from .views import results

    app.register_blueprint(results.bp)  # inspections, part 2 (R10.1–R17.1)
    from .views import notifications, portal

    app.register_blueprint(portal.bp)  # representatives (R27.1)
    app.register_blueprint(notifications.bp)
    from .views import signatures

    app.register_blueprint(signatures.bp)  # electronic digital signatures (issue 16)
    from .views import statistics

    app.register_blueprint(statistics.bp)  # dashboard, exports, open statistics, feeds


def _register_plan_blueprints(app: Flask) -> None:
    """The annual plan (R1.3, R2.1–R2.6): findings, catalogue, plans, public pages."""
    from .views import catalogue, findings, plans, public_plans

    for module in (findings, catalogue, plans, public_plans):
        app.register_blueprint(module.bp)
