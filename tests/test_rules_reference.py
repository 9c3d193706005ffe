"""The project's own rules reference (docs/rules.md): every rule R1.1 … R27.2 is described,
named in the code that enforces it and in a test that proves it, and the document is current."""

from __future__ import annotations

import re
from pathlib import Path

from inspections.rules import RULES, build_reference

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_current():
    """Run scripts/rules-doc after naming a rule in new code or tests."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == build_reference(ROOT)


def test_every_rule_is_named_in_code_and_in_a_test():
    text = build_reference(ROOT)
    for rule in RULES:
        section = text.split(f"## {rule.id} ")[1].split("\n## ")[0]
        assert "- code: `" in section, f"{rule.id} is named in no code"
        assert "- tests: `" in section, f"{rule.id} is named in no test"


def test_rule_ids_are_unique_and_ordered_by_paragraph():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"R\d+\.\d+", i) for i in ids)
    assert {r.enforcement for r in RULES} <= {"blocks", "flags", "records"}
