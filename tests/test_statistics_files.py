"""Files of issue 15: XLSX/CSV exports, the annual report (kk, ru, CLI), the statistics
placed on the internet resource (no personal data, R27.1) and the region column of the
registry's CSV import."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from inspections.actors import SYSTEM
from inspections.bin import complete_bin
from inspections.documents import docx_text
from inspections.extensions import db
from inspections.models import ControlSubject, User
from inspections.services import registry
from inspections.services import statistics as stats

from .conftest import NOW, login
from .test_statistics import stat_world


@pytest.fixture
def world(ctx, make_subject):
    return stat_world(make_subject)


@pytest.fixture
def head(client, make_user):
    make_user("head1", "head")
    login(client, "head1")
    return client


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


# ------------------------------------------------------------------ XLSX and CSV

@pytest.mark.parametrize(("lang", "header"), [
    ("kk", ["Тексеру", "Тексеру нәтижелері туралы акт", "БСН", "Бақылау субъектісі", "№",
            "Талаптың коды", "Талап", "Мерзімі", "Күйі", "Қайта тексеру"]),
    ("ru", ["Проверка", "Акт о результатах проверки", "БИН", "Субъект контроля", "№",
            "Код требования", "Требование", "Срок", "Статус", "Повторная проверка"]),
])
def test_violations_xlsx_has_typed_cells_a_frozen_header_and_an_autofilter(
        world, head, lang, header):
    response = head.get(f"/exports/violations.xlsx?year=2026&lang={lang}")
    assert response.status_code == 200
    ws = _sheet(response.data)
    assert [c.value for c in ws[1]] == header
    assert ws[1][0].font.bold
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1 + 5  # five violations found in 2026
    assert ws.auto_filter.ref == "A1:J6"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[4], int) for r in rows)  # No.: a number
    assert all(isinstance(r[7], datetime) for r in rows)  # deadline: a date, not text
    assert {r[7].date() for r in rows} == {date(2026, 5, 1), date(2026, 6, 1),
                                           date(2026, 12, 15), date(2026, 2, 1)}
    assert {r[9] for r in rows} == {True, False}  # follow-up: a boolean


def test_xlsx_headers_differ_between_kazakh_and_russian(world, head):
    kk = [c.value for c in _sheet(head.get("/exports/inspections.xlsx?lang=kk").data)[1]]
    ru = [c.value for c in _sheet(head.get("/exports/inspections.xlsx?lang=ru").data)[1]]
    assert kk != ru
    assert "Субъект контроля" in ru and "Бақылау субъектісі" in kk
    ws = _sheet(head.get("/exports/inspections.xlsx?lang=ru").data)
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["U1"][5].value == "Акмолинская область"
    assert rows["U1"][9].value is True  # delivered late (R13.1)
    assert isinstance(rows["U1"][6].value, datetime)


def test_dashboard_tables_download_as_one_workbook_of_numbers(world, head):
    wb = load_workbook(io.BytesIO(head.get("/dashboard/tables.xlsx?year=2026&lang=ru").data))
    assert len(wb.worksheets) == len(stats.TABLES)
    remediation = next(ws for ws in wb.worksheets if ws.title.startswith("Устранение"))
    values = {r[0].value: r[1].value for r in remediation.iter_rows(min_row=2)}
    assert values["Устранено в срок"] == 1 and values["Не устранено"] == 2
    assert all(isinstance(v, int) for v in values.values())


def test_csv_export_of_a_figure_lists_the_inspections_behind_it(world, head):
    response = head.get("/exports/inspections.csv?lang=ru&year=2026&table=remediation"
                        "&row=not_eliminated&col=count")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Номер"
    assert sorted(r[0] for r in rows[1:]) == ["U1", "U2"]


def test_table_csv_of_the_dashboard(world, head):
    text = head.get("/dashboard/tables/objections.csv?year=2026&lang=kk").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["Алынған ескертулер және (немесе) қарсылықтар", "2"]


# ------------------------------------------------------------------ annual report

@pytest.mark.parametrize(("lang", "title"), [("kk", "2026 ЖЫЛҒЫ ТЕКСЕРУЛЕР ТУРАЛЫ ЖЫЛДЫҚ ЕСЕП"),
                                             ("ru", "ГОДОВОЙ ОТЧЕТ О ПРОВЕРКАХ ЗА 2026 ГОД")])
def test_annual_report_renders_in_both_languages_with_no_template_syntax_left(
        world, head, lang, title):
    response = head.get(f"/dashboard/report.docx?year=2026&lang={lang}")
    assert response.status_code == 200
    text = docx_text(response.data)
    assert title in text
    assert "{{" not in text and "{%" not in text
    assert ("статья r1" if lang == "ru" else "r1 бабы") in text
    month = "Март" if lang == "ru" else "Наурыз"
    assert month in text
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert sum(n.startswith("word/media/") for n in names) == 3  # the charts as pictures


def test_annual_report_from_the_command_line(world, app, tmp_path):
    out = tmp_path / "report.docx"
    result = app.test_cli_runner().invoke(args=["report", "annual", "2026", "--lang", "ru",
                                                str(out)])
    assert result.exit_code == 0, result.output
    assert "ГОДОВОЙ ОТЧЕТ О ПРОВЕРКАХ ЗА 2026 ГОД" in docx_text(out.read_bytes())


# ------------------------------------------------------------------ open statistics (R27.1)

def test_open_statistics_of_a_closed_year_hold_no_personal_data_R27_1(world, client,
                                                                      make_user):
    """Placed statistics are counts and codes only: no name of an inspector, a
    representative or any person, no number of an act."""
    head = make_user("head1", "head")
    head.surname, head.given_name = "Жанұзақов", "Қайрат"
    rep = make_user("rep1", "subject_rep", subject=world["subjects"][0])
    db.session.commit()
    with pytest.raises(Exception, match="closed year"):
        stats.publish(head, 2026, now=NOW)
    db.session.rollback()
    later = datetime(2027, 1, 15, 10, 0, tzinfo=NOW.tzinfo)
    stats.publish(db.session.get(User, head.id), 2026, now=later)
    db.session.commit()
    assert client.get("/statistics").status_code == 200
    page = client.get("/statistics/2026").get_data(as_text=True)
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)  # a random token may hold "U1"
    data = client.get("/statistics/2026.json").get_data(as_text=True)
    table = client.get("/statistics/2026.csv").get_data(as_text=True)
    for text in (page, data, table):
        for person in (head.surname, head.given_name, rep.surname, "head1", "rep1"):
            assert person not in text
        assert "P1-Н" not in text and "U1" not in text
    body = json.loads(data)
    remediation = next(t for t in body["tables"] if t["code"] == "remediation")
    assert {r["key"]: r["values"]["count"] for r in remediation["rows"]}["on_time"] == 1
    rows = list(csv.DictReader(io.StringIO(table.lstrip("\ufeff"))))
    assert {"table": "timeliness", "row": "late_delivery", "column": "count",
            "value": "1"}.items() <= rows[[r["row"] for r in rows].index("late_delivery")].items()
    assert client.get("/statistics/2025").status_code == 404
    assert client.get("/statistics/2025.json").status_code == 404


def test_the_dashboard_of_a_closed_year_offers_its_placement_then_links_to_it(world, client,
                                                                             make_user):
    """The dashboard of a closed year offers to place its statistics (R27.1) until they are
    placed, then links to them with the day they were placed; a period or the current
    year offers neither."""
    make_user("head1", "head")
    login(client, "head1")
    placed = 'href="/statistics/2025"'
    page = client.get("/dashboard?year=2025").get_data(as_text=True)
    assert 'action="/statistics/2025/publish"' in page and placed not in page
    stats.publish(db.session.get(User, db.session.execute(
        select(User.id).where(User.username == "head1")).scalar_one()), 2025, now=NOW)
    db.session.commit()
    page = client.get("/dashboard?year=2025").get_data(as_text=True)
    assert 'action="/statistics/2025/publish"' not in page and placed in page
    assert stats.publication(2025).published_on == NOW.date()
    for url in ("/dashboard?year=2026", "/dashboard?start=2025-01-01&end=2025-12-31"):
        page = client.get(url).get_data(as_text=True)
        assert "/publish" not in page and placed not in page


def test_placed_statistics_do_not_change_afterwards(world, make_user, make_subject):
    head = make_user("head1", "head")
    stats.publish(head, 2026, now=datetime(2027, 1, 15, 10, 0, tzinfo=NOW.tzinfo))
    db.session.commit()
    before = stats.publication(2026).figures
    from .test_statistics import stat_world_more

    stat_world_more(make_subject)
    assert stats.publication(2026).figures == before
    with pytest.raises(Exception, match="already"):
        stats.publish(head, 2026, now=datetime(2027, 1, 16, 10, 0, tzinfo=NOW.tzinfo))


# ------------------------------------------------------------------ registry: region

def _bins(n):
    out, i = [], 0
    while len(out) < n:
        b = complete_bin(f"880140{i:05d}")
        if b:
            out.append(b)
        i += 1
    return out


def test_registry_csv_import_takes_an_optional_last_region_column(ctx):
    one, two, three = _bins(3)
    data = ("bin,name_kk,name_ru,location,kind,parent_bin,region\n"
            f"{one},Бір,Один,Астана,central,,astana\n"
            f"{two},Екі,Два,Көкшетау,local_executive,,\n").encode()
    report = registry.import_csv(SYSTEM, data, now=NOW)
    assert report.ok and report.created == 2
    regions = dict(db.session.execute(select(ControlSubject.bin, ControlSubject.region)).all())
    assert regions == {one: "astana", two: None}
    bad = ("bin,name_kk,name_ru,location,kind,parent_bin,region\n"
           f"{three},Үш,Три,Астана,central,,atlantis\n").encode()
    report = registry.import_csv(SYSTEM, bad, now=NOW)
    assert not report.ok and "atlantis" in report.errors[0][1]
    # the old six columns still import
    old = f"bin,name_kk,name_ru,location,kind,parent_bin\n{three},Үш,Три,Астана,central,\n"
    assert registry.import_csv(SYSTEM, old.encode(), now=NOW).ok


def test_the_demo_places_one_year_and_fills_regions(app, ctx, client):
    """The demo: regions of its bodies and the statistics of the last closed year placed,
    so that a visitor of /statistics sees one (idempotent)."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    years = [p.year for p in stats.published_years()]
    assert len(years) == 1
    index = client.get("/statistics").get_data(as_text=True)
    assert f"/statistics/{years[0]}" in index
    assert client.get(f"/statistics/{years[0]}.json").status_code == 200
    regions = dict(db.session.execute(select(ControlSubject.name_ru, ControlSubject.region)).all())
    assert regions["Акимат Акмолинской области"] == "akmola"
    assert regions["Министерство здравоохранения Республики Казахстан"] == "astana"
    assert None not in regions.values()


def test_an_administrators_template_of_the_annual_report_is_used(world, app, client,
                                                                  make_user):
    """The annual report goes through the same template machinery as every document: an
    administrator's checked replacement is used; a sample of it can be issued."""
    import docx as python_docx

    from inspections.services import documents as doc_service

    document = python_docx.Document()
    document.add_paragraph("{{ authority_name }} — {{ report_year }}: {{ totals.violations }}")
    document.add_paragraph("{{ chart_plan }}")
    out = io.BytesIO()
    document.save(out)
    admin = make_user("admin1", "admin")
    doc_service.upload_template(admin, code="annual_report", lang="ru", filename="my.docx",
                                data=out.getvalue(), now=NOW)
    sample = doc_service.issue_sample(admin, "annual_report", "kk", now=NOW)
    db.session.commit()
    assert "image_sha256" in sample.context["chart_plan"]
    from inspections.services.annual_report import render_report

    text = docx_text(render_report(2026, "ru", today=NOW.date()))
    assert text.startswith(app.config["AUTHORITY_NAME_RU"] + " — 2026: 5")


def test_an_inspector_downloads_every_list_from_the_inspections_page(world, client,
                                                                     make_user):
    make_user("insp1", "inspector")
    login(client, "insp1")
    page = client.get("/inspections").get_data(as_text=True)
    for name in ("inspections", "violations", "objections", "remediation"):
        for fmt in ("xlsx", "csv"):
            url = f"/exports/{name}.{fmt}?lang=kk"
            assert url in page
            assert client.get(url).status_code == 200
    ws = _sheet(client.get("/exports/remediation.xlsx?lang=ru").data)
    assert ws.max_row == 1 + 3  # three reports
    assert client.get("/dashboard/tables.xlsx").status_code == 403  # the heads' dashboard
