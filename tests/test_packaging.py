"""Release hygiene: ``pip install .`` (not only ``-e``) gives a working application — the
templates, static files, compiled translations and migrations travel as package data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = r"""
import sys
from flask_migrate import upgrade
from app import create_app
import inspections
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1],
                  "SECRET_KEY": "p" * 32})
assert "site" in app.root_path and app.root_path.endswith("resources"), app.root_path
with app.app_context():
    upgrade()
r = app.test_client().get("/login", headers={"Accept-Language": "kk"})
assert r.status_code == 200, r.status_code
page = r.get_data(as_text=True)
assert "Кіру" in page, page[:500]                                # compiled kk catalog
assert inspections.__version__ in page                           # the version in the footer
assert app.test_client().get("/static/vendor/bootstrap.min.css").status_code == 200
print("ok", app.root_path)
"""


def test_pip_install_dot_gives_a_working_application(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(wheels.glob("bakylau-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("app.py", "inspections/resources/templates/base.html",
                     "inspections/resources/translations/kk/LC_MESSAGES/messages.mo",
                     "inspections/resources/translations/ru/LC_MESSAGES/messages.mo",
                     "inspections/resources/migrations/versions/0001_foundation.py",
                     "inspections/resources/migrations/env.py",
                     "inspections/resources/static/vendor/bootstrap.min.css",
                     "inspections/data/kz_calendar.csv"):
        assert expected in names, expected
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True, cwd=tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site), "BAKYLAU_INSTANCE": str(tmp_path / "inst")}
    env.pop("TEST_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path / "p.sqlite")],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok ")
