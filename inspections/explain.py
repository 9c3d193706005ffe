"""Explanations of computed dates in Kazakh, Russian and English.

Pure: no Flask.  Turns the structured steps of a :class:`~inspections.deadlines.Deadline`
into sentences (:func:`explain`), one short line (:func:`summary`) and a title
(:func:`rule_title`).  Dates are formatted by Babel (its output may contain U+202F and
U+00A0 spaces).  An unknown locale falls back to Kazakh.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date

from .calendar import (
    KIND_HOLIDAY,
    KIND_OVERRIDE_DAY_OFF,
    KIND_OVERRIDE_WORKING_DAY,
    KIND_WORKING_WEEKEND,
    DayInfo,
    Uncertainty,
    plain_names,
)
from .deadlines import ALMATY, Deadline, Step

__all__ = ["LOCALES", "explain", "rule_title", "summary"]

LOCALES = ("kk", "ru", "en")
DEFAULT_LOCALE = "kk"

# Babel patterns: "full" = weekday and full date, "dmy" = date without weekday,
# "dm" = day and month, "wdm" = weekday, day and month.
_PATTERNS = {
    "en": {"full": "EEE d MMM y", "dmy": "d MMM y", "dm": "d MMM", "wdm": "EEE d MMM"},
    "ru": {
        "full": "EEE, d MMMM y 'г.'",
        "dmy": "d MMMM y 'г.'",
        "dm": "d MMMM",
        "wdm": "EEE, d MMMM",
    },
    "kk": {
        "full": "y 'ж'. d MMMM, EEE",
        "dmy": "y 'ж'. d MMMM",
        "dm": "d MMMM",
        "wdm": "d MMMM, EEE",
    },
}

_TITLES = {
    "en": {
        "R2.3": "R2.3 Approval of the annual plan (by 1 December)",
        "R2.4": "R2.4 Publication of the annual plan (by 20 December)",
        "R7.3": "R7.3 Earliest start after the notice (24 hours)",
        "R9.1": "R9.1 End of fieldwork (10 working days)",
        "R9.2": "R9.2 Latest end after the extension (15 working days)",
        "R9.4": "R9.4 Extension notice (a working day before the end)",
        "R12.2": "R12.2 Reply to remarks and objections (15 working days)",
        "R14.1": "R14.1 Earliest deadline to remedy violations (10 calendar days)",
    },
    "ru": {
        "R2.3": "R2.3 Утверждение годового плана (не позднее 1 декабря)",
        "R2.4": "R2.4 Размещение годового плана на интернет-ресурсе (не позднее 20 декабря)",
        "R7.3": "R7.3 Самое раннее начало проверки после уведомления (одни сутки)",
        "R9.1": "R9.1 Окончание проверки (10 рабочих дней)",
        "R9.2": "R9.2 Окончание продлённой проверки (15 рабочих дней)",
        "R9.4": "R9.4 Уведомление о продлении (за рабочий день до окончания)",
        "R12.2": "R12.2 Мотивированный ответ на замечания и (или) возражения (15 рабочих дней)",
        "R14.1": "R14.1 Минимальный срок устранения нарушений (10 календарных дней)",
    },
    "kk": {
        "R2.3": "R2.3 Жылдық жоспарды бекіту (1 желтоқсанынан кешіктірмей)",
        "R2.4": "R2.4 Жылдық жоспарды интернет-ресурста орналастыру (20 желтоқсанынан кешіктірілмей)",
        "R7.3": "R7.3 Хабарламадан кейін тексерудің ең ерте басталуы (бір тәулік)",
        "R9.1": "R9.1 Тексерудің аяқталуы (10 жұмыс күні)",
        "R9.2": "R9.2 Ұзартылған тексерудің аяқталуы (15 жұмыс күні)",
        "R9.4": "R9.4 Ұзарту туралы хабарлама (аяқталуға бір жұмыс күні қалғанда)",
        "R12.2": "R12.2 Ескертулерге және (немесе) қарсылықтарға уәжді жауап (15 жұмыс күні)",
        "R14.1": "R14.1 Бұзушылықтарды жоюдың ең қысқа мерзімі (10 күнтізбелік күн)",
    },
}

_MESSAGES = {
    "en": {
        "event.inspection_start": "Start of the inspection: {date}",
        "event.current_end": "Current end date of the inspection: {date}",
        "event.objections_received": "Remarks or objections received: {date}",
        "event.act_delivered": "Results act delivered: {date}",
        "event.deadline": "Deadline as set: {date}",
        "event.notice": "Notice of the start delivered: {date}",
        "event.plan_year": "Annual plan of periodic inspections for {year}",
        "start_not_working": "{date} is not a working day, so day 1 is the next working day",
        "count_from": "Counting starts on the next day, {date} (Civil Code Art. 187)",
        "day_n": "day {n} — {date}",
        "day_n_weekend": "day {n} — {date}, a working day: {name}",
        "day_n_weekend_basis": "day {n} — {date}, a working day: {name} (basis: {basis})",
        "skip": "{date} is a day off: {name}",
        "skip_moved": "{date} is a day off: {name} (moved from {src})",
        "skip_substituted": "{date} is a day off moved from {src}",
        "skip_basis": "{date} is a day off: {name} (basis: {basis})",
        "skip_plain": "{date} is a day off",
        "previous_working_day": "The working day before it: {date}",
        "plus_calendar_days": "{src} + {n} calendar days = {date}",
        "roll_forward": "{src} is not a working day, so the period ends on the next"
        " working day, {date} (Civil Code Art. 188)",
        "plus_hours": "+ {n} hours (one full day): the inspection may start from {date}",
        "time_unknown": "The time of the notice is not recorded, so 00:00 is assumed:"
        " record the time of the notice to get an exact result",
        "fixed_date": "No later than {date}: a fixed date, not moved when it falls on a day off",
        "warning_from": "Reminders start on {date}",
        "result": "Result: {date}",
        "result_effective": "Result: {date}; the period effectively ends on {effective}",
        "unc.unconfirmed_year": "{year} has no confirmed government calendar yet:"
        " the result may change",
        "unc.estimated_date": "{date} ({name}) is an estimated date: the day off may move",
        # summary
        "sum.count": "{nth} working day counting {date} as day 1",
        "sum.previous": "the working day before {date}",
        "sum.calendar": "{src} + {n} calendar days = {date}",
        "sum.calendar_rolled": "{src} + {n} calendar days = {date}, a day off:"
        " the period ends on {effective}",
        "sum.roll": "{src} is a day off: the period ends on the next working day, {date}",
        "sum.no_roll": "{date} is a working day",
        "sum.hours": "notice {src} + {n} hours = {date}",
        "sum.hours_unknown": "notice {src} (time not recorded: 00:00) + {n} hours = {date}",
        "sum.fixed": "fixed date for the {year} plan: {date}",
        "sum.off_one": "{days} is a day off",
        "sum.off_many": "{days} are days off",
        "sum.work_one": "{days} is a working day",
        "sum.work_many": "{days} are working days",
        "sum.provisional": " (provisional)",
    },
    "ru": {
        "event.inspection_start": "Начало проверки: {date}",
        "event.current_end": "Текущая дата окончания проверки: {date}",
        "event.objections_received": "Замечания и (или) возражения получены: {date}",
        "event.act_delivered": "Акт о результатах проверки вручён: {date}",
        "event.deadline": "Установленный срок: {date}",
        "event.notice": "Уведомление о начале проверки вручено: {date}",
        "event.plan_year": "План проведения периодических проверок на {year} год",
        "start_not_working": "{date} — нерабочий день, поэтому первым днём считается"
        " следующий рабочий день",
        "count_from": "Срок исчисляется со следующего дня — {date} (ст. 187 ГК РК)",
        "day_n": "{n}-й рабочий день — {date}",
        "day_n_weekend": "{n}-й рабочий день — {date}, рабочий день: {name}",
        "day_n_weekend_basis": "{n}-й рабочий день — {date}, рабочий день: {name}"
        " (основание: {basis})",
        "skip": "{date} — выходной день: {name}",
        "skip_moved": "{date} — выходной день: {name} (перенесён с {src})",
        "skip_substituted": "{date} — выходной день, перенесённый с {src}",
        "skip_basis": "{date} — выходной день: {name} (основание: {basis})",
        "skip_plain": "{date} — выходной день",
        "previous_working_day": "Предшествующий рабочий день: {date}",
        "plus_calendar_days": "{src} + {n} {days_word} = {date}",
        "roll_forward": "{src} — нерабочий день, поэтому срок истекает в следующий"
        " рабочий день: {date} (ст. 188 ГК РК)",
        "plus_hours": "+ {n} {hours_word} (одни сутки): проверка может начаться не ранее {date}",
        "time_unknown": "Время уведомления не указано, поэтому принято 00:00: для точного"
        " расчёта укажите время уведомления",
        "fixed_date": "Крайний срок: {date} (фиксированная дата: не переносится,"
        " даже если приходится на выходной день)",
        "warning_from": "Напоминания начинаются с {date}",
        "result": "Итог: {date}",
        "result_effective": "Итог: {date}; фактически срок истекает {effective}",
        "unc.unconfirmed_year": "Производственный календарь на {year} год ещё не утверждён:"
        " результат может измениться",
        "unc.estimated_date": "{date} ({name}) — ориентировочная дата: выходной день"
        " может сместиться",
        # summary
        "sum.count": "{n}-й рабочий день, если считать {date} первым",
        "sum.previous": "рабочий день, предшествующий {date}",
        "sum.calendar": "{src} + {n} {days_word} = {date}",
        "sum.calendar_rolled": "{src} + {n} {days_word} = {date}, нерабочий день:"
        " срок истекает {effective}",
        "sum.roll": "{src} — нерабочий день: срок переносится на следующий рабочий день, {date}",
        "sum.no_roll": "{date} — рабочий день",
        "sum.hours": "уведомление {src} + {n} {hours_word} = {date}",
        "sum.hours_unknown": "уведомление {src} (время не указано: 00:00) + {n} {hours_word}"
        " = {date}",
        "sum.fixed": "фиксированная дата для плана на {year} год: {date}",
        "sum.off_one": "{days} — нерабочий день",
        "sum.off_many": "{days} — нерабочие дни",
        "sum.work_one": "{days} — рабочий день",
        "sum.work_many": "{days} — рабочие дни",
        "sum.provisional": " (предварительно)",
    },
    "kk": {
        "event.inspection_start": "Тексерудің басталған күні: {date}",
        "event.current_end": "Тексерудің қазіргі аяқталу күні: {date}",
        "event.objections_received": "Ескертулер және (немесе) қарсылықтар алынған күн: {date}",
        "event.act_delivered": "Тексеру нәтижелері туралы акт табыс етілген күн: {date}",
        "event.deadline": "Белгіленген мерзім: {date}",
        "event.notice": "Тексерудің басталуы туралы хабарлама табыс етілді: {date}",
        "event.plan_year": "{year} жылға арналған мерзімді тексерулер жүргізу жоспары",
        "start_not_working": "{date} — жұмыс күні емес, сондықтан 1-күн — келесі жұмыс күні",
        "count_from": "Мерзім келесі күннен бастап есептеледі: {date} (ҚР АК 187-бабы)",
        "day_n": "{n}-жұмыс күні — {date}",
        "day_n_weekend": "{n}-жұмыс күні — {date}, жұмыс күні: {name}",
        "day_n_weekend_basis": "{n}-жұмыс күні — {date}, жұмыс күні: {name} (негіздеме: {basis})",
        "skip": "{date} — демалыс күні: {name}",
        "skip_moved": "{date} — демалыс күні: {name} ({src} орнына)",
        "skip_substituted": "{date} — демалыс күні ({src} орнына ауыстырылған)",
        "skip_basis": "{date} — демалыс күні: {name} (негіздеме: {basis})",
        "skip_plain": "{date} — демалыс күні",
        "previous_working_day": "Оның алдындағы жұмыс күні: {date}",
        "plus_calendar_days": "{src} + {n} күнтізбелік күн = {date}",
        "roll_forward": "{src} — жұмыс күні емес, сондықтан мерзім келесі жұмыс күні"
        " аяқталады: {date} (ҚР АК 188-бабы)",
        "plus_hours": "+ {n} сағат (бір тәулік): тексерудің ең ерте басталу уақыты — {date}",
        "time_unknown": "Хабарламаның уақыты көрсетілмеген, сондықтан 00:00 деп алынды:"
        " дәл есептеу үшін хабарлама уақытын көрсетіңіз",
        "fixed_date": "Соңғы мерзім: {date} (тұрақты күн: демалыс күніне түссе де ауыстырылмайды)",
        "warning_from": "Еске салулар басталатын күн: {date}",
        "result": "Нәтиже: {date}",
        "result_effective": "Нәтиже: {date}; мерзімнің нақты соңғы күні: {effective}",
        "unc.unconfirmed_year": "{year} жылға арналған өндірістік күнтізбе әлі бекітілмеген:"
        " нәтиже өзгеруі мүмкін",
        "unc.estimated_date": "{date} ({name}) — болжамды күн: демалыс күні ауысуы мүмкін",
        # summary
        "sum.count": "{n}-жұмыс күні, 1-күн — {date}",
        "sum.previous": "{date} күнінің алдындағы жұмыс күні",
        "sum.calendar": "{src} + {n} күнтізбелік күн = {date}",
        "sum.calendar_rolled": "{src} + {n} күнтізбелік күн = {date}, демалыс күні:"
        " мерзімнің соңғы күні — {effective}",
        "sum.roll": "{src} — демалыс күні: мерзімнің соңғы күні — келесі жұмыс күні, {date}",
        "sum.no_roll": "{date} — жұмыс күні",
        "sum.hours": "хабарлама {src} + {n} сағат = {date}",
        "sum.hours_unknown": "хабарлама {src} (уақыты көрсетілмеген: 00:00) + {n} сағат = {date}",
        "sum.fixed": "{year} жылғы жоспар үшін тұрақты күн: {date}",
        "sum.off_one": "{days} — демалыс күні",
        "sum.off_many": "{days} — демалыс күндері",
        "sum.work_one": "{days} — жұмыс күні",
        "sum.work_many": "{days} — жұмыс күндері",
        "sum.provisional": " (алдын ала)",
    },
}


# --------------------------------------------------------------------------- helpers


def _locale(locale) -> str:
    """ "kk", "ru" or "en" from a code such as "ru_RU" or a Babel Locale; default kk."""
    code = str(locale or "").replace("-", "_").split("_")[0].lower()
    return code if code in LOCALES else DEFAULT_LOCALE


@lru_cache(maxsize=8192)
def _fmt(d: date, kind: str, lang: str) -> str:
    """``d`` written the ``kind`` way in ``lang``; kept (issue 13: Babel takes about 10 µs
    a date and an explanation writes a dozen)."""
    return format_date(d, format=_PATTERNS[lang][kind], locale=lang)


def _fmt_moment(moment: datetime, lang: str, *, with_time: bool = True) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(ALMATY)
    text = _fmt(moment.date(), "full", lang)
    return f"{text}, {moment:%H:%M}" if with_time else text


def _ru_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _en_ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _words(n: int) -> dict:
    """Extra template fields that need a number agreement (Russian)."""
    return {
        "days_word": _ru_plural(n, "календарный день", "календарных дня", "календарных дней"),
        "hours_word": _ru_plural(n, "час", "часа", "часов"),
    }


def _name(info: DayInfo, lang: str) -> str:
    plain = plain_names(info).get(lang, "")
    return plain or info.names.get(lang, "")


def _skip_line(info: DayInfo, lang: str) -> str:
    msg = _MESSAGES[lang]
    when = _fmt(info.day, "full", lang)
    if info.kind == KIND_OVERRIDE_DAY_OFF:
        if info.basis:
            return msg["skip_basis"].format(date=when, name=_name(info, lang), basis=info.basis)
        return msg["skip"].format(date=when, name=_name(info, lang))
    if info.kind == KIND_HOLIDAY:
        name = plain_names(info).get(lang, "")
        if info.moved_from is not None:
            src = _fmt(info.moved_from, "wdm", lang)
            if name:
                return msg["skip_moved"].format(date=when, name=name, src=src)
            return msg["skip_substituted"].format(date=when, src=src)
        name = name or info.names.get(lang, "")
        if name:
            return msg["skip"].format(date=when, name=name)
    return msg["skip_plain"].format(date=when)


def _day_n_line(step: Step, lang: str) -> str:
    msg = _MESSAGES[lang]
    when = _fmt(step.day, "full", lang)
    info = step.info
    if info is None or info.kind not in (KIND_OVERRIDE_WORKING_DAY, KIND_WORKING_WEEKEND):
        return msg["day_n"].format(n=step.n, date=when)
    name = _name(info, lang)
    if info.basis:
        return msg["day_n_weekend_basis"].format(n=step.n, date=when, name=name, basis=info.basis)
    return msg["day_n_weekend"].format(n=step.n, date=when, name=name)


def _start_line(step: Step, lang: str) -> str:
    msg = _MESSAGES[lang]
    event = step.extra.get("event", "")
    if event == "plan_year":
        return msg["event.plan_year"].format(year=step.n)
    if event == "notice":
        at = step.extra.get("at")
        if isinstance(at, datetime):
            text = _fmt_moment(at, lang, with_time=bool(step.extra.get("time_known")))
        else:
            text = _fmt(step.day, "full", lang)
        return msg["event.notice"].format(date=text)
    key = f"event.{event}"
    if key not in msg:
        key = "event.deadline"
    return msg[key].format(date=_fmt(step.day, "full", lang))


def _step_line(step: Step, lang: str) -> str | None:
    msg = _MESSAGES[lang]
    code = step.code
    if code == "start":
        return _start_line(step, lang)
    if code == "start_not_working":
        return msg["start_not_working"].format(date=_fmt(step.day, "full", lang))
    if code == "count_from":
        return msg["count_from"].format(date=_fmt(step.day, "full", lang))
    if code == "day_n":
        return _day_n_line(step, lang)
    if code == "skip":
        info = step.info
        if info is None:
            return msg["skip_plain"].format(date=_fmt(step.day, "full", lang))
        return _skip_line(info, lang)
    if code == "previous_working_day":
        return msg["previous_working_day"].format(date=_fmt(step.day, "full", lang))
    if code == "plus_calendar_days":
        return msg["plus_calendar_days"].format(
            src=_fmt(step.extra["from"], "full", lang),
            n=step.n,
            date=_fmt(step.day, "full", lang),
            **_words(step.n or 0),
        )
    if code == "roll_forward":
        return msg["roll_forward"].format(
            src=_fmt(step.extra["from"], "full", lang), date=_fmt(step.day, "full", lang)
        )
    if code == "plus_hours":
        return msg["plus_hours"].format(
            n=step.n, date=_fmt_moment(step.extra["at"], lang), **_words(step.n or 0)
        )
    if code == "time_unknown":
        return msg["time_unknown"]
    if code == "fixed_date":
        return msg["fixed_date"].format(date=_fmt(step.day, "full", lang))
    if code == "warning_from":
        return msg["warning_from"].format(date=_fmt(step.day, "dmy", lang))
    if code == "result":
        effective = step.extra.get("effective_day")
        if effective is not None and effective != step.day:
            return msg["result_effective"].format(
                date=_fmt(step.day, "full", lang), effective=_fmt(effective, "full", lang)
            )
        at = step.extra.get("at")
        if isinstance(at, datetime):
            return msg["result"].format(date=_fmt_moment(at, lang))
        return msg["result"].format(date=_fmt(step.day, "full", lang))
    return None


def _uncertainty_line(u: Uncertainty, lang: str) -> str | None:
    msg = _MESSAGES[lang]
    if u.code == "unconfirmed_year":
        return msg["unc.unconfirmed_year"].format(year=u.year)
    if u.code == "estimated_date" and u.day is not None:
        name = (u.names or {}).get(lang, "")
        if not name:
            return (
                msg["unc.estimated_date"]
                .replace(" ({name})", "")
                .format(date=_fmt(u.day, "dmy", lang))
            )
        return msg["unc.estimated_date"].format(date=_fmt(u.day, "dmy", lang), name=name)
    return None


# --------------------------------------------------------------------------- public


def explain(deadline: Deadline, locale: str) -> list[str]:
    """The computation of ``deadline`` as sentences in ``locale`` ("kk", "ru", "en"),
    followed by a line for each uncertainty."""
    lang = _locale(locale)
    lines = [line for step in deadline.steps if (line := _step_line(step, lang))]
    lines += [line for u in deadline.uncertainties if (line := _uncertainty_line(u, lang))]
    return lines


def _group_days(days: list[date], lang: str) -> tuple[str, bool]:
    """ "9 Mar, 23–25 Mar": consecutive days grouped; True when more than one day."""
    days = sorted(set(days))
    runs: list[list[date]] = []
    for d in days:
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        a, b = run[0], run[-1]
        if a == b:
            parts.append(_fmt(a, "dm", lang))
        elif (a.year, a.month) == (b.year, b.month):
            parts.append(f"{a.day}–{_fmt(b, 'dm', lang)}")
        else:
            parts.append(f"{_fmt(a, 'dm', lang)} – {_fmt(b, 'dm', lang)}")
    return ", ".join(parts), len(days) > 1


def _day_lists(deadline: Deadline, lang: str) -> list[str]:
    msg = _MESSAGES[lang]
    off = [s.day for s in deadline.steps if s.code in ("skip", "start_not_working")]
    off = [d for d in off if d.weekday() < 5]
    work = [
        s.day
        for s in deadline.steps
        if s.code == "day_n"
        and s.info is not None
        and s.info.kind in (KIND_OVERRIDE_WORKING_DAY, KIND_WORKING_WEEKEND)
    ]
    parts = []
    if off:
        text, many = _group_days(off, lang)
        parts.append(msg["sum.off_many" if many else "sum.off_one"].format(days=text))
    if work:
        text = ", ".join(_fmt(d, "wdm", lang) for d in sorted(work))
        parts.append(msg["sum.work_many" if len(work) > 1 else "sum.work_one"].format(days=text))
    return parts


def summary(deadline: Deadline, locale: str) -> str:
    """One short line, e.g. "10th working day counting Wed 4 Mar 2026 as day 1; 9 Mar is
    a day off"."""
    lang = _locale(locale)
    msg = _MESSAGES[lang]
    codes = {s.code: s for s in deadline.steps}
    start = codes.get("start")
    head: str
    extra_parts: list[str] = []
    if "day_n" in codes:
        days = [s for s in deadline.steps if s.code == "day_n"]
        first = min(days, key=lambda s: s.n)
        last = max(days, key=lambda s: s.n)
        head = msg["sum.count"].format(
            nth=_en_ordinal(last.n), n=last.n, date=_fmt(first.day, "full", lang)
        )
        extra_parts = _day_lists(deadline, lang)
    elif "previous_working_day" in codes:
        pattern = "dmy" if lang == "kk" else "full"
        head = msg["sum.previous"].format(date=_fmt(start.day, pattern, lang))
        extra_parts = _day_lists(deadline, lang)
    elif "plus_calendar_days" in codes:
        step = codes["plus_calendar_days"]
        fields = {
            "src": _fmt(step.extra["from"], "full", lang),
            "n": step.n,
            "date": _fmt(step.day, "full", lang),
            **_words(step.n or 0),
        }
        effective = deadline.effective_day
        if effective is not None and effective != step.day:
            head = msg["sum.calendar_rolled"].format(
                effective=_fmt(effective, "full", lang), **fields
            )
        else:
            head = msg["sum.calendar"].format(**fields)
    elif "plus_hours" in codes:
        step = codes["plus_hours"]
        at = start.extra.get("at")
        known = bool(start.extra.get("time_known"))
        src = (
            _fmt_moment(at, lang, with_time=known)
            if isinstance(at, datetime)
            else _fmt(start.day, "full", lang)
        )
        key = "sum.hours" if known else "sum.hours_unknown"
        head = msg[key].format(
            src=src, n=step.n, date=_fmt_moment(step.extra["at"], lang), **_words(step.n or 0)
        )
    elif "fixed_date" in codes:
        head = msg["sum.fixed"].format(
            year=start.n if start is not None else "", date=_fmt(deadline.day, "full", lang)
        )
    elif "roll_forward" in codes:
        step = codes["roll_forward"]
        head = msg["sum.roll"].format(
            src=_fmt(step.extra["from"], "full", lang), date=_fmt(step.day, "full", lang)
        )
    else:
        head = msg["sum.no_roll"].format(date=_fmt(deadline.day, "full", lang))
    text = "; ".join([head, *extra_parts])
    if deadline.uncertainties:
        text += msg["sum.provisional"]
    return text


def rule_title(rule: str, locale: str) -> str:
    """The rule's ID and short title, e.g. "R9.1 End of fieldwork (10 working days)"."""
    lang = _locale(locale)
    return _TITLES[lang].get(rule, rule)
