"""Dates as official documents print them: "2026 жылғы 2 наурыз" / "2 марта 2026 г."."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

_DATE = {"kk": "y 'жылғы' d MMMM", "ru": "d MMMM y 'г.'"}


def doc_lang(lang: str) -> str:
    """The document language: Russian, or Kazakh for anything else."""
    return "ru" if lang == "ru" else "kk"


def doc_date(d: date | None, lang: str) -> str:
    """A date in the document's language ("" for None)."""
    if d is None:
        return ""
    return format_date(d, format=_DATE[doc_lang(lang)], locale=doc_lang(lang))
