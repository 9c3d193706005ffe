"""The rules the application enforces, in the project's own words — pure data, no Flask.

Every rule ID (R1.1 …) with its place in the Law of the Republic of Kazakhstan of 21 May 2013
No. 94-V "On personal data and their protection" (Art. 27-3 unless said otherwise), how the
application treats it ("blocks": the action is refused with a message naming the rule;
"flags": the action is allowed and recorded as a deviation; "records": the data the law asks
for is kept and shown), and what it does about it.

``docs/rules.md`` is generated from this table and from where each ID occurs in the code and
the tests (``scripts/rules-doc``); ``tests/test_rules_reference.py`` keeps the two in step and
checks that every rule is named in the code and in a test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    id: str
    ref: str
    enforcement: str  # blocks | flags | records
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("R1.1", "Art. 27-3 para 1", "records",
         "The registry of control subjects keeps each state body's name in Kazakh and Russian, "
         "location, parent body, structural subdivisions and objects, and its history "
         "(liquidation, reorganisation into a successor, renaming, redistribution of powers)."),
    Rule("R1.2", "Art. 27-3 para 1", "records",
         "Every inspection is either periodic or unscheduled; the kind is stored as a code."),
    Rule("R1.3", "Art. 27-3 para 1", "blocks",
         "Findings from the four information sources are recorded per control subject; a plan "
         "item cannot be added without citing at least one finding."),
    Rule("R2.1", "Art. 27-3 para 2", "blocks",
         "Periodic inspections come only from a plan approved by the first head."),
    Rule("R2.2", "Art. 27-3 para 2", "blocks",
         "At most one periodic inspection of a control subject per calendar year."),
    Rule("R2.3", "Art. 27-3 para 2", "flags",
         "The plan for year Y is approved by 1 December of Y-1; a later approval needs a reason "
         "and is flagged; the approval is warned from 15 November."),
    Rule("R2.4", "Art. 27-3 para 2", "flags",
         "The approved plan is placed on the public site (page, CSV, JSON, no login) by "
         "20 December of Y-1; a later placement is flagged."),
    Rule("R2.5", "Art. 27-3 para 2", "blocks",
         "The plan document carries its number and date, the authorised body, each control "
         "subject with its location, the timeframe, the subject matter and the signatory."),
    Rule("R2.6", "Art. 27-3 para 2", "blocks",
         "An approved plan changes only by an amendment on one of four grounds (liquidation, "
         "reorganisation, renaming, redistribution of powers) with a basis document; each "
         "amendment is a new numbered version published with its history."),
    Rule("R2.7", "Art. 27-3 para 2", "blocks",
         "A periodic inspection follows its plan item: its planned dates lie within the item's "
         "timeframe and its subject matter is the item's."),
    Rule("R3.1", "Art. 27-3 para 3", "blocks",
         "An unscheduled inspection cites at least one of the seven grounds, each with its "
         "basis document (number, date, author) and file; grounds 5 and 7 link the earlier "
         "inspection."),
    Rule("R4.1", "Art. 27-3 para 4", "blocks",
         "The evidence register records what was obtained, in what form, and whether the body "
         "holds the original; evidence is dated within the term in force and the subject "
         "matter."),
    Rule("R5.1", "Art. 27-3 para 5", "blocks",
         "An appointment act is not delivered outside its planned dates; a refusal of admission "
         "is recorded with its reason; the body sees the check of its act's dates on the "
         "portal."),
    Rule("R5.2", "Art. 27-3 para 5", "records",
         "The control subject may appeal the results act (see R17.1)."),
    Rule("R6.1", "Art. 27-3 para 6", "records",
         "Receipt of the appointment act and of the results act is recorded with date, person "
         "and position, on paper or through the portal."),
    Rule("R7.1", "Art. 27-3 para 7", "blocks",
         "No inspection step is possible before the appointment act is issued."),
    Rule("R7.2", "Art. 27-3 para 7", "blocks",
         "The appointment act cannot be issued while any of its elements (1)–(11) and (13) is "
         "missing."),
    Rule("R7.3", "Art. 27-3 para 7", "blocks",
         "The start notice precedes the start by at least 24 hours; an earlier delivery of the "
         "act is refused."),
    Rule("R7.4", "Art. 27-3 para 7", "blocks",
         "The inspection starts on the day the act is delivered; the end in force is the earlier "
         "of the act's end date and the tenth working day from the start."),
    Rule("R7.5", "Art. 27-3 para 7", "blocks",
         "Only the inspectors named in the act carry out its steps; the head decides "
         "extensions; any staff member may read."),
    Rule("R8.1", "Art. 27-3 para 8", "blocks",
         "The arrival checklist records the act, the service ID and, for a regime object, the "
         "permit to visit it."),
    Rule("R9.1", "Art. 27-3 para 9", "blocks",
         "An inspection lasts at most ten working days; a longer planned end is refused."),
    Rule("R9.2", "Art. 27-3 para 9", "blocks",
         "One extension only, of at most fifteen working days from the day after the current "
         "end, decided by the head."),
    Rule("R9.3", "Art. 27-3 para 9", "records",
         "The extension act cites the appointment act's date and number and the reasons."),
    Rule("R9.4", "Art. 27-3 para 9", "blocks",
         "The extension notice reaches the body no later than the working day before the "
         "current end."),
    Rule("R10.1", "Art. 27-3 para 10", "records",
         "The inspectors draw up the results act."),
    Rule("R10.2", "Art. 27-3 para 10", "blocks",
         "Three copies: copy 1 electronically to the legal-statistics body (transfer package), "
         "copy 2 to the body without the documents it holds in original, copy 3 archived; "
         "closure needs copy 1 recorded as sent."),
    Rule("R11.1", "Art. 27-3 para 11", "blocks",
         "The results act carries all thirteen elements; each violation has its requirement to "
         "eliminate it and a deadline."),
    Rule("R12.1", "Art. 27-3 para 12", "records",
         "Remarks and (or) objections are recorded point by point and noted on the act."),
    Rule("R12.2", "Art. 27-3 para 12", "flags",
         "The reasoned reply is due within fifteen working days from the day after receipt; a "
         "late reply is flagged."),
    Rule("R12.3", "Art. 27-3 para 12", "records",
         "A refusal to accept the results act is recorded in a refusal act."),
    Rule("R12.4", "Art. 27-3 para 12", "records",
         "A refusal to sign is recorded with the body's written explanation."),
    Rule("R13.1", "Art. 27-3 para 13", "flags",
         "The inspection ends when the results act is delivered; a delivery after the end in "
         "force is flagged as a breach of the term."),
    Rule("R14.1", "Art. 27-3 para 14", "blocks",
         "Each elimination deadline is at least the delivery date plus ten calendar days."),
    Rule("R15.1", "Art. 27-3 para 15", "blocks",
         "Each deadline records its justification: the body's ability and the approvals "
         "needed."),
    Rule("R16.1", "Art. 27-3 para 16", "records",
         "Each violation has an elimination deadline and a later reporting date; reports with "
         "confirming documents are decided by the authorised body."),
    Rule("R16.2", "Art. 27-3 para 16", "blocks",
         "A follow-up inspection on ground 7 is proposed only after the reporting date has "
         "passed without a report."),
    Rule("R17.1", "Art. 27-3 para 17, Art. 30", "records",
         "Appeals against the inspectors' decisions and their outcomes are recorded."),
    Rule("R27.1", "Art. 27-1 para 2", "blocks",
         "No personal data on public pages or open data; a representative reads only their own "
         "body's files; complainants are identified to the body by number and date only, "
         "unless they consented."),
    Rule("R27.2", "Art. 27-2 part 3", "blocks",
         "The National Bank and its organisations are marked in the registry; planning or "
         "appointing an Art. 27-3 inspection of one is refused."),
)

BY_ID = {r.id: r for r in RULES}
SOURCE_DIRS = ("inspections", "forms")
FILE_SUFFIXES = (".py",)


def _pattern(rule_id: str) -> re.Pattern[str]:
    return re.compile(re.escape(rule_id) + r"(?![0-9])")


def occurrences(root: Path, dirs: Iterable[str], extra: Iterable[str] = ()) -> dict[str, list[str]]:
    """Files (relative to ``root``) that name each rule ID, sorted."""
    files: list[Path] = []
    for d in dirs:
        files.extend(p for p in sorted((root / d).rglob("*.py")) if p.is_file())
    files.extend(root / e for e in extra if (root / e).is_file())
    texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in files}
    found: dict[str, list[str]] = {}
    for rule in RULES:
        pat = _pattern(rule.id)
        found[rule.id] = sorted(name for name, text in texts.items()
                                if name != "inspections/rules.py" and pat.search(text))
    return found


def reference_markdown(code: dict[str, list[str]], tests: dict[str, list[str]]) -> str:
    """docs/rules.md: every rule with its reference, enforcement, summary, code and tests."""
    lines = [
        "# Rules reference",
        "",
        "Generated by `scripts/rules-doc` from `inspections/rules.py` and the places each rule",
        "ID is named in the code and the tests; `tests/test_rules_reference.py` keeps it current.",
        "",
        "*blocks*: refused with a message naming the rule; *flags*: allowed and recorded as a",
        "deviation; *records*: the data the law asks for is kept and shown. Paragraphs are those",
        "of Art. 27-3 of the Law No. 94-V \"On personal data and their protection\" unless said",
        "otherwise. Days are counted as in `inspections/calendar.py` and `inspections/deadlines.py`",
        "(working days of Kazakhstan, Asia/Almaty; Civil Code Art. 187–188).",
        "",
    ]
    for rule in RULES:
        lines += [
            f"## {rule.id} — {rule.ref} ({rule.enforcement})",
            "",
            rule.summary,
            "",
            "- code: " + (", ".join(f"`{f}`" for f in code.get(rule.id, [])) or "—"),
            "- tests: " + (", ".join(f"`{f}`" for f in tests.get(rule.id, [])) or "—"),
            "",
        ]
    return "\n".join(lines)


def build_reference(root: Path) -> str:
    code = occurrences(root, SOURCE_DIRS, extra=("app.py",))
    tests = occurrences(root, ("tests",))
    return reference_markdown(code, tests)
