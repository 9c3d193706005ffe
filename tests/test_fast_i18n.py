"""``inspections/i18n.py`` translates and writes dates exactly as Flask-Babel does (issue 13:
it only looks the catalog up faster), in every language, under ``force_locale``, and outside
an application."""

from __future__ import annotations

from datetime import date, datetime

import flask_babel
import pytest

from inspections import i18n, labels
from inspections.services import notifications

STRINGS = ["Notifications", "Registry", "Mark all as read", "No such string in any catalog"]
DAYS = [date(2026, 12, 1), date(2027, 1, 7), date(2026, 3, 21)]
MOMENTS = [datetime(2026, 12, 1, 10, 5), datetime(2026, 12, 31, 20, 30)]  # UTC: 15:05, 01:30


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_same_words_and_dates_as_flask_babel(app, lang):
    with app.test_request_context("/"), flask_babel.force_locale(lang):
        for s in STRINGS:
            assert i18n.gettext(s) == flask_babel.gettext(s)
            assert str(i18n.lazy_gettext(s)) == flask_babel.gettext(s)
        assert i18n.gettext("All (%(n)d)…", n=3) == flask_babel.gettext("All (%(n)d)…", n=3)
        assert i18n.pgettext("inspection status", "Draft") == \
            flask_babel.pgettext("inspection status", "Draft")
        assert str(i18n.lazy_pgettext("inspection status", "Draft")) == \
            flask_babel.pgettext("inspection status", "Draft")
        for d in DAYS:
            for fmt in (None, "short", "medium", "long", "full", "dd.MM.yyyy"):
                assert i18n.format_date(d, fmt) == flask_babel.format_date(d, fmt)
        for m in MOMENTS:
            for fmt in (None, "short", "medium", "long"):
                assert i18n.format_datetime(m, fmt) == flask_babel.format_datetime(m, fmt)
            assert i18n.format_date(m) == flask_babel.format_date(m)  # moved to Almaty


def test_the_language_in_force_is_asked_every_time(app):
    """A label made once at import is read in the language of the moment: an export in
    Russian from a Kazakh session, an e-mail in its recipient's language."""
    label = labels.INSPECTION_STATUS_LABELS["draft"]
    with app.test_request_context("/"):
        with flask_babel.force_locale("kk"):
            kk = str(label)
            assert i18n.format_datetime(MOMENTS[0], "short") == "01.12.26, 15:05"
        with flask_babel.force_locale("ru"):
            assert str(label) != kk
            assert str(label) == flask_babel.pgettext("inspection status", "Draft") == "Черновик"
            assert i18n.format_date(DAYS[0], "long") == "1 декабря 2026\u202fг."
        with flask_babel.force_locale("kk"):
            assert str(label) == kk


def test_outside_an_application_it_falls_back_to_flask_babel():
    assert i18n.gettext("Notifications") == "Notifications"
    assert str(notifications.TEXTS[next(iter(notifications.TEXTS))])  # no application: English
