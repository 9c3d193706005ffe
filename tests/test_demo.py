"""`flask --app app demo`: migrations, demo data for every role, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from inspections.extensions import db
from inspections.models import ControlSubject, Inspection, Plan, User


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (ControlSubject, User, Plan, Inspection))


def test_demo_loads_every_role_once_and_prints_logins(app, ctx):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for username in ("admin", "firsthead", "head", "inspector", "rep"):
        assert username in result.output
    first = _counts()
    assert first[0] >= 30 and first[2] >= 1 and first[3] >= 1
    roles = set()
    for user in db.session.execute(select(User)).scalars():
        roles |= user.roles
    assert roles == {"admin", "first_head", "head", "inspector", "subject_rep"}
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    assert _counts() == first
    by_status = {i.status: i for i in db.session.execute(select(Inspection)).scalars()}
    assert set(by_status) == {"fieldwork", "delivered"}
    inspection = by_status["fieldwork"]
    assert inspection.end_date > inspection.start_date
    # the portal demo (R6.1, R12.1, R16.1): the rep's body has a delivered results act
    rep = db.session.execute(select(User).where(User.username == "rep")).scalar_one()
    done = by_status["delivered"]
    assert done.control_subject_id == rep.control_subject_id
    assert done.results_act.delivered_at is not None and len(done.results_act.violations) == 2
    assert not done.results_act.term_breached


def test_r27_2_the_demo_registry_marks_the_national_bank(app, ctx):
    """R27.2: the demo registry includes the National Bank, marked; nothing plans or
    inspects it."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    bank = db.session.execute(select(ControlSubject).where(
        ControlSubject.name_ru == "Национальный Банк Республики Казахстан")).scalar_one()
    assert bank.national_bank is True
    assert db.session.execute(select(Inspection).where(
        Inspection.control_subject_id == bank.id)).first() is None
    # every demo violation carries both periods (R16.1) and its date of commission
    for inspection in db.session.execute(select(Inspection)).scalars():
        for v in (inspection.results_act.violations if inspection.results_act else []):
            assert v.report_due > v.deadline and v.committed_from is not None
