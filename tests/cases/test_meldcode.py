"""The afwegingskader of the meldcode (2019) as cases/meldcode.py encodes it (domain-facts §3.3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.cases import meldcode
from signaalwijzer.cases.meldcode import (
    AFSLUITEN,
    HULP,
    HULP_EN_VOLGEN,
    MELDEN,
    MELDEN_EN_HULP,
    MISSING,
    NOT_ASKED,
    weighing_conclusion,
    weighing_problems,
)


def answers(*values):
    return dict(zip(meldcode.QUESTIONS, [*values, *([None] * (5 - len(values)))], strict=True))


@pytest.mark.parametrize(
    ("given_answers", "conclusion"),
    [
        (answers(False), AFSLUITEN),  # 1: no suspicion -> close and record
        (answers(True, True), MELDEN),  # 2: acute or structural unsafety -> report
        (answers(True, True, False), MELDEN),
        (answers(True, True, True, True), MELDEN_EN_HULP),  # with Veilig Thuis: help is possible too
        (answers(True, True, True, True, False), MELDEN),
        (answers(True, False, False), MELDEN),  # 3: no effective help possible -> report
        (answers(True, False, True, False), MELDEN),  # 4: help not accepted -> report
        (answers(True, False, True, True), HULP),  # help organised, results not known yet
        (answers(True, False, True, True, False), MELDEN),  # 5: help does not work -> report
        (answers(True, False, True, True, True), HULP_EN_VOLGEN),  # close, with agreements
    ],
)
def test_each_path_of_the_afwegingskader_ends_in_its_conclusion(given_answers, conclusion):
    assert weighing_problems(given_answers) == {}
    assert weighing_conclusion(given_answers) == conclusion


def test_question_1_must_be_answered():
    assert weighing_problems(answers()) == {"q1": MISSING}


def test_after_no_suspicion_no_later_question_is_asked():
    assert weighing_problems(answers(False, True, None, True)) == {"q2": NOT_ASKED, "q4": NOT_ASKED}


def test_without_acute_unsafety_questions_3_and_4_are_required():
    assert weighing_problems(answers(True, False)) == {"q3": MISSING}
    assert weighing_problems(answers(True, False, True)) == {"q4": MISSING}


def test_after_a_stopping_answer_later_answers_do_not_fit():
    assert weighing_problems(answers(True, False, False, True)) == {"q4": NOT_ASKED}
    assert weighing_problems(answers(True, False, True, False, True)) == {"q5": NOT_ASKED}


def test_with_acute_unsafety_an_open_question_stops_the_flow():
    assert weighing_problems(answers(True, True, None, True)) == {"q4": NOT_ASKED}


def test_unknown_questions_and_non_boolean_answers_are_named():
    problems = weighing_problems({"q1": "ja", "q6": True})
    assert problems == {"q1": meldcode.INVALID, "q6": meldcode.UNKNOWN}


@given(st.fixed_dictionaries({q: st.one_of(st.none(), st.booleans()) for q in meldcode.QUESTIONS}))
def test_every_valid_weighing_has_a_known_conclusion_and_reports_when_unsafe(given_answers):
    if weighing_problems(given_answers):
        return
    conclusion = weighing_conclusion(given_answers)
    assert conclusion in meldcode.CONCLUSIONS
    assert meldcode.CONCLUSION_DECISION[conclusion]
    # 2019: acute or structural unsafety always means a report (professional norm).
    if given_answers["q1"] and given_answers["q2"]:
        assert conclusion in (MELDEN, MELDEN_EN_HULP)


def test_steps_are_done_by_their_entries_and_the_current_step_is_the_first_open_one():
    done = meldcode.steps_done(has_indicators=False, kinds={"consultation", "weighing"})
    assert done == {1: False, 2: True, 3: False, 4: True, 5: False}
    assert meldcode.current_step(done) == 1
    done = meldcode.steps_done(has_indicators=False, kinds={"observation", *meldcode.STEP_KINDS.values()})
    assert meldcode.current_step(done) == 6
