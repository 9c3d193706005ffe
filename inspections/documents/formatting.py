"""Dates as official documents print them: "2026 жылғы 2 наурыз" / "2 марта 2026 г."."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

_KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
              "қыркүйек", "қазан", "қараша", "желтоқсан")


def doc_date(d: date | None, lang: str) -> str:
    """A date in the document's language ("" for None)."""
    if d is None:
        return ""
    if lang == "kk":
        return f"{d.year} жылғы {d.day} {_KK_MONTHS[d.month - 1]}"
    return format_date(d, "d MMMM y", locale="ru") + " г."


def doc_datetime(moment: datetime, lang: str) -> str:
    """Date and time: "2026 жылғы 2 наурыз, сағат 10:00" / "2 марта 2026 г., 10:00"."""
    hhmm = moment.strftime("%H:%M")
    if lang == "kk":
        return f"{doc_date(moment.date(), lang)}, сағат {hhmm}"
    return f"{doc_date(moment.date(), lang)}, {hhmm}"
