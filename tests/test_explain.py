"""Explanations of the statutory dates (R2.3, R2.4, R7.3, R9.1, R9.2, R9.4, R12.2, R14.1)
in Kazakh, Russian and English."""

from __future__ import annotations

import re
from datetime import date

import pytest

from inspections import explain as ex
from inspections.calendar import OVERRIDE_DAY_OFF, OVERRIDE_WORKING_DAY, Override, WorkingCalendar
from inspections.deadlines import RULES, fieldwork_end, objection_reply_due
from inspections.explain import explain, rule_title, summary

D = date.fromisoformat
CAL = WorkingCalendar()
LATIN = re.compile(r"[A-Za-z]")

# (rule, argument) covering every step code
CASES = [
    ("R2.3", "2027"),
    ("R2.4", "2027"),
    ("R7.3", "2026-03-03T15:30"),
    ("R7.3", "2026-03-03"),
    ("R9.1", "2026-03-04"),
    ("R9.1", "2026-03-21"),
    ("R9.1", "2024-04-30"),
    ("R9.1", "2026-12-24"),
    ("R9.2", "2026-03-18"),
    ("R9.4", "2026-03-26"),
    ("R12.2", "2026-03-20"),
    ("R12.2", "2026-05-15"),
    ("R14.1", "2026-03-13"),
    ("R14.1", "2026-03-02"),
]


def norm(text: str) -> str:
    """Babel uses U+202F and U+00A0 spaces: compare with plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def lines(rule: str, arg: str, lang: str, cal: WorkingCalendar = CAL) -> str:
    return norm("\n".join(explain(RULES[rule](arg, cal), lang)))


# ------------------------------------------------------------------------ R9.1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Wed 4 Mar 2026", "Wed 18 Mar 2026", "International Women's Day",
                "moved from Sun 8 Mar", "day 1", "day 10"]),
        ("ru", ["ср, 4 марта 2026 г.", "ср, 18 марта 2026 г.", "Международный женский день",
                "перенесён с вс, 8 марта", "1-й рабочий день", "10-й рабочий день"]),
        ("kk", ["2026 ж. 4 наурыз, ср", "2026 ж. 18 наурыз, ср", "Халықаралық әйелдер күні",
                "8 наурыз, жс орнына", "1-жұмыс күні", "10-жұмыс күні"]),
    ],
)  # fmt: skip
def test_r9_1_explained_in_three_languages(lang, expected):
    """R9.1: the explanation names day 1, the day off (with its holiday and the weekend day
    it was moved from) and day 10, in kk, ru and en."""
    text = lines("R9.1", "2026-03-04", lang)
    for fragment in expected:
        assert fragment in text, (fragment, text)


def test_r9_1_explanation_lines_en():
    """R9.1: the English explanation step by step."""
    assert [norm(x) for x in explain(fieldwork_end(D("2026-03-04"), CAL), "en")] == [
        "Start of the inspection: Wed 4 Mar 2026",
        "day 1 — Wed 4 Mar 2026",
        "Mon 9 Mar 2026 is a day off: International Women's Day (moved from Sun 8 Mar)",
        "day 10 — Wed 18 Mar 2026",
        "Result: Wed 18 Mar 2026",
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "10th working day counting Wed 4 Mar 2026 as day 1; 9 Mar is a day off"),
        ("ru", "10-й рабочий день, если считать ср, 4 марта 2026 г. первым;"
               " 9 марта — нерабочий день"),
        ("kk", "10-жұмыс күні, 1-күн — 2026 ж. 4 наурыз, ср; 9 наурыз — демалыс күні"),
    ],
)  # fmt: skip
def test_r9_1_summary(lang, expected):
    """R9.1: the one-line summary."""
    assert norm(summary(fieldwork_end(D("2026-03-04"), CAL), lang)) == expected


def test_summary_groups_consecutive_days_off():
    """R9.2: consecutive days off are grouped (23–25 Mar)."""
    result = RULES["R9.2"]("2026-03-18", CAL)
    assert norm(summary(result, "en")) == (
        "15th working day counting Thu 19 Mar 2026 as day 1; 23–25 Mar are days off"
    )
    assert "23–25 марта — нерабочие дни" in norm(summary(result, "ru"))
    assert "23–25 наурыз — демалыс күндері" in norm(summary(result, "kk"))


def test_summary_lists_working_weekend_days():
    """R9.1: a worked Saturday is mentioned in the summary (4 May 2024)."""
    result = RULES["R9.1"]("2024-04-30", CAL)
    text = norm(summary(result, "en"))
    assert "1 May, 7–9 May are days off" in text
    assert "Sat 4 May is a working day" in text
    assert "сб, 4 мая — рабочий день" in norm(summary(result, "ru"))


# ----------------------------------------------------------- holidays and uncertainty


def test_r12_2_russian_holiday_names_come_from_mapping():
    """R12.2: Russian explanations use our ru names (the library has none)."""
    text = lines("R12.2", "2026-03-20", "ru")
    assert "Наурыз мейрамы" in text
    assert "Nowruz" not in text
    text = lines("R12.2", "2026-05-15", "ru")
    assert "Курбан айт" in text
    assert "27 мая 2026 г. (Курбан айт) — ориентировочная дата" in text


def test_uncertainty_lines_in_three_languages():
    """R9.1 / R12.2: an unconfirmed year and an estimated date are explained."""
    assert "2027 has no confirmed government calendar yet: the result may change" in lines(
        "R9.1", "2026-12-24", "en"
    )
    assert "2027 год ещё не утверждён" in lines("R9.1", "2026-12-24", "ru")
    assert "2027 жылға арналған өндірістік күнтізбе әлі бекітілмеген" in lines(
        "R9.1", "2026-12-24", "kk"
    )
    assert "27 May 2026 (Eid al-Adha) is an estimated date" in lines("R12.2", "2026-05-15", "en")
    assert "2026 ж. 27 мамыр (Құрбан айт) — болжамды күн" in lines("R12.2", "2026-05-15", "kk")
    for lang, word in (("en", "provisional"), ("ru", "предварительно"), ("kk", "алдын ала")):
        assert word in summary(RULES["R9.1"]("2026-12-24", CAL), lang)
        assert word not in summary(RULES["R9.1"]("2026-03-04", CAL), lang)


def test_r14_1_explains_roll_forward():
    """R14.1: delivered 13 Mar 2026 -> 23 Mar (Nauryz) -> effective end 26 Mar (Art. 188)."""
    en = lines("R14.1", "2026-03-13", "en")
    assert "Fri 13 Mar 2026 + 10 calendar days = Mon 23 Mar 2026" in en
    assert "Thu 26 Mar 2026 (Civil Code Art. 188)" in en
    ru = lines("R14.1", "2026-03-13", "ru")
    assert "+ 10 календарных дней = пн, 23 марта 2026 г." in ru
    assert "ст. 188 ГК РК" in ru
    kk = lines("R14.1", "2026-03-13", "kk")
    assert "+ 10 күнтізбелік күн = 2026 ж. 23 наурыз, дс" in kk
    assert "ҚР АК 188-бабы" in kk


def test_r7_3_explains_time_and_missing_time():
    """R7.3: the notice time + 24 hours; a date alone asks for the time to be recorded."""
    assert "Wed 4 Mar 2026, 15:30" in lines("R7.3", "2026-03-03T15:30", "en")
    assert "ср, 4 марта 2026 г., 15:30" in lines("R7.3", "2026-03-03T15:30", "ru")
    assert "record the time of the notice" in lines("R7.3", "2026-03-03", "en")
    assert "укажите время уведомления" in lines("R7.3", "2026-03-03", "ru")
    assert "хабарлама уақытын көрсетіңіз" in lines("R7.3", "2026-03-03", "kk")


def test_r2_3_r2_4_explained():
    """R2.3 and R2.4: fixed dates for the 2027 plan."""
    assert "Tue 1 Dec 2026" in lines("R2.3", "2027", "en")
    assert "Reminders start on 15 Nov 2026" in lines("R2.3", "2027", "en")
    assert "вс, 20 декабря 2026 г." in lines("R2.4", "2027", "ru")
    assert "2026 ж. 20 желтоқсан, жс" in lines("R2.4", "2027", "kk")


def test_overrides_are_explained_with_their_basis():
    """R9.1 with overrides: the admin's day off and working Saturday are named with the
    order that decided them."""
    cal = WorkingCalendar([
        Override(D("2026-03-12"), OVERRIDE_DAY_OFF, "Қосымша демалыс", "№ 5 бұйрық"),
        Override(D("2026-03-14"), OVERRIDE_WORKING_DAY, "Жұмыс сенбісі", "№ 6 бұйрық"),
    ])  # fmt: skip
    text = lines("R9.1", "2026-03-04", "kk", cal)
    assert "2026 ж. 12 наурыз, бс — демалыс күні: Қосымша демалыс (негіздеме: № 5 бұйрық)" in text
    assert "Жұмыс сенбісі (негіздеме: № 6 бұйрық)" in text
    assert not LATIN.search(text)


# ------------------------------------------------------------------ languages


@pytest.mark.parametrize(("rule", "arg"), CASES)
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_rule_explained_in_every_language(rule, arg, lang):
    """R2.3 R2.4 R7.3 R9.1 R9.2 R9.4 R12.2 R14.1: non-empty explanation and summary with
    the result's date."""
    result = RULES[rule](arg, CAL)
    text = explain(result, lang)
    assert text and all(line.strip() for line in text)
    assert summary(result, lang).strip()
    day_month = ex._fmt(result.day, "dm", lang)
    assert any(day_month in line for line in text), (day_month, text)


@pytest.mark.parametrize(("rule", "arg"), CASES)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_in_kazakh_or_russian(rule, arg, lang):
    """R2.3 R2.4 R7.3 R9.1 R9.2 R9.4 R12.2 R14.1: no English leaks into kk or ru text."""
    result = RULES[rule](arg, CAL)
    for line in [*explain(result, lang), summary(result, lang)]:
        assert not LATIN.search(line), line
    title = rule_title(result.rule, lang)
    assert title.startswith(result.rule + " ")
    assert not LATIN.search(title[len(result.rule) :]), title


def test_unknown_locale_falls_back_to_kazakh():
    """Explanations: an unknown locale falls back to kk; "ru_RU" means ru."""
    result = fieldwork_end(D("2026-03-04"), CAL)
    assert explain(result, "de") == explain(result, "kk")
    assert explain(result, "ru_RU") == explain(result, "ru")
    assert summary(result, "") == summary(result, "kk")
    assert rule_title("R9.1", "fr") == rule_title("R9.1", "kk")


def test_rule_titles():
    """R2.3 R2.4 R7.3 R9.1 R9.2 R9.4 R12.2 R14.1: each rule has a title in each language."""
    assert rule_title("R9.1", "en") == "R9.1 End of fieldwork (10 working days)"
    for rule in RULES:
        for lang in ("kk", "ru", "en"):
            assert rule_title(rule, lang).startswith(rule + " ")
    assert rule_title("R99.9", "en") == "R99.9"


def test_message_templates_complete():
    """Explanations: every locale has the same message keys and titles."""
    keys = set(ex._MESSAGES["en"])
    for lang in ("kk", "ru"):
        assert set(ex._MESSAGES[lang]) == keys, lang
        assert set(ex._TITLES[lang]) == set(ex._TITLES["en"]), lang


def test_objection_day_off_before_day_1_is_explained():
    """R12.2: days off between receipt and day 1 are shown (Nauryz 23–25 Mar 2026)."""
    result = objection_reply_due(D("2026-03-20"), CAL)
    text = norm("\n".join(explain(result, "en")))
    assert "Mon 23 Mar 2026 is a day off: Nowruz Holiday" in text
    assert "Tue 24 Mar 2026 is a day off: Nowruz Holiday (moved from Sat 21 Mar)" in text


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"),
     (12, "12th"), (13, "13th"), (15, "15th"), (21, "21st"), (22, "22nd"), (111, "111th")],
)  # fmt: skip
def test_english_ordinals(n, text):
    """Explanations: English ordinals in summaries."""
    assert ex._en_ordinal(n) == text
