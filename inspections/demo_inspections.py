"""Demo data of an inspection in fieldwork: an unscheduled inspection of the Ministry of
Health on a prosecutor's demand (ground 3), its act issued, the notice given, the act
delivered on the previous working day and the arrival checklist done, with one evidence
entry — so that a newcomer sees the statutory clock running.  Idempotent.

The demo clock is the real now; every date is computed backwards from it through the
services, so that every rule (R7.3 24 hours, R9.1 ten working days) holds.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from .clock import ALMATY
from .extensions import db
from .models import ControlSubject, Requirement, User
from .models.inspections import Inspection
from .services import inspections as svc
from .services.calendar import load_calendar


def load_demo_inspections(subjects: dict[int, ControlSubject], *, now: datetime) -> None:
    health = subjects[1]
    if db.session.execute(select(Inspection.id).where(
            Inspection.control_subject_id == health.id)).first():
        return
    users = {u.username: u for u in db.session.execute(select(User)).scalars()}
    inspector, head = users["inspector"], users["head"]
    cal = load_calendar()
    today = now.astimezone(ALMATY).date()
    delivered_on = cal.previous_working_day(today)
    notified_on = cal.previous_working_day(delivered_on)
    act_on = notified_on - timedelta(days=1)
    notified_at = datetime.combine(notified_on, time(9, 30), tzinfo=ALMATY)
    delivered_at = datetime.combine(delivered_on, time(10, 0), tzinfo=ALMATY)

    insp = svc.create_inspection(
        inspector, kind="unscheduled", control_subject_id=health.id,
        grounds=[{"ground": 3, "basis_number": "2-0509-26/118",
                  "basis_date": act_on - timedelta(days=10),
                  "basis_author": "Астана қаласының прокуратурасы"}], now=now)
    requirements = db.session.execute(
        select(Requirement.id).order_by(Requirement.position).limit(3)).scalars().all()
    svc.update_act(inspector, insp, inspector_ids=[inspector.id, users["inspector2"].id],
                   specialists=[{"full_name": "Жұмабеков Ерлан Талғатұлы",
                                 "position": "Бас маман",
                                 "organisation": "«Мемлекеттік техникалық қызмет» АҚ",
                                 "role": "specialist"}],
                   requirement_ids=requirements, planned_start=delivered_on,
                   planned_end=svc.deadlines.fieldwork_end(delivered_on, cal).day,
                   period_from=today.replace(year=today.year - 1, month=1, day=1),
                   period_to=today.replace(year=today.year - 1, month=12, day=31),
                   signatory_id=head.id, subdivision_id=health.subdivisions[0].id,
                   object_id=None, cal=cal, now=now)
    svc.issue_act(inspector, insp, act_date=act_on, cal=cal, now=now)
    svc.record_notice(inspector, insp, notified_at=notified_at, channel="edo",
                      recipient="Омаров Д. Қ., ақпараттандыру бөлімінің басшысы", cal=cal,
                      now=now)
    svc.deliver_act(inspector, insp, delivered_at=delivered_at,
                    recipient_name="Омаров Дәулет Қайратұлы",
                    recipient_position="Ақпараттандыру бөлімінің басшысы", receipt="signed",
                    cal=cal, now=now)
    svc.record_arrival(inspector, insp, act_shown=True, ids_shown=True, permit_shown=False,
                       permit_details="", now=now)
    svc.add_evidence(inspector, insp, kind="document",
                     description="Дербес деректер тізбесі (министрдің бұйрығы, 2025 ж.)",
                     medium="paper", is_original=False, subject_holds_original=True, now=now)
    db.session.flush()
