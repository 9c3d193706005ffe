"""Login, logout, change own password."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import ChangePasswordForm, LoginForm

from .. import clock, permissions
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..services import accounts
from ._util import apply_error, guarded, safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        result = accounts.authenticate(form.username.data, form.password.data, now=clock.now(),
                                       client=request.remote_addr or "")
        db.session.commit()  # the throttle's counters are kept
        if result.status == accounts.LoginResult.OK:
            _sign_in(result.user)
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
        if result.status == accounts.LoginResult.INACTIVE:
            flash(_("This account has been deactivated."), "danger")
        else:  # one answer for a wrong password, an unknown username and a throttled login
            flash(_("Wrong username or password, or too many attempts: try again in 15 "
                    "minutes."), "danger")
    return render_template("auth/login.html", form=form)


def _sign_in(user) -> None:
    session.clear()  # a fresh session: nothing of the anonymous one is carried over
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME; idle check in web
    login_user(user)


@bp.post("/logout")
@login_required
def logout():
    """Logging out ends every session of the user (a new session token)."""
    accounts.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@guarded(permissions.can_change_own_password)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_own_password(current_user, form.current.data, form.new.data,
                                         now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            _sign_in(current_user._get_current_object())  # other sessions have ended
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"), code=303)
    return render_template("auth/password.html", form=form)
