"""Every registered route × every role (and anonymous): the expected status.

A new route fails this test until it is added to ``MATRIX``: nobody can add a page
without deciding who may open it."""

from __future__ import annotations

from datetime import date

import pytest

from inspections.extensions import db
from inspections.models import CalendarOverride, DocumentTemplate
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM, login

ROLES = ["admin", "first_head", "head", "inspector", "subject_rep"]
STAFF = {"admin", "first_head", "head", "inspector"}
PUBLIC = "public"

# endpoint → who gets through (a set of roles, or PUBLIC)
MATRIX = {
    "main.home": set(ROLES),
    "main.clocks": STAFF,
    "main.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "ops.healthz": PUBLIC,
    "ops.readyz": PUBLIC,
    "auth.logout": set(ROLES),
    "auth.change_password": set(ROLES),
    "admin.users": {"admin"},
    "admin.new_user": {"admin"},
    "admin.edit_user": {"admin"},
    "admin.set_active": {"admin"},
    "admin.reset_password": {"admin"},
    "admin.unlock": {"admin"},
    "registry.index": STAFF,
    "registry.new": {"admin", "inspector"},
    "registry.show": STAFF,
    "registry.search": STAFF,
    "registry.edit": {"admin", "inspector"},
    "registry.add_subdivision": {"admin", "inspector"},
    "registry.add_object": {"admin", "inspector"},
    "registry.add_event": {"admin", "inspector"},
    "registry.national_bank": {"admin", "inspector"},
    "registry.import_csv": {"admin"},
    "audit.index": STAFF,
    "calendar.year_view": STAFF,  # POST: admin only, checked below
    "calendar.delete_override": {"admin"},
    "calendar.confirm_year": {"admin"},
    "calendar.current_year": STAFF,
    "calendar.calculator": STAFF,
    "documents.download": STAFF,  # a representative of another body gets 404 (R27.1)
    "documents.download_pdf": STAFF,
    "documents.verify_form": PUBLIC,
    "documents.verify": PUBLIC,
    "documents.templates": {"admin"},
    "documents.deactivate": {"admin"},
    "documents.sample": {"admin"},
    # the annual plan (R1.3, R2.1–R2.6)
    "findings.index": STAFF,
    "findings.new": {"admin", "inspector"},
    "findings.show": STAFF,
    "findings.add_files": {"admin", "inspector"},
    "findings.download_file": STAFF,
    "catalogue.index": STAFF,
    "catalogue.new": {"admin"},
    "catalogue.show": STAFF,
    "catalogue.retire": {"admin"},
    "catalogue.delete": {"admin"},
    "plans.index": STAFF,
    "plans.start": {"inspector"},
    "plans.show": STAFF,
    "plans.candidates": STAFF,
    "plans.new_item": {"inspector"},
    "plans.remove_item": {"inspector"},
    "plans.submit": {"inspector"},
    "plans.return_plan": {"first_head"},
    "plans.approve": {"first_head"},
    "plans.publish": {"first_head", "inspector"},
    "plans.new_amendment": {"first_head", "inspector"},
    "plans.amendment": STAFF,
    "plans.new_change": {"first_head", "inspector"},
    "plans.remove_change": {"first_head", "inspector"},
    "plans.discard_amendment": {"first_head", "inspector"},
    "plans.approve_amendment": {"first_head"},
    "public_plans.index": PUBLIC,
    "public_plans.show": PUBLIC,
    "public_plans.csv_file": PUBLIC,
    "public_plans.json_file": PUBLIC,
    # inspections, part 1 (R3.1 … R9.4); representatives use their own portal
    "inspections.index": STAFF,
    "inspections.new": {"inspector"},
    "inspections.from_plan_item": {"inspector"},
    "inspections.show": STAFF,
    "inspections.edit_act": {"inspector"},
    "inspections.issue": {"inspector"},
    "inspections.notice": {"inspector"},
    "inspections.delivery": {"inspector"},
    "inspections.arrival": {"inspector"},
    "inspections.admission_refusal": {"inspector"},
    "inspections.reissue": {"inspector"},
    "inspections.cancel": {"inspector", "head"},
    "inspections.request_extension": {"inspector"},
    "inspections.approve_extension": {"head"},
    "inspections.refuse_extension": {"head"},
    "inspections.extension_notice": {"inspector"},
    "inspections.add_evidence": {"inspector"},
    "inspections.add_ground": {"inspector"},
    "inspections.evidence_file": STAFF,
    "inspections.ground_file": STAFF,
    "inspections.ground_consent_file": STAFF,  # R27.1: the complainant's consent, staff only
    "inspections.lifecycle_help": STAFF,
    # inspections, part 2 (R10.1–R17.1)
    "results.edit": {"inspector"},
    "results.issue": {"inspector"},
    "results.package": STAFF,
    "results.copy1_sent": {"inspector"},
    "results.deliver": {"inspector"},
    "results.refuse": {"inspector"},
    "results.close": {"inspector", "head"},
    "results.new_objection": {"inspector", "head"},
    "results.reply": {"inspector", "head"},
    "results.objection_file": STAFF,
    "results.new_report": {"inspector", "head"},
    "results.decide_report": {"inspector", "head"},
    "results.report_file": STAFF,
    "results.followup": {"inspector", "head"},
    "results.new_appeal": {"inspector", "head"},
    "results.decide_appeal": {"inspector", "head"},
    # the representatives' portal (R27.1): staff get 403, representatives their own body
    "portal.home": {"subject_rep"},
    "portal.show": {"subject_rep"},
    "portal.acknowledge": {"subject_rep"},
    "portal.new_objection": {"subject_rep"},
    "portal.new_report": {"subject_rep"},
    "portal.new_appeal": {"subject_rep"},
    "portal.objection_file": {"subject_rep"},
    "portal.report_file": {"subject_rep"},
    # electronic digital signatures (issue 16): nobody signs the sample document
    "signatures.sign": STAFF,  # GET; POST: nobody signs the sample document (below)
    "signatures.download": STAFF,
    "notifications.index": set(ROLES),
    "notifications.read": set(ROLES),
    # statistics, reports and calendar feeds (issue 15)
    "statistics.dashboard": {"head", "first_head"},
    "statistics.inspections": {"head", "first_head"},
    "statistics.tables_xlsx": {"head", "first_head"},
    "statistics.table_csv": {"head", "first_head"},
    "statistics.annual_report": {"head", "first_head"},
    "statistics.publish": {"head", "first_head"},
    "statistics.export_list": STAFF,
    "statistics.public_index": PUBLIC,
    "statistics.public_show": PUBLIC,
    "statistics.public_csv": PUBLIC,
    "statistics.public_json": PUBLIC,
    "statistics.account_calendar": set(ROLES),
    "statistics.regenerate_feed": set(ROLES),
    "statistics.revoke_feed": set(ROLES),
    "statistics.feed": PUBLIC,  # the token is the key; a revoked token answers 404
    "statistics.inspection_ics": set(ROLES),  # a representative: their own body's only
}

# Statuses that a refused request may answer with, per kind of caller.
DENIED_LOGGED_IN = {403}
NOT_SHOWN = {404}  # R27.1: routes taking an object ID answer representatives 404, not 403
HIDDEN_FROM_REPS = {"documents.download", "documents.download_pdf"}


@pytest.fixture
def world(ctx, make_user, make_subject):
    subject = make_subject()
    other = make_subject(name_kk="Басқа", name_ru="Другой")
    users = {role: make_user(role.replace("_", ""), role,
                             subject=subject if role == "subject_rep" else None)
             for role in ROLES}
    override = CalendarOverride(day=date(2026, 12, 31), kind="day_off", name="Test",
                                basis="Order 1", created_at=NOW)
    db.session.add(override)
    doc = doc_service.issue_sample(SYSTEM, "start_notice", "kk", now=NOW)
    tpl = DocumentTemplate(code="plan", lang="kk", version="abc", filename="x.docx",
                           content=b"x", active=False, uploaded_at=NOW)
    db.session.add(tpl)
    from inspections.models import CalendarFeed, StatisticsPublication

    db.session.add(StatisticsPublication(year=2026, published_on=date(2026, 11, 23),
                                         published_at=NOW, figures={"year": 2026, "tables": []}))
    feed_owner = make_user("feedowner", "inspector")  # nobody's walk regenerates it
    db.session.add(CalendarFeed(user_id=feed_owner.id, token="matrix-feed-token",
                                created_at=NOW))
    db.session.commit()
    from .test_plans_world import plan_world

    plan_values = plan_world(subject, other)
    from .test_inspections_world import inspection_world

    inspection_values = inspection_world(subject)
    from inspections.models import DocumentSignature
    from inspections.models.inspections import InspectionInspector

    # R7.5: the inspector of the matrix is the one named in the act of its inspection
    db.session.add(InspectionInspector(inspection_id=inspection_values["inspection_id"],
                                       user_id=users["inspector"].id))
    signature = DocumentSignature(
        document_id=doc.id, user_id=users["inspector"].id, role="inspector", cms=b"0",
        cms_sha256="0" * 64, signer_name="x", iin="900101300017", bin="", cert_serial="1",
        cert_issuer="x", cert_subject="x", received_at=NOW, status="valid", method="builtin",
        revocation="not_checked", algorithm="x", details={})
    db.session.add(signature)
    db.session.commit()
    values = {"sig_id": signature.id, "user_id": users["inspector"].id,
              "document": "results_act", "subject_id": other.id,
              "override_id": override.id, "year": 2026, "table": "objections",
              "name": "inspections", "fmt": "xlsx", "token": "matrix-feed-token", "doc_id": doc.id,
              "code": doc.verification_code, "template_id": tpl.id, **plan_values,
              **inspection_values}
    return users, values


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule, _ in _routes(app)}
    assert endpoints - set(MATRIX) == set(), "add new routes to MATRIX"
    assert set(MATRIX) - endpoints == set(), "MATRIX names routes that no longer exist"


@pytest.mark.parametrize("role", [None, *ROLES])
def test_permissions_matrix(app, client, world, role):
    users, values = world
    if role == "subject_rep":
        from inspections.models import Inspection

        # the representative's own inspection is past delivery, so that the portal shows it
        # (drafts are internal to the authorised body and answer 404 there)
        insp = db.session.get(Inspection, values["inspection_id"])
        insp.status, insp.results_act.delivered_at = "delivered", NOW
        db.session.commit()
    if role:
        assert login(client, users[role].username).status_code == 302
    failures = []
    for rule, method in _routes(app):
        url = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        allowed = MATRIX[rule.endpoint]
        if rule.endpoint == "calendar.year_view" and method == "POST":
            allowed = {"admin"}
        if rule.endpoint == "signatures.sign" and method == "POST":
            allowed = set()
        if rule.endpoint == "auth.logout":
            continue  # would end the session of this walk; covered in test_accounts
        response = client.open(url, method=method, data={})
        status = response.status_code
        if allowed == PUBLIC or (role in allowed):
            ok = status < 400
        elif role is None:
            ok = status == 302 and "/login" in response.headers["Location"]
        elif role == "subject_rep" and (rule.endpoint in HIDDEN_FROM_REPS or any(
                a.endswith("_id") for a in rule.arguments)):
            ok = status in NOT_SHOWN
        else:
            ok = status in DENIED_LOGGED_IN
        if not ok:
            failures.append(f"{method} {url} as {role}: {status}")
    assert failures == []
