"""Home page and language switch."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from .. import clock
from ..errors import ValidationFailed
from ..extensions import db
from ..services import accounts
from ._util import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("home.html", today=clock.today())


@bp.post("/lang")
def set_language():
    """Language switcher: remembered in the session and in the user's profile."""
    lang = request.form.get("lang", "")
    try:
        accounts.set_locale(current_user, lang)
    except ValidationFailed:
        pass  # an unknown language changes nothing
    else:
        session["lang"] = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.home")), code=303)
