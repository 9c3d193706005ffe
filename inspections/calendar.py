"""The working-day calendar of Kazakhstan ("Counting days" in RULES.md).

Pure: no Flask, no database, no clock.  The data are the ``holidays`` library
(``country_holidays("KZ")``: public holidays, days off moved by the Government's decrees,
observed days for holidays falling on a weekend, working weekend days) plus overrides
supplied by the caller (stored by the application, edited by an administrator).
Overrides win over the library.

Every deadline of the application (R7.3, R9.1, R9.2, R9.4, R12.2, R14.1) is counted on this
calendar:

- working days are Monday to Friday, minus public holidays that are days off, minus days off
  moved by the yearly decrees, plus the weekend days those decrees make working days;
- a year whose government calendar is not confirmed yet, and a holiday whose date the library
  only estimates (Kurban Ait), are reported as *uncertainties* of a result.

The library names holidays in English and Kazakh only; the Russian names come from
:data:`RU_HOLIDAY_NAMES` (see :func:`ru_holiday_name`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

__all__ = [
    "DEFAULT_CONFIRMED_YEARS",
    "LANGUAGES",
    "OVERRIDE_DAY_OFF",
    "OVERRIDE_WORKING_DAY",
    "RU_HOLIDAY_NAMES",
    "DayInfo",
    "Override",
    "Uncertainty",
    "WorkingCalendar",
    "WorkingDayCount",
    "plain_names",
    "ru_holiday_name",
]

OVERRIDE_DAY_OFF = "day_off"
OVERRIDE_WORKING_DAY = "working_day"
OVERRIDE_KINDS = (OVERRIDE_DAY_OFF, OVERRIDE_WORKING_DAY)

#: Years whose government calendar (the transfer order) is confirmed.
DEFAULT_CONFIRMED_YEARS = frozenset({2024, 2025, 2026})

LANGUAGES = ("en", "kk", "ru")

#: Kinds of day reported by :meth:`WorkingCalendar.day_info`.
KIND_WEEKDAY = "weekday"
KIND_WEEKEND = "weekend"
KIND_HOLIDAY = "holiday"
KIND_WORKING_WEEKEND = "working_weekend"
KIND_OVERRIDE_DAY_OFF = "override_day_off"
KIND_OVERRIDE_WORKING_DAY = "override_working_day"
DAY_KINDS = (
    KIND_WEEKDAY,
    KIND_WEEKEND,
    KIND_HOLIDAY,
    KIND_WORKING_WEEKEND,
    KIND_OVERRIDE_DAY_OFF,
    KIND_OVERRIDE_WORKING_DAY,
)

#: Uncertainty codes.
UNCONFIRMED_YEAR = "unconfirmed_year"
ESTIMATED_DATE = "estimated_date"

# Safety limit for searching the next/previous working day (an absurd set of overrides
# must not make a request loop for ever).
_MAX_SEARCH_DAYS = 3660


# --------------------------------------------------------------------------- data types


@dataclass(frozen=True)
class Override:
    """An administrator's correction of the library: an extra day off or a working day.

    ``basis`` is the order that decided it (number and date), e.g.
    "MLSP order No. 123 of 10.04.2024".
    """

    day: date
    kind: str  # OVERRIDE_DAY_OFF or OVERRIDE_WORKING_DAY
    name: str
    basis: str

    def __post_init__(self) -> None:
        if self.kind not in OVERRIDE_KINDS:
            raise ValueError(
                f"override kind must be {OVERRIDE_DAY_OFF!r} or {OVERRIDE_WORKING_DAY!r},"
                f" got {self.kind!r}"
            )
        if not isinstance(self.day, date):
            raise ValueError(f"override day must be a date, got {self.day!r}")


@dataclass(frozen=True)
class DayInfo:
    """What the calendar knows about one day.

    ``names`` maps "en", "kk", "ru" to the holiday name ("" when none); for overrides all
    three are the override's name.  The "(estimated)" label is not part of the names: the
    ``estimated`` flag carries it.  The "(observed)" label is kept.
    """

    day: date
    working: bool
    kind: str
    names: dict = field(hash=False)
    estimated: bool = False
    basis: str = ""
    moved_from: date | None = None


@dataclass(frozen=True)
class Uncertainty:
    """Why a computed date may still change.

    - ``code="unconfirmed_year"``, ``year``: the year's government calendar is not confirmed;
    - ``code="estimated_date"``, ``day``, ``names``: the library only estimates this holiday
      (Kurban Ait) and no override confirms it.
    """

    code: str
    year: int | None = None
    day: date | None = None
    names: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class WorkingDayCount:
    """Result of :meth:`WorkingCalendar.nth_working_day`.

    ``counted`` holds the n working days in order (``day`` is the last one); ``skipped``
    the :class:`DayInfo` of every non-working day from where counting starts up to ``day``.
    """

    day: date
    counted: list = field(hash=False)
    skipped: list = field(hash=False)


# ------------------------------------------------------------------ holiday names in ru

#: Russian names of the base holiday names ``holidays`` produces for Kazakhstan (in English).
RU_HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Capital Day": "День столицы",
    "Eid al-Adha": "Курбан айт",
    "Constitution Day": "День Конституции",
    "First President Day": "День Первого Президента Республики Казахстан",
    "Republic Day": "День Республики",
    "Independence Day": "День Независимости",
}

# (English label, Russian label) of the library's suffixes; longest first.
_SUFFIXES = (
    (" (observed, estimated)", " (перенесённый выходной, ориентировочно)"),
    (" (observed)", " (перенесённый выходной)"),
    (" (estimated)", " (ориентировочно)"),
)
_SUBSTITUTED_EN = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")

# The library's labels per language, used to drop "(estimated)" from display names.
_ESTIMATED_LABELS = {
    "en": ((" (observed, estimated)", " (observed)"), (" (estimated)", "")),
    "kk": (
        (" (қайта белгіленген демалыс, бағаланған)", " (қайта белгіленген демалыс)"),
        (" (бағаланған)", ""),
    ),
    "ru": (
        (" (перенесённый выходной, ориентировочно)", " (перенесённый выходной)"),
        (" (ориентировочно)", ""),
    ),
}
_OBSERVED_LABELS = {
    "en": " (observed)",
    "kk": " (қайта белгіленген демалыс)",
    "ru": " (перенесённый выходной)",
}


def _ru_single(en_name: str) -> str:
    m = _SUBSTITUTED_EN.match(en_name)
    if m:
        month, day, year = m.groups()
        return f"Выходной день (перенесён с {day}.{month}.{year})"
    for en_suffix, ru_suffix in _SUFFIXES:
        if en_name.endswith(en_suffix):
            return RU_HOLIDAY_NAMES[en_name[: -len(en_suffix)]] + ru_suffix
    return RU_HOLIDAY_NAMES[en_name]


def ru_holiday_name(en_name: str) -> str:
    """The Russian name of a holiday name produced by ``holidays`` in English.

    Handles the "(observed)", "(estimated)" and "(observed, estimated)" labels, the
    "Day off (substituted from MM/DD/YYYY)" days and several names joined by "; ".
    Raises ``KeyError`` for a name without a Russian mapping.
    """
    return "; ".join(_ru_single(part) for part in en_name.split("; "))


def _drop_estimated(name: str, lang: str) -> str:
    for long, short in _ESTIMATED_LABELS[lang]:
        name = name.replace(long, short)
    return name


def _drop_observed(name: str, lang: str) -> str:
    return name.replace(_OBSERVED_LABELS[lang], "")


# ------------------------------------------------------------- library data, cached


@dataclass(frozen=True)
class _LibDay:
    names: MappingProxyType  # display names (no "(estimated)")
    plain: MappingProxyType  # names without "(observed)"/"(estimated)"; "" for moved days off
    estimated: bool
    moved_from: date | None
    substituted: bool


@dataclass(frozen=True)
class _LibYear:
    days: MappingProxyType  # date -> _LibDay (non-working days of the library)
    working_weekends: MappingProxyType  # date -> names (MappingProxyType)
    estimated: tuple  # dates, sorted


@lru_cache(maxsize=128)
def _raw_year(year: int) -> tuple:
    """(en items, kk items, weekend working days) of one populated library year."""
    en = holidays.country_holidays("KZ", years=year, language="en_US")
    kk = holidays.country_holidays("KZ", years=year, language="kk")
    en_items = tuple(sorted(en.items()))
    kk_items = dict(kk.items())
    return en_items, kk_items, frozenset(en.weekend_workdays)


def _parse_substituted(en_name: str) -> date | None:
    for part in en_name.split("; "):
        m = _SUBSTITUTED_EN.match(part)
        if m:
            month, day, year = (int(x) for x in m.groups())
            return date(year, month, day)
    return None


def _ru_or_fallback(en_name: str, kk_name: str) -> str:
    try:
        return ru_holiday_name(en_name)
    except KeyError:  # a new library name: show the Kazakh one rather than English
        return kk_name


@lru_cache(maxsize=128)
def _library_year(year: int) -> _LibYear:
    """The library's non-working days and working weekend days of ``year`` (cached)."""
    en_items, kk_items, _ = _raw_year(year)
    weekend = {5, 6}

    # Observed days: pair each observed day with the weekend day of the same holiday it
    # replaces (in order: 2026-03-24 <- Sat 21 Mar, 2026-03-25 <- Sun 22 Mar).
    weekend_by_name: dict[str, list[date]] = {}
    observed_by_name: dict[str, list[date]] = {}
    for d, en_name in en_items:
        for part in en_name.split("; "):
            if part.endswith((" (observed)", " (observed, estimated)")):
                base = part.rsplit(" (observed", 1)[0]
                observed_by_name.setdefault(base, []).append(d)
            elif d.weekday() in weekend:
                base = part.removesuffix(" (estimated)")
                weekend_by_name.setdefault(base, []).append(d)
    observed_from: dict[date, date] = {}
    for base, observed in observed_by_name.items():
        sources = weekend_by_name.get(base, [])
        if len(sources) == len(observed):
            observed_from.update(zip(observed, sources, strict=True))

    days: dict[date, _LibDay] = {}
    estimated: list[date] = []
    for d, en_name in en_items:
        if d.year != year:
            continue
        kk_name = kk_items.get(d, en_name)
        ru_name = _ru_or_fallback(en_name, kk_name)
        full = {"en": en_name, "kk": kk_name, "ru": ru_name}
        is_estimated = "estimated" in en_name
        names = {lang: _drop_estimated(full[lang], lang) for lang in LANGUAGES}
        substituted_from = _parse_substituted(en_name)
        if substituted_from is not None:
            plain = {lang: "" for lang in LANGUAGES}
        else:
            plain = {lang: _drop_observed(names[lang], lang) for lang in LANGUAGES}
        days[d] = _LibDay(
            names=MappingProxyType(names),
            plain=MappingProxyType(plain),
            estimated=is_estimated,
            moved_from=substituted_from or observed_from.get(d),
            substituted=substituted_from is not None,
        )
        if is_estimated:
            estimated.append(d)

    # Working weekend days of this year; a decree of the next year may move a day off
    # from a weekend of this year (2013-12-28 -> 2014-01-03), so look at both.
    working: dict[date, MappingProxyType] = {}
    moved_to: dict[date, date] = {}
    for y in (year, year + 1):
        for d, en_name in _raw_year(y)[0]:
            src = _parse_substituted(en_name)
            if src is not None:
                moved_to[src] = d
    candidates = set(_raw_year(year)[2]) | set(_raw_year(year + 1)[2]) | set(moved_to)
    for d in sorted(candidates):
        if d.year != year or d.weekday() not in weekend or d in days:
            continue
        target = moved_to.get(d)
        if target is None:
            names = {"en": "Working day", "kk": "Жұмыс күні", "ru": "Рабочий день"}
        else:
            t = target.strftime("%d.%m.%Y")
            names = {
                "en": f"Day off moved to {t}",
                "kk": f"Демалыс күні {t} күніне ауыстырылды",
                "ru": f"Выходной день перенесён на {t}",
            }
        working[d] = MappingProxyType(names)

    return _LibYear(
        days=MappingProxyType(days),
        working_weekends=MappingProxyType(working),
        estimated=tuple(sorted(estimated)),
    )


_NO_NAMES = MappingProxyType({"en": "", "kk": "", "ru": ""})


def plain_names(info: DayInfo) -> dict:
    """The holiday's name without the "(observed)"/"(estimated)" labels, per language.

    For a library day off moved from a working weekend day ("Day off (substituted from
    ...)"), all names are "" (the day has no holiday name of its own: see ``moved_from``).
    Overrides give their own name; ordinary days give "".
    """
    if info.kind == KIND_HOLIDAY:
        lib = _library_year(info.day.year).days.get(info.day)
        if lib is not None:
            return dict(lib.plain)
    if info.kind in (KIND_OVERRIDE_DAY_OFF, KIND_OVERRIDE_WORKING_DAY):
        return dict(info.names)
    return dict(_NO_NAMES)


# ------------------------------------------------------------------------ the calendar


class WorkingCalendar:
    """Working days of Kazakhstan: the ``holidays`` library plus overrides (which win).

    Never changed once built (``overrides`` is a read-only mapping): the application keeps
    one per set of stored overrides and shares it between requests, and the counts of
    working days are kept per calendar (issue 13).  The library lookups are cached per
    year at module level.  ``confirmed_years`` are the years whose government calendar is
    confirmed; the others are reported by :meth:`uncertainty`.
    """

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        confirmed_years: Iterable[int] = DEFAULT_CONFIRMED_YEARS,
    ) -> None:
        found: dict[date, Override] = {}
        for o in overrides:
            if not isinstance(o, Override):
                o = Override(day=o.day, kind=o.kind, name=o.name, basis=o.basis)
            found[o.day] = o
        self.overrides = MappingProxyType(found)
        self.confirmed_years = frozenset(int(y) for y in confirmed_years)

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({len(self.overrides)} overrides,"
            f" confirmed_years={sorted(self.confirmed_years)})"
        )

    # -- single days

    def day_info(self, d: date) -> DayInfo:
        """Everything known about day ``d`` (working or not, why, names, basis)."""
        o = self.overrides.get(d)
        if o is not None:
            working = o.kind == OVERRIDE_WORKING_DAY
            return DayInfo(
                day=d,
                working=working,
                kind=KIND_OVERRIDE_WORKING_DAY if working else KIND_OVERRIDE_DAY_OFF,
                names={lang: o.name for lang in LANGUAGES},
                estimated=False,
                basis=o.basis,
                moved_from=None,
            )
        lib = _library_year(d.year)
        entry = lib.days.get(d)
        if entry is not None:
            return DayInfo(
                day=d,
                working=False,
                kind=KIND_HOLIDAY,
                names=dict(entry.names),
                estimated=entry.estimated,
                basis="",
                moved_from=entry.moved_from,
            )
        names = lib.working_weekends.get(d)
        if names is not None:
            return DayInfo(d, True, KIND_WORKING_WEEKEND, dict(names))
        if d.weekday() >= 5:
            return DayInfo(d, False, KIND_WEEKEND, dict(_NO_NAMES))
        return DayInfo(d, True, KIND_WEEKDAY, dict(_NO_NAMES))

    def is_working_day(self, d: date) -> bool:
        """True when ``d`` is a working day (see "Counting days")."""
        o = self.overrides.get(d)
        if o is not None:
            return o.kind == OVERRIDE_WORKING_DAY
        lib = _library_year(d.year)
        if d in lib.days:
            return False
        if d in lib.working_weekends:
            return True
        return d.weekday() < 5

    # -- moving between days

    def _search(self, d: date, step: int) -> date:
        one = timedelta(days=step)
        for _ in range(_MAX_SEARCH_DAYS):
            d = d + one
            if self.is_working_day(d):
                return d
        raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days of {d}")

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self._search(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d`` (R9.4)."""
        return self._search(d, -1)

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a working day, else the next working day (Civil Code Art. 188)."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def nth_working_day(self, start: date, n: int, *, count_start: bool) -> WorkingDayCount:
        """The n-th working day (R9.1, R9.2, R12.2).

        ``count_start=True``: ``start`` is day 1 when it is a working day, else day 1 is the
        next working day (R9.1).  ``count_start=False``: day 1 is the first working day
        strictly after ``start`` (Civil Code Art. 187: R9.2, R12.2).

        ``skipped`` lists every non-working day from where counting starts (``start``, or
        the day after it) up to the result.
        """
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        d = start if count_start else start + timedelta(days=1)
        counted: list[date] = []
        skipped: list[DayInfo] = []
        one = timedelta(days=1)
        limit = n + _MAX_SEARCH_DAYS
        while len(counted) < n:
            if self.is_working_day(d):
                counted.append(d)
            else:
                skipped.append(self.day_info(d))
            limit -= 1
            if limit <= 0:
                raise ValueError(f"no {n} working days within reach of {start}")
            d += one
        return WorkingDayCount(day=counted[-1], counted=counted, skipped=skipped)

    def add_calendar_days(self, d: date, n: int) -> date:
        """``d`` plus ``n`` calendar days (R14.1); no rolling (see :meth:`roll_forward`)."""
        return d + timedelta(days=n)

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in [a, b], both included (0 when b < a)."""
        count = 0
        d = a
        one = timedelta(days=1)
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += one
        return count

    # -- listings and notes

    def year_days(self, year: int) -> list[DayInfo]:
        """The year's special days, sorted: non-working weekdays, working weekend days,
        holidays falling on weekends, and every overridden day."""
        result = []
        d = date(year, 1, 1)
        one = timedelta(days=1)
        while d.year == year:
            if (
                d in self.overrides
                or d in _library_year(year).days
                or d in _library_year(year).working_weekends
            ):
                result.append(self.day_info(d))
            d += one
        return result

    def uncertainty(self, a: date, b: date) -> list[Uncertainty]:
        """What may still change in [a, b]: each year not in ``confirmed_years``
        ("unconfirmed_year") and each estimated library date not overridden
        ("estimated_date", with the holiday's names)."""
        if b < a:
            a, b = b, a
        notes = [
            Uncertainty(code=UNCONFIRMED_YEAR, year=y)
            for y in range(a.year, b.year + 1)
            if y not in self.confirmed_years
        ]
        for y in range(a.year, b.year + 1):
            lib = _library_year(y)
            for d in lib.estimated:
                if a <= d <= b and d not in self.overrides:
                    notes.append(
                        Uncertainty(code=ESTIMATED_DATE, day=d, names=dict(lib.days[d].plain))
                    )
        return notes
