"""Errors of the document package (no Flask, no database)."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document cannot be produced.

    ``missing`` holds the names of missing context variables when that is the
    cause (a document is never rendered with an empty gap instead of a value).
    """

    def __init__(self, message: str, *, missing: tuple[str, ...] | list[str] = ()) -> None:
        super().__init__(message)
        self.missing: tuple[str, ...] = tuple(missing)
