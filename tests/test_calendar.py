"""The working-day calendar ("Counting days" in RULES.md) that R7.3, R9.1, R9.2, R9.4,
R12.2 and R14.1 are counted on.

Expected values are taken from inspections/data/kz_calendar.csv (the checked list of days
off and working weekends 2024-2027), not from the code's output.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from inspections import calendar as calmod
from inspections.calendar import (
    DEFAULT_CONFIRMED_YEARS,
    OVERRIDE_DAY_OFF,
    OVERRIDE_WORKING_DAY,
    RU_HOLIDAY_NAMES,
    DayInfo,
    Override,
    Uncertainty,
    WorkingCalendar,
    plain_names,
    ru_holiday_name,
)
from inspections.deadlines import fieldwork_end

REPO = Path(__file__).resolve().parents[1]
CSV_PATH = REPO / "inspections" / "data" / "kz_calendar.csv"
NON_WORKING_KINDS = {"holiday_day_off", "substitute_day_off", "transferred_day_off"}
WORKING_WEEKEND_KINDS = {"working_saturday"}

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


# ------------------------------------------------------------------ table of known days

# (day, working, kind, English name (base, "" = none/any), moved_from)
DAY_CASES = [
    # New Year 2025: Fri 3 Jan is the day off moved from Sun 5 Jan, which is worked.
    ("2024-12-31", True, "weekday", "", None),
    ("2025-01-01", False, "holiday", "New Year's Day", None),
    ("2025-01-02", False, "holiday", "New Year's Day", None),
    ("2025-01-03", False, "holiday", "", "2025-01-05"),
    ("2025-01-04", False, "weekend", "", None),
    ("2025-01-05", True, "working_weekend", "", None),
    ("2025-01-06", True, "weekday", "", None),
    ("2025-01-07", False, "holiday", "Orthodox Christmas", None),
    # New Year 2026 / 2027
    ("2026-01-01", False, "holiday", "New Year's Day", None),
    ("2026-01-02", False, "holiday", "New Year's Day", None),
    ("2026-01-05", True, "weekday", "", None),
    ("2027-01-01", False, "holiday", "New Year's Day", None),
    ("2027-01-02", False, "holiday", "New Year's Day", None),
    ("2027-01-04", False, "holiday", "New Year's Day", "2027-01-02"),
    # Women's Day
    ("2024-03-08", False, "holiday", "International Women's Day", None),
    ("2025-03-10", False, "holiday", "International Women's Day", "2025-03-08"),
    ("2026-03-09", False, "holiday", "International Women's Day", "2026-03-08"),
    ("2026-03-10", True, "weekday", "", None),
    # Nauryz 2024: Thu 21, Fri 22, Sat 23 (-> Mon 25)
    ("2024-03-20", True, "weekday", "", None),
    ("2024-03-21", False, "holiday", "Nowruz Holiday", None),
    ("2024-03-22", False, "holiday", "Nowruz Holiday", None),
    ("2024-03-23", False, "holiday", "Nowruz Holiday", None),
    ("2024-03-25", False, "holiday", "Nowruz Holiday", "2024-03-23"),
    ("2024-03-26", True, "weekday", "", None),
    # Nauryz 2025: Fri 21, Sat 22 (-> Mon 24), Sun 23 (-> Tue 25)
    ("2025-03-21", False, "holiday", "Nowruz Holiday", None),
    ("2025-03-24", False, "holiday", "Nowruz Holiday", "2025-03-22"),
    ("2025-03-25", False, "holiday", "Nowruz Holiday", "2025-03-23"),
    ("2025-03-26", True, "weekday", "", None),
    # Nauryz 2026: Sat 21 (-> Tue 24), Sun 22 (-> Wed 25), Mon 23
    ("2026-03-20", True, "weekday", "", None),
    ("2026-03-21", False, "holiday", "Nowruz Holiday", None),
    ("2026-03-23", False, "holiday", "Nowruz Holiday", None),
    ("2026-03-24", False, "holiday", "Nowruz Holiday", "2026-03-21"),
    ("2026-03-25", False, "holiday", "Nowruz Holiday", "2026-03-22"),
    ("2026-03-26", True, "weekday", "", None),
    # May 2024: Sat 4 May worked, its day off moved to Wed 8 May
    ("2024-05-01", False, "holiday", "Kazakhstan's People Solidarity Holiday", None),
    ("2024-05-02", True, "weekday", "", None),
    ("2024-05-03", True, "weekday", "", None),
    ("2024-05-04", True, "working_weekend", "", None),
    ("2024-05-05", False, "weekend", "", None),
    ("2024-05-06", True, "weekday", "", None),
    ("2024-05-07", False, "holiday", "Defender of the Fatherland Day", None),
    ("2024-05-08", False, "holiday", "", "2024-05-04"),
    ("2024-05-09", False, "holiday", "Victory Day", None),
    ("2024-05-10", True, "weekday", "", None),
    # May 2025 / 2026
    ("2025-05-01", False, "holiday", "Kazakhstan's People Solidarity Holiday", None),
    ("2025-05-02", True, "weekday", "", None),
    ("2025-05-07", False, "holiday", "Defender of the Fatherland Day", None),
    ("2025-05-08", True, "weekday", "", None),
    ("2025-05-09", False, "holiday", "Victory Day", None),
    ("2026-05-01", False, "holiday", "Kazakhstan's People Solidarity Holiday", None),
    ("2026-05-07", False, "holiday", "Defender of the Fatherland Day", None),
    ("2026-05-08", True, "weekday", "", None),
    ("2026-05-11", False, "holiday", "Victory Day", "2026-05-09"),
    ("2026-05-27", False, "holiday", "Eid al-Adha", None),
    # Capital Day, Constitution Day, Republic Day, Independence Day
    ("2024-07-08", False, "holiday", "Capital Day", "2024-07-06"),
    ("2025-07-07", False, "holiday", "Capital Day", "2025-07-06"),
    ("2026-07-06", False, "holiday", "Capital Day", None),
    ("2024-08-30", False, "holiday", "Constitution Day", None),
    ("2025-09-01", False, "holiday", "Constitution Day", "2025-08-30"),
    ("2026-08-30", False, "weekend", "", None),  # no Constitution Day in 2026 (a Sunday)
    ("2026-08-31", True, "weekday", "", None),
    ("2027-08-30", True, "weekday", "", None),  # Constitution Day moved to 15 March
    ("2027-03-15", False, "holiday", "Constitution Day", None),
    ("2025-10-27", False, "holiday", "Republic Day", "2025-10-25"),
    ("2026-10-26", False, "holiday", "Republic Day", "2026-10-25"),
    ("2026-12-16", False, "holiday", "Independence Day", None),
    ("2026-12-17", True, "weekday", "", None),
]


@pytest.mark.parametrize(("day", "working", "kind", "name", "moved_from"), DAY_CASES)
def test_known_days(cal, day, working, kind, name, moved_from):
    """Counting days: weekdays, weekends, holidays, moved days off and working weekend days
    (2024-2027) as listed in kz_calendar.csv."""
    info = cal.day_info(D(day))
    assert isinstance(info, DayInfo)
    assert info.day == D(day)
    assert info.working is working
    assert cal.is_working_day(D(day)) is working
    assert info.kind == kind
    if name:
        assert plain_names(info)["en"] == name
    assert info.moved_from == (D(moved_from) if moved_from else None)
    assert info.basis == ""
    assert set(info.names) == {"en", "kk", "ru"}


def test_moved_day_off_names(cal):
    """Counting days: the moved days off and working weekends carry names in en, kk, ru."""
    moved = cal.day_info(D("2025-01-03"))
    assert "05.01.2025" in moved.names["ru"] and "05.01.2025" in moved.names["kk"]
    assert plain_names(moved) == {"en": "", "kk": "", "ru": ""}
    worked = cal.day_info(D("2024-05-04"))
    assert "08.05.2024" in worked.names["en"]
    assert "08.05.2024" in worked.names["ru"]
    observed = cal.day_info(D("2026-03-09"))
    assert observed.names["en"] == "International Women's Day (observed)"
    assert observed.names["ru"] == "Международный женский день (перенесённый выходной)"
    assert plain_names(observed)["ru"] == "Международный женский день"
    assert plain_names(observed)["kk"] == "Халықаралық әйелдер күні"


def test_2026_has_no_constitution_day_on_a_weekday(cal):
    """Counting days: 2026 has no Constitution Day day off at all; from 2027 it is 15 March."""
    for info in cal.year_days(2026):
        assert "Constitution" not in info.names["en"], info
    assert not cal.day_info(D("2026-08-30")).names["en"]
    assert cal.day_info(D("2027-03-15")).names["en"] == "Constitution Day"
    assert any("Constitution" in i.names["en"] for i in cal.year_days(2025))


def test_estimated_kurban_ait_2026(cal):
    """Counting days: the library only estimates Kurban Ait 2026 (27 May)."""
    info = cal.day_info(D("2026-05-27"))
    assert info.estimated is True
    assert info.names == {"en": "Eid al-Adha", "kk": "Құрбан айт", "ru": "Курбан айт"}
    assert cal.day_info(D("2025-06-06")).estimated is False


# ------------------------------------------------------------- agreement with the CSV


def _csv_rows() -> dict[date, dict]:
    assert CSV_PATH.is_file(), f"calendar CSV not found at {CSV_PATH}"
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        return {D(row["date"]): row for row in csv.DictReader(f)}


def test_library_agrees_with_checked_csv_2024_2027(cal):
    """Counting days: with no overrides, the calendar agrees day by day with
    kz_calendar.csv from 2024-01-01 to 2027-12-31 (working or not, and the kind)."""
    rows = _csv_rows()
    kinds = {row["kind"] for row in rows.values()}
    assert kinds <= NON_WORKING_KINDS | WORKING_WEEKEND_KINDS, kinds
    mismatches = []
    d = D("2024-01-01")
    while d <= D("2027-12-31"):
        row = rows.get(d)
        if row is None:
            expected = d.weekday() < 5
        elif row["kind"] in NON_WORKING_KINDS:
            expected = False
        else:
            expected = True
        info = cal.day_info(d)
        if info.working != expected or cal.is_working_day(d) != expected:
            mismatches.append((d, row and row["kind"], info.kind))
        elif row is not None:
            want = "working_weekend" if row["kind"] in WORKING_WEEKEND_KINDS else "holiday"
            if info.kind != want:
                mismatches.append((d, row["kind"], info.kind))
        d += timedelta(days=1)
    assert mismatches == []


def test_uncertain_csv_rows_are_reported(cal):
    """Counting days: every day the CSV marks as not certain is reported by uncertainty()."""
    for d, row in _csv_rows().items():
        if row["certain"] == "no":
            assert cal.uncertainty(d, d), d


# ------------------------------------------------------------------ Russian names


def _library_names(years) -> set[str]:
    names = set()
    for y in years:
        for name in holidays.country_holidays("KZ", years=y).values():
            names.add(name)
    return names


def test_every_library_name_2013_2030_has_a_russian_name():
    """Counting days: ru names come from our mapping; every name the library yields for
    2013-2030 (with "(observed)", "(estimated)", substituted days) must have one."""
    missing = []
    for name in sorted(_library_names(range(2013, 2031))):
        try:
            ru = ru_holiday_name(name)
        except KeyError:
            missing.append(name)
            continue
        assert not re.search(r"[A-Za-z]", ru), (name, ru)
    assert missing == [], f"add these to RU_HOLIDAY_NAMES: {missing}"


def test_day_info_russian_names_are_russian_2013_2030():
    """Counting days: every holiday's DayInfo.names['ru'] is Cyrillic text, 2013-2030."""
    cal = WorkingCalendar()
    for year in range(2013, 2031):
        for info in cal.year_days(year):
            for lang in ("ru", "kk"):
                if info.names[lang]:
                    assert not re.search(r"[A-Za-z]", info.names[lang]), (info, lang)
            if info.kind == "holiday":
                assert info.names["ru"], info


@pytest.mark.parametrize(
    ("en", "ru"),
    [
        ("Nowruz Holiday", "Наурыз мейрамы"),
        ("Kazakhstan's People Solidarity Holiday", "Праздник единства народа Казахстана"),
        ("Eid al-Adha", "Курбан айт"),
        ("Defender of the Fatherland Day", "День защитника Отечества"),
        ("Capital Day", "День столицы"),
        ("Republic Day", "День Республики"),
        ("Independence Day", "День Независимости"),
        ("Constitution Day", "День Конституции"),
        ("Orthodox Christmas", "Православное Рождество"),
        ("New Year's Day", "Новый год"),
        ("International Women's Day", "Международный женский день"),
        ("Victory Day", "День Победы"),
        ("Nowruz Holiday (observed)", "Наурыз мейрамы (перенесённый выходной)"),
        ("Eid al-Adha (estimated)", "Курбан айт (ориентировочно)"),
        (
            "Victory Day (observed, estimated)",
            "День Победы (перенесённый выходной, ориентировочно)",
        ),
        ("Day off (substituted from 05/04/2024)", "Выходной день (перенесён с 04.05.2024)"),
        ("Capital Day; Eid al-Adha", "День столицы; Курбан айт"),
    ],
)
def test_russian_holiday_names(en, ru):
    """Counting days: the en -> ru holiday name mapping."""
    assert ru_holiday_name(en) == ru


def test_unknown_name_has_no_russian_mapping():
    """Counting days: an unmapped name raises KeyError (so the 2013-2030 test would fail)."""
    with pytest.raises(KeyError):
        ru_holiday_name("Some New Holiday")
    assert "Some New Holiday" not in RU_HOLIDAY_NAMES


# ------------------------------------------------------------------------ overrides


def test_override_day_off_moves_r9_1_end():
    """R9.1 with an override: an extra day off on Thu 12 Mar 2026 moves the end of
    fieldwork started Wed 4 Mar from 18 to 19 Mar."""
    assert fieldwork_end(D("2026-03-04"), WorkingCalendar()).day == D("2026-03-18")
    extra = Override(
        D("2026-03-12"), OVERRIDE_DAY_OFF, "Extra day off", "Order No. 1 of 01.03.2026"
    )
    cal = WorkingCalendar([extra])
    assert fieldwork_end(D("2026-03-04"), cal).day == D("2026-03-19")
    info = cal.day_info(D("2026-03-12"))
    assert (info.working, info.kind, info.basis) == (
        False,
        "override_day_off",
        "Order No. 1 of 01.03.2026",
    )
    assert info.names == {"en": "Extra day off", "kk": "Extra day off", "ru": "Extra day off"}


def test_override_working_saturday_counts_for_r9_1():
    """R9.1 with an override: a working-day override on Sat 7 Mar 2026 counts, so the end
    of fieldwork started Wed 4 Mar becomes Tue 17 Mar."""
    sat = Override(D("2026-03-07"), OVERRIDE_WORKING_DAY, "Working Saturday", "Order No. 2")
    cal = WorkingCalendar([sat])
    assert cal.is_working_day(D("2026-03-07"))
    assert cal.day_info(D("2026-03-07")).kind == "override_working_day"
    assert fieldwork_end(D("2026-03-04"), cal).day == D("2026-03-17")


def test_override_wins_over_library_holiday():
    """Counting days: overrides win over the library (a library holiday made working)."""
    cal = WorkingCalendar([Override(D("2026-03-09"), OVERRIDE_WORKING_DAY, "Worked", "No. 3")])
    assert cal.is_working_day(D("2026-03-09"))
    assert fieldwork_end(D("2026-03-04"), cal).day == D("2026-03-17")
    assert D("2026-03-09") in [i.day for i in cal.year_days(2026)]


def test_override_rejects_unknown_kind():
    """Counting days: an override is a day off or a working day, nothing else."""
    with pytest.raises(ValueError):
        Override(D("2026-03-09"), "holiday", "x", "y")


# --------------------------------------------------------------------- uncertainty


def test_estimated_kurban_ait_reported_unless_overridden():
    """R12.2/R9.1 uncertainty: the estimated Kurban Ait 2026-05-27 is reported for a range
    that contains it, unless an override confirms (or corrects) the day."""
    cal = WorkingCalendar()
    notes = cal.uncertainty(D("2026-05-20"), D("2026-06-05"))
    assert notes == [
        Uncertainty(
            code="estimated_date",
            day=D("2026-05-27"),
            names={"en": "Eid al-Adha", "kk": "Құрбан айт", "ru": "Курбан айт"},
        )
    ]
    assert cal.uncertainty(D("2026-05-28"), D("2026-06-05")) == []
    result = fieldwork_end(D("2026-05-20"), cal)
    assert [u.code for u in result.uncertainties] == ["estimated_date"]

    confirmed = WorkingCalendar(
        [Override(D("2026-05-27"), OVERRIDE_DAY_OFF, "Курбан айт", "Order No. 4")]
    )
    assert confirmed.uncertainty(D("2026-05-20"), D("2026-06-05")) == []
    assert fieldwork_end(D("2026-05-20"), confirmed).uncertainties == ()
    assert fieldwork_end(D("2026-05-20"), confirmed).day == result.day


def test_crossing_into_2027_reports_unconfirmed_year():
    """R9.1 across 2026/2027: started Thu 24 Dec 2026, the 10th working day is Mon 11 Jan
    2027 (1, 4 and 7 Jan are days off) and 2027 is reported as unconfirmed."""
    cal = WorkingCalendar()
    result = fieldwork_end(D("2026-12-24"), cal)
    assert result.day == D("2027-01-11")
    assert result.uncertainties == (Uncertainty(code="unconfirmed_year", year=2027),)
    assert 2027 not in DEFAULT_CONFIRMED_YEARS
    confirmed = WorkingCalendar(confirmed_years={2024, 2025, 2026, 2027})
    assert fieldwork_end(D("2026-12-24"), confirmed).uncertainties == ()
    assert cal.uncertainty(D("2026-01-01"), D("2026-12-31")) == [
        Uncertainty(
            code="estimated_date",
            day=D("2026-05-27"),
            names={"en": "Eid al-Adha", "kk": "Құрбан айт", "ru": "Курбан айт"},
        )
    ]


def test_uncertainty_lists_each_unconfirmed_year():
    """Counting days: each year outside confirmed_years is one note."""
    cal = WorkingCalendar(confirmed_years=[2024])
    notes = cal.uncertainty(D("2025-12-01"), D("2027-01-10"))
    assert [(n.code, n.year) for n in notes if n.code == "unconfirmed_year"] == [
        ("unconfirmed_year", 2025),
        ("unconfirmed_year", 2026),
        ("unconfirmed_year", 2027),
    ]
    assert cal.confirmed_years == frozenset({2024})


# --------------------------------------------------------------- moving between days


def test_next_previous_and_roll_forward(cal):
    """Counting days: next/previous working day are strict; roll_forward keeps a working
    day (Civil Code Art. 188, used by R14.1)."""
    assert cal.next_working_day(D("2026-03-20")) == D("2026-03-26")
    assert cal.next_working_day(D("2026-03-18")) == D("2026-03-19")
    assert cal.previous_working_day(D("2026-03-26")) == D("2026-03-20")
    assert cal.previous_working_day(D("2025-01-06")) == D("2025-01-05")  # working Sunday
    assert cal.roll_forward(D("2026-03-23")) == D("2026-03-26")
    assert cal.roll_forward(D("2026-03-19")) == D("2026-03-19")
    assert cal.add_calendar_days(D("2026-03-13"), 10) == D("2026-03-23")


def test_nth_working_day_count_start(cal):
    """R9.1 counting: the start day is day 1 when working, else day 1 is the next working
    day; R9.2/R12.2 counting starts the day after."""
    r = cal.nth_working_day(D("2026-03-04"), 10, count_start=True)
    assert r.day == D("2026-03-18")
    assert r.counted == [
        D("2026-03-04"), D("2026-03-05"), D("2026-03-06"), D("2026-03-10"), D("2026-03-11"),
        D("2026-03-12"), D("2026-03-13"), D("2026-03-16"), D("2026-03-17"), D("2026-03-18"),
    ]  # fmt: skip
    assert [i.day for i in r.skipped] == [
        D("2026-03-07"), D("2026-03-08"), D("2026-03-09"), D("2026-03-14"), D("2026-03-15"),
    ]  # fmt: skip
    assert cal.nth_working_day(D("2026-03-04"), 1, count_start=True).day == D("2026-03-04")
    assert cal.nth_working_day(D("2026-03-04"), 1, count_start=False).day == D("2026-03-05")
    on_saturday = cal.nth_working_day(D("2026-03-21"), 1, count_start=True)
    assert on_saturday.day == D("2026-03-26")
    assert on_saturday.skipped[0].day == D("2026-03-21")
    with pytest.raises(ValueError):
        cal.nth_working_day(D("2026-03-04"), 0, count_start=True)


def test_working_days_between(cal):
    """Counting days: working days in [a, b] inclusive."""
    assert cal.working_days_between(D("2026-03-04"), D("2026-03-18")) == 10
    assert cal.working_days_between(D("2026-03-21"), D("2026-03-25")) == 0
    assert cal.working_days_between(D("2026-03-18"), D("2026-03-04")) == 0
    assert cal.working_days_between(D("2024-05-04"), D("2024-05-04")) == 1
    assert cal.working_days_between(D("2025-01-01"), D("2025-01-10")) == 5


def test_year_days_2024(cal):
    """Counting days: year_days lists non-working weekdays, working weekend days and
    holidays on weekends, sorted, and nothing else."""
    days = cal.year_days(2024)
    assert days == sorted(days, key=lambda i: i.day)
    by_day = {i.day: i for i in days}
    assert by_day[D("2024-05-04")].kind == "working_weekend"
    assert by_day[D("2024-03-23")].kind == "holiday"  # Nauryz on a Saturday
    assert by_day[D("2024-01-07")].kind == "holiday"  # Christmas on a Sunday
    assert D("2024-05-05") not in by_day  # a plain Sunday
    assert D("2024-05-06") not in by_day  # a plain Monday
    for info in days:
        assert info.kind not in ("weekday", "weekend")


def test_per_year_library_cache():
    """Counting days: library lookups are cached per year, so a fresh calendar per request
    does not rebuild them (a 4-year loop stays cheap)."""
    WorkingCalendar().working_days_between(D("2024-01-01"), D("2027-12-31"))
    before = calmod._library_year.cache_info().misses
    total = WorkingCalendar().working_days_between(D("2024-01-01"), D("2027-12-31"))
    assert calmod._library_year.cache_info().misses == before
    assert 900 < total < 1000


# ---------------------------------------------------------------------------- purity

PURE_MODULES = ("calendar", "deadlines", "explain")


def test_pure_modules_import_no_flask_or_database():
    """House rule (DEVELOPERS.md): calendar, deadlines and explain import neither Flask nor
    the database."""
    code = (
        "import sys\n"
        "import inspections.calendar, inspections.deadlines, inspections.explain\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " {'flask', 'flask_babel', 'sqlalchemy', 'flask_sqlalchemy'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_read_no_clock(module):
    """House rule: today is always a parameter; no clock reads in the pure modules."""
    source = (REPO / "inspections" / f"{module}.py").read_text(encoding="utf-8")
    for forbidden in (
        "date.today(",
        "datetime.now(",
        "datetime.today(",
        "datetime.utcnow(",
        "time.time(",
        "import flask",
        "from flask",
        "sqlalchemy",
    ):
        assert forbidden not in source, (module, forbidden)
