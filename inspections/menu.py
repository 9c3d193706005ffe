"""The main menu, rendered once per kind of user and language (issue 13).

Its links depend only on the user's roles, whether they represent a body, whether they
are logged in and the language; writing them out (about twenty permission checks,
route lookups and translations) took a third of a short page's time.  The menu is
rendered from ``templates/_menu.html`` the first time and kept; what changes from one
request to the next (the language switch's return address, the unread count, the name)
stays in ``base.html``.
"""

from __future__ import annotations

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

#: More kinds of users than this and the kept menus start over (there are a few dozen).
KEPT = 256


def install(app) -> None:
    kept: dict = {}

    def main_menu() -> Markup:
        user = current_user
        key = (request.script_root, str(get_locale()), bool(user.is_authenticated),
               bool(getattr(user, "is_active", False)),
               tuple(sorted(getattr(user, "roles", ()) or ())),
               getattr(user, "control_subject_id", None) is not None)
        menu = kept.get(key)
        if menu is None:
            if len(kept) >= KEPT:
                kept.clear()
            menu = kept[key] = Markup(render_template("_menu.html"))
        return menu

    app.jinja_env.globals["main_menu"] = main_menu
