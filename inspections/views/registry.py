"""Registry of control subjects (R1.1)."""

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, literal_column, or_, select

from forms.registry import (
    EventForm,
    ImportForm,
    NationalBankForm,
    ObjectForm,
    SubdivisionForm,
    SubjectForm,
)

from .. import clock, collation, permissions
from ..errors import DomainError
from ..extensions import db
from ..i18n import gettext as _
from ..models import ControlSubject
from ..services import registry
from ._util import (
    ListPage,
    apply_error,
    contains,
    flash_form_errors,
    get_or_404,
    guarded,
    page_number,
    require,
    subject_choices,
    subject_matches,
)

bp = Blueprint("registry", __name__, url_prefix="/registry")
PER_PAGE = 20
#: Issue 13: a registry search counts its matches up to this number.
SEARCH_COUNT_CAP = 500


@bp.get("")
@guarded(permissions.can_view_registry)
def index():
    q = request.args.get("q", "").strip()
    stmt = select(ControlSubject)
    if q:
        like = contains(q)  # the pattern in the statement: trigram indexes (issue 13)
        stmt = stmt.where(or_(*(column.ilike(like, escape="\\") for column in (
            ControlSubject.name_kk, ControlSubject.name_ru, ControlSubject.bin,
            ControlSubject.location_kk, ControlSubject.location_ru))))
    column = ControlSubject.name_ru if g.lang == "ru" else ControlSubject.name_kk
    order = collation.order(column, g.lang, db.engine.dialect.name)  # Ә after А, Қ after К…
    if not q:
        page = db.paginate(stmt.order_by(order, ControlSubject.id), per_page=PER_PAGE,
                           error_out=False)
        return render_template("registry/index.html", page=page, q=q, more=False)
    # Issue 13: a search counts its matches up to SEARCH_COUNT_CAP ("more than 500"), so that
    # a word every name contains costs no more than a page; trigram indexes (migration 0017)
    # find the bodies a selective word matches.
    number = page_number()
    # the cap written into the statement too: a plan made for any LIMIT reads every body
    cap = literal_column(str(int(SEARCH_COUNT_CAP) + 1))
    found = db.session.execute(select(func.count()).select_from(
        stmt.with_only_columns(ControlSubject.id).limit(cap).subquery())).scalar()
    items = db.session.execute(stmt.order_by(order, ControlSubject.id).limit(PER_PAGE)
                               .offset((number - 1) * PER_PAGE)).scalars().all()
    page = ListPage(items, number, PER_PAGE, min(found, SEARCH_COUNT_CAP))
    return render_template("registry/index.html", page=page, q=q,
                           more=found > SEARCH_COUNT_CAP)


@bp.route("/new", methods=["GET", "POST"])
@guarded(permissions.can_edit_registry)
def new():
    form = SubjectForm()
    form.parent_id.choices = subject_choices(field="parent_id")
    if form.validate_on_submit():
        try:
            subject = registry.create_subject(
                current_user, bin=form.bin.data, name_kk=form.name_kk.data,
                name_ru=form.name_ru.data, location=form.location.data, kind=form.kind.data,
                parent_id=form.parent_id.data or None, now=clock.now(),
                location_ru=form.location_ru.data)
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Control subject added."), "success")
            return redirect(url_for("registry.show", subject_id=subject.id), code=303)
    return render_template("registry/form.html", form=form, subject=None)


@bp.get("/search.json")
@guarded(permissions.can_view_registry)
def search():
    """Issue 13: the subject pickers' search-as-you-type — at most 20 bodies whose name or
    BIN contains ``q``: ``[{"id", "name", "bin", "status"}]``, one statement."""
    rows = subject_matches(request.args.get("q", ""), limit=20,
                           exclude=request.args.get("exclude", type=int))
    return jsonify([{"id": s.id, "name": s.name, "bin": s.bin, "status": s.status}
                    for s in rows])


@bp.get("/<int:subject_id>")
@guarded(permissions.can_view_registry)
def show(subject_id: int):
    subject = get_or_404(ControlSubject, subject_id)
    event_form = EventForm()
    event_form.successor_id.choices = subject_choices(exclude=subject.id, field="successor_id")
    return render_template("registry/show.html", subject=subject,
                           sub_form=SubdivisionForm(), obj_form=ObjectForm(),
                           event_form=event_form,
                           nb_form=NationalBankForm(national_bank=subject.national_bank))


@bp.route("/<int:subject_id>/edit", methods=["GET", "POST"])
@guarded(permissions.can_view_registry)
def edit(subject_id: int):
    subject = get_or_404(ControlSubject, subject_id)
    require(permissions.can_edit_registry, subject)
    form = SubjectForm(obj=subject)
    form.parent_id.choices = subject_choices(exclude=subject.id, field="parent_id",
                                             selected=subject.parent_id)
    if request.method == "GET":
        form.parent_id.data = subject.parent_id or 0
    if form.validate_on_submit():
        try:
            registry.update_subject(
                current_user, subject, bin=form.bin.data, name_kk=form.name_kk.data,
                name_ru=form.name_ru.data, location=form.location.data, kind=form.kind.data,
                parent_id=form.parent_id.data or None, now=clock.now(),
                location_ru=form.location_ru.data)
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Control subject saved."), "success")
            return redirect(url_for("registry.show", subject_id=subject.id), code=303)
    return render_template("registry/form.html", form=form, subject=subject)


def _post_child(subject_id: int, form_cls, call, done_message):
    subject = get_or_404(ControlSubject, subject_id)
    require(permissions.can_edit_registry, subject)
    form = form_cls()
    if hasattr(form, "successor_id"):
        form.successor_id.choices = subject_choices(exclude=subject.id, field="successor_id")
    if form.validate_on_submit():
        try:
            call(subject, form)
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(done_message, "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("registry.show", subject_id=subject.id), code=303)


@bp.post("/<int:subject_id>/subdivisions")
@guarded(permissions.can_view_registry)
def add_subdivision(subject_id: int):
    return _post_child(
        subject_id, SubdivisionForm,
        lambda s, f: registry.add_subdivision(current_user, s, name_kk=f.name_kk.data,
                                              name_ru=f.name_ru.data, location=f.location.data,
                                              location_ru=f.location_ru.data,
                                              now=clock.now()),
        _("Subdivision added."))


@bp.post("/<int:subject_id>/objects")
@guarded(permissions.can_view_registry)
def add_object(subject_id: int):
    return _post_child(
        subject_id, ObjectForm,
        lambda s, f: registry.add_object(current_user, s, name=f.name.data,
                                         address=f.address.data, is_regime=f.is_regime.data,
                                         address_ru=f.address_ru.data,
                                         now=clock.now()),
        _("Object added."))


@bp.post("/<int:subject_id>/national-bank")
@guarded(permissions.can_view_registry)
def national_bank(subject_id: int):
    """R27.2: mark the body as the National Bank or one of its organisations."""
    return _post_child(
        subject_id, NationalBankForm,
        lambda s, f: registry.mark_national_bank(current_user, s,
                                                 national_bank=f.national_bank.data,
                                                 now=clock.now()),
        _("Saved."))


@bp.post("/<int:subject_id>/events")
@guarded(permissions.can_view_registry)
def add_event(subject_id: int):
    return _post_child(
        subject_id, EventForm,
        lambda s, f: registry.record_event(
            current_user, s, kind=f.kind.data, event_date=f.event_date.data,
            successor_id=f.successor_id.data or None, new_name_kk=f.new_name_kk.data,
            new_name_ru=f.new_name_ru.data, basis=f.basis.data, note=f.note.data,
            now=clock.now()),
        _("Event recorded."))


@bp.route("/import", methods=["GET", "POST"])
@guarded(permissions.can_import_registry)
def import_csv():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        report = registry.import_csv(current_user, form.file.data.read(), now=clock.now())
        if report.ok:
            db.session.commit()
            flash(_("%(n)d control subjects imported.", n=report.created), "success")
            return redirect(url_for("registry.index"), code=303)
        db.session.rollback()
        flash(_("Nothing was imported: correct the rows below and try again."), "danger")
    return render_template("registry/import.html", form=form, report=report,
                           columns=registry.CSV_COLUMNS)
