"""Browser: the administrator logs in, switches to Russian, creates a control subject with
a subdivision and finds it in the list (R1.1)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from inspections.bin import complete_bin

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_creates_a_subject_in_russian(live_server, make_user, page: Page):
    make_user("root", "admin")
    page.goto(live_server + "/login")
    page.get_by_label(re.compile("Пайдаланушы|Username|Имя пользователя")).fill("root")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_role("link", name="Реестр").click()
    page.get_by_role("link", name="Новый субъект контроля").click()
    bin_ = complete_bin("05014000777") or complete_bin("05014000778")
    page.get_by_label("БИН").fill(bin_)
    page.get_by_label("Наименование на казахском").fill("Браузер сынақ министрлігі")
    page.get_by_label("Наименование на русском").fill("Министерство браузерных испытаний")
    page.get_by_label("Местонахождение (на казахском языке)").fill("Астана қ., Мәңгілік Ел даңғ., 8")
    page.get_by_label("Местонахождение (на русском языке)").fill("Астана, пр. Мангилик Ел, 8")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Министерство браузерных испытаний")
    page.locator("summary", has_text="Добавить подразделение").click()
    page.get_by_label("Наименование подразделения на казахском").fill("Алматы филиалы")
    page.get_by_label("Наименование подразделения на русском").fill("Алматинский филиал")
    page.locator("form[action$='/subdivisions'] #location").fill("Алматы, ул. Абая, 1")
    page.get_by_role("button", name="Сохранить подразделение").click()
    expect(page.get_by_role("cell", name="Алматинский филиал")).to_be_visible()
    page.get_by_role("link", name="Реестр").first.click()
    page.get_by_label("Поиск в реестре").fill("браузерных")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("link", name="Министерство браузерных испытаний")).to_be_visible()
