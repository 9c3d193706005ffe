"""Administration of accounts."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from forms.users import EditUserForm, ResetPasswordForm, UserForm

from .. import clock, permissions
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import User
from ..services import accounts
from ._util import apply_error, get_or_404, guarded, subject_choices

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@guarded(permissions.can_manage_users)
def users():
    rows = db.session.execute(select(User).order_by(User.username)).scalars().all()
    return render_template("admin/users.html", users=rows, now=clock.now(),
                           throttled=accounts.throttled_usernames(clock.now()))


@bp.route("/users/new", methods=["GET", "POST"])
@guarded(permissions.can_manage_users)
def new_user():
    form = UserForm()
    form.control_subject_id.choices = subject_choices(field="control_subject_id")
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                current_user, username=form.username.data, password=form.password.data,
                surname=form.surname.data, given_name=form.given_name.data,
                patronymic=form.patronymic.data, position_kk=form.position_kk.data,
                position_ru=form.position_ru.data, email=form.email.data,
                roles=form.roles.data, control_subject_id=form.control_subject_id.data or None,
                iin=form.iin.data or "", now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"), code=303)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@guarded(permissions.can_manage_users)
def edit_user(user_id: int):
    user = get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    form.control_subject_id.choices = subject_choices(field="control_subject_id",
                                                      selected=user.control_subject_id)
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
        form.control_subject_id.data = user.control_subject_id or 0
    if form.validate_on_submit():
        try:
            accounts.update_user(
                current_user, user, surname=form.surname.data, given_name=form.given_name.data,
                patronymic=form.patronymic.data, position_kk=form.position_kk.data,
                position_ru=form.position_ru.data, email=form.email.data, roles=form.roles.data,
                control_subject_id=form.control_subject_id.data or None,
                iin=form.iin.data or "", now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Account %(name)s saved.", name=user.username), "success")
            return redirect(url_for("admin.users"), code=303)
    return render_template("admin/user_form.html", form=form, user=user,
                           reset_form=ResetPasswordForm())


@bp.post("/users/<int:user_id>/active")
@guarded(permissions.can_manage_users)
def set_active(user_id: int):
    user = get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    accounts.set_active(current_user, user, active, now=clock.now())
    db.session.commit()
    flash(_("Account activated.") if active else _("Account deactivated."), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/unlock")
@guarded(permissions.can_manage_users)
def unlock(user_id: int):
    """Lift the login throttle of an account (issue "Integrity", item 7)."""
    user = get_or_404(User, user_id)
    accounts.unlock(current_user, user, now=clock.now())
    db.session.commit()
    flash(_("Logins of %(name)s are allowed again.", name=user.username), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/password")
@guarded(permissions.can_manage_users)
def reset_password(user_id: int):
    user = get_or_404(User, user_id)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    accounts.reset_password(current_user, user, form.new_password.data, now=clock.now())
    db.session.commit()
    flash(_("The password of %(name)s has been reset.", name=user.username), "success")
    return redirect(url_for("admin.users"), code=303)
