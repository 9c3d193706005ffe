"""Daily work: decision queues (R9.4, R2.3), blocked steps with their rule (R16.1, R12.2,
R10.2), Kazakh and Russian collation, bilingual addresses in documents."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from inspections.extensions import db
from inspections.models.portal import Notification
from inspections.services import inspections as svc
from inspections.services import notifications as notes
from inspections.services import plans
from inspections.services.calendar import load_calendar
from inspections.services.queue import my_queue

from . import test_inspections as part1
from . import test_portal
from .conftest import NOW, login
from .test_inspections import at, started
from .test_plans import INSPECTOR, draft

world = part1.world  # the same fixtures: a body with a subdivision, inspectors and the head
clock_at = test_portal.clock_at


def _fake_smtp(monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout=None):
            assert host == "127.0.0.1"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, msg):
            sent.append(msg)

    monkeypatch.setattr(notes.smtplib, "SMTP", FakeSMTP)
    return sent


def test_r9_4_head_is_notified_and_queued_when_an_extension_is_requested(
        ctx, client, world, monkeypatch):
    """R9.2, R9.4: the request reaches every head in-app and by email, and sits at the top
    of the head's home page with the decision's latest useful date: the working day before
    the current end (the notice must reach the body by then)."""
    sent = _fake_smtp(monkeypatch)
    world["head"].email = "boss@example.kz"
    db.session.commit()
    insp = started(world)  # current end Mon 7 Dec 2026 → notice by Fri 4 Dec
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=NOW)
    ctx.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=2525, MAIL_FROM="bakylau@gov.kz")
    try:
        svc.request_extension(world["inspector"], insp, reasons="Көп құжат",
                              requested_end=date(2026, 12, 15), cal=load_calendar(),
                              now=at("2026-11-30"))
        db.session.commit()
    finally:
        ctx.config["MAIL_SERVER"] = None
    rows = db.session.execute(select(Notification).where(
        Notification.user_id == world["head"].id)).scalars().all()
    assert [r.code for r in rows] == ["extension_requested"]
    assert rows[0].params["due"] == "2026-12-04" and rows[0].inspection_id == insp.id
    assert [m["To"] for m in sent] == ["boss@example.kz"]
    # the inspectors are not asked to decide
    assert not db.session.execute(select(Notification).where(
        Notification.user_id == world["inspector"].id,
        Notification.code == "extension_requested")).first()

    queue = my_queue(world["head"], today=date(2026, 12, 1), cal=load_calendar())
    assert [(q["kind"], q["rule"], q["day"]) for q in queue] == [
        ("extension_decision", "R9.4", date(2026, 12, 4))]
    assert my_queue(world["inspector"], today=date(2026, 12, 1), cal=load_calendar()) == []

    login(client, "boss")
    page = client.get("/").get_data(as_text=True)
    assert 'id="my-queue"' in page and 'data-kind="extension_decision"' in page
    assert f"/inspections/{insp.id}" in page.split('id="my-queue"')[1].split("</section>")[0]


def test_r2_3_first_head_is_notified_and_queued_on_a_submitted_plan(
        ctx, client, make_subject, make_user):
    """R2.1, R2.3: a submitted plan reaches the first head at once, with 1 December."""
    first = make_user("first", "first_head")
    make_user("plain", "inspector")
    plan = draft(2027, [make_subject()])
    plans.submit_plan(INSPECTOR, plan, now=NOW)
    db.session.commit()
    rows = db.session.execute(select(Notification)).scalars().all()
    assert [(r.user_id, r.code, r.params["due"]) for r in rows] == [
        (first.id, "plan_submitted", "2026-12-01")]
    queue = my_queue(first, today=date(2026, 11, 23), cal=load_calendar())
    assert [(q["kind"], q["rule"], q["day"]) for q in queue] == [
        ("plan_approval", "R2.3", date(2026, 12, 1))]
    login(client, "first")
    page = client.get("/").get_data(as_text=True)
    queue_html = page.split('id="my-queue"')[1].split("</section>")[0]
    assert 'data-kind="plan_approval"' in queue_html and "/planning/2027" in queue_html
    notes_page = client.get("/notifications/").get_data(as_text=True)
    assert "2026-12-01" not in notes_page  # the date in the reader's language


def test_progress_stepper_marks_the_current_step_and_a_skipped_extension():
    """The stepper: delivered without an extension → the extension is 'skipped', the
    current step is objections and remediation."""
    from inspections import progress

    steps = dict(progress.stepper("delivered", had_extension=False))
    assert steps["appointment"] == steps["results"] == steps["delivery"] == "done"
    assert steps["extension"] == "skipped" and steps["remediation"] == "current"
    assert steps["closed"] == "todo"
    assert dict(progress.stepper("extension_requested", had_extension=True))["extension"] \
        == "current"


def test_r16_1_r10_2_blocked_close_is_shown_greyed_with_its_rule(client, world, clock_at):
    """R16.1, R10.2: on a delivered inspection whose violations are open and whose copy 1
    is not sent, "Close" is not a button but a greyed step naming each rule and what is
    missing; once all is settled and sent, the button is there."""
    from inspections.services import results as rs

    from .test_results import delivered

    insp = delivered(world)
    clock_at("2026-12-10T10:00")
    login(client, "insp")
    page = client.get(f"/inspections/{insp.id}").get_data(as_text=True)
    assert 'data-step="remediation" data-state="current"' in page
    blocked = page.split('class="card mb-2 step-blocked')[1].split("</div></div>")[0]
    assert 'data-action="close"' in blocked
    assert blocked.count("R16.1") == 2  # violations 1 and 2, one line each
    assert "R10.2" in blocked
    assert f'action="/inspections/{insp.id}/close"' not in page

    for v in insp.results_act.violations:
        v.status = "eliminated"
    rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                         registration="КПСиСУ-1", now=at("2026-12-04", "18:00"))
    db.session.commit()
    page = client.get(f"/inspections/{insp.id}").get_data(as_text=True)
    assert "step-blocked" not in page
    assert 'data-action="close"' in page


BODIES_KK = ["Ішкі істер министрлігі", "Ауыл шаруашылығы министрлігі", "Үкімет аппараты",
             "Қаржы министрлігі", "Әділет министрлігі", "Оқу-ағарту министрлігі",
             "Өнеркәсіп және құрылыс министрлігі", "Ұлттық экономика министрлігі",
             "Кеден комитеті", "Ақмола облысының әкімдігі", "Атырау облысының әкімдігі",
             "Ырғыз ауданының әкімдігі"]
EXPECTED_KK = ["Ақмола облысының әкімдігі", "Атырау облысының әкімдігі",
               "Ауыл шаруашылығы министрлігі", "Әділет министрлігі", "Кеден комитеті",
               "Қаржы министрлігі", "Оқу-ағарту министрлігі",
               "Өнеркәсіп және құрылыс министрлігі", "Ұлттық экономика министрлігі",
               "Үкімет аппараты", "Ырғыз ауданының әкімдігі", "Ішкі істер министрлігі"]


def test_kazakh_collation_orders_body_names_by_the_kazakh_alphabet():
    """Ә after А, Қ after К, Ө after О, Ұ and Ү after У, І after Ы (not code-point order,
    where "Ішкі" comes before "Ауыл")."""
    from inspections import collation

    assert sorted(BODIES_KK) != EXPECTED_KK
    assert collation.sorted_by(BODIES_KK, "kk") == EXPECTED_KK
    assert collation.sorted_by(["Ёлка", "Ель", "Жук", "Елена"], "ru") == \
        ["Елена", "Ёлка", "Ель", "Жук"]


def test_kazakh_collation_of_the_registry_and_the_pickers(client, make_subject, make_user):
    """The registry list and the body picker (SQL ORDER BY with the ICU collation, on
    SQLite and PostgreSQL alike) follow the Kazakh alphabet in kk."""
    for i, name in enumerate(BODIES_KK):
        make_subject(name, f"Орган {i:02d}")
    make_user("admin", "admin")
    login(client, "admin")
    page = client.get("/registry?lang=kk").get_data(as_text=True)
    shown = [n for n in EXPECTED_KK if n in page]
    positions = [page.index(n) for n in shown]
    assert positions == sorted(positions) and len(shown) >= 10
    form = client.get("/registry/new").get_data(as_text=True)
    positions = [form.index(f">{n}<") for n in EXPECTED_KK]
    assert positions == sorted(positions)


def test_a_russian_document_prints_the_russian_address(world):
    """The appointment act in Russian prints the body's and the subdivision's Russian
    location and the specialist's Russian organisation; the Kazakh act the Kazakh ones."""
    from inspections.documents import docx_text
    from inspections.models import GeneratedDocument
    from inspections.services import registry

    from .test_inspections import draft

    body, sub = world["subject"], world["sub"]
    registry.update_subject(_admin(), body, bin=body.bin,
                            name_kk=body.name_kk, name_ru=body.name_ru,
                            location="Астана қ., Мәңгілік Ел даңғ., 8",
                            location_ru="г. Астана, пр. Мангилик Ел, 8", kind=body.kind,
                            parent_id=None, now=NOW)
    sub.location_ru = "г. Алматы"
    insp = draft(world)
    insp.specialists[0].organisation_ru = "ТОО «Дата и Безопасность»"
    db.session.commit()
    svc.issue_act(world["inspector"], insp, act_date=date(2026, 11, 23), cal=load_calendar(),
                  now=NOW)
    db.session.commit()
    docs = {d.lang: docx_text(d.content) for d in db.session.execute(select(
        GeneratedDocument).where(GeneratedDocument.code == "appointment_act")).scalars()}
    assert "г. Астана, пр. Мангилик Ел, 8" in docs["ru"] and "г. Алматы" in docs["ru"]
    assert "Мәңгілік Ел даңғ." not in docs["ru"] and "Алматы қ." not in docs["ru"]
    assert "ТОО «Дата и Безопасность»" in docs["ru"]
    assert "Астана қ., Мәңгілік Ел даңғ., 8" in docs["kk"] and "Алматы қ." in docs["kk"]


def _admin():
    from inspections.actors import SystemActor

    return SystemActor("admin", username="admin", full_name="Әкімші")


def test_registry_csv_import_takes_both_locations_and_the_old_single_column(ctx):
    """``location_kk,location_ru``; the former ``location`` column fills both."""
    from inspections.bin import complete_bin
    from inspections.models import ControlSubject
    from inspections.services import registry

    b1, b2 = [b for b in (complete_bin(f"9901400{n:04d}") for n in range(1, 40)) if b][:2]
    new = ("bin,name_kk,name_ru,location_kk,location_ru,kind,parent_bin\n"
           f"{b1},Бір,Один,Астана қ.,г. Астана,central,\n").encode()
    old = f"bin,name_kk,name_ru,location,kind,parent_bin\n{b2},Екі,Два,Орал қ.,central,\n"
    assert registry.import_csv(_admin(), new, now=NOW).ok
    assert registry.import_csv(_admin(), old.encode(), now=NOW).ok
    rows = {s.bin: (s.location_kk, s.location_ru) for s in db.session.execute(
        select(ControlSubject)).scalars()}
    assert rows == {b1: ("Астана қ.", "г. Астана"), b2: ("Орал қ.", "Орал қ.")}


def test_r16_1_portal_shows_no_days_left_for_eliminated_violations_and_closed_clocks(
        client, world, make_user, clock_at):
    """R16.1: a violation accepted as eliminated has no days left on the portal; once the
    inspection is closed every clock says "closed" (nothing runs, nothing is overdue)."""
    from inspections.services import results as rs

    from .test_results import delivered

    make_user("rep", "subject_rep", subject=world["subject"])
    insp = delivered(world)
    act = insp.results_act
    act.violations[0].status = "eliminated"
    db.session.commit()
    clock_at("2026-12-10T10:00")
    login(client, "rep")

    def left_cells(page):
        rows = page.split('class="table table-sm small portal-clocks"')[1].split("</table>")[0]
        return [r.split('class="clock-left">')[1].split("</td>")[0].strip()
                for r in rows.split('data-kind="remedy"')[1:]]

    page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    cells = left_cells(page)
    assert cells[0] == "—" and cells[1] != "—"  # eliminated: no days; open: days left
    act.violations[1].status = "eliminated"
    rs.record_copy1_sent(world["inspector"], insp, sent_at=at("2026-12-04", "18:00"),
                         registration="1", now=at("2026-12-04", "18:00"))
    rs.close(world["inspector"], insp, now=at("2026-12-10"))
    db.session.commit()
    page = client.get(f"/portal/inspections/{insp.id}").get_data(as_text=True)
    closed = left_cells(page)
    assert len(closed) == 2 and len(set(closed)) == 1 and closed[0] not in ("—", "")
    assert "table-danger" not in page.split("portal-clocks")[1].split("</table>")[0]


def test_timeline_shows_sentences_and_people_by_full_name_and_role(client, world, make_user):
    """Every event of the timeline is translated (no raw code such as
    ``inspection.receipt_on_portal``) and names its author by full name and role."""
    from inspections.services import portal

    rep = make_user("rep", "subject_rep", subject=world["subject"])
    insp = started(world)
    portal.acknowledge(rep, insp, document="appointment_act", outcome="acknowledged",
                       full_name="Омаров Д.", position="Басшы", explanation="", now=NOW)
    db.session.commit()
    login(client, "insp")
    page = client.get(f"/inspections/{insp.id}").get_data(as_text=True)
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert "inspection." not in timeline
    assert world["inspector"].full_name in timeline and ">insp," not in timeline
    assert rep.full_name in timeline


def test_r9_1_a_computed_end_follows_a_new_start_but_a_typed_end_is_kept(client, world):
    """R9.1: the end the application computed is computed again when the start changes;
    an end the user typed is kept (and then checked against the new start)."""
    from .test_inspections import draft

    insp = draft(world, start=date(2026, 11, 24))  # end left to the application
    cal = load_calendar()
    assert insp.planned_end == svc.deadlines.fieldwork_end(date(2026, 11, 24), cal).day
    login(client, "insp")
    form = client.get(f"/inspections/{insp.id}/act").get_data(as_text=True)
    assert f'name="computed_end" type="hidden" value="{insp.planned_end.isoformat()}"' in form
    data = {"planned_start": "2026-12-01", "planned_end": insp.planned_end.isoformat(),
            "computed_end": insp.planned_end.isoformat(), "inspector_ids": world["inspector"].id,
            "signatory_id": world["head"].id, "subdivision_id": world["sub"].id,
            "object_id": 0, "period_from": "2025-01-01", "period_to": "2025-12-31",
            "requirement_ids": [r.requirement_id for r in insp.requirements],
            **{f"specialists-{i}-role": "specialist" for i in range(3)}}
    r = client.post(f"/inspections/{insp.id}/act", data=data)
    assert r.status_code == 303, [x for x in r.get_data(as_text=True).split("invalid-feedback")[1:]]
    db.session.refresh(insp)
    assert insp.planned_end == svc.deadlines.fieldwork_end(date(2026, 12, 1), cal).day
    typed = {**data, "planned_start": "2026-12-02", "planned_end": "2026-12-09",
             "computed_end": insp.planned_end.isoformat()}
    assert client.post(f"/inspections/{insp.id}/act", data=typed).status_code == 303
    db.session.refresh(insp)
    assert insp.planned_end == date(2026, 12, 9)


def test_r9_4_heads_are_reminded_of_a_pending_extension_decision_once(world):
    """R9.4: `notify deadlines` reminds the heads, once, when the decision's latest useful
    date (the working day before the current end) is three working days away or less."""
    insp = started(world)  # current end Mon 7 Dec 2026 → notice by Fri 4 Dec
    svc.record_arrival(world["inspector"], insp, act_shown=True, ids_shown=True,
                       permit_shown=False, permit_details="", now=NOW)
    svc.request_extension(world["inspector"], insp, reasons="Көп құжат",
                          requested_end=date(2026, 12, 15), cal=load_calendar(), now=NOW)
    db.session.commit()

    def reminders():
        return [(n.code, n.params.get("kind")) for n in db.session.execute(
            select(Notification).where(Notification.user_id == world["head"].id,
                                       Notification.code != "extension_requested")).scalars()]

    notes.deadline_reminders(today=date(2026, 11, 24), cal=load_calendar(), now=NOW)
    assert reminders() == []  # 4 Dec is more than three working days away
    for _ in range(2):
        notes.deadline_reminders(today=date(2026, 12, 1), cal=load_calendar(), now=NOW)
    db.session.commit()
    assert reminders() == [("deadline_soon", "extension_decision")]
