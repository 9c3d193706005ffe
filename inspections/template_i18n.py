"""Translations and dates in templates, looked up once per language (issue 13).

Flask-Babel finds the request's catalog anew for every ``_()`` of a template (its context,
its domain, the locale's name: about 14 µs), and an inspection's page calls it hundreds of
times.  Here each application keeps its catalogs by locale, so that a lookup costs one
``get_locale()``; ``force_locale`` (exports, the annual report) still works, since the
locale is asked every time.  Dates without a time are formatted by Babel directly, with
the format Flask-Babel would choose; datetimes still go through Flask-Babel, which moves
them to Asia/Almaty.
"""

from __future__ import annotations

from datetime import date, datetime

import flask_babel
from babel import dates


def install(app, babel) -> None:
    """Put the fast ``_``/``ngettext``/``pgettext`` and ``format_date`` into ``app``'s
    templates (``babel``: the application's Flask-Babel extension)."""
    catalogs: dict = {}

    def catalog():
        locale = flask_babel.get_locale()
        try:
            return catalogs[locale]
        except KeyError:
            found = catalogs[locale] = flask_babel.get_translations()
            return found

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: catalog().ugettext(s),
        ngettext=lambda s, p, n: catalog().ungettext(s, p, n),
        pgettext=lambda c, s: catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalog().unpgettext(c, s, p, n),
        newstyle=True,
    )
    formats = babel.date_formats

    def format_date(value: date | None = None, format: str | None = None,
                    rebase: bool = True) -> str:
        """Flask-Babel's ``format_date`` for a ``date``, without its lookups."""
        if value is None or isinstance(value, datetime):
            return flask_babel.format_date(value, format, rebase)
        if format is None:
            format = formats["date"]
        if format in ("short", "medium", "full", "long"):
            format = formats[f"date.{format}"] or format
        return dates.format_date(value, format, locale=flask_babel.get_locale())

    app.jinja_env.globals["format_date"] = format_date
