"""Kazakh and Russian wording to the letter of the law (Art. 27-3 of the Law "On personal
data and their protection"; the Kazakh text in ``shared/law`` is authoritative).

- Kazakh dates take no case endings: a Babel-formatted date ("2026 ж. 1 желтоқсан") is
  never followed directly by a suffix, a postposition ("дейін", "кешіктірілмей",
  "бастап" …) or a verb; the case goes on a noun ("мерзімнен (%(date)s) кешіктірілмей",
  "Соңғы күні — %(date)s", "%(date)s күні …").
- Every legal concept carries the word the law gives it, in both catalogs and in the
  documents (built-in templates, rendered samples, rule titles): the glossary below.
- R12.3: the Russian refusal act is an act of refusal *to accept* ("отказ от принятия").

The checks are general: they run over every entry, so they also guard strings added later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from flask_babel import force_locale

from inspections import explain
from inspections.documents import CODES, builtin_template, docx_text, render, sample_context
from inspections.documents.inspection_context import GROUND_TEXT
from inspections.labels import DOCUMENT_LABELS

ROOT = Path(__file__).resolve().parents[1]


@cache
def catalog(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def forms(value) -> tuple[str, ...]:
    """The singular and plural forms of a msgid / msgstr."""
    if not value:
        return ()
    return value if isinstance(value, tuple) else (value,)


def entries():
    """(English msgid, kk msgstr forms, ru msgstr forms) of every catalog entry."""
    kk, ru = catalog("kk"), catalog("ru")
    for message in kk:
        if not message.id:
            continue
        other = ru.get(message.id, message.context)
        yield (" ".join(forms(message.id)), forms(message.string),
               forms(other.string) if other else ())


# -------------------------------------------------------------------- dates in Kazakh

# Placeholders whose name says they hold a date (formatted by Babel before they are
# substituted); ``%(day)d`` and other integers are not dates.
DATE_NAMES = {"date", "day", "d", "due", "deadline", "time", "earliest", "latest", "end",
              "limit", "filed_on", "start", "until", "since", "effective", "when"}
# A one-letter placeholder is a date when the English puts a date word before it
# ("delivered by %(n)s", "planned start %(s)s", "Act dated %(a)s").
DATE_CUES = re.compile(r"(?:\b(?:by|on|from|until|till|after|before|since|dated|received|"
                       r"delivered|start|end|ends|delivery):?)\s*$", re.I)
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")

# What must not follow a date directly in Kazakh.
SUFFIX = re.compile(r"^[-'’]?[а-яёәғқңөұүһі]", re.I)  # "%(date)s-нан", "%(date)sға"
POSTPOSITIONS = {
    "дейін", "дейінгі", "шейін", "шейінгі", "кешіктірілмей", "кешіктірмей", "кешіктірмейтін",
    "бастап", "бастапқы", "кейін", "кейінгі", "бұрын", "бұрынғы", "бері", "бергі", "соң",
    "соңғы", "қарай", "аралығында", "ішінде", "алдында", "алдындағы", "сайын", "дейінгісі",
}
CONJUNCTIONS = {"және", "немесе", "не", "мен", "әрі"}
# Finite verbs, participles, converbs, verbal nouns, conditionals, imperatives.
VERB = re.compile(r"(ды|ді|ты|ті|ған|ген|қан|кен|са|се|у|уі|уы|атын|етін|йтын|йтін|ып|іп|"
                  r"мей|май|бей|бай|пей|пай|ңыз|ңіз|сын|сін|мақ|мек|пақ|пек|бақ|бек)$")
WORD = re.compile(r"^\s+([а-яёәғқңөұүһі]+(?:-[а-яёәғқңөұүһі]+)*)(?=[\s.,;:!?()«»\"—–]|$)",
                  re.I)
KK_DATE = format_date(date(2026, 12, 1), format="long", locale="kk")  # 2026 ж. 1 желтоқсан


def date_slip(tail: str) -> str | None:
    """Why the text ``tail`` that follows a date is wrong in Kazakh (None when it is fine).

    Looks at the suffix glued to the date and at the next two words of the clause: a
    postposition or a verb there makes the date carry a case it cannot carry."""
    if SUFFIX.match(tail):
        return "a case suffix glued to the date"
    rest = tail
    for position in range(2):
        match = WORD.match(rest)
        if not match:
            return None
        word = match.group(1).lower()
        if word in POSTPOSITIONS:
            return f"the postposition «{word}»"
        if position == 0 and (word in CONJUNCTIONS or word.startswith("күн")
                              or word in {"ж", "жылғы", "жылы"}):
            return None  # the case is on "күні" / the clause goes on
        if VERB.search(word) and word not in CONJUNCTIONS:
            return f"the verb «{word}»"
        rest = rest[match.end():]
    return None


def date_placeholders(english: str) -> set[str]:
    """The names of the placeholders of ``english`` that hold a date."""
    names = set()
    for match in PLACEHOLDER.finditer(english):
        name, conversion = match.groups()
        if conversion != "s":
            continue
        if name in DATE_NAMES or (len(name) == 1 and DATE_CUES.search(english[:match.start()])):
            names.add(name)
    return names


class Values(dict):
    """Substitution values: a date for the date placeholders, something plain otherwise."""

    def __init__(self, dates: set[str]):
        super().__init__()
        self.dates = dates

    def __missing__(self, key):
        return KK_DATE if key in self.dates else 3


def render_tail(tail: str, dates: set[str]) -> str:
    try:
        return tail % Values(dates)
    except (TypeError, ValueError):
        return tail


def date_slips(english: str, text: str) -> list[str]:
    dates = date_placeholders(english)
    if not dates:
        return []
    slips = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) in dates:
            # Render the message, then read what follows this date in the rendered text.
            why = date_slip(render_tail(text[match.end():], dates))
            if why:
                slips.append(f"{match.group(0)}: {why}")
    return slips


def test_date_slip_detector():
    """The detector itself: the issue's wrong and right examples (R2.3, R12.2, R16.1)."""
    wrong = ["%(date)s дейін", "%(date)s-нан бастап", "%(date)s кешіктірілмей берілуі тиіс",
             "%(d)s табыс етілді.", "%(date)s аяқталды.", "%(d)s берілген ақпарат",
             "%(date)sға дейін", "%(d)s алдындағы жұмыс күні"]
    right = ["белгіленген мерзімнен (%(date)s) кешіктірілмей", "Соңғы күні — %(date)s",
             "%(date)s күні табыс етілді.", "Бұғаттау мерзімі: %(date)s.",
             "%(date)s немесе одан кейін", "%(d)s № %(n)s жауап", "%(date)s жылғы жоспар",
             "%(date)s (R2.3)"]
    for text in wrong:
        assert date_slips("due by %(date)s %(d)s", text), text
    for text in right:
        assert not date_slips("due by %(date)s %(d)s", text), text


def test_date_placeholders_are_found_by_name_and_by_cue():
    assert date_placeholders("Reply due by %(d)s.") == {"d"}
    assert date_placeholders("its notice must be delivered by %(n)s.") == {"n"}
    assert date_placeholders("Act dated %(a)s, planned start %(s)s.") == {"a", "s"}
    assert date_placeholders("Working day %(day)d of %(total)d") == set()
    assert date_placeholders("approved by %(name)s") == set()
    assert date_placeholders("Findings: %(n)d; sources: %(s)d") == set()


def test_kazakh_dates_take_no_case_endings():
    """Every kk message with a date placeholder, rendered with a Babel date: no suffix,
    postposition or verb directly after the date (Kazakh grammar; R2.3, R9.2, R9.4,
    R12.2, R13.1, R16.1 messages among others)."""
    slips = []
    for english, kk, _ru in entries():
        for text in kk:
            slips += [f"{english!r} → {text!r}: {why}" for why in date_slips(english, text)]
    assert slips == []


KK_MONTHS = "қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
KK_WEEKDAYS = "дс|сс|ср|бс|жм|сб|жс"
# A Babel-formatted Kazakh date in running text, with its weekday and time if any.
KK_DATE_IN_TEXT = re.compile(rf"(?:\d{{4}} ж\. )?\d{{1,2}} (?:{KK_MONTHS})"
                             rf"(?:, (?:{KK_WEEKDAYS}))?(?:, \d\d:\d\d)?(?![а-яәғқңөұүһі])")
EXPLAINED = [("R2.3", "2027"), ("R2.4", "2027"), ("R7.3", "2026-03-03T15:30"),
             ("R7.3", "2026-03-03"), ("R9.1", "2026-03-04"), ("R9.2", "2026-03-18"),
             ("R9.4", "2026-03-26"), ("R12.2", "2026-05-15"), ("R14.1", "2026-03-13")]


def test_explained_deadlines_put_no_case_on_a_date():
    """The Kazakh explanations of the statutory dates (R2.3 … R14.1), rendered with real
    dates: no suffix, postposition or verb directly after a date."""
    from inspections.calendar import WorkingCalendar
    from inspections.deadlines import RULES

    slips = []
    for rule, argument in EXPLAINED:
        deadline = RULES[rule](argument, WorkingCalendar())
        for line in [*explain.explain(deadline, "kk"), explain.summary(deadline, "kk")]:
            line = line.replace("\u202f", " ").replace("\u00a0", " ")
            for match in KK_DATE_IN_TEXT.finditer(line):
                why = date_slip(line[match.end():])
                if why:
                    slips.append(f"{rule} {argument}: {line!r}: {why}")
    assert slips == []


# -------------------------------------------------------------------- the law's terms

@dataclass(frozen=True)
class Term:
    """A legal concept: the English that names it, the Kazakh and Russian the law gives it
    (regular expressions, any case ending), and wrong variants forbidden everywhere."""

    concept: str
    en: str
    kk: str
    ru: str
    kk_forbidden: tuple[str, ...] = ()
    ru_forbidden: tuple[str, ...] = ()
    en_not: str = r"(?!)"


W = r"[а-яёәғқңөұүһі]*"  # any ending
GLOSSARY = [
    Term("remarks and (or) objections to the results act (para 12)",
         en=r"\bobjection", kk=r"ескертулер" + W + r" және \(немесе\) қарсылықтар",
         ru=r"замечани" + W + r" и \(или\) возражени",
         kk_forbidden=(r"(?<!\(немесе\) )қарсылық", r"ескертпе" + W + r" және \(немесе\)"),
         ru_forbidden=(r"(?<!\(или\) )возражени",)),
    Term("placement of the plan on the internet resource (para 2)",
         en=r"\bpublish|\bpublication", en_not=r"order is published",
         kk=r"орналастыр", ru=r"размещ|размести",
         # "ресми жариялау" / "официальное опубликование" is a legal act's official
         # publication, another concept.
         kk_forbidden=(r"(?<!ресми )жариял",),
         ru_forbidden=(r"(?<!официального )опубликов", r"публикац", r"обнародов")),
    Term("the legal-statistics body (para 10)", en=r"legal.statistics",
         kk=r"мемлекеттік құқықтық статистика және арнайы есепке алу саласындағы қызметті "
            r"жүзеге асыратын мемлекеттік орган",
         ru=r"государственн" + W + r" орган" + W + r", осуществляющ" + W
            + r" деятельность в области государственной правовой статистики и специальных "
              r"уч[её]тов",
         kk_forbidden=(r"құқықтық статистика және арнайы есепке алу жөніндегі",),
         ru_forbidden=(r"орган" + W + r" по правовой статистике",)),
    Term("the reasoned reply to objections (para 12)", en=r"\breasoned reply",
         kk=r"уәжді жауап", ru=r"мотивированн" + W + r" ответ",
         kk_forbidden=(r"дәлелді жауап", r"негізделген жауап"),
         ru_forbidden=(r"обоснованн" + W + r" ответ",)),
    Term("the plan of periodic inspections (para 2)",
         en=r"plans? (of|for) periodic inspections",
         kk=r"мерзімді тексерулер жүргізу" + W + r" " + W + r"\s*жоспар",
         ru=r"план" + W + r" проведения периодических проверок",
         kk_forbidden=(r"мерзімді тексерулер(дің)? (жылдық )?жоспар",
                       r"мемлекеттік органдарды мерзімді тексерулер"),
         ru_forbidden=(r"план" + W + r" периодических проверок",)),
    Term("a period established by the law", en=r"\bstatutory (clock|period|term|deadline)",
         kk=r"заңда белгіленген", ru=r"установленн" + W + r" закон",
         kk_forbidden=(r"заңды мерзім",), ru_forbidden=(r"законн" + W + r" срок",)),
    Term("the first head's remarks on a draft plan",
         en=r"return(ed)? with comments|\bcomments? (on|of|for) the (draft|plan|inspectors)",
         kk=r"түсініктеме", ru=r"комментари",
         kk_forbidden=(r"ескертулермен қайтар", r"инспекторларға арналған ескерту"),
         ru_forbidden=(r"с замечаниями", r"замечани\w* для инспектор")),
    Term("the document's verification code", en=r"verification code",
         kk=r"түпнұсқалы" + W + r" растау код", ru=r"код" + W + r" проверки подлинности",
         kk_forbidden=(r"тексеру код",), ru_forbidden=(r"код" + W + r" проверки(?! подлинн)",)),
    Term("a person's full name", en=r"\bfull name", kk=r"аты-жөн", ru=r"ФИО|фамили",
         kk_forbidden=(r"толық аты",), ru_forbidden=(r"полное имя",)),
    Term("the act on the results of the inspection (para 10, 11)",
         en=r"results act|act on the results",
         kk=r"тексеру нәтижелері туралы акт", ru=r"акт" + W + r" о результатах проверки",
         ru_forbidden=(r"акт" + W + r" о результатах(?! проверки)",)),
    Term("the act of refusal to accept the results act (para 12)",
         en=r"refusal act|act of refusal", kk=r"қабылдаудан бас тарт", ru=r"отказ" + W
         + r" от принятия", ru_forbidden=(r"отказ" + W + r" в принятии",)),
]


@cache
def document_texts() -> dict[str, list[tuple[str, str]]]:
    """(where, text) of every document-like text per language: the built-in templates,
    the rendered samples and the rule titles of the deadline explanations."""
    texts: dict[str, list[tuple[str, str]]] = {"kk": [], "ru": []}
    for lang in texts:
        for code in CODES:
            texts[lang].append((f"template {code}_{lang}",
                                docx_text(builtin_template(code, lang))))
            texts[lang].append((f"sample {code}_{lang}",
                                docx_text(render(code, sample_context(code, lang), lang))))
        for rule in ("R2.3", "R2.4", "R7.3", "R9.1", "R9.2", "R9.4", "R12.2", "R14.1"):
            texts[lang].append((f"rule title {rule}", explain.rule_title(rule, lang)))
        for ground, text in GROUND_TEXT[lang].items():
            texts[lang].append((f"ground {ground}", text))
    return texts


def forbidden_hits(term: Term, lang: str, text: str) -> list[str]:
    patterns = term.kk_forbidden if lang == "kk" else term.ru_forbidden
    return [match.group(0) for pattern in patterns
            for match in re.finditer(pattern, text, re.I)]


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t.concept.split(" (para")[0])
def test_catalogs_use_the_laws_terms(term):
    """Where the English names the concept, kk and ru use the law's words; nowhere a
    forbidden variant (Art. 27-3 paras 2, 10, 11, 12)."""
    problems = []
    for english, kk, ru in entries():
        names_it = re.search(term.en, english, re.I) and not re.search(term.en_not, english, re.I)
        for lang, texts, required in (("kk", kk, term.kk), ("ru", ru, term.ru)):
            for text in texts:
                if names_it and not re.search(required, text, re.I):
                    problems.append(f"{lang}: {english!r} → {text!r} lacks /{required}/")
                for hit in forbidden_hits(term, lang, text):
                    problems.append(f"{lang}: {english!r} → {text!r} says «{hit}»")
    assert problems == []


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t.concept.split(" (para")[0])
def test_documents_use_the_laws_terms(term):
    """The DOCX templates, the rendered samples and the rule titles carry no forbidden
    variant of the law's terms."""
    problems = []
    for lang, texts in document_texts().items():
        for where, text in texts:
            problems += [f"{where}: «{hit}»" for hit in forbidden_hits(term, lang, text)]
    assert problems == []


def test_glossary_catches_the_wrong_variants():
    """The glossary is not vacuous: each wrong variant the issue names is caught."""
    by_name = {t.concept.split(" (para")[0]: t for t in GLOSSARY}
    cases = [
        ("remarks and (or) objections to the results act", "kk", "Қарсылықтар тіркелді"),
        ("remarks and (or) objections to the results act", "ru", "Возражения направлены"),
        ("placement of the plan on the internet resource", "kk", "Жоспар жарияланды"),
        ("placement of the plan on the internet resource", "ru", "План опубликован"),
        ("a period established by the law", "kk", "заңды мерзімдер"),
        ("the document's verification code", "kk", "Тексеру коды"),
        ("the act of refusal to accept the results act", "ru", "Акт об отказе в принятии акта"),
    ]
    for name, lang, text in cases:
        assert forbidden_hits(by_name[name], lang, text), (name, text)
    fine = [
        ("remarks and (or) objections to the results act", "kk",
         "Ескертулер және (немесе) қарсылықтар тіркелді"),
        ("remarks and (or) objections to the results act", "ru",
         "На замечания и (или) возражения дан ответ"),
        ("placement of the plan on the internet resource", "ru",
         "после официального опубликования акта"),
        ("the document's verification code", "ru", "Код проверки подлинности документа"),
    ]
    for name, lang, text in fine:
        assert not forbidden_hits(by_name[name], lang, text), (name, text)


# -------------------------------------------------------------------- document titles

@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_documents_are_called_on_screen_what_their_title_says(app, lang):
    """The name a screen gives each document (its label) is the document's own title
    (R2.5, R2.6, R7.2, R7.3, R9.3, R9.4, R11.1, R12.2, R12.3, R16.2)."""
    different = []
    for code in CODES:
        with app.test_request_context(), force_locale(lang):
            label = str(DOCUMENT_LABELS[code])
        text = docx_text(builtin_template(code, lang))
        if label.upper() not in text.upper():
            different.append((code, label))
    assert different == []


# -------------------------------------------------------------------- R12.3 title

def test_russian_refusal_act_is_a_refusal_to_accept():
    """R12.3: the subject refuses to accept the act — "Акт об отказе от принятия акта о
    результатах проверки", in the template and in the rendered document."""
    for data in (builtin_template("refusal_act", "ru"),
                 render("refusal_act", sample_context("refusal_act", "ru"), "ru")):
        text = docx_text(data)
        assert "АКТ ОБ ОТКАЗЕ ОТ ПРИНЯТИЯ АКТА О РЕЗУЛЬТАТАХ ПРОВЕРКИ" in text.upper()
        assert "в принятии" not in text
