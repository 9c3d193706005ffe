"""R27.1 (Art. 27-1 para 2): what the control subject may learn of a complainant.

Pure: neither Flask nor the database.  A complaint or appeal of an individual (grounds 1
and 2 of R3.1) is identified to the control subject by its registration number and date
only; the person's name, IIN and contacts stay in the staff record unless the person's
consent to disclosure is recorded on the ground.
"""

from __future__ import annotations

COMPLAINT_GROUNDS = (1, 2)


def discloses_author(ground: int, author_kind: str | None, consent: bool) -> bool:
    """R27.1: may the author of the ground's basis document be named to the control subject?

    Grounds 3–7 come from prosecutors, state bodies or the authority itself: named.  On
    grounds 1–2 a legal entity is named; an individual only with consent on record (a
    ground with no recorded kind counts as an individual)."""
    if ground not in COMPLAINT_GROUNDS:
        return True
    if author_kind == "legal_entity":
        return True
    return bool(consent)


def ground_author_shown(ground) -> str | None:
    """The author as the control subject may see it, or None when it is withheld (R27.1)."""
    if discloses_author(ground.ground, ground.author_kind, ground.disclosure_consent):
        return ground.basis_author
    return None
