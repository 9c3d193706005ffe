"""Demo data, loaded idempotently by ``flask --app app demo``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from .actors import SYSTEM
from .bin import complete_bin
from .extensions import db
from .models import ControlSubject, User
from .services import accounts, registry

PASSWORD = "demo-password-2026"

# (name_kk, name_ru, location, kind, parent index or None)
BODIES = [
    ("Қазақстан Республикасы Жасанды интеллект және цифрлық даму министрлігі",
     "Министерство искусственного интеллекта и цифрового развития Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 55/14", "central", None),
    ("Қазақстан Республикасы Денсаулық сақтау министрлігі",
     "Министерство здравоохранения Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Оқу-ағарту министрлігі",
     "Министерство просвещения Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Ішкі істер министрлігі",
     "Министерство внутренних дел Республики Казахстан",
     "Астана қ., Тәуелсіздік даңғ., 1", "central", None),
    ("Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
     "Министерство труда и социальной защиты населения Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Қаржы министрлігі",
     "Министерство финансов Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 11", "central", None),
    ("Қазақстан Республикасы Әділет министрлігі",
     "Министерство юстиции Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Ұлттық экономика министрлігі",
     "Министерство национальной экономики Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Көлік министрлігі",
     "Министерство транспорта Республики Казахстан",
     "Астана қ., Қабанбай батыр даңғ., 32/1", "central", None),
    ("Қазақстан Республикасы Ауыл шаруашылығы министрлігі",
     "Министерство сельского хозяйства Республики Казахстан",
     "Астана қ., Кенесары к-сі, 36", "central", None),
    ("Қазақстан Республикасы Мәдениет және ақпарат министрлігі",
     "Министерство культуры и информации Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Төтенше жағдайлар министрлігі",
     "Министерство по чрезвычайным ситуациям Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 22", "central", None),
    ("Қазақстан Республикасы Энергетика министрлігі",
     "Министерство энергетики Республики Казахстан",
     "Астана қ., Қабанбай батыр даңғ., 19", "central", None),
    ("Қазақстан Республикасы Туризм және спорт министрлігі",
     "Министерство туризма и спорта Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 8", "central", None),
    ("Қазақстан Республикасы Өнеркәсіп және құрылыс министрлігі",
     "Министерство промышленности и строительства Республики Казахстан",
     "Астана қ., Қабанбай батыр даңғ., 32/4", "central", None),
    ("Астана қаласының әкімдігі", "Акимат города Астаны",
     "Астана қ., Бейбітшілік к-сі, 11", "local_executive", None),
    ("Алматы қаласының әкімдігі", "Акимат города Алматы",
     "Алматы қ., Республика алаңы, 4", "local_executive", None),
    ("Шымкент қаласының әкімдігі", "Акимат города Шымкента",
     "Шымкент қ., Тәуке хан даңғ., 5", "local_executive", None),
    ("Ақмола облысының әкімдігі", "Акимат Акмолинской области",
     "Көкшетау қ., Абай к-сі, 83", "local_executive", None),
    ("Ақтөбе облысының әкімдігі", "Акимат Актюбинской области",
     "Ақтөбе қ., Әбілқайыр хан даңғ., 40", "local_executive", None),
    ("Алматы облысының әкімдігі", "Акимат Алматинской области",
     "Қонаев қ., Абай к-сі, 2", "local_executive", None),
    ("Атырау облысының әкімдігі", "Акимат Атырауской области",
     "Атырау қ., Әйтеке би к-сі, 77", "local_executive", None),
    ("Шығыс Қазақстан облысының әкімдігі", "Акимат Восточно-Казахстанской области",
     "Өскемен қ., Горький к-сі, 40", "local_executive", None),
    ("Жамбыл облысының әкімдігі", "Акимат Жамбылской области",
     "Тараз қ., Абай даңғ., 125", "local_executive", None),
    ("Батыс Қазақстан облысының әкімдігі", "Акимат Западно-Казахстанской области",
     "Орал қ., Достық даңғ., 179", "local_executive", None),
    ("Қарағанды облысының әкімдігі", "Акимат Карагандинской области",
     "Қарағанды қ., Бұқар жырау даңғ., 13", "local_executive", None),
    ("Қостанай облысының әкімдігі", "Акимат Костанайской области",
     "Қостанай қ., Әл-Фараби даңғ., 66", "local_executive", None),
    ("Қызылорда облысының әкімдігі", "Акимат Кызылординской области",
     "Қызылорда қ., Бейбітшілік к-сі, 20", "local_executive", None),
    ("Маңғыстау облысының әкімдігі", "Акимат Мангистауской области",
     "Ақтау қ., 14-шағын аудан, 1", "local_executive", None),
    ("Павлодар облысының әкімдігі", "Акимат Павлодарской области",
     "Павлодар қ., Кенжекөл к-сі, 12", "local_executive", None),
    ("Солтүстік Қазақстан облысының әкімдігі", "Акимат Северо-Казахстанской области",
     "Петропавл қ., Қонституция к-сі, 58", "local_executive", None),
    ("Түркістан облысының әкімдігі", "Акимат Туркестанской области",
     "Түркістан қ., Жаңа қала, 1", "local_executive", None),
    ("Алматы қаласы Медеу ауданының әкімдігі", "Акимат Медеуского района города Алматы",
     "Алматы қ., Абай даңғ., 10", "local_executive", 16),
    ("«Азаматтарға арналған үкімет» мемлекеттік корпорациясы» КЕАҚ",
     "НАО «Государственная корпорация «Правительство для граждан»",
     "Астана қ., Мәңгілік Ел даңғ., 4", "other", 0),
    # R27.2: marked in the registry — never planned nor inspected under Art. 27-3
    ("Қазақстан Республикасының Ұлттық Банкі", "Национальный Банк Республики Казахстан",
     "Астана қ., Мәңгілік Ел даңғ., 55А", "other", None),
]

#: R27.2: the National Bank of Kazakhstan and its organisations (indexes into BODIES)
NATIONAL_BANK = {34}

SUBDIVISIONS = {
    0: [("Ақпараттық қауіпсіздік комитеті", "Комитет по информационной безопасности",
         "Астана қ., Мәңгілік Ел даңғ., 55/14")],
    1: [("Медициналық және фармацевтикалық бақылау комитеті",
         "Комитет медицинского и фармацевтического контроля", "Астана қ., Мәңгілік Ел даңғ., 8"),
        ("Санитариялық-эпидемиологиялық бақылау комитеті",
         "Комитет санитарно-эпидемиологического контроля", "Астана қ., Мәңгілік Ел даңғ., 8")],
    3: [("Көші-қон қызметі комитеті", "Комитет миграционной службы",
         "Астана қ., Тәуелсіздік даңғ., 1")],
    5: [("Мемлекеттік кірістер комитеті", "Комитет государственных доходов",
         "Астана қ., Жеңіс даңғ., 11")],
    16: [("Алматы қаласының цифрландыру басқармасы", "Управление цифровизации города Алматы",
          "Алматы қ., Республика алаңы, 4")],
    33: [("Алматы қаласы бойынша филиал", "Филиал по городу Алматы",
          "Алматы қ., Пушкин к-сі, 2")],
}

OBJECTS = {
    3: [("Ақпараттық орталықтың деректер өңдеу орталығы",
         "Астана қ., Тәуелсіздік даңғ., 1, 2-корпус", True)],
    33: [("ХҚКО №1", "Астана қ., Сарыарқа ауд., Жеңіс даңғ., 1", False)],
}

# (username, roles, surname, given name, patronymic, position kk, position ru, body index)
ACCOUNTS = [
    ("admin", ["admin"], "Әбенов", "Ерлан", "Серікұлы", "Жүйе әкімшісі",
     "Администратор системы", None),
    ("firsthead", ["first_head"], "Нұрланова", "Гүлнар", "Асқарқызы", "Комитет төрағасы",
     "Председатель комитета", None),
    ("head", ["head"], "Сейітов", "Мұрат", "Бекұлы", "Басқарма басшысы",
     "Руководитель управления", None),
    ("inspector", ["inspector"], "Қасымова", "Айгерім", "Нұрланқызы", "Бас сарапшы",
     "Главный эксперт", None),
    ("inspector2", ["inspector"], "Петров", "Андрей", "", "Жетекші сарапшы",
     "Ведущий эксперт", None),
    ("rep", ["subject_rep"], "Омаров", "Дәулет", "Қайратұлы", "Ақпараттандыру бөлімінің басшысы",
     "Руководитель отдела информатизации", 1),
]


def demo_bin(index: int) -> str:
    """A valid BIN for demo body number ``index``: 0001400 + serial + check digit."""
    for tail in range(index * 10, index * 10 + 10):
        candidate = complete_bin(f"0701400{tail:04d}")
        if candidate:
            return candidate
    raise ValueError(index)


def demo_region(name_kk: str, location: str) -> str | None:
    """The region code of a demo body: the city of its address, or the region its Kazakh
    name starts with (akimats of regions)."""
    from .regions import REGIONS

    for code in ("astana", "almaty_city", "shymkent"):
        if location.startswith(REGIONS[code][0].split()[0] + " қ."):
            if not name_kk.startswith(REGIONS[code][0].split()[0] + " облыс"):
                return code
    for code, (kk, _ru, _en) in REGIONS.items():
        if kk.endswith("облысы") and name_kk.startswith(kk[:-1]):
            return code
    return None


_RU_CITIES = {"Алматы": "Алматы", "Астана": "Астана", "Атырау": "Атырау", "Ақтау": "Актау",
              "Ақтөбе": "Актобе", "Көкшетау": "Кокшетау", "Орал": "Уральск",
              "Павлодар": "Павлодар", "Петропавл": "Петропавловск", "Тараз": "Тараз",
              "Түркістан": "Туркестан", "Шымкент": "Шымкент", "Қарағанды": "Караганда",
              "Қонаев": "Конаев", "Қостанай": "Костанай", "Қызылорда": "Кызылорда",
              "Өскемен": "Усть-Каменогорск"}
_RU_PARTS = (("Сарыарқа ауд.", "район Сарыарка"), ("14-шағын аудан", "14-й микрорайон"),
             ("Жаңа қала", "Новый город"), ("Республика алаңы", "пл. Республики"),
             ("2-корпус", "корпус 2"))


def ru_address(kk: str) -> str:
    """The Russian wording of a demo address ("Астана қ., Жеңіс даңғ., 11" → "г. Астана,
    пр. Женис, 11"): demo data only, the registry keeps what people type."""
    out = []
    for part in (p.strip() for p in kk.split(",")):
        for a, b in _RU_PARTS:
            part = part.replace(a, b)
        if part.endswith(" қ.") and part[:-3] in _RU_CITIES:
            part = "г. " + _RU_CITIES[part[:-3]]
        elif part.endswith(" даңғ."):
            part = "пр. " + part[:-6]
        elif part.endswith(" к-сі"):
            part = "ул. " + part[:-5]
        out.append(part)
    return ", ".join(out)


def load_demo(*, now: datetime) -> list[tuple[str, str, str]]:
    """Create what is missing; running it twice changes nothing."""
    subjects: dict[int, ControlSubject] = {}
    for i, (kk, ru, location, kind, parent) in enumerate(BODIES):
        bin_ = demo_bin(i)
        subject = db.session.execute(
            select(ControlSubject).where(ControlSubject.bin == bin_)
        ).scalar_one_or_none()
        if subject is None:
            subject = registry.create_subject(
                None, bin=bin_, name_kk=kk, name_ru=ru, location=location, kind=kind,
                location_ru=ru_address(location),
                parent_id=subjects[parent].id if parent is not None else None, now=now,
                check_permission=False)
            for s_kk, s_ru, s_loc in SUBDIVISIONS.get(i, []):
                registry.add_subdivision(SYSTEM, subject, name_kk=s_kk, name_ru=s_ru,
                                         location=s_loc, location_ru=ru_address(s_loc),
                                         now=now)
            for o_name, o_addr, regime in OBJECTS.get(i, []):
                registry.add_object(SYSTEM, subject, name=o_name, address=o_addr,
                                    address_ru=ru_address(o_addr), is_regime=regime, now=now)
            if i in NATIONAL_BANK:
                registry.mark_national_bank(SYSTEM, subject, national_bank=True, now=now)
        if subject.region is None:
            subject.region = demo_region(kk, location)
        subjects[i] = subject
    db.session.flush()

    logins = []
    for username, roles, surname, name, patronymic, pos_kk, pos_ru, body in ACCOUNTS:
        exists = db.session.execute(select(User).where(User.username == username)).scalar()
        if exists is None:
            accounts.create_user(
                None, username=username, password=PASSWORD, surname=surname, given_name=name,
                patronymic=patronymic, position_kk=pos_kk, position_ru=pos_ru, roles=roles,
                control_subject_id=subjects[body].id if body is not None else None, now=now,
                check_permission=False)
        logins.append((username, PASSWORD, ", ".join(roles)))
    db.session.flush()
    from .demo_plans import load_demo_plans

    load_demo_plans(subjects, now=now, system=SYSTEM)
    from .demo_inspections import load_demo_inspections

    load_demo_inspections(subjects, now=now)
    from .demo_statistics import load_demo_statistics

    load_demo_statistics(now=now)
    db.session.commit()
    return logins

