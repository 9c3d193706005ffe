"""Languages: kk (default), ru, en; every string translated in kk and ru."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from .conftest import login

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/registry", "/deadlines", "/calendar/2026", "/audit", "/admin/users",
         "/account/password", "/admin/templates", "/verify"]
WORDS = {  # a word that only the right language shows in the navigation
    "kk": "Тізілім",
    "ru": "Реестр",
    "en": "Registry",
}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_render_in_each_language(client, make_user, lang):
    make_user("root", "admin")
    login(client, "root")
    client.post("/lang", data={"lang": lang})
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in text, url
        assert WORDS[lang] in text, url
        for other, word in WORDS.items():
            if other != lang:
                assert f">{word}<" not in text, (url, other)


def test_kazakh_is_the_default(client):
    text = client.get("/login").get_data(as_text=True)
    assert '<html lang="kk">' in text


def test_accept_language_then_session_then_profile(client, make_user):
    assert '<html lang="ru">' in client.get(
        "/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    client.post("/lang", data={"lang": "en"})
    assert '<html lang="en">' in client.get(
        "/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    user = make_user("aigerim", "inspector")
    user.locale = "ru"
    from inspections.extensions import db

    db.session.commit()
    login(client, "aigerim")
    assert '<html lang="ru">' in client.get("/").get_data(as_text=True)


def test_language_choice_is_kept_in_the_profile(client, make_user):
    from inspections.extensions import db
    from inspections.models import User

    user = make_user("aigerim", "inspector")
    login(client, "aigerim")
    client.post("/lang", data={"lang": "ru"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "ru"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_is_translated(lang):
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    missing = [m.id for m in catalog if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    assert missing == []


def test_catalog_is_up_to_date_with_the_code(tmp_path):
    """Every marked string of the code is in the catalogs (run `pybabel extract/update`)."""
    from babel.messages.frontend import CommandLineInterface

    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
                                "-k", "_l", "-k", "lazy_pgettext:1c,2", "-o", str(pot),
                                str(ROOT)])
    with pot.open("rb") as f:
        wanted = {m.id if not m.context else (m.context, m.id) for m in read_po(f) if m.id}
    with (ROOT / "translations" / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        have = {m.id if not m.context else (m.context, m.id) for m in read_po(f) if m.id}
    assert sorted(map(str, wanted - have)) == []
