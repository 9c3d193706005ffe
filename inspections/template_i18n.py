"""Translations and dates in templates, looked up once per language (issue 13).

Flask-Babel finds the request's catalog anew for every ``_()`` of a template (its context,
its domain, the locale's name: about 14 µs), and an inspection's page calls it hundreds of
times.  Here each application keeps its catalogs by locale, so that a lookup costs one
``get_locale()``; ``force_locale`` (exports, the annual report) still works, since the
locale is asked every time.  The labels of codes (``labels.py``) translate through the same catalogs
(:func:`lazy_gettext`).  Dates without a time are formatted by Babel directly, with
the format Flask-Babel would choose; datetimes still go through Flask-Babel, which moves
them to Asia/Almaty.
"""

from __future__ import annotations

from datetime import datetime

import flask_babel
from babel import dates
from flask import current_app
from flask_babel.speaklater import LazyString

#: Where an application keeps its catalogs by locale.
_KEY = "bakylau.catalogs"


def gettext(string: str, **variables) -> str:
    """``flask_babel.gettext`` with the application's catalogs kept by locale (see above);
    Flask-Babel's own path outside an application or before :func:`install`."""
    try:
        catalogs = current_app.extensions[_KEY]
    except (RuntimeError, KeyError):
        return flask_babel.gettext(string, **variables)
    found = _catalog(catalogs).ugettext(string)
    return found % variables if variables else found


def lazy_gettext(string: str, **variables) -> LazyString:
    """``flask_babel.lazy_gettext`` translated by :func:`gettext` (the labels of codes,
    which every page shows many of)."""
    return LazyString(gettext, string, **variables)


def _catalog(catalogs: dict):
    locale = flask_babel.get_locale()
    try:
        return catalogs[locale]
    except KeyError:
        found = catalogs[locale] = flask_babel.get_translations()
        return found


def install(app, babel) -> None:
    """Put the fast ``_``/``ngettext``/``pgettext`` and ``format_date`` into ``app``'s
    templates (``babel``: the application's Flask-Babel extension)."""
    catalogs: dict = app.extensions.setdefault(_KEY, {})

    def catalog():
        return _catalog(catalogs)

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalog().ugettext(s),
        ngettext=lambda s, p, n: catalog().ungettext(s, p, n),
        pgettext=lambda c, s: catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
    formats = babel.date_formats

    def format_date(date=None, format: str | None = None, rebase: bool = True) -> str:
        """Flask-Babel's ``format_date`` (same arguments) for a ``date``, without its
        lookups."""
        if date is None or isinstance(date, datetime):
            return flask_babel.format_date(date, format, rebase)
        if format is None:
            format = formats["date"]
        if format in ("short", "medium", "full", "long"):
            format = formats[f"date.{format}"] or format
        return dates.format_date(date, format, locale=flask_babel.get_locale())

    app.jinja_env.globals["format_date"] = format_date
