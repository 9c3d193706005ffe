"""Бақылау — the domain package.

Pure legal core (no Flask, no database): ``calendar``, ``deadlines``, ``explain``,
``lifecycle``, ``permissions``, ``bin``.  Persistence: ``models``.  Use cases: ``services``
(flush, never commit).  Web edge: ``views`` (one commit per request).
"""

__version__ = "0.2.0"
