"""Context builders of the ``plan`` (R2.5) and ``plan_amendment`` (R2.6) documents.

Model → plain context dict (see :mod:`.schema`): strings, numbers, lists and dicts; dates
formatted for the document's language; enumerations (the ground of an amendment, the action
of a change) passed as codes.  Pure: Babel only, no Flask, no database — the models are read
through their attributes, and the caller passes the authority's name, the place and the
signatory.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from .formatting import doc_date
from .formatting import doc_lang as _lang

_MONTH = {"kk": "y 'жылғы' MMMM", "ru": "LLLL y 'года'"}
_SEPARATOR = {"kk": "; ", "ru": "; "}


def timeframe(month: int | None, starts_on: date, ends_on: date, lang: str) -> str:
    """R2.5 (5): "2027 жылғы наурыз" / "март 2027 года", or "from – to"."""
    if month:
        return format_date(starts_on, format=_MONTH[_lang(lang)], locale=_lang(lang))
    if starts_on == ends_on:
        return doc_date(starts_on, lang)
    return f"{doc_date(starts_on, lang)} – {doc_date(ends_on, lang)}"


def _pick(obj, base: str, lang: str) -> str:
    return getattr(obj, f"{base}_{_lang(lang)}", "") or getattr(obj, f"{base}_kk", "")


def unit_label(name: str, unit_name: str) -> str:
    """The control subject's name, with the subdivision or object inspected, if any."""
    return f"{name} ({unit_name})" if unit_name else name


def subject_matter(requirements, lang: str) -> str:
    """R2.5 (6): "topic (article reference); …" from the catalogue, in ``lang``."""
    return _SEPARATOR[_lang(lang)].join(
        f"{_pick(r, 'topic', lang)} ({_pick(r, 'ref', lang)})" for r in requirements)


def item_row(item, lang: str) -> dict:
    """One item of the plan: {no, subject_name, location, timeframe, subject_matter}."""
    return {
        "no": item.no,
        "subject_name": unit_label(_pick(item, "name", lang), _pick(item, "unit_name", lang)),
        "location": item.location,
        "timeframe": timeframe(item.month, item.starts_on, item.ends_on, lang),
        "subject_matter": subject_matter(item.requirements, lang),
    }


def item_wording(item, lang: str) -> str:
    """An item in one line (the "before" / "after" of an amendment's change)."""
    row = item_row(item, lang)
    return f"{row['subject_name']}, {row['location']}, {row['timeframe']}"


def _common(*, authority_name: str, number: str, day: date | None, place: str,
            lang: str) -> dict:
    return {"authority_name": authority_name, "doc_number": number or "",
            "doc_date": doc_date(day, lang), "place": place}


def plan_context(plan, lang: str, *, authority_name: str, place: str,
                 signatory: dict) -> dict:
    """Variables of the ``plan`` document (R2.5): number and date, the authority, and for
    each active item the subject, location, timeframe and subject matter; the signatory.
    ``verification_code`` / ``verify_url`` are added when the document is issued."""
    items = [item_row(i, lang) for i in plan.items if i.status == "active"]
    return {
        **_common(authority_name=authority_name, number=plan.number, day=plan.approved_on,
                  place=place, lang=lang),
        "plan_year": plan.year,
        "items": items,
        "signatory": dict(signatory),
    }


def amendment_context(amendment, lang: str, *, authority_name: str, place: str,
                      signatory: dict) -> dict:
    """Variables of the ``plan_amendment`` document (R2.6): the plan amended, the new
    version, the ground (a code), its circumstances, the basis document and the changes
    ({item_no, action code, before, after})."""
    plan = amendment.plan
    changes = [{"item_no": c.item_no, "action": c.action,
                "before": _pick(c, "before", lang), "after": _pick(c, "after", lang)}
               for c in amendment.changes]
    return {
        **_common(authority_name=authority_name, number=amendment.number,
                  day=amendment.approved_on, place=place, lang=lang),
        "plan": {"number": plan.number, "date": doc_date(plan.approved_on, lang),
                 "year": plan.year},
        "version": amendment.version,
        "ground": amendment.ground,
        "ground_details": amendment.ground_details or "",
        "basis_document": {"title": amendment.basis_title, "number": amendment.basis_number,
                           "date": doc_date(amendment.basis_date, lang)},
        "changes": changes,
        "signatory": dict(signatory),
    }
