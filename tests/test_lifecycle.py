"""The transition table: every state × action × role (R7.1, R7.3, R7.4, R8.1, R5.1, R9.2, R9.4)."""

from __future__ import annotations

import itertools

import pytest

from inspections import lifecycle as lc

ROLES = ["admin", "first_head", "head", "inspector", "subject_rep"]

EXPECTED = {  # (state, action) → (target, roles that may act)
    ("draft", "issue_act"): ("appointed", {"inspector"}),
    ("draft", "cancel"): ("cancelled", {"inspector", "head"}),
    ("appointed", "record_notice"): ("notified", {"inspector"}),
    ("notified", "deliver_act"): ("started", {"inspector"}),
    ("started", "record_arrival"): ("fieldwork", {"inspector"}),
    ("started", "refuse_admission"): ("admission_refused", {"inspector"}),
    ("admission_refused", "reissue"): ("draft", {"inspector"}),
    ("admission_refused", "cancel"): ("cancelled", {"inspector", "head"}),
    ("fieldwork", "request_extension"): ("extension_requested", {"inspector"}),
    ("extension_requested", "approve_extension"): ("extension_approved", {"head"}),
    ("extension_requested", "refuse_extension"): ("fieldwork", {"head"}),
    ("extension_approved", "deliver_extension_notice"): ("extended", {"inspector"}),
    # part 2 (R10.1, R11.1, R13.1, R12.3, R16.1)
    ("fieldwork", "draw_results"): ("results_drafted", {"inspector"}),
    ("extension_approved", "draw_results"): ("results_drafted", {"inspector"}),
    ("extended", "draw_results"): ("results_drafted", {"inspector"}),
    ("results_drafted", "issue_results"): ("results_issued", {"inspector"}),
    ("results_issued", "deliver_results"): ("delivered", {"inspector"}),
    ("results_issued", "refuse_results"): ("delivered", {"inspector"}),
    ("delivered", "close"): ("closed", {"inspector", "head"}),
}


@pytest.mark.parametrize("state,action,role",
                         list(itertools.product(lc.STATES, lc.ACTIONS, ROLES)))
def test_every_state_action_role(state, action, role):
    expected = EXPECTED.get((state, action))
    assert lc.may(state, action, [role]) == bool(expected and role in expected[1])
    if expected:
        assert lc.transition(state, action).target == expected[0]
    else:
        with pytest.raises(lc.IllegalTransition) as info:
            lc.transition(state, action)
        assert info.value.rule.startswith("R")


def test_r7_1_nothing_happens_before_the_act_is_issued():
    for action in lc.ACTIONS:
        if action not in ("issue_act", "cancel"):
            with pytest.raises(lc.IllegalTransition) as info:
                lc.transition("draft", action)
            assert info.value.rule == "R7.1"


def test_r9_2_a_second_extension_is_refused_by_the_table():
    for state in ("extension_requested", "extension_approved", "extended"):
        with pytest.raises(lc.IllegalTransition) as info:
            lc.transition(state, "request_extension")
        assert info.value.rule == "R9.2"


def test_r7_3_delivery_needs_the_notice_first():
    with pytest.raises(lc.IllegalTransition) as info:
        lc.transition("appointed", "deliver_act")
    assert info.value.rule == "R7.3"


def test_available_actions_follow_roles():
    assert [t.action for t in lc.available("started", ["inspector"])] == [
        "record_arrival", "refuse_admission"]
    assert lc.available("started", ["head"]) == []
    assert [t.action for t in lc.available("extension_requested", ["head"])] == [
        "approve_extension", "refuse_extension"]


def test_diagram_is_drawn_from_the_table():
    svg = lc.diagram_svg(current="fieldwork")
    for t in lc.TRANSITIONS:
        assert f"{t.action} ({t.rule})" in svg
    for state in lc.STATES:
        assert f">{state}<" in svg
    assert svg.count("<rect") == len(lc.STATES)


def test_r16_1_a_closed_inspection_has_no_further_step():
    """R16.1/R17.1: nothing leaves the closed state (appeals are recorded without a step)."""
    assert [t for t in lc.TRANSITIONS if t.state == "closed"] == []
    with pytest.raises(lc.IllegalTransition) as info:
        lc.transition("closed", "close")
    assert info.value.rule == "R16.1"


def test_r10_1_results_are_drawn_only_after_fieldwork():
    for state in ("draft", "appointed", "notified", "started", "extension_requested"):
        with pytest.raises(lc.IllegalTransition):
            lc.transition(state, "draw_results")
