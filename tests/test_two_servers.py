"""Several application servers, one database (issue "Operations"): two gunicorn servers on two
ports share the database (and, with ``STORAGE_URL=database``, the files).  A file uploaded
through one downloads through the other.  On PostgreSQL (CI's second run) this is the
production set-up; on SQLite both servers share the one database file."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app import create_app
from inspections.extensions import db

from .conftest import NOW, PASSWORD, SYSTEM, free_port

ROOT = Path(__file__).resolve().parents[1]


class Client:
    """Just enough of a browser: cookies, CSRF tokens from forms, multipart uploads."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, bytes, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as r:
                return r.status, r.read(), r.geturl()
        except urllib.error.HTTPError as e:
            return e.code, e.read(), path

    def csrf(self, path: str) -> str:
        _, body, _ = self.get(path)
        return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()

    def post(self, path: str, fields: dict, files: dict | None = None) -> tuple[int, bytes, str]:
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for k, v in fields.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"'
                             f'\r\n\r\n{v}\r\n'.encode())
            for k, (name, data) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                             f'filename="{name}"\r\nContent-Type: application/octet-stream'
                             f'\r\n\r\n'.encode() + data + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            ctype = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            ctype = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base + path, data=body,
                                     headers={"Content-Type": ctype})
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read(), r.geturl()
        except urllib.error.HTTPError as e:
            return e.code, e.read(), path

    def login(self, username: str) -> None:
        token = self.csrf("/login")
        status, _, url = self.post("/login", {"csrf_token": token, "username": username,
                                              "password": PASSWORD})
        assert status == 200 and "/login" not in url, f"login as {username} failed"


@pytest.fixture
def shared_database(app, tmp_path):
    """A fresh, migrated database of the suite's kind, with an inspector and a subject."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        name = "two_servers_" + uuid.uuid4().hex[:8]
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        target = url.set(database=name).render_as_string(hide_password=False)
    else:
        target = "sqlite:///" + str(tmp_path / "shared.sqlite")
    seeded = create_app({"TESTING": True, "SECRET_KEY": "s" * 32,
                         "SQLALCHEMY_DATABASE_URI": target,
                         "UPLOAD_FOLDER": str(tmp_path / "unused")})
    with seeded.app_context():
        upgrade()
        from inspections.bin import complete_bin
        from inspections.services import accounts, registry

        registry.create_subject(SYSTEM, bin=complete_bin("99014012345"), name_kk="Сынақ",
                                name_ru="Тест", location="Астана қ.", kind="central",
                                parent_id=None, now=NOW)
        for username in ("ins1", "ins2"):
            accounts.create_user(SYSTEM, username=username, password=PASSWORD, surname="Тестов",
                                 given_name=username, roles=("inspector",), now=NOW)
        db.session.commit()
        subject_id = db.session.execute(text("SELECT id FROM control_subjects")).scalar()
        draft_id = _draft_inspection()
        db.session.remove()
        db.engine.dispose()
    yield target, subject_id, draft_id
    if url.get_backend_name() == "postgresql":
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _draft_inspection() -> int:
    """A complete draft appointment act, planned from the next working days (the servers run
    on the real clock: R2.7/R7.3 refuse planned dates in the past)."""
    from inspections.clock import ALMATY
    from inspections.models import ControlSubject, User
    from inspections.services import accounts, registry
    from inspections.services.calendar import load_calendar
    from inspections.services.catalogue import seed_catalogue

    from .test_inspections import draft

    cal = load_calendar()
    today = datetime.now(ALMATY).date()
    start = cal.next_working_day(today + timedelta(days=2))
    subject = db.session.execute(select(ControlSubject)).scalar_one()
    sub = registry.add_subdivision(SYSTEM, subject, name_kk="Филиал", name_ru="Филиал",
                                   location="Алматы қ.", now=NOW)
    seed_catalogue(SYSTEM, now=NOW)
    users = {u.username: u for u in db.session.execute(select(User)).scalars()}
    head = accounts.create_user(
        SYSTEM, username="boss", password=PASSWORD, surname="Бастық", given_name="Бас",
        roles=("head",), now=NOW)
    db.session.commit()
    insp = draft({"subject": subject, "sub": sub, "inspector": users["ins1"], "head": head},
                 start=start)
    from inspections.models.inspections import InspectionInspector

    db.session.add(InspectionInspector(inspection_id=insp.id, user_id=users["ins2"].id))
    db.session.commit()
    return insp.id


@pytest.fixture
def two_servers(shared_database, tmp_path):
    target, subject_id, draft_id = shared_database
    key = secrets.token_hex(32)
    procs, bases = [], []
    for n in (1, 2):
        port = free_port()
        env = {**os.environ, "DATABASE_URL": target, "SECRET_KEY": key, "PORT": str(port),
               "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2", "STORAGE_URL": "database"}
        env.pop("TEST_DATABASE_URL", None)
        log = (tmp_path / f"server{n}.log").open("wb")
        procs.append((subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True),
            log))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail("a server did not start: " + "".join(
                            (tmp_path / f"server{n}.log").read_text() for n in (1, 2))[-3000:])
                    time.sleep(0.3)
        yield bases, subject_id, draft_id
    finally:
        for proc, log in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
            log.close()


def test_a_file_uploaded_through_one_server_downloads_through_the_other(two_servers):
    (a, b), subject_id, _ = two_servers
    one, two = Client(a), Client(b)
    one.login("ins1")
    two.login("ins2")
    data = b"%PDF-1.4 shared storage " + secrets.token_bytes(16)
    token = one.csrf("/findings/new")
    status, _, url = one.post("/findings/new", {
        "csrf_token": token, "subject_id": subject_id, "source": "previous_inspections",
        "found_on": NOW.date().isoformat(), "weight": "3", "summary": "Екі сервер"},
        files={"files": ("scan.pdf", data)})
    assert status == 200 and re.search(r"/findings/\d+$", url), url
    _, page, _ = two.get(urllib.parse.urlparse(url).path)
    link = re.search(rb'href="(/findings/\d+/files/\d+)"', page).group(1).decode()
    status, body, _ = two.get(link)
    assert status == 200 and body == data


def test_the_same_act_issued_through_both_servers_at_once_is_issued_once(two_servers,
                                                                         shared_database):
    """Issue "Integrity" item 1 across processes: one number, one pair of documents; the
    loser is told the inspection changed meanwhile (a redirect or 409), never a 500."""
    (a, b), _, draft_id = two_servers
    clients = [Client(a), Client(b)]
    for client, user in zip(clients, ("ins1", "ins2"), strict=True):
        client.login(user)
    from inspections.clock import ALMATY

    today = datetime.now(ALMATY).date().isoformat()
    tokens = [c.csrf(f"/inspections/{draft_id}") for c in clients]
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def run(n):
        barrier.wait(timeout=10)
        results[n] = clients[n].post(f"/inspections/{draft_id}/issue",
                                     {"csrf_token": tokens[n], "act_date": today})

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(r is not None and r[0] in (200, 409) for r in results), results
    target, _, _ = shared_database
    engine = create_engine(target)
    with engine.connect() as conn:
        number = conn.execute(text("SELECT number FROM inspections WHERE id = :i"),
                              {"i": draft_id}).scalar()
        acts = conn.execute(text(
            "SELECT count(*) FROM generated_documents WHERE object_type = 'inspections' "
            "AND object_id = :i AND code = 'appointment_act'"), {"i": draft_id}).scalar()
        numbered = conn.execute(text("SELECT count(*) FROM inspections WHERE number IS NOT NULL"
                                     )).scalar()
    engine.dispose()
    assert number and numbered == 1
    assert acts == 2  # one act, in Kazakh and Russian
