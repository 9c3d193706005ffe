"""The requirement catalogue: what inspections check (kept by administrators)."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.plans import ConfirmForm, RequirementForm, RetireForm

from .. import clock, permissions
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import Requirement
from ..services import catalogue
from ._util import apply_error, get_or_404, guarded, require

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")


@bp.get("")
@guarded(permissions.can_view_catalogue)
def index():
    on = None
    raw = request.args.get("on", "").strip()
    if raw:
        try:
            on = date.fromisoformat(raw)
        except ValueError:
            flash(_("Enter the date as YYYY-MM-DD."), "warning")
    rows = catalogue.all_requirements()
    if on is not None:
        rows = [r for r in rows if r.in_force_on(on)]
    cited = {r.id: catalogue.times_cited(r) for r in rows}
    return render_template("catalogue/index.html", rows=rows, on=on, cited=cited,
                           today=clock.today())


@bp.route("/new", methods=["GET", "POST"])
@guarded(permissions.can_manage_catalogue)
def new():
    form = RequirementForm()
    if form.validate_on_submit():
        try:
            row = catalogue.add_requirement(
                current_user, code=form.code.data, ref_kk=form.ref_kk.data,
                ref_ru=form.ref_ru.data, topic_kk=form.topic_kk.data,
                topic_ru=form.topic_ru.data, text_kk=form.text_kk.data,
                text_ru=form.text_ru.data, effective_from=form.effective_from.data,
                effective_to=form.effective_to.data, source=form.source.data,
                now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Requirement added."), "success")
            return redirect(url_for("catalogue.show", requirement_id=row.id), code=303)
    return render_template("catalogue/form.html", form=form)


@bp.get("/<int:requirement_id>")
@guarded(permissions.can_view_catalogue)
def show(requirement_id: int):
    row = get_or_404(Requirement, requirement_id)
    return render_template("catalogue/show.html", row=row, cited=catalogue.times_cited(row),
                           retire_form=RetireForm(), delete_form=ConfirmForm())


@bp.post("/<int:requirement_id>/retire")
@guarded(permissions.can_view_catalogue)
def retire(requirement_id: int):
    row = get_or_404(Requirement, requirement_id)
    require(permissions.can_manage_catalogue, row)
    form = RetireForm()
    if form.validate_on_submit():
        try:
            catalogue.retire_requirement(current_user, row, effective_to=form.effective_to.data,
                                         now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Requirement retired."), "success")
    else:
        flash(_("Enter the last day in force."), "danger")
    return redirect(url_for("catalogue.show", requirement_id=row.id), code=303)


@bp.post("/<int:requirement_id>/delete")
@guarded(permissions.can_view_catalogue)
def delete(requirement_id: int):
    row = get_or_404(Requirement, requirement_id)
    require(permissions.can_manage_catalogue, row)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            catalogue.delete_requirement(current_user, row, now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
            return redirect(url_for("catalogue.show", requirement_id=requirement_id), code=303)
        db.session.commit()
        flash(_("Requirement deleted."), "success")
    return redirect(url_for("catalogue.index"), code=303)
