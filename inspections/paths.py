"""Where the web resources are: the checkout's top level (templates/, static/, translations/,
migrations/) when running from a checkout or an editable install, else the copies that
``pip install .`` put into the package (``inspections/resources/``, see setup.py)."""

from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGED = Path(__file__).resolve().parent / "resources"


def resource_root() -> Path:
    return CHECKOUT if (CHECKOUT / "templates" / "base.html").is_file() else PACKAGED
