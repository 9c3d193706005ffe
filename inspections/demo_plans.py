"""Demo data of the annual plan: the requirement catalogue, findings from the four sources
(R1.3) and the published plan for the coming year (2027) with one amendment (R2.6), approved
and published on time (R2.3, R2.4).  Idempotent: nothing is added once the plan exists.

The demo clock is the real today; the dates of approval, publication and amendment are
explicit (mid-November of the year before), never later than today.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from .extensions import db
from .models import ControlSubject, User
from .services import catalogue, findings, plans

YEAR = 2027

#: (body index in demo.BODIES, source, (year offset from the plan year, month, day),
#:  weight, summary)
FINDINGS = [
    (1, "technical_service", (-1, 3, 12), 5,
     "Мемлекеттік техникалық қызмет: «Электрондық денсаулық паспорты» жүйесінде "
     "пациенттердің дербес деректеріне рұқсатсыз қол жеткізу әрекеттері тіркелген; "
     "оқиғалар журналы жүргізілмейді."),
    (1, "internet_resources", (-1, 6, 2), 3,
     "На интернет-ресурсе министерства опубликованы списки получателей квот на лечение "
     "с ИИН и датами рождения."),
    (4, "monitoring", (-1, 2, 20), 4,
     "Отчетность за 2025 год: не утвержден перечень персональных данных, необходимый для "
     "назначения социальных выплат; политика оператора не утверждена."),
    (4, "previous_inspections", (-3, 10, 7), 3,
     "Проверка 2024 года: бумажные копии удостоверений личности заявителей; нарушение "
     "устранено частично."),
    (16, "internet_resources", (-1, 4, 15), 4,
     "Портал акимата собирает данные заявителей без согласия через государственный сервис; "
     "форма обращения запрашивает избыточные сведения."),
    (16, "technical_service", (-2, 11, 3), 3,
     "Резервные копии информационной системы размещены в облачном сервисе за пределами "
     "Республики Казахстан."),
    (3, "technical_service", (-1, 5, 28), 5,
     "Центр обработки данных: не назначено лицо, ответственное за организацию обработки "
     "персональных данных; нет учета доступа к базам."),
    (0, "monitoring", (-1, 1, 30), 2,
     "Министрлік 2025 жылғы есептілікте дербес деректер қауіпсіздігінің бұзылуы туралы "
     "хабарламалардың мерзімдерін көрсетпеген."),
    (0, "internet_resources", (-1, 8, 19), 3,
     "В мобильном приложении министерства нет сведений о трансграничной передаче данных "
     "при использовании зарубежной аналитики."),
    (10, "internet_resources", (-1, 7, 7), 4,
     "Бұқаралық ақпарат құралдарын есепке алу жүйесінде өтініш берушілердің жеке басын "
     "куәландыратын құжаттарының сканерленген көшірмелері ашық сілтеме арқылы қолжетімді."),
    (10, "monitoring", (-2, 12, 5), 2,
     "Отчетность за 2024 год: не представлены сведения о назначении лица, ответственного за "
     "организацию обработки персональных данных."),
    (5, "monitoring", (-1, 9, 9), 3,
     "Отчет о мерах защиты не содержит сведений о предоставлении доступа государственной "
     "технической службе к объектам информатизации."),
    (9, "internet_resources", (-2, 6, 1), 2,
     "Сайт министерства публикует протоколы с фамилиями и номерами телефонов фермеров."),
    (25, "previous_inspections", (-4, 12, 1), 4,
     "Проверка 2023 года: нарушения сроков уведомления субъектов о передаче данных третьим "
     "лицам."),
    (19, "monitoring", (-1, 10, 14), 2,
     "Әкімдік дербес деректерді жою актілерін ұсынбаған."),
]

#: (body index, unit: ("subdivision" | "object", index) or None, month or (from, to),
#:  requirement codes)
ITEMS = [
    (1, ("subdivision", 1), 3, ["art7_10", "art8_1", "rules_p6", "art22_1"]),
    (4, None, 4, ["art7_9", "art7_10", "art25_2_1", "art25_2_1_1"]),
    (16, ("subdivision", 0), 5, ["art8_1", "rules_p6", "art8_1_1", "art12_2"]),
    (3, ("object", 0), ((9, 14), (9, 25)), ["art22_1", "art25_2_10", "art25_3"]),
    (10, None, 10, ["art16", "art19_1", "art25_2_8"]),
]

#: R2.6 demo amendment: powers redistributed from body 10 to body 0, so item 5 changes.
REDISTRIBUTION = (10, 0)
BASIS = ("Қазақстан Республикасы Үкіметінің қаулысы (демо) / "
         "Постановление Правительства Республики Казахстан (демо)")
DETAILS = ("Бұқаралық ақпарат құралдарын есепке алу жүйесін жүргізу жөніндегі өкілеттіктер "
           "Мәдениет және ақпарат министрлігінен Жасанды интеллект және цифрлық даму "
           "министрлігіне берілді / Полномочия по ведению системы учета средств массовой "
           "информации переданы от Министерства культуры и информации Министерству "
           "искусственного интеллекта и цифрового развития.")


def _user(username: str) -> User | None:
    return db.session.execute(select(User).where(User.username == username)).scalar()


def _day(year: int, offset: int, month: int, day: int, today: date) -> date:
    return min(date(year + offset, month, day), today)


def load_demo_plans(subjects: dict[int, ControlSubject], *, now: datetime, system) -> None:
    """Seed the catalogue; then, unless the plan for 2027 exists, record the findings, draft
    the plan (inspector), approve it on 16 November 2026 (first head), publish it on
    18 November and amend it on 20 November after a redistribution of powers (R2.6)."""
    catalogue.seed_catalogue(system, now=now)
    year = max(YEAR, plans.today_of(now).year + 1)
    if plans.get_plan(year) is not None:
        return
    inspector, first_head = _user("inspector"), _user("firsthead")
    if inspector is None or first_head is None:
        return
    today = plans.today_of(now)
    recorded: dict[int, list] = {}
    for index, source, (offset, month, day), weight, summary in FINDINGS:
        finding = findings.record_finding(
            inspector, subjects[index], source=source,
            found_on=_day(year, offset, month, day, today), summary=summary, weight=weight,
            files=[("report.pdf", _DEMO_PDF)] if index == 1 and source == "technical_service"
            else (), now=now)
        recorded.setdefault(index, []).append(finding.id)

    codes = {r.code: r.id for r in catalogue.all_requirements()}
    plan = plans.start_plan(inspector, year=year, now=now)
    for index, unit, when, reqs in ITEMS:
        subject = subjects[index]
        unit_value = None
        if unit is not None:
            kind, n = unit
            rows = subject.subdivisions if kind == "subdivision" else subject.objects
            unit_value = f"{kind}:{rows[n].id}"
        month = when if isinstance(when, int) else None
        starts = ends = None
        if month is None:
            (m1, d1), (m2, d2) = when
            starts, ends = date(year, m1, d1), date(year, m2, d2)
        plans.add_item(inspector, plan, subject_id=subject.id, unit=unit_value, month=month,
                       starts_on=starts, ends_on=ends,
                       requirement_ids=[codes[c] for c in reqs],
                       finding_ids=recorded[index], now=now)
    plans.submit_plan(inspector, plan, now=now)
    plans.approve_plan(first_head, plan, number="01-07/155",
                       approved_on=_day(year, -1, 11, 16, today), now=now)
    plans.publish_plan(first_head, plan, published_on=_day(year, -1, 11, 18, today), now=now)

    source, successor = REDISTRIBUTION
    amendment = plans.propose_amendment(
        inspector, plan, ground="redistribution", ground_details=DETAILS, basis_title=BASIS,
        basis_number="12-демо", basis_date=_day(year, -1, 11, 19, today), now=now)
    item = next(i for i in plan.active_items if i.subject_id == subjects[source].id)
    plans.add_change(inspector, amendment, action="change", item_id=item.id,
                     subject_id=subjects[successor].id, finding_ids=recorded[successor],
                     now=now)
    plans.approve_amendment(first_head, amendment, number="01-07/161",
                            approved_on=_day(year, -1, 11, 20, today), now=now)


# A one-page PDF ("Demo report"), small enough to keep inline.
_DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 72 770 Td (Demo report) Tj ET\nendstream\n"
    b"endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
