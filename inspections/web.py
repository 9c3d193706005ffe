"""Wiring of the web edge: extensions, language, error pages, blueprints, CLI."""

from __future__ import annotations

import os

from flask import (
    Flask,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from . import permissions
from .errors import DomainError, NotFound, PermissionDenied
from .extensions import babel, csrf, db, login_manager, migrate
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


def init_web(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    _compile_translations(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=os.path.join(app.root_path, "translations"))

    from .models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        """One statement: the user, their roles and their unread notifications (issue 13)."""
        from sqlalchemy import func, select
        from sqlalchemy.orm import joinedload

        from .models import Notification

        unread = (select(func.count(Notification.id))
                  .where(Notification.user_id == User.id, Notification.read_at.is_(None))
                  .correlate(User).scalar_subquery())
        row = db.session.execute(
            select(User, unread).options(joinedload(User.role_rows),
                                         joinedload(User.control_subject))
            .where(User.id == int(user_id))).unique().first()
        if row is None or not row[0].active:
            return None
        user = row[0]
        user.unread_at_load = row[1]
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        flash(_("Please log in to open this page."), "info")
        return redirect(url_for("auth.login", next=request.full_path))

    app.jinja_env.globals.update(
        get_locale=get_locale,
        perm=permissions,
        format_date=format_date,
        format_datetime=format_datetime,
        languages=app.config["LANGUAGES"],
    )
    from . import labels
    from .documents.pdf import soffice_available

    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["pdf_available"] = soffice_available

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

        return {"unread_notifications": unread}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
        )
        return response

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

    @app.errorhandler(DomainError)
    def domain_error(e):
        """Any refusal not handled by the view: nothing is kept, the message is shown."""
        db.session.rollback()
        log_event("domain_error", kind=type(e).__name__, rule=e.rule)
        flash(e.display(), "danger")
        return redirect(request.referrer or url_for("main.home"), code=303)


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
