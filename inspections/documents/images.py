"""A picture in a document context (a chart of the annual report).

Contexts are plain data; a picture is the one exception: PNG bytes and the width at which
it is printed.  :func:`inspections.documents.render` places it with docxtpl."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Image:
    png: bytes
    width_mm: float = 160
