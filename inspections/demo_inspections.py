"""Demo data of an inspection in fieldwork: an unscheduled inspection of the Ministry of
Health on a prosecutor's demand (ground 3), its act issued, the notice given, the act
delivered on the previous working day and the arrival checklist done, with one evidence
entry — so that a newcomer sees the statutory clock running.  Idempotent.

The demo clock is the real now; every date is computed backwards from it through the
services, each step recorded at the moment it happened, so that every rule holds (R2.7 act
dates, R7.3 24 hours, R5.1 and R7.4 delivery within the act, R9.1 ten working days, R4.1
evidence within the term, R16.1 two periods per violation).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from .clock import ALMATY
from .extensions import db
from .models import ControlSubject, Requirement, User
from .models.inspections import Inspection, InspectionGround
from .services import inspections as svc
from .services.calendar import load_calendar

FIELDWORK_BASIS = "2-0509-26/118"
RESULTS_BASIS = "2-0509-26/097"


def load_demo_results(subjects: dict[int, ControlSubject], *, now: datetime) -> None:
    """The representatives' portal demo (R6.1, R12.1, R16.1): an earlier inspection of the
    Ministry of Health whose results act, with two violations, was delivered on the previous
    working day — the `rep` account can acknowledge it, object and report remediation at
    once.  Every date is computed backwards from now through the services."""
    from .services import results as rs

    health = subjects[1]
    if db.session.execute(select(Inspection.id).join(
            InspectionGround, InspectionGround.inspection_id == Inspection.id).where(
            Inspection.control_subject_id == health.id,
            InspectionGround.basis_number == RESULTS_BASIS)).first():
        return
    users = {u.username: u for u in db.session.execute(select(User)).scalars()}
    inspector, head = users["inspector"], users["head"]
    cal = load_calendar()
    today = now.astimezone(ALMATY).date()
    results_on = cal.previous_working_day(today)
    start = results_on
    for _ in range(4):
        start = cal.previous_working_day(start)
    notified_on = cal.previous_working_day(start)
    act_on = notified_on - timedelta(days=1)
    at = lambda d, h, m=0: datetime.combine(d, time(h, m), tzinfo=ALMATY)  # noqa: E731
    insp = svc.create_inspection(
        inspector, kind="unscheduled", control_subject_id=health.id,
        grounds=[{"ground": 1, "basis_number": RESULTS_BASIS,
                  "basis_date": act_on - timedelta(days=7),
                  "basis_author": "Серікұлы Азамат Төлеуұлы, ЖСН 900101300123, +7 701 000 00 00",
                  "author_kind": "individual"}], now=now)  # R27.1: no consent, not shown
    requirements = db.session.execute(
        select(Requirement.id).order_by(Requirement.position).limit(2)).scalars().all()
    svc.update_act(inspector, insp, inspector_ids=[inspector.id], specialists=[],
                   requirement_ids=requirements, planned_start=start,
                   planned_end=svc.deadlines.fieldwork_end(start, cal).day,
                   period_from=today.replace(year=today.year - 1, month=1, day=1),
                   period_to=today.replace(year=today.year - 1, month=12, day=31),
                   signatory_id=head.id, subdivision_id=None, object_id=None, cal=cal, now=now)
    svc.issue_act(inspector, insp, act_date=act_on, cal=cal, now=at(act_on, 9))
    svc.record_notice(inspector, insp, notified_at=at(notified_on, 9, 30), channel="edo",
                      recipient="Омаров Д. Қ.", cal=cal, now=at(notified_on, 9, 30))
    svc.deliver_act(inspector, insp, delivered_at=at(start, 10), recipient_name="Омаров Д. Қ.",
                    recipient_position="Ақпараттандыру бөлімінің басшысы", receipt="signed",
                    cal=cal, now=at(start, 10))
    svc.record_arrival(inspector, insp, act_shown=True, ids_shown=True, permit_shown=False,
                       permit_details="", now=at(start, 11))
    evidence = svc.add_evidence(inspector, insp, kind="document",
                                description="Ақпараттық жүйенің қолжетімділік журналы",
                                medium="electronic", is_original=True,
                                subject_holds_original=False, now=at(start, 12))
    deadline = results_on + timedelta(days=30)
    committed = today.replace(year=today.year - 1, month=6, day=1)  # within the period
    rs.draw_results(
        inspector, insp, drawn_at=at(results_on, 9), place="Астана қ.",
        results_summary="Екі бұзушылық анықталды.", representative_name="Омаров Д. Қ.",
        representative_position="Ақпараттандыру бөлімінің басшысы",
        violations=[{"requirement_id": rid, "nature": nature, "remedy": remedy,
                     "deadline": deadline, "ability": "Бір ай ішкі құжаттарды өзгертуге жетеді",
                     "approvals": "Қосымша келісу қажет емес", "evidence_ids": [evidence.id],
                     "committed_from": committed}
                    for rid, nature, remedy in zip(
                        requirements,
                        ["Дербес деректерге қол жеткізу журналы жүргізілмейді",
                         "Жауапты тұлға тағайындалмаған"],
                        ["Журналды жүргізуді енгізу", "Жауапты тұлғаны бұйрықпен тағайындау"],
                        strict=False)],
        cal=cal, now=now)
    rs.issue_results(inspector, insp, cal=cal, now=now)
    rs.deliver_results(inspector, insp, delivered_at=at(results_on, 11), channel="paper",
                       recipient_name="Омаров Д. Қ.",
                       recipient_position="Ақпараттандыру бөлімінің басшысы",
                       receipt="signed", cal=cal, now=now)
    db.session.flush()


def load_demo_inspections(subjects: dict[int, ControlSubject], *, now: datetime) -> None:
    health = subjects[1]
    load_demo_results(subjects, now=now)
    if db.session.execute(select(Inspection.id).join(
            InspectionGround, InspectionGround.inspection_id == Inspection.id).where(
            Inspection.control_subject_id == health.id,
            InspectionGround.basis_number == FIELDWORK_BASIS)).first():
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
        grounds=[{"ground": 3, "basis_number": FIELDWORK_BASIS,
                  "basis_date": act_on - timedelta(days=10),
                  "basis_author": "Астана қаласының прокуратурасы"}], now=now)
    requirements = db.session.execute(
        select(Requirement.id).order_by(Requirement.position).limit(3)).scalars().all()
    svc.update_act(inspector, insp, inspector_ids=[inspector.id, users["inspector2"].id],
                   specialists=[{"full_name": "Жұмабеков Ерлан Талғатұлы",
                                 "position": "Бас маман", "position_ru": "Главный специалист",
                                 "organisation": "«Мемлекеттік техникалық қызмет» АҚ",
                                 "organisation_ru": "АО «Государственная техническая служба»",
                                 "role": "specialist"}],
                   requirement_ids=requirements, planned_start=delivered_on,
                   planned_end=svc.deadlines.fieldwork_end(delivered_on, cal).day,
                   period_from=today.replace(year=today.year - 1, month=1, day=1),
                   period_to=today.replace(year=today.year - 1, month=12, day=31),
                   signatory_id=head.id, subdivision_id=health.subdivisions[0].id,
                   object_id=None, cal=cal, now=now)
    svc.issue_act(inspector, insp, act_date=act_on, cal=cal,
                  now=datetime.combine(act_on, time(9, 0), tzinfo=ALMATY))
    svc.record_notice(inspector, insp, notified_at=notified_at, channel="edo",
                      recipient="Омаров Д. Қ., ақпараттандыру бөлімінің басшысы", cal=cal,
                      now=notified_at)
    svc.deliver_act(inspector, insp, delivered_at=delivered_at,
                    recipient_name="Омаров Дәулет Қайратұлы",
                    recipient_position="Ақпараттандыру бөлімінің басшысы", receipt="signed",
                    cal=cal, now=delivered_at)
    svc.record_arrival(inspector, insp, act_shown=True, ids_shown=True, permit_shown=False,
                       permit_details="", now=now)
    svc.add_evidence(inspector, insp, kind="document",
                     description="Дербес деректер тізбесі (министрдің бұйрығы, 2025 ж.)",
                     medium="paper", is_original=False, subject_holds_original=True, now=now)
    db.session.flush()
