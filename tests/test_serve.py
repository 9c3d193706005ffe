"""Production server: scripts/serve applies migrations and starts gunicorn workers that serve
the login page; production settings refuse a missing, placeholder or demo SECRET_KEY."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from inspections import config as defaults

from .conftest import free_port

ROOT = Path(__file__).resolve().parents[1]


def _get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 — loopback only
        return r.status, dict(r.headers), r.read().decode("utf-8")


def test_scripts_serve_starts_gunicorn_and_serves_the_login_page(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "VENV": str(Path(sys.executable).parent.parent),
        "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "serve.sqlite"),
        "SECRET_KEY": secrets.token_hex(32),
    }
    env.pop("TEST_DATABASE_URL", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _, _ = _get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = log.read_text(encoding="utf-8", errors="replace")
                    pytest.fail(f"scripts/serve did not come up:\n{out[-3000:]}")
                time.sleep(0.3)
        status, headers, body = _get(f"http://127.0.0.1:{port}/login")
        assert status == 200
        assert 'name="password"' in body
        status, _, ready = _get(f"http://127.0.0.1:{port}/readyz")
        assert status == 200 and '"migrations"' in ready  # migrations were applied
        workers = subprocess.run(["pgrep", "-f", "-g", str(proc.pid), "gunicorn"],
                                 capture_output=True, text=True).stdout.split()
        assert len(workers) >= 3  # the arbiter and two workers
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.parametrize("config, ok", [
    ({}, False),
    ({"SECRET_KEY": "change-me-to-a-long-random-string"}, False),
    ({"SECRET_KEY": "short"}, False),
    ({"SECRET_KEY": "a" * 64, "SECRET_KEY_FROM_DEMO": True}, False),
    ({"SECRET_KEY": "a" * 64}, True),
    ({"DEBUG": True}, True),
])
def test_production_requires_a_real_secret_key(config, ok):
    cfg = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "UPLOAD_MAX_MB": 25,
           "SECRET_KEY_FROM_DEMO": False, **config}
    defaults.apply_environment(cfg, {"BAKYLAU_ENV": "production"})
    assert cfg["SESSION_COOKIE_SECURE"] is True and cfg["REMEMBER_COOKIE_SECURE"] is True
    if ok:
        defaults.check(cfg)
    else:
        with pytest.raises(defaults.ConfigurationError, match="SECRET_KEY"):
            defaults.check(cfg)


def test_an_environment_key_replaces_the_demo_key():
    cfg = {"SECRET_KEY": "d" * 64, "SECRET_KEY_FROM_DEMO": True,
           "SQLALCHEMY_DATABASE_URI": "sqlite://", "UPLOAD_MAX_MB": 25}
    defaults.apply_environment(cfg, {"BAKYLAU_ENV": "production", "SECRET_KEY": "e" * 64})
    defaults.check(cfg)
    assert cfg["SECRET_KEY"] == "e" * 64
