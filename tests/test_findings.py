"""Findings from the four information sources, per control subject (R1.3)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from inspections.errors import PermissionDenied, ValidationFailed
from inspections.extensions import db
from inspections.models import Finding
from inspections.services import findings

from .conftest import NOW, SYSTEM, login
from .test_plans import HEAD, INSPECTOR
from .test_uploads import PNG


def test_r1_3_finding_has_one_of_four_sources_a_date_a_summary_and_a_weight(ctx, make_subject):
    subject = make_subject()
    for source in ("previous_inspections", "monitoring", "internet_resources",
                   "technical_service"):
        findings.record_finding(INSPECTOR, subject, source=source, found_on=date(2026, 5, 1),
                                summary="Түйін", weight=3, now=NOW)
    with pytest.raises(ValidationFailed) as e:
        findings.record_finding(INSPECTOR, subject, source="rumour", found_on=date(2026, 5, 1),
                                summary="x", weight=3, now=NOW)
    assert e.value.rule == "R1.3"
    for weight in (0, 6, None):
        with pytest.raises(ValidationFailed):
            findings.record_finding(INSPECTOR, subject, source="monitoring",
                                    found_on=date(2026, 5, 1), summary="x", weight=weight,
                                    now=NOW)
    with pytest.raises(ValidationFailed):  # not in the future
        findings.record_finding(INSPECTOR, subject, source="monitoring",
                                found_on=date(2026, 11, 24), summary="x", weight=3, now=NOW)
    with pytest.raises(ValidationFailed):
        findings.record_finding(INSPECTOR, subject, source="monitoring",
                                found_on=date(2026, 5, 1), summary="  ", weight=3, now=NOW)
    with pytest.raises(PermissionDenied):  # the head reads, inspectors record
        findings.record_finding(HEAD, subject, source="monitoring", found_on=date(2026, 5, 1),
                                summary="x", weight=3, now=NOW)
    assert len(findings.findings_of(subject.id)) == 4


def test_r1_3_record_a_finding_with_a_file_and_download_it(client, make_user, make_subject):
    make_user("insp", "inspector")
    subject = make_subject()
    login(client, "insp")
    response = client.post("/findings/new", data={
        "subject_id": subject.id, "source": "technical_service", "found_on": "2026-10-01",
        "weight": "4", "summary": "Рұқсатсыз қол жеткізу",
        "files": [(io.BytesIO(PNG), "screen.png")]}, content_type="multipart/form-data")
    assert response.status_code == 303
    finding = db.session.query(Finding).one()
    assert (finding.source, finding.weight, finding.files[0].kind) == ("technical_service", 4,
                                                                       "png")
    page = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    url = f"/findings/{finding.id}/files/{finding.files[0].id}"
    assert url in page
    download = client.get(url)
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/findings/{finding.id}/files/99999").status_code == 404


def test_r1_3_a_refused_file_keeps_nothing(client, make_user, make_subject):
    make_user("insp", "inspector")
    subject = make_subject()
    login(client, "insp")
    response = client.post("/findings/new", data={
        "subject_id": subject.id, "source": "monitoring", "found_on": "2026-10-01",
        "weight": "2", "summary": "Есеп",
        "files": [(io.BytesIO(b"MZ\x90\x00 not a pdf"), "report.pdf")]},
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "not of an allowed type" in response.get_data(as_text=True)
    assert db.session.query(Finding).count() == 0


def test_r1_3_findings_are_not_shown_to_representatives(client, make_user, make_subject):
    subject = make_subject()
    make_user("rep", "subject_rep", subject=subject)
    f = findings.record_finding(SYSTEM, subject, source="monitoring", found_on=date(2026, 5, 1),
                                summary="Ішкі", weight=2, files=[("a.png", PNG)], now=NOW)
    db.session.commit()
    login(client, "rep")
    assert client.get("/findings").status_code == 403
    # R27.1: a page that takes an object ID answers a representative 404, never 403
    assert client.get(f"/findings/{f.id}/files/{f.files[0].id}").status_code == 404


def test_r1_3_add_files_later(client, make_user, make_subject):
    make_user("insp", "inspector")
    subject = make_subject()
    f = findings.record_finding(SYSTEM, subject, source="monitoring", found_on=date(2026, 5, 1),
                                summary="Есеп", weight=2, now=NOW)
    db.session.commit()
    login(client, "insp")
    client.post(f"/findings/{f.id}/files", data={"files": [(io.BytesIO(PNG), "a.png")]},
                content_type="multipart/form-data")
    db.session.refresh(f)
    assert [u.original_name for u in f.files] == ["a.png"]


def test_r1_3_the_list_of_findings_filters_pages_and_counts_files(client, make_user,
                                                                   make_subject):
    """R1.3: the list shows each finding's date, body (in the reader's language), source,
    weight and number of files, newest first, a page at a time; by source and by body.
    Issue 13: it reads these columns, not the findings with their bodies and files."""
    import re

    from inspections.views.findings import PER_PAGE

    make_user("insp", "inspector")
    one = make_subject(name_kk="Бірінші орган", name_ru="Первый орган")
    two = make_subject(name_kk="Екінші орган", name_ru="Второй орган")
    for n in range(PER_PAGE + 2):
        findings.record_finding(INSPECTOR, one if n % 2 else two,
                                source="monitoring" if n % 3 else "internet_resources",
                                found_on=date(2026, 1, 1 + n), summary=f"Түйін {n:02d}",
                                weight=1 + n % 5,
                                files=[("s.png", PNG)] if n == PER_PAGE + 1 else [], now=NOW)
    db.session.commit()
    login(client, "insp")

    def listed(url):
        html = client.get(url).get_data(as_text=True)
        return re.findall(r">Түйін (\d\d)</a>", html), html

    first, html = listed("/findings")
    assert first == [f"{n:02d}" for n in range(PER_PAGE + 1, 1, -1)]
    newest = html[html.index(">Түйін 21<"):html.index("</tr>", html.index(">Түйін 21<"))]
    assert "<td>1</td>" in newest and "Бірінші орган" in html
    assert listed("/findings?page=2")[0] == ["01", "00"]
    assert listed("/findings?source=internet_resources")[0] == \
        [f"{n:02d}" for n in range(PER_PAGE + 1, -1, -1) if n % 3 == 0]
    assert listed(f"/findings?subject_id={one.id}&source=monitoring")[0] == \
        [f"{n:02d}" for n in range(PER_PAGE + 1, -1, -1) if n % 2 and n % 3]
    client.post("/lang", data={"lang": "ru"})
    html = listed(f"/findings?subject_id={two.id}")[1]
    assert "Второй орган" in html and "Первый орган" not in html.split("<table")[1]
