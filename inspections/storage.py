"""Where uploaded files live: one interface, two backends (``STORAGE_URL``).

- ``local`` (default): a folder on this server's disk (``UPLOAD_FOLDER``, ``instance/uploads``).
  Good for one application server and for the demo.
- ``database``: a table of the application's database (``stored_files``).  Every application
  server that uses the same PostgreSQL sees the same files, and a file is written in the same
  transaction as the row that refers to it: a request that fails leaves nothing behind.

Issued documents are kept in the database whatever the backend (``generated_documents``).
Names are random hex made by :mod:`inspections.uploads`; a backend never sees a path.
"""

from __future__ import annotations

import os
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from .extensions import db
from .models.storage import StoredFile


class LocalFolderStorage:
    name = "local"

    def __init__(self, folder: str):
        self.folder = folder

    def _path(self, name: str) -> str:
        if not name.isalnum():  # random hex only: never a path
            raise ValueError("bad stored name")
        os.makedirs(self.folder, exist_ok=True)
        return os.path.join(self.folder, name)

    def put(self, name: str, data: bytes, *, now: datetime) -> None:
        with open(self._path(name), "xb") as f:
            f.write(data)

    def get(self, name: str) -> bytes:
        with open(self._path(name), "rb") as f:
            return f.read()

    def delete(self, name: str) -> None:
        try:
            os.remove(self._path(name))
        except FileNotFoundError:
            pass

    def age_seconds(self, name: str, *, now: float) -> float:
        return now - os.path.getmtime(self._path(name))

    def names(self) -> set[str]:
        if not os.path.isdir(self.folder):
            return set()
        return {n for n in os.listdir(self.folder) if n.isalnum()}

    def check_writable(self) -> tuple[bool, str]:
        import uuid

        try:
            probe = self._path("ready" + uuid.uuid4().hex)
            with open(probe, "wb") as f:
                f.write(b"ok")
            os.remove(probe)
            return True, "writable"
        except OSError as e:
            return False, type(e).__name__


class DatabaseStorage:
    """Files in the ``stored_files`` table, written in the request's own transaction."""

    name = "database"

    def put(self, name: str, data: bytes, *, now: datetime) -> None:
        if not name.isalnum():
            raise ValueError("bad stored name")
        db.session.add(StoredFile(name=name, content=data, size=len(data), created_at=now))
        db.session.flush()

    def get(self, name: str) -> bytes:
        content = db.session.execute(
            select(StoredFile.content).where(StoredFile.name == name)).scalar_one_or_none()
        if content is None:
            raise FileNotFoundError(name)
        return content

    def delete(self, name: str) -> None:
        row = db.session.get(StoredFile, name)
        if row is not None:
            db.session.delete(row)
            db.session.flush()

    def age_seconds(self, name: str, *, now: float) -> float:
        created = db.session.execute(select(StoredFile.created_at)
                                     .where(StoredFile.name == name)).scalar_one()
        return now - created.timestamp()

    def names(self) -> set[str]:
        return set(db.session.execute(select(StoredFile.name)).scalars())

    def check_writable(self) -> tuple[bool, str]:
        try:
            db.session.execute(select(StoredFile.name).limit(1))
            return True, "database"
        except Exception as e:  # noqa: BLE001
            db.session.rollback()
            return False, type(e).__name__


BACKENDS = ("local", "database")


def backend():
    """The configured backend (``STORAGE_URL``: ``local`` or ``database``)."""
    kind = current_app.config.get("STORAGE_URL") or "local"
    if kind == "database":
        return DatabaseStorage()
    if kind == "local":
        return LocalFolderStorage(current_app.config["UPLOAD_FOLDER"])
    raise ValueError(f"STORAGE_URL must be one of {BACKENDS}, not {kind!r}")
