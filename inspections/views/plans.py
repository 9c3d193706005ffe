"""The annual plan of periodic inspections, for staff: candidates, draft, approval,
publication, amendments (R1.3, R2.1–R2.6)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from forms import choices
from forms.plans import (
    AmendmentForm,
    ApproveAmendmentForm,
    ApproveForm,
    ChangeForm,
    ConfirmForm,
    ItemForm,
    ReturnForm,
    StartPlanForm,
)

from .. import clock, collation, explain, permissions
from .. import plan_lifecycle as lc
from ..deadlines import plan_approval_deadline, plan_publication_deadline
from ..errors import DomainError
from ..extensions import db
from ..i18n import format_date
from ..i18n import gettext as _
from ..labels import CHANGE_ACTION_LABELS
from ..models import AmendmentChange, ControlSubject, Plan, PlanAmendment, PlanItem
from ..models.registry import STATUS_LIQUIDATED
from ..services import catalogue, findings, kept, plans
from . import _util
from ._util import apply_error, flash_form_errors, get_or_404, guarded, page_number, require

bp = Blueprint("plans", __name__, url_prefix="/planning")


# ------------------------------------------------------------------------- helpers


def _plan_or_404(year: int, load=plans.get_plan) -> Plan:
    plan = load(year)
    if plan is None:
        abort(404)
    return plan


def _to_plan(plan: Plan):
    return redirect(url_for("plans.show", year=plan.year), code=303)


def _refused(plan: Plan, error: DomainError):
    db.session.rollback()
    flash(error.display(), "danger")
    return _to_plan(plan)


def deadline_info(year: int) -> dict:
    """R2.3 / R2.4 deadlines of the plan for ``year`` with their explanation."""
    info = {}
    for key, deadline in (("approval", plan_approval_deadline(year)),
                          ("publication", plan_publication_deadline(year))):
        info[key] = {"deadline": deadline, "summary": explain.summary(deadline, g.lang),
                     "lines": explain.explain(deadline, g.lang),
                     "title": explain.rule_title(deadline.rule, g.lang)}
    return info


def _month_choices(year: int):
    pairs = [(0, "—")] + [(m, format_date(date(year, m, 1), "LLLL y")) for m in range(1, 13)]
    return choices(pairs)


def _unit_choices(subject: ControlSubject | None):
    if subject is None:
        return choices([("subject", "—")])
    pairs = [("subject", _("The whole body — %(location)s", location=subject.location_in(g.lang)))]
    pairs += [(f"subdivision:{s.id}", _("Subdivision: %(name)s — %(location)s",
                                        name=s.name(g.lang), location=s.location_in(g.lang)))
              for s in subject.subdivisions]
    pairs += [(f"object:{o.id}", _("Object: %(name)s — %(location)s", name=o.name,
                                   location=o.address_in(g.lang))) for o in subject.objects]
    return choices(pairs)


def _requirement_rows(year: int):
    return catalogue.in_force_during(date(year, 1, 1), date(year, 12, 31))


def _active_subject_choices():
    column = ControlSubject.name_ru if g.lang == "ru" else ControlSubject.name_kk
    order = collation.order(column, g.lang, db.engine.dialect.name)  # Ә after А, Қ after К…
    rows = db.session.execute(
        select(ControlSubject).where(ControlSubject.status != STATUS_LIQUIDATED)
        .order_by(order)).scalars()
    return choices([(0, "—")] + [(s.id, s.name(g.lang)) for s in rows])


def _fill_target_fields(form, plan: Plan, subject: ControlSubject | None, *,
                        with_findings: bool = True):
    form.subject_id.choices = _active_subject_choices()
    form.unit.choices = _unit_choices(subject)
    form.month.choices = _month_choices(plan.year)
    requirements = _requirement_rows(plan.year)
    form.requirement_ids.choices = choices((r.id, r.ref(g.lang)) for r in requirements)
    subject_findings = findings.findings_of(subject.id) if subject is not None else []
    form.finding_ids.choices = choices((f.id, str(f.id)) for f in subject_findings)
    return requirements, subject_findings


# ---------------------------------------------------------------------------- plans


@bp.get("")
@guarded(permissions.can_view_plans)
def index():
    form = StartPlanForm()
    form.year.data = clock.today().year + 1
    rows = plans.all_plans()
    return render_template("plans/index.html", rows=rows, form=form, today=clock.today(),
                           item_counts=plans.active_item_counts())


@bp.post("")
@guarded(permissions.can_draft_plan)
def start():
    form = StartPlanForm()
    if form.validate_on_submit():
        try:
            plan = plans.start_plan(current_user, year=form.year.data, now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("The draft plan for %(year)d is started. Add items from the candidates.",
                    year=plan.year), "success")
            return redirect(url_for("plans.candidates", year=plan.year), code=303)
    for errors in form.errors.values():
        for message in errors:
            flash(message, "danger")
    return redirect(url_for("plans.index"), code=303)


@bp.get("/<int:year>")
@guarded(permissions.can_view_plans)
def show(year: int):
    plan = _plan_or_404(year, plans.get_plan_with_amendments)
    roles = current_user.roles
    items, excluded = plans.plan_items_page(plan, request.args.get("page", 1, type=int),
                                            PLAN_ITEMS_PER_PAGE)
    return render_template(
        "plans/show.html", plan=plan, deadlines=deadline_info(year), today=clock.today(),
        actions=lc.actions_for(plan.status, roles), documents=plans.documents_of(plan),
        confirm=ConfirmForm(), return_form=ReturnForm(), lang=g.lang, items=items,
        excluded=excluded, inspections_by_item=_inspections_by_item(items.items))


#: Items of a plan shown per page (issue 13: a national plan has some 600).
PLAN_ITEMS_PER_PAGE = 50


def _inspections_by_item(items) -> dict:
    """The periodic inspection opened from each item shown (item 8: plan → inspection)."""
    from ..models import Inspection

    if not items:
        return {}
    rows = db.session.execute(select(Inspection).where(
        Inspection.plan_item_id.in_([item.id for item in items]),
        Inspection.status != "cancelled")).scalars()
    return {row.plan_item_id: row for row in rows}


@bp.get("/<int:year>/candidates")
@guarded(permissions.can_view_plans)
def candidates(year: int):
    """R1.3 ranking with the formula and the reasons; R2.2 and liquidated bodies left out."""
    plan = plans.get_plan(year)
    number = page_number()
    can_add = bool(plan and plan.status == "draft"
                   and permissions.can_draft_plan(current_user, plan))
    made: list[bool] = []
    table = kept.kept("candidates page", (year, number, g.lang, request.script_root, can_add),
                      lambda: _candidates_table(year, number, can_add, made),
                      also=(findings.newest_finding(),))
    if made:  # the year's ranking kept in the database for the first time
        db.session.commit()
    return render_template("plans/candidates.html", year=year, plan=plan, table=table)


def _candidates_table(year: int, number: int, can_add: bool, made: list) -> Markup:
    """Page ``number`` of the candidates and the bodies left out, as HTML: the same for
    everyone who may see it but for the "Add" buttons (``can_add``), so rendered once per
    version of the data (issue 13; one page of the ranking kept in the database is read,
    see :mod:`..services.ranking`; ``made`` gets True when this made the year's ranking)."""
    today = clock.today()
    result = findings.candidate_page(year, page=number, per_page=CANDIDATES_PER_PAGE,
                                     today=today)
    if result.made:
        made.append(True)
    pages = max(1, -(-result.total // CANDIDATES_PER_PAGE))
    if number > pages:  # past the last page: show the last one
        number = pages
        result = findings.candidate_page(year, page=number, per_page=CANDIDATES_PER_PAGE,
                                         today=today)
    return Markup(render_template(
        "plans/_candidates_table.html", year=year, can_add=can_add, ranked=result.ranked,
        rank_offset=result.offset, left_out=result.left_out,
        left_out_total=result.left_out_total, page=number, pages=pages, total=result.total,
        lang=g.lang))


#: Candidates shown per page (issue 13).
CANDIDATES_PER_PAGE = 25


@bp.route("/<int:year>/items/new", methods=["GET", "POST"])
@guarded(permissions.can_view_plans)
def new_item(year: int):
    plan = _plan_or_404(year)
    require(permissions.can_draft_plan, plan)
    try:
        plans.require_editable(plan)
    except DomainError as e:
        return _refused(plan, e)
    subject_id = request.values.get("subject_id", type=int)
    subject = db.session.get(ControlSubject, subject_id) if subject_id else None
    form = ItemForm()
    requirements, subject_findings = _fill_target_fields(form, plan, subject)
    if request.method == "GET" and subject is not None:
        form.subject_id.data = subject.id
        form.finding_ids.data = [f.id for f in subject_findings]
    if subject is not None and form.validate_on_submit():
        try:
            item = plans.add_item(
                current_user, plan, subject_id=subject.id, unit=form.unit.data,
                location=form.location.data, month=form.month.data or None,
                starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                requirement_ids=form.requirement_ids.data,
                finding_ids=form.finding_ids.data, now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Item %(no)d added to the plan.", no=item.no), "success")
            return _to_plan(plan)
    planned = findings.planned_subjects(year)
    return render_template("plans/item_form.html", plan=plan, form=form, subject=subject,
                           requirements=requirements, subject_findings=subject_findings,
                           planned=planned, lang=g.lang,
                           factor=lambda f: findings.age_factor(f.found_on, year))


@bp.post("/<int:year>/items/<int:item_id>/remove")
@guarded(permissions.can_view_plans)
def remove_item(year: int, item_id: int):
    plan = _plan_or_404(year)
    item = get_or_404(PlanItem, item_id)
    require(permissions.can_draft_plan, plan)
    return _util.submit(ConfirmForm(), lambda f: plans.remove_item(current_user, plan, item,
                                                                   now=clock.now()),
                        _("Item removed."), _to_plan(plan))


@bp.post("/<int:year>/submit")
@guarded(permissions.can_view_plans)
def submit(year: int):
    plan = _plan_or_404(year)
    require(permissions.can_draft_plan, plan)
    return _util.submit(ConfirmForm(), lambda f: plans.submit_plan(current_user, plan,
                                                                   now=clock.now()),
                        _("The plan is submitted to the first head for approval."),
                        _to_plan(plan))


@bp.post("/<int:year>/return")
@guarded(permissions.can_view_plans)
def return_plan(year: int):
    plan = _plan_or_404(year)
    require(permissions.can_approve_plan, plan)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            plans.return_plan(current_user, plan, comment=form.comment.data, now=clock.now())
        except DomainError as e:
            return _refused(plan, e)
        db.session.commit()
        flash(_("The plan is returned to the inspectors."), "success")
    else:
        flash(_("Write what should be changed."), "danger")
    return _to_plan(plan)


@bp.route("/<int:year>/approve", methods=["GET", "POST"])
@guarded(permissions.can_view_plans)
def approve(year: int):
    """R2.1: the first head approves with the number and date; R2.3 lateness needs a
    reason."""
    plan = _plan_or_404(year)
    require(permissions.can_approve_plan, plan)
    if plan.status != lc.SUBMITTED:
        flash(_("Only a submitted plan is approved."), "warning")
        return _to_plan(plan)
    form = ApproveForm()
    if request.method == "GET":
        form.approved_on.data = clock.today()
    if form.validate_on_submit():
        try:
            plans.approve_plan(current_user, plan, number=form.number.data,
                               approved_on=form.approved_on.data,
                               late_reason=form.late_reason.data, now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("The plan for %(year)d is approved; its documents are generated.",
                    year=plan.year), "success")
            return _to_plan(plan)
    return render_template("plans/approve.html", plan=plan, form=form,
                           deadlines=deadline_info(year), today=clock.today(), lang=g.lang)


@bp.post("/<int:year>/publish")
@guarded(permissions.can_view_plans)
def publish(year: int):
    """R2.4: publish today on the public page."""
    plan = _plan_or_404(year)
    require(permissions.can_publish_plan, plan)
    return _util.submit(ConfirmForm(), lambda f: plans.publish_plan(
        current_user, plan, published_on=clock.today(), now=clock.now()),
        _("The plan is published on the public page."), _to_plan(plan))


# ----------------------------------------------------------------------- amendments


def _amendment_or_404(plan: Plan, amendment_id: int) -> PlanAmendment:
    amendment = get_or_404(PlanAmendment, amendment_id)
    if amendment.plan_id != plan.id:
        abort(404)
    return amendment


def _to_amendment(amendment: PlanAmendment):
    return redirect(url_for("plans.amendment", year=amendment.plan.year,
                            amendment_id=amendment.id), code=303)


@bp.route("/<int:year>/amendments/new", methods=["GET", "POST"])
@guarded(permissions.can_view_plans)
def new_amendment(year: int):
    """R2.6: an amendment names its ground and basis document."""
    plan = _plan_or_404(year)
    require(permissions.can_propose_amendment, plan)
    if plan.status not in lc.APPROVED_STATES:
        flash(_("Only an approved plan is amended; a draft is edited directly."), "warning")
        return _to_plan(plan)
    form = AmendmentForm()
    if form.validate_on_submit():
        try:
            amendment = plans.propose_amendment(
                current_user, plan, ground=form.ground.data,
                ground_details=form.ground_details.data, basis_title=form.basis_title.data,
                basis_number=form.basis_number.data, basis_date=form.basis_date.data,
                now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Amendment drafted: now add its changes."), "success")
            return _to_amendment(amendment)
    return render_template("plans/amendment_form.html", plan=plan, form=form)


@bp.get("/<int:year>/amendments/<int:amendment_id>")
@guarded(permissions.can_view_plans)
def amendment(year: int, amendment_id: int):
    plan = _plan_or_404(year)
    amendment = _amendment_or_404(plan, amendment_id)
    form = ApproveAmendmentForm()
    form.approved_on.data = clock.today()
    return render_template("plans/amendment.html", plan=plan, amendment=amendment,
                           approve_form=form, confirm=ConfirmForm(),
                           allowed=lc.GROUND_ACTIONS[amendment.ground], lang=g.lang,
                           documents=[d for d in plans.documents_of(plan)
                                      if d.object_type == "plan_amendments"
                                      and d.object_id == amendment.id])


@bp.route("/<int:year>/amendments/<int:amendment_id>/changes/new", methods=["GET", "POST"])
@guarded(permissions.can_view_plans)
def new_change(year: int, amendment_id: int):
    plan = _plan_or_404(year)
    amendment = _amendment_or_404(plan, amendment_id)
    require(permissions.can_propose_amendment, amendment)
    if amendment.status != "draft":
        flash(_("This amendment has been approved; it is not changed any more."), "warning")
        return _to_amendment(amendment)
    allowed = [a for a in lc.CHANGE_ACTIONS if a in lc.GROUND_ACTIONS[amendment.ground]]
    action = request.values.get("action", "")
    action = action if action in allowed else allowed[0]
    item_id = request.values.get("item_id", type=int)
    item = db.session.get(PlanItem, item_id) if item_id else None
    if item is not None and item.plan_id != plan.id:
        item = None
    subject_id = request.values.get("subject_id", type=int)
    if not subject_id and item is not None:
        subject_id = item.subject_id
    subject = db.session.get(ControlSubject, subject_id) if subject_id else None
    form = ChangeForm()
    form.action.choices = choices((a, CHANGE_ACTION_LABELS[a]) for a in allowed)
    form.item_id.choices = choices(
        [(0, "—")] + [(i.id, f"{i.no}. {i.name(g.lang)}") for i in plan.active_items])
    requirements, subject_findings = _fill_target_fields(form, plan, subject)
    if request.method == "GET":
        form.action.data = action
        form.item_id.data = item.id if item else 0
        form.subject_id.data = subject.id if subject else 0
        if item is not None and subject is not None and subject.id == item.subject_id:
            form.unit.data = plans._unit_value(item)
            form.location.data = item.location
        form.finding_ids.data = [f.id for f in subject_findings]
    ready = (action in ("exclude", "change") and item is not None) or \
        (action == "add" and subject is not None)
    if request.method == "POST" and ready and form.validate_on_submit():
        try:
            plans.add_change(
                current_user, amendment, action=action, item_id=item.id if item else None,
                subject_id=subject.id if subject else None, unit=form.unit.data,
                location=form.location.data, month=form.month.data or None,
                starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                requirement_ids=form.requirement_ids.data, finding_ids=form.finding_ids.data,
                now=clock.now())
        except DomainError as e:
            apply_error(form, e)
        else:
            db.session.commit()
            flash(_("Change added to the amendment."), "success")
            return _to_amendment(amendment)
    return render_template("plans/change_form.html", plan=plan, amendment=amendment,
                           form=form, action=action, item=item, subject=subject,
                           ready=ready, requirements=requirements,
                           subject_findings=subject_findings, lang=g.lang,
                           factor=lambda f: findings.age_factor(f.found_on, year))


@bp.post("/<int:year>/amendments/<int:amendment_id>/changes/<int:change_id>/remove")
@guarded(permissions.can_view_plans)
def remove_change(year: int, amendment_id: int, change_id: int):
    plan = _plan_or_404(year)
    amendment = _amendment_or_404(plan, amendment_id)
    change = get_or_404(AmendmentChange, change_id)
    require(permissions.can_propose_amendment, amendment)
    if change.amendment_id == amendment.id and ConfirmForm().validate_on_submit():
        try:
            plans.remove_change(current_user, change, now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Change removed."), "success")
    return _to_amendment(amendment)


@bp.post("/<int:year>/amendments/<int:amendment_id>/discard")
@guarded(permissions.can_view_plans)
def discard_amendment(year: int, amendment_id: int):
    plan = _plan_or_404(year)
    amendment = _amendment_or_404(plan, amendment_id)
    require(permissions.can_propose_amendment, amendment)
    if ConfirmForm().validate_on_submit():
        try:
            plans.discard_amendment(current_user, amendment, now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
            return _to_amendment(amendment)
        db.session.commit()
        flash(_("Draft amendment discarded."), "success")
    return _to_plan(plan)


@bp.post("/<int:year>/amendments/<int:amendment_id>/approve")
@guarded(permissions.can_view_plans)
def approve_amendment(year: int, amendment_id: int):
    """R2.6: the first head approves; the plan gets a new version."""
    plan = _plan_or_404(year)
    amendment = _amendment_or_404(plan, amendment_id)
    require(permissions.can_approve_plan, amendment)
    form = ApproveAmendmentForm()
    if form.validate_on_submit():
        try:
            plans.approve_amendment(current_user, amendment, number=form.number.data,
                                    approved_on=form.approved_on.data, now=clock.now())
        except DomainError as e:
            db.session.rollback()
            flash(e.display(), "danger")
        else:
            db.session.commit()
            flash(_("Amendment approved: the plan is now version %(v)d.", v=plan.version),
                  "success")
            return _to_plan(plan)
    else:
        flash_form_errors(form)
    return _to_amendment(amendment)
