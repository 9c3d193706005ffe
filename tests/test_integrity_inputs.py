"""Templates are sandboxed; open data and uploads are defused; transport settings; no 500s
from input (issue "Integrity", items 2, 6, 8 and 10)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from inspections import documents
from inspections.documents.errors import DocumentError
from inspections.errors import ValidationFailed
from inspections.services import documents as doc_service

from .conftest import NOW, SYSTEM


def _template_with(text: str) -> bytes:
    doc = Document(io.BytesIO(documents.builtin_template("appointment_act", "kk")))
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("expression", ["{{ doc_number.__class__.__mro__ }}",
                                        "{{ doc_number['__class__'] }}",
                                        "{{ doc_number._private }}"])
def test_an_uploaded_template_reaching_python_internals_is_refused_with_the_reason(
        ctx, expression):
    with pytest.raises(ValidationFailed) as e:
        doc_service.upload_template(SYSTEM, code="appointment_act", lang="kk",
                                    filename="evil.docx", data=_template_with(expression),
                                    now=NOW)
    assert "internal attribute" in str(e.value.message)


def test_rendering_is_sandboxed_even_for_a_template_stored_before_the_check(ctx):
    from inspections.documents.samples import sample_context

    evil = _template_with("{{ doc_number.__class__.__mro__ }}")
    with pytest.raises(DocumentError, match="unsafe"):
        documents.render("appointment_act", sample_context("appointment_act", "kk"), "kk",
                         template=evil)


# ---------------------------------------------------------------- open data (item 10)


def test_public_csv_cells_cannot_be_spreadsheet_formulas(client, make_subject):
    import csv

    from inspections.extensions import db

    from .test_plans_public import _published

    plan, _a, _b = _published(make_subject)
    plan.items[1].location = "=HYPERLINK(\"http://evil\",\"x\")"  # as a registry import may
    db.session.commit()
    response = client.get("/plans/2027.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    cells = [value for row in rows for value in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells
    assert client.get("/plans/2027.json").headers["Content-Type"] == \
        "application/json; charset=utf-8"


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+7 701", "'+7 701"),
                                            ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                            ("Астана", "Астана"), (3, 3), ("", "")])
def test_safe_cell(value, expected):
    from inspections.services.plans import safe_cell

    assert safe_cell(value) == expected


# ---------------------------------------------------------------- uploads (item 10)


def _zip(entries) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_a_normal_zip_accepted(ctx):
    from inspections import uploads

    bomb = _zip([("zeros.bin", b"\0" * (60 * 1024 * 1024))])  # ~60 KB for 60 MB
    with pytest.raises(ValidationFailed, match="absurd"):
        uploads.check(bomb, "evidence.zip")
    assert uploads.check(_zip([("a.txt", b"hello" * 100)]), "ok.zip") == "zip"


def test_a_file_of_a_refused_request_is_removed_and_the_command_reports_orphans(app, ctx):
    import os

    from inspections import uploads
    from inspections.extensions import db

    folder = app.config["UPLOAD_FOLDER"]
    before = set(os.listdir(folder))
    uploads.store(SYSTEM, b"%PDF-1.4\n%%EOF\n", "a.pdf", now=NOW)
    assert len(set(os.listdir(folder)) - before) == 1
    db.session.rollback()  # the request failed after the file was written
    assert set(os.listdir(folder)) == before
    kept = uploads.store(SYSTEM, b"%PDF-1.4\n%%EOF\n", "b.pdf", now=NOW)
    db.session.commit()
    assert os.path.exists(os.path.join(folder, kept.stored_name))
    stray = os.path.join(folder, "0123456789abcdef0123456789abcdef")
    with open(stray, "wb") as f:
        f.write(b"x")
    os.utime(stray, (0, 0))  # old enough to be removed
    runner = app.test_cli_runner()
    result = runner.invoke(args=["uploads", "check"])
    assert result.exit_code == 1 and "orphan file: 0123456789abcdef" in result.output
    result = runner.invoke(args=["uploads", "check", "--clean"])
    assert "removed 1 orphan file(s)" in result.output and not os.path.exists(stray)
    for name in set(os.listdir(folder)) - {kept.stored_name}:
        os.remove(os.path.join(folder, name))  # files of earlier tests (their rows are gone)
    assert runner.invoke(args=["uploads", "check"]).exit_code == 0


def test_a_file_of_a_request_that_ends_without_commit_is_removed(app, ctx):
    import os

    from inspections import uploads

    folder = app.config["UPLOAD_FOLDER"]
    before = set(os.listdir(folder))
    with app.app_context():
        uploads.store(SYSTEM, b"%PDF-1.4\n%%EOF\n", "c.pdf", now=NOW)
        assert len(set(os.listdir(folder)) - before) == 1
    # the app context ended (teardown closes the session) without a commit
    assert set(os.listdir(folder)) == before


# ---------------------------------------------------------------- no 500s (item 6)


def _walk(app, int_value):
    """Every route with every int argument set to ``int_value`` (others: a plain word)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {}
        for name in rule.arguments:
            conv = rule._converters[name]
            converter = type(conv).__name__
            if "Int" in converter:
                values[name] = int_value
            elif "Any" in converter:  # <any(a,b):name> only builds with one of its items
                values[name] = sorted(conv.items)[0]
            else:
                values[name] = "x"
        path = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, path


@pytest.mark.parametrize("big", [2**31, 2**63, 10**30])
def test_ids_beyond_the_integer_range_answer_404_on_every_route(app, client, make_user, big):
    from .conftest import login

    make_user("root", "admin", "inspector")
    login(client, "root")
    failures = []
    for rule, method, path in _walk(app, 1):
        if not any("Int" in type(c).__name__ for c in rule._converters.values()):
            continue
        big_path = path.replace("/1", f"/{big}")
        response = client.open(big_path, method=method)
        if response.status_code != 404:
            failures.append((method, big_path, response.status_code))
    assert failures == []


def test_control_characters_and_huge_ids_in_forms_and_queries_answer_400(app, client,
                                                                         make_user):
    from .conftest import login

    make_user("root", "admin", "inspector")
    login(client, "root")
    failures = []
    for _rule, method, path in _walk(app, 1):
        for data in ({"q": "a\x00b"}, {"note": "\x1b[31m"}, {"subject_id": str(2**63)}):
            if method == "GET":
                response = client.get(path, query_string=data)
            else:
                response = client.open(path, method=method, data=data)
            if response.status_code != 400:
                failures.append((method, path, data, response.status_code))
        if method == "POST":
            response = client.post(path, data={"text": "x" * 20_001})
            if response.status_code != 400:
                failures.append((method, path, "long", response.status_code))
    assert failures == []
    assert client.get("/inspections/%00").status_code in (400, 404)


def test_an_email_is_added_to_an_account(client, make_user):
    from inspections.extensions import db
    from inspections.models import User

    from .conftest import login

    make_user("root", "admin")
    user = make_user("aigerim", "inspector")
    login(client, "root")
    response = client.post(f"/admin/users/{user.id}", data={
        "surname": "Тестов", "given_name": "Aigerim", "patronymic": "", "position_kk": "",
        "position_ru": "", "email": "aigerim@example.kz", "roles": ["inspector"],
        "control_subject_id": "0", "locale": "kk"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "aigerim@example.kz"


# ---------------------------------------------------------------- transport (item 8)


def test_https_production_settings_secure_cookies_hsts_and_csrf_lifetime(monkeypatch,
                                                                         tmp_path):
    from app import create_app

    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    secure = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite",
                         "AUDIT_KEY": "k"})
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    assert secure.config["WTF_CSRF_TIME_LIMIT"] == 8 * 3600
    response = secure.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    monkeypatch.delenv("PREFERRED_URL_SCHEME")
    plain = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite",
                        "AUDIT_KEY": "k"})
    assert "Strict-Transport-Security" not in plain.test_client().get("/login").headers
