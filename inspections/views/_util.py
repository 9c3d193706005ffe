"""Helpers shared by the controllers."""

from __future__ import annotations

from functools import lru_cache, wraps
from urllib.parse import urlparse

from flask import abort, flash, g, request
from flask_login import current_user, login_required
from sqlalchemy import bindparam, or_, select

from forms import choices

from .. import collation
from ..errors import DomainError
from ..extensions import db
from ..models import ControlSubject
from ..permissions import is_subject_rep


class ListPage:
    """One page of a list paged by a service (``items`` of ``total``), with the attributes
    of Flask-SQLAlchemy's pagination that ``_macros.pager`` reads."""

    def __init__(self, items: list, page: int, per_page: int, total: int) -> None:
        self.items, self.page, self.per_page, self.total = items, page, per_page, total
        self.pages = max(1, -(-total // per_page))

    def iter_pages(self, left_edge=2, left_current=2, right_current=4, right_edge=2):
        last = 0
        for n in range(1, self.pages + 1):
            if n <= left_edge or self.page - left_current - 1 < n < self.page + right_current \
                    or n > self.pages - right_edge:
                if last + 1 != n:
                    yield None
                yield n
                last = n


def page_number() -> int:
    """The page of a list the request asks for (``?page=``), 1 at least."""
    return max(1, request.args.get("page", 1, type=int))


def statement_page(rows, count, params: dict, per_page: int) -> ListPage:
    """The requested page of a list read by two statements built once (issue 13): ``count``
    its total and ``rows`` a page of it (parameters ``limit`` and ``offset``), both with
    ``params``."""
    number = page_number()
    total = db.session.execute(count, params).scalar_one()
    items = db.session.execute(rows, {**params, "limit": per_page,
                                      "offset": (number - 1) * per_page}).all()
    return ListPage(items, number, per_page, total)


def require(predicate, obj=None) -> None:
    """403 unless ``predicate(current_user, obj)``: the same check the template uses."""
    if not predicate(current_user, obj):
        abort(403)


def guarded(predicate):
    """Decorator: logged in (else login page) and ``predicate(current_user)`` (else 403).

    R27.1: a representative of a control subject refused a page that takes an object ID
    gets 404, never 403 — the answer does not confirm that the object exists."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not predicate(current_user, None) and is_subject_rep(current_user) \
                    and any(name.endswith("_id") for name in kwargs):
                abort(404)
            require(predicate)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def apply_error(form, error: DomainError) -> None:
    """Show a refused service call next to its field, or as a flash message."""
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field and form is not None else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors or []), error.display()]
    else:
        flash(error.display(), "danger")


def flash_form_errors(form) -> None:
    """A form posted from a page section: show each error with its field's label."""
    for name, errors in form.errors.items():
        field = getattr(form, name, None)
        label = field.label.text if field is not None and hasattr(field, "label") else name
        for message in errors:
            # a FieldList reports nested dicts: the label alone points to the section
            flash(f"{label}: {message}" if isinstance(message, str) else str(label), "danger")


def submit(form, call, done: str, back):
    """A form posted from a page section: validate it, call one service, commit once — or
    roll back and say why, changing nothing — then go back to ``back`` (a redirect)."""
    if not form.validate_on_submit():
        flash_form_errors(form)
        return back
    try:
        call(form)
    except DomainError as e:
        db.session.rollback()
        flash(e.display(), "danger")
    else:
        db.session.commit()
        flash(done, "success")
    return back


def safe_next(target: str | None, default: str) -> str:
    """Only local redirects after login."""
    if not target:
        return default
    parts = urlparse(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def contains(q: str):
    """The LIKE pattern "contains ``q``" (``%`` and ``_`` in ``q`` mean themselves; use it
    with ``escape="\\"``), written into the statement rather than sent as a parameter:
    PostgreSQL then plans each search with its own words and reads the trigram indexes
    (migration 0017) for a rare word; a plan made once for any pattern cannot (issue 13)."""
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return bindparam("contains", f"%{escaped}%", literal_execute=True, unique=True)


#: Issue 13: a subject picker lists at most this many bodies; the rest are found by search.
PICKER_LIMIT = 50


def subject_matches(q: str = "", *, selected: int | None = None, exclude: int | None = None,
                    limit: int = PICKER_LIMIT):
    """At most ``limit`` control subjects whose name (kk or ru) or BIN contains ``q``, in
    the interface language's order, with ``selected`` always among them — one statement
    (two when the chosen body is not among the first).  Rows of (id, name in the interface
    language, bin, status): the columns a picker shows, not the bodies (issue 13)."""
    base, first, chosen, order = _picker_statements(g.lang, db.engine.dialect.name,
                                                    bool(exclude), limit)
    params = {"exclude": exclude} if exclude else {}
    q = (q or "").strip()
    if q:  # the pattern is written into the statement (see contains): built for each search
        like = contains(q)
        first = (base.where(or_(ControlSubject.name_kk.ilike(like, escape="\\"),
                                ControlSubject.name_ru.ilike(like, escape="\\"),
                                ControlSubject.bin.like(like, escape="\\")))
                 .order_by(order, ControlSubject.id).limit(limit))
    # in the collation's order along its index (PostgreSQL, migration 0014): the database
    # stops after ``limit`` rows; the chosen body, when not among them, comes first
    rows = db.session.execute(first, params).all()
    if selected and selected != exclude and selected not in {s.id for s in rows}:
        found = db.session.execute(chosen, {"selected": selected}).first()
        if found is not None:
            rows = [found, *rows[:limit - 1]]
    return rows


@lru_cache(maxsize=32)
def _picker_statements(lang: str, dialect: str, excluding: bool, limit: int):
    """The picker's statements, built once (issue 13): (the bodies, without the one left out
    — parameter ``exclude`` —, to be narrowed by a search; the first ``limit`` of them in
    the language's order; the chosen body — parameter ``selected``; that order)."""
    column = ControlSubject.name_ru if lang == "ru" else ControlSubject.name_kk
    order = collation.order(column, lang, dialect)  # Ә after А, Қ after К…
    stmt = select(ControlSubject.id, column.label("name"), ControlSubject.bin,
                  ControlSubject.status)
    base = stmt.where(ControlSubject.id != bindparam("exclude")) if excluding else stmt
    return (base, base.order_by(order, ControlSubject.id).limit(limit),
            stmt.where(ControlSubject.id == bindparam("selected")), order)


def subject_choices(exclude: int | None = None, *, field: str | None = None,
                    selected: int | None = None):
    """Control subjects for a select field, "—" (0) first, in the interface language.

    Bounded (issue 13): the bodies matching the picker's search (``<field>_q`` in the query
    string, see templates/_subject_picker.html) or the first ones alphabetically, plus the
    value posted or already chosen."""
    q = request.args.get(f"{field}_q", "") if field else ""
    raw = (request.form.get(field) or request.args.get(field)) if field else None
    if raw and str(raw).isdigit():
        selected = int(raw)
    rows = subject_matches(q, selected=selected, exclude=exclude)
    return choices([(0, "—")] + [(s.id, s.name) for s in rows])
