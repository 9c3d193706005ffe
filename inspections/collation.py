"""Alphabetical order of the user's language: Kazakh (Ә after А, Қ after К, Ң after Н,
Ө after О, Ұ and Ү after У, І after Ы) and Russian — a real collation, never a
hand-written key.

- In Python: ICU collators (PyICU) for ``kk``, ``ru`` and ``en``: :func:`sort_key`,
  :func:`sorted_by`.
- In SQL: :func:`order` — the ICU collations ``kk-x-icu`` / ``ru-x-icu`` on PostgreSQL, and
  the same ICU collators registered on every SQLite connection as ``kk_icu`` / ``ru_icu`` /
  ``en_icu`` (so the demo on SQLite sorts exactly like production).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from functools import cache

import icu
from sqlalchemy import event
from sqlalchemy.engine import Engine

LANGS = ("kk", "ru", "en")
_PG = {"kk": "kk-x-icu", "ru": "ru-x-icu", "en": "en-x-icu"}


@cache
def _collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(lang if lang in LANGS else "kk"))


def sort_key(lang: str) -> Callable[[str], bytes]:
    """A key for ``sorted`` that orders strings by the alphabet of ``lang``."""
    collator = _collator(lang)
    return lambda s: collator.getSortKey(s or "")


def sorted_by(items: Iterable, lang: str, key: Callable = str) -> list:
    """``items`` sorted by ``key(item)`` in the alphabet of ``lang``."""
    k = sort_key(lang)
    return sorted(items, key=lambda x: k(key(x)))


def order(column, lang: str, dialect_name: str):
    """``column`` with the collation of ``lang`` for ORDER BY on this database."""
    lang = lang if lang in LANGS else "kk"
    if dialect_name == "postgresql":
        return column.collate(_PG[lang])
    if dialect_name == "sqlite":
        return column.collate(f"{lang}_icu")
    return column


def _compare(lang: str):
    collator = _collator(lang)
    return lambda a, b: collator.compare(a or "", b or "")


@event.listens_for(Engine, "connect")
def _register_sqlite_collations(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        for lang in LANGS:
            dbapi_connection.create_collation(f"{lang}_icu", _compare(lang))
