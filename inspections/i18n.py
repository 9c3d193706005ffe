"""Translations and dates, looked up once per language (issue 13).

Flask-Babel finds the request's catalog anew for every string it translates (its context,
its domain, the locale's name: about 14 µs), and a page translates hundreds: the labels of
codes, the messages of notifications, the templates' ``_()``.  Here each application keeps
its catalogs by locale, so that a lookup costs one ``get_locale()``; ``force_locale``
(exports, the annual report, e-mails in the recipient's language) still works, since the
locale is asked every time.  Outside an application (or before :func:`install`) every
function falls back to Flask-Babel's own.

Use these instead of Flask-Babel's in the code (``from ..i18n import lazy_gettext as _l``)
and in the templates (:func:`install` puts them there); the message extraction
(``babel.cfg``) knows them by the same names.  Dates: a ``date`` is formatted by Babel
directly with the format Flask-Babel would choose; a ``datetime`` is moved to the
application's time zone (Asia/Almaty) first, as Flask-Babel does.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import flask_babel
from babel import dates
from flask import current_app
from flask.globals import app_ctx
from flask_babel.speaklater import LazyString

#: Where an application keeps its catalogs by locale.
_KEY = "bakylau.catalogs"


def _locale_and_catalogs():
    """(the locale in force, the application's catalogs by locale), or (None, None) outside
    an application or before :func:`install`.  The locale is read where Flask-Babel keeps
    it for the request (``force_locale`` sets it there too), through one context lookup
    instead of Flask-Babel's several."""
    try:
        ctx = app_ctx._get_current_object()
    except RuntimeError:  # no application
        return None, None
    catalogs = ctx.app.extensions.get(_KEY)
    if catalogs is None:
        return None, None
    locale = getattr(getattr(ctx.g, "_flask_babel", None), "babel_locale", None)
    return (locale if locale is not None else flask_babel.get_locale()), catalogs


def _catalog():
    """The catalog of the locale in force, or None (see :func:`_locale_and_catalogs`)."""
    locale, catalogs = _locale_and_catalogs()
    if catalogs is None:
        return None
    try:
        return catalogs[locale]
    except KeyError:
        found = catalogs[locale] = flask_babel.get_translations()
        return found


def gettext(string: str, **variables) -> str:
    """``flask_babel.gettext``, with the catalog kept per locale."""
    catalog = _catalog()
    if catalog is None:
        return flask_babel.gettext(string, **variables)
    found = catalog.ugettext(string)
    return found % variables if variables else found


def pgettext(context: str, string: str, **variables) -> str:
    """``flask_babel.pgettext``, with the catalog kept per locale."""
    catalog = _catalog()
    if catalog is None:
        return flask_babel.pgettext(context, string, **variables)
    found = catalog.upgettext(context, string)
    return found % variables if variables else found


def lazy_gettext(string: str, **variables) -> LazyString:
    """``flask_babel.lazy_gettext``, translated by :func:`gettext` when shown."""
    return LazyString(gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables) -> LazyString:
    """``flask_babel.lazy_pgettext``, translated by :func:`pgettext` when shown."""
    return LazyString(pgettext, context, string, **variables)


def _format(key: str, format: str | None) -> str | None:
    """The pattern Flask-Babel would use for ``key`` ("date", "datetime") and ``format``."""
    formats = current_app.extensions["babel"].instance.date_formats
    if format is None:
        format = formats[key]
    if format in ("short", "medium", "full", "long"):
        format = formats[f"{key}.{format}"] or format
    return format


def format_date(date=None, format: str | None = None, rebase: bool = True) -> str:
    """``flask_babel.format_date`` (same arguments) without its lookups, for a ``date``."""
    locale, catalogs = _locale_and_catalogs()
    if date is None or isinstance(date, datetime) or catalogs is None:
        return flask_babel.format_date(date, format, rebase)
    return _date_text(date, _format("date", format), locale)


def format_datetime(datetime=None, format: str | None = None, rebase: bool = True) -> str:
    """``flask_babel.format_datetime`` (same arguments) without its lookups: shown in the
    application's time zone."""
    locale, catalogs = _locale_and_catalogs()
    if datetime is None or not rebase or catalogs is None:
        return flask_babel.format_datetime(datetime, format, rebase)
    return _datetime_text(datetime, _format("datetime", format), flask_babel.get_timezone(),
                          locale)


# A page shows the same dates on every request (a list of notifications, the audit log, the
# clocks): Babel's formatting (10–40 µs a date) is kept for the dates last written.
@lru_cache(maxsize=8192)
def _date_text(day, pattern, locale) -> str:
    return dates.format_date(day, pattern, locale=locale)


@lru_cache(maxsize=8192)
def _datetime_text(moment, pattern, tzinfo, locale) -> str:
    return dates.format_datetime(moment, pattern, tzinfo=tzinfo, locale=locale)


def install(app) -> None:
    """Keep ``app``'s catalogs by locale and put the fast ``_``/``ngettext``/``pgettext``,
    ``format_date`` and ``format_datetime`` into its templates (after Flask-Babel's own
    ``init_app``, whose callables these replace)."""
    app.extensions.setdefault(_KEY, {})
    app.jinja_env.install_gettext_callables(  # the catalog of the locale in force, each call
        gettext=lambda s: _catalog().ugettext(s),
        ngettext=lambda s, p, n: _catalog().ungettext(s, p, n),
        pgettext=lambda c, s: _catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["format_date"] = format_date
    app.jinja_env.globals["format_datetime"] = format_datetime
