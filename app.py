"""Бақылау — application factory.

Configuration: defaults in :mod:`inspections.config` → ``instance/config.py`` →
environment (``SECRET_KEY``, ``DATABASE_URL``, ``SESSION_COOKIE_SECURE``, ``UPLOAD_MAX_MB``).
"""

from __future__ import annotations

import os

from flask import Flask

from inspections import config as defaults
from inspections.paths import resource_root


def create_app(test_config: dict | None = None) -> Flask:
    # templates/, static/, translations/ at the checkout's top, or packaged (pip install .);
    # the instance folder from BAKYLAU_INSTANCE, else Flask's default (instance/ in a checkout)
    app = Flask(__name__, instance_relative_config=True, root_path=str(resource_root()),
                instance_path=os.environ.get("BAKYLAU_INSTANCE") or None)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "bakylau.sqlite"
    )
    app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        defaults.apply_environment(app.config, os.environ)
    else:
        defaults.apply_environment(app.config, os.environ)
        app.config.update(test_config)
    defaults.check(app.config)
    defaults.load_audit_key(app.config, app.instance_path)

    from inspections.web import init_web

    init_web(app)
    return app


app = create_app()
