"""Official documents: plain context → docxtpl → DOCX (package ``inspections.documents``).

No Flask and no database here.  Rule IDs: R2.5 plan, R2.6 plan amendment, R7.2
appointment act, R7.3 start notice, R9.3 extension act, R9.4 extension notice, R10.2
copies of the results act, R11.1 results act, R12.2 reasoned reply, R12.3 refusal act,
R16.2 follow-up proposal.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from inspections.documents import (
    CODES,
    DESCRIPTIONS,
    LANGS,
    RULES,
    DocumentError,
    builtin_template,
    check_template,
    docx_text,
    known_variables,
    render,
    render_copies,
    sample_context,
    template_variables,
    template_version,
)
from inspections.documents.build_templates import build
from inspections.documents.schema import RENDERED

PAIRS = [(code, lang) for code in CODES for lang in LANGS]
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
# Words that exist only in the Russian wording of the documents.
RUSSIAN_WORDS = ("проверки", "субъекта", "контроля", "уполномоченного", "подпись",
                 "Закона", "пункт", "статьи", "нарушени", "акт о ")


def text_of(code: str, lang: str, **changes) -> str:
    context = {**sample_context(code, lang), **changes}
    return docx_text(render(code, context, lang))


def flat(text: str) -> str:
    """Text with line breaks and repeated spaces collapsed (values may wrap in cells)."""
    return re.sub(r"\s+", " ", text)


def static_text(code: str, lang: str) -> str:
    """The static wording of a built-in template (Jinja tags removed)."""
    return TAG.sub(" ", docx_text(builtin_template(code, lang)))


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- every document, every language ----------------------------------------------------


@pytest.mark.parametrize(("code", "lang"), PAIRS)
def test_every_document_renders_from_its_sample_context(code, lang):
    """R2.5 R2.6 R7.2 R7.3 R9.3 R9.4 R11.1 R12.2 R12.3 R16.2: each code renders in kk and ru,
    is a valid DOCX and carries the common header, number, date and verification line."""
    context = sample_context(code, lang)
    data = render(code, context, lang)
    document = docx.Document(io.BytesIO(data))  # re-opens: a valid DOCX
    assert document.paragraphs
    text = docx_text(data)
    common = ("authority_name", "doc_number", "doc_date", "place", "verification_code",
              "verify_url")
    if code == "annual_report":  # a report, not an issued document: no number, no code
        common = ("authority_name", "doc_date", "place")
    for name in common:
        assert context[name] in text, name
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize(("code", "lang"), PAIRS)
def test_builtin_template_variables_are_known_and_sampled(code, lang):
    """Every variable of a built-in template is in the schema and in the sample context."""
    used = template_variables(builtin_template(code, lang))
    assert used <= known_variables(code), used - known_variables(code)
    assert used - RENDERED <= sample_context(code, lang).keys()  # verify_qr: the renderer's
    assert used == known_variables(code), "the schema lists a variable no template uses"


@pytest.mark.parametrize(("code", "lang"), PAIRS)
def test_builtin_templates_are_reproducible_from_the_build_script(code, lang):
    """The committed templates equal `python -m inspections.documents.build_templates`."""
    assert build(code, lang) == builtin_template(code, lang), (
        "templates are stale: run python -m inspections.documents.build_templates")


def test_schema_describes_every_variable_and_every_rule():
    for code in CODES:
        assert known_variables(code) <= DESCRIPTIONS.keys()
        assert RULES[code].startswith("R")
    assert LANGS == ("kk", "ru")
    assert CODES == ("plan", "plan_amendment", "appointment_act", "start_notice",
                     "extension_act", "extension_notice", "results_act", "refusal_act",
                     "objection_reply", "followup_proposal", "portal_statement",
                     "annual_report")


@pytest.mark.parametrize("code", CODES)
def test_templates_use_times_new_roman_in_both_languages(code):
    for lang in LANGS:
        document = docx.Document(io.BytesIO(builtin_template(code, lang)))
        assert document.styles["Normal"].font.name == "Times New Roman"


# -- R2.5 / R2.6 plan ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_plan_contains_the_seven_elements_R2_5(lang):
    """R2.5: (1) number and date, (2) authority, (3) subject, (4) location, (5) timeframe,
    (6) subject matter, (7) signature of the person authorised to sign."""
    ctx = sample_context("plan", lang)
    text = flat(text_of("plan", lang))
    assert f"№ {ctx['doc_number']}, {ctx['doc_date']}" in text
    assert ctx["authority_name"] in text
    for item in ctx["items"]:
        for key in ("subject_name", "location", "timeframe", "subject_matter"):
            assert item[key] in text, key
    assert ctx["signatory"]["full_name"] in text and ctx["signatory"]["position"] in text
    assert "7)" in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("ground", "kk", "ru"), [
    ("liquidation", "таратылуы", "ликвидация"),
    ("reorganisation", "қайта ұйымдастырылуы", "реорганизация"),
    ("renaming", "атауының өзгертілуі", "изменение наименования"),
    ("redistribution", "өкілеттіктердің қайта бөлінуі", "перераспределение полномочий"),
])
def test_plan_amendment_names_its_ground_basis_and_version_R2_6(lang, ground, kk, ru):
    """R2.6: the ground (one of four), basis document, plan number/date, version, items."""
    ctx = sample_context("plan_amendment", lang)
    text = flat(text_of("plan_amendment", lang, ground=ground))
    assert (kk if lang == "kk" else ru) in text
    assert ctx["basis_document"]["title"] in text and ctx["basis_document"]["number"] in text
    assert f"№ {ctx['plan']['number']}, {ctx['plan']['date']}" in text
    assert f"{ctx['version']}." in text
    for change in ctx["changes"]:
        assert change["before"] in text and change["after"] in text


def test_plan_amendment_refuses_another_ground_R2_6():
    ctx = sample_context("plan_amendment", "kk")
    ctx["ground"] = "policy_change"
    with pytest.raises(DocumentError, match="ground"):
        render("plan_amendment", ctx, "kk")


# -- R7.2 / R7.3 ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_appointment_act_contains_the_thirteen_elements_R7_2(lang):
    ctx = sample_context("appointment_act", lang)
    text = flat(text_of("appointment_act", lang))
    assert f"{ctx['doc_date']}, № {ctx['doc_number']}" in text  # (1)
    assert ctx["authority_name"] in text  # (2)
    for person in ctx["inspectors"]:  # (3)
        assert person["full_name"] in text and person["position"] in text
    for person in ctx["specialists"]:  # (4)
        assert person["full_name"] in text and person["organisation"] in text
    assert ctx["subject"]["name"] in text and ctx["subject"]["location"] in text  # (5)
    assert ctx["subdivision"]["name"] in text and ctx["subdivision"]["location"] in text
    assert ctx["subject_matter"] in text  # (6)
    assert ("мерзімді тексеру" if lang == "kk" else "периодическая проверка") in text  # (7)
    assert ctx["inspection_start"] in text and ctx["inspection_end"] in text  # (8)
    assert str(ctx["duration_days"]) in text
    for ground in ctx["grounds"]:  # (9)
        assert ground in text
    assert ctx["period_from"] in text and ctx["period_to"] in text  # (10)
    rights = ("құқықтары мен міндеттері", "27-3-бабының 6-тармағы") if lang == "kk" else (
        "Права и обязанности субъекта контроля", "пункт 6 статьи 27-3")
    assert all(part in text for part in rights)  # (11)
    receipt = "алудан бас тартқаны" if lang == "kk" else "об отказе в получении акта"
    assert receipt in text  # (12)
    assert ctx["signatory"]["full_name"] in text  # (13)
    for number in range(1, 14):
        assert f"{number})" in text


@pytest.mark.parametrize("lang", LANGS)
def test_appointment_act_without_subdivision_has_no_subdivision_block_R7_2(lang):
    ctx = sample_context("appointment_act", lang)
    text = flat(text_of("appointment_act", lang, subdivision=None))
    assert ctx["subdivision"]["name"] not in text
    assert ("құрылымдық бөлімше" if lang == "kk" else "структурного подразделения") not in text
    assert ctx["subject"]["name"] in text


@pytest.mark.parametrize("lang", LANGS)
def test_appointment_act_without_specialists_says_none_engaged_R7_2(lang):
    text = text_of("appointment_act", lang, specialists=[])
    assert ("тартылмайды" if lang == "kk" else "не привлекаются") in text


@pytest.mark.parametrize("lang", LANGS)
def test_appointment_act_unscheduled_kind_R7_2(lang):
    text = text_of("appointment_act", lang, inspection_kind="unscheduled")
    assert ("жоспардан тыс тексеру" if lang == "kk" else "внеплановая проверка") in text


@pytest.mark.parametrize("lang", LANGS)
def test_start_notice_gives_subject_matter_and_planned_start_R7_3(lang):
    ctx = sample_context("start_notice", lang)
    text = flat(text_of("start_notice", lang))
    assert ctx["subject_matter"] in text
    assert ctx["planned_start"] in text
    assert ctx["subject"]["name"] in text
    assert ctx["appointment_act"]["number"] in text
    text = flat(text_of("start_notice", lang, appointment_act=None, subdivision=None))
    assert ctx["appointment_act"]["number"] not in text
    assert ctx["subdivision"]["name"] not in text


# -- R9.3 / R9.4 -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_extension_act_cites_appointment_act_and_reasons_R9_3(lang):
    ctx = sample_context("extension_act", lang)
    text = flat(text_of("extension_act", lang))
    assert f"№ {ctx['appointment_act']['number']}, {ctx['appointment_act']['date']}" in text
    assert ctx["reasons"] in text
    assert ctx["new_end"] in text and ctx["current_end"] in text
    assert ("қосымша акт" if lang == "kk" else "дополнительный акт").lower() in text.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_extension_notice_names_the_acts_and_new_end_R9_4(lang):
    ctx = sample_context("extension_notice", lang)
    text = flat(text_of("extension_notice", lang))
    assert f"№ {ctx['extension_act']['number']}, {ctx['extension_act']['date']}" in text
    assert f"№ {ctx['appointment_act']['number']}" in text
    assert ctx["current_end"] in text and ctx["new_end"] in text and ctx["reasons"] in text
    assert ("бір жұмыс күні бұрын" if lang == "kk" else "за один рабочий день") in text


# -- R11.1 / R10.2 results act ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_results_act_contains_the_thirteen_elements_R11_1(lang):
    ctx = sample_context("results_act", lang)
    text = flat(text_of("results_act", lang))
    assert ctx["doc_date"] in text and ctx["drawn_time"] in text and ctx["place"] in text  # (1)
    assert ctx["authority_name"] in text  # (2)
    assert ctx["appointment_act"]["number"] in text and ctx["extension_act"]["number"] in text
    for person in ctx["inspectors"]:  # (4), (13)
        assert text.count(person["full_name"]) >= 2
    for person in ctx["specialists"]:  # (5)
        assert person["full_name"] in text
    assert ctx["subject"]["name"] in text and ctx["subject"]["location"] in text  # (6)
    assert ctx["subject_matter"] in text  # (7)
    assert ("мерзімді тексеру" if lang == "kk" else "периодическая проверка") in text  # (8)
    assert ctx["inspection_start"] in text and ctx["inspection_end"] in text  # (9)
    assert ctx["period_from"] in text and ctx["period_to"] in text  # (9) inspected period
    assert ctx["results_summary"] in text  # (10)
    for violation in ctx["violations"]:  # (10), (11)
        for key in ("requirement_ref", "requirement_text", "nature", "remedy", "deadline"):
            assert violation[key] in text, key
    assert ctx["subject_representative"]["full_name"] in text  # (12)
    for person in ctx["persons_present"]:
        assert person["full_name"] in text
    for attachment in ctx["attachments"]:
        assert attachment in text
    for number in range(1, 14):
        assert f"{number})" in text


@pytest.mark.parametrize("lang", LANGS)
def test_results_act_without_violations_says_none_found_R11_1(lang):
    ctx = sample_context("results_act", lang)
    text = flat(text_of("results_act", lang, violations=[], extension_act=None,
                        specialists=[], persons_present=[], attachments=[]))
    assert ("бұзушылықтары анықталған жоқ" if lang == "kk" else "не выявлены") in text
    assert ctx["violations"][0]["nature"] not in text
    assert ctx["extension_act"]["number"] not in text
    assert "11)" in text and "13)" in text


@pytest.mark.parametrize("lang", LANGS)
def test_results_act_prints_copy_number_and_purpose_R10_2(lang):
    copies = render_copies(sample_context("results_act", lang), lang)
    assert sorted(copies) == [1, 2, 3]
    purposes = {
        "kk": {1: "құқықтық статистика", 2: "Бақылау субъектісіне", 3: "Уәкілетті органда қалады"},
        "ru": {1: "правовой статистики", 2: "Вручается субъекту контроля",
               3: "Остается в уполномоченном органе"},
    }[lang]
    for number, data in copies.items():
        text = flat(docx_text(data))
        mark = f"{number}-дана" if lang == "kk" else f"Экземпляр № {number}"
        assert mark in text
        assert purposes[number] in text
        for other, purpose in purposes.items():
            if other != number:
                assert purpose not in text


def test_results_act_refuses_a_fourth_copy_R10_2():
    with pytest.raises(DocumentError, match="copy_number"):
        render("results_act", {**sample_context("results_act", "ru"), "copy_number": 4}, "ru")


# -- R12.2 / R12.3 / R16.2 -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_refusal_act_is_signed_by_inspectors_and_representative_R12_3(lang):
    ctx = sample_context("refusal_act", lang)
    text = flat(text_of("refusal_act", lang))
    for person in ctx["inspectors"]:
        assert text.count(person["full_name"]) >= 2  # listed and signing
    assert text.count(ctx["subject_representative"]["full_name"]) >= 2
    assert f"№ {ctx['results_act']['number']}, {ctx['results_act']['date']}" in text
    assert ctx["refusal_reason"] in text
    text = text_of("refusal_act", lang, refusal_reason="")
    assert ("себебі көрсетілмеді" if lang == "kk" else "причина не указана") in text


@pytest.mark.parametrize("lang", LANGS)
def test_objection_reply_answers_point_by_point_R12_2(lang):
    ctx = sample_context("objection_reply", lang)
    text = flat(text_of("objection_reply", lang))
    decisions = {"kk": {"accepted": "Қабылданды", "partially_accepted": "Ішінара қабылданды",
                        "rejected": "Қабылданбады"},
                 "ru": {"accepted": "Принято", "partially_accepted": "Принято частично",
                        "rejected": "Отклонено"}}[lang]
    for point in ctx["points"]:
        assert point["objection"] in text and point["reasons"] in text
        assert decisions[point["decision"]] in text
    assert ctx["objections"]["number"] in text and ctx["objections"]["received"] in text
    assert ctx["conclusion"] in text
    with pytest.raises(DocumentError, match="decision"):
        bad = [{**ctx["points"][0], "decision": "maybe"}]
        render("objection_reply", {**ctx, "points": bad}, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_followup_proposal_lists_overdue_violations_on_ground_7_R16_2(lang):
    ctx = sample_context("followup_proposal", lang)
    text = flat(text_of("followup_proposal", lang))
    assert ("3-тармағының 7) тармақшасы" if lang == "kk" else "подпункт 7) пункта 3") in text
    assert ("жоспардан тыс тексеру" if lang == "kk" else "внеплановая проверка") in text
    for violation in ctx["violations"]:
        assert violation["requirement_ref"] in text
        assert violation["nature"] in text and violation["deadline"] in text
    assert f"№ {ctx['results_act']['number']}, {ctx['results_act']['date']}" in text


# -- escaping, missing values, templates -------------------------------------------------------


@pytest.mark.parametrize(("code", "lang"), PAIRS)
def test_ampersand_and_angle_brackets_survive_rendering(code, lang):
    """docxtpl with autoescape: `&`, `<`, `>` in names are printed, the DOCX stays valid."""
    name = "Data & Security <Audit> > «Test»"
    data = render(code, {**sample_context(code, lang), "authority_name": name}, lang)
    document = docx.Document(io.BytesIO(data))
    assert name in docx_text(data)
    assert document.paragraphs
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Data &amp; Security &lt;Audit&gt;" in xml


@pytest.mark.parametrize("lang", LANGS)
def test_sample_organisation_with_special_characters_is_printed(lang):
    text = text_of("results_act", lang)
    assert "«Data & Security <Audit>»" in text


@pytest.mark.parametrize("code", CODES)
def test_missing_top_level_variable_raises_naming_it(code):
    ctx = sample_context(code, "kk")
    missing = "subject" if "subject" in known_variables(code) else "doc_date"
    del ctx[missing]
    with pytest.raises(DocumentError, match=missing) as info:
        render(code, ctx, "kk")
    assert missing in info.value.missing


def test_missing_nested_field_raises_naming_it():
    ctx = sample_context("results_act", "ru")
    del ctx["violations"][1]["deadline"]
    with pytest.raises(DocumentError, match="deadline") as info:
        render("results_act", ctx, "ru")
    assert info.value.missing == ("deadline",)


def test_none_for_a_required_value_is_not_silently_blank():
    ctx = sample_context("appointment_act", "kk")
    del ctx["subdivision"]  # optional parts are passed explicitly as None
    with pytest.raises(DocumentError, match="subdivision"):
        render("appointment_act", ctx, "kk")


def test_unknown_code_or_language_is_refused():
    with pytest.raises(DocumentError):
        render("order", {}, "kk")
    with pytest.raises(DocumentError):
        render("plan", sample_context("plan", "kk"), "en")
    with pytest.raises(DocumentError):
        sample_context("plan", "en")


def test_check_template_accepts_the_builtin_templates():
    for code, lang in PAIRS:
        assert check_template(code, builtin_template(code, lang)) == []


def test_check_template_refuses_a_file_that_is_not_docx():
    assert check_template("plan", b"%PDF-1.7 not a docx") != []
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("content.xml", "<x/>")
    problems = check_template("plan", archive.getvalue())
    assert len(problems) == 1 and "DOCX" in problems[0]


def test_check_template_lists_unknown_variables_by_name():
    data = make_docx("{{ authority_name }} № {{ doc_number }}", "{{ salary_of_inspector }}",
                     "{% for x in bank_accounts %}{{ x }}{% endfor %}")
    problems = check_template("results_act", data)
    assert len(problems) == 2
    assert any("salary_of_inspector" in p for p in problems)
    assert any("bank_accounts" in p for p in problems)
    # a variable of another document is unknown here too
    assert any("plan_year" in p for p in check_template("results_act",
                                                       make_docx("{{ plan_year }}")))


def test_check_template_reports_unknown_fields_of_known_variables():
    problems = check_template("results_act", make_docx("{{ subject.nme }}"))
    assert len(problems) == 1 and "nme" in problems[0]
    problems = check_template("results_act", make_docx("{{ doc_date|no_such_filter }}"))
    assert len(problems) == 1 and "no_such_filter" in problems[0]


def test_check_template_reports_jinja_syntax_errors():
    problems = check_template("plan", make_docx("{% if items %} never closed"))
    assert len(problems) == 1 and "syntax" in problems[0]
    problems = check_template("plan", make_docx("{{ doc_number "))
    assert problems and "syntax" in problems[0]


def test_render_uses_an_uploaded_template_and_checks_its_variables():
    data = make_docx("{{ authority_name }}", "Акт № {{ doc_number }} от {{ doc_date }}")
    assert check_template("results_act", data) == []
    ctx = sample_context("results_act", "ru")
    text = docx_text(render("results_act", ctx, "ru", template=data))
    assert f"Акт № {ctx['doc_number']} от {ctx['doc_date']}" in text
    assert template_variables(data) == {"authority_name", "doc_number", "doc_date"}
    with pytest.raises(DocumentError, match="doc_date"):
        render("results_act", {"authority_name": "X", "doc_number": "1"}, "ru", template=data)
    with pytest.raises(DocumentError):
        render("results_act", ctx, "ru", template=b"not a docx")


def test_template_version_is_a_stable_sha256_prefix():
    data = builtin_template("results_act", "kk")
    version = template_version(data)
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert version == template_version(bytes(data))
    assert version != template_version(builtin_template("results_act", "ru"))


def test_docx_text_reads_paragraphs_table_cells_and_footer():
    ctx = sample_context("plan", "kk")
    text = docx_text(render("plan", ctx, "kk"))
    assert ctx["items"][0]["timeframe"] in text  # a table cell
    assert ctx["verify_url"] in text  # the footer


# -- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_kazakh_template_is_all_kazakh_and_russian_template_all_russian(code):
    kk, ru = static_text(code, "kk"), static_text(code, "ru")
    assert KAZAKH_LETTERS.search(kk)
    for word in RUSSIAN_WORDS:
        assert word not in kk, word
    assert not KAZAKH_LETTERS.search(ru)
    for word in ("тексеру", "бақылау", "туралы", "Заңның", "уәкілетті"):
        assert word not in ru.lower(), word
    assert "проверк" in ru and "тексеру" in kk.lower()


@pytest.mark.parametrize("code", CODES)
def test_rendered_kazakh_text_has_kazakh_letters_and_no_russian_wording(code):
    text = text_of(code, "kk")
    assert KAZAKH_LETTERS.search(text)
    for word in RUSSIAN_WORDS:
        assert word not in text, word
    ru = text_of(code, "ru")
    for word in ("тексеру", "туралы", "уәкілетті"):
        assert word not in ru.lower(), word


def test_package_imports_neither_flask_nor_sqlalchemy():
    root = Path(__file__).resolve().parents[1]
    code = ("import sys, inspections.documents\n"
            "bad = [m for m in ('flask', 'sqlalchemy', 'flask_sqlalchemy') if m in sys.modules]\n"
            "assert not bad, bad\n")
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, cwd=root, timeout=60)
    assert result.returncode == 0, result.stderr
