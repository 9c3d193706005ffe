"""Build hook: the web resources that live at the top of the checkout (templates/, static/,
translations/ with compiled .mo catalogs, migrations/) become package data of ``inspections``
(``inspections/resources/``), so that ``pip install .`` — not only ``-e`` — gives a working
application.  Everything else is declared in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("templates", "static", "translations", "migrations")


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # -e: the app reads the checkout itself
            return
        dest = Path(self.build_lib) / "inspections" / "resources"
        for name in RESOURCES:
            shutil.copytree(ROOT / name, dest / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in (dest / "translations").glob("*/LC_MESSAGES/messages.po"):
            with po.open("rb") as f:
                catalog = read_po(f, locale=po.parent.parent.name)
            with po.with_suffix(".mo").open("wb") as f:
                write_mo(f, catalog)


setup(cmdclass={"build_py": BuildWithResources})
