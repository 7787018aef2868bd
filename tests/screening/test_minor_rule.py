"""Art. 273f lid 1 sub 2 Sr: for a minor the means are not required (domain-facts §2.3).

Also rule 1 for minors: the ILO–EC 2009 child sets, never lighter than for an adult.
"""

from signaalwijzer.screening.result import Outcome
from tests.screening.knowledge import picture, weigh


def test_exploitation_of_a_minor_needs_no_means():
    result = weigh("hours_strong", "pay_medium", minor=True)
    assert result.outcome is Outcome.vermoeden
    assert picture(result, "arbeid").structure_visible
    assert any("Bij kinderen is geen dwang nodig" in line.nl for line in result.explanation)
    assert any("273f" in line.nl for line in result.explanation)


def test_the_same_exploitation_of_an_adult_is_zorgelijk():
    assert weigh("hours_strong", "pay_medium", minor=False).outcome is Outcome.zorgelijk


def test_exploitation_seen_but_not_positive_is_not_enough_for_a_minor():
    assert weigh("hours_strong", minor=True).outcome is Outcome.zorgelijk


def test_ticking_minor_is_the_same_as_answering_the_minor_question():
    ticked = weigh("hours_strong", "pay_medium", "minor")
    answered = weigh("hours_strong", "pay_medium", minor=True)
    assert ticked.minor and answered.minor
    assert ticked.as_dict() == answered.as_dict()


def test_a_signal_weighs_heavier_for_a_minor_where_the_child_set_says_so():
    assert weigh("threat_medium").signals[0].strongest == "medium"
    child = weigh("threat_medium", minor=True)
    assert next(s for s in child.signals if s.id == "threat_medium").forms == {"arbeid": "strong"}


def test_a_signal_never_weighs_lighter_for_a_minor_even_if_the_data_says_so():
    child = weigh("lighter_for_minor", minor=True)
    assert next(s for s in child.signals if s.id == "lighter_for_minor").strongest == "strong"


def test_the_minor_warning_says_coercion_is_not_needed():
    result = weigh("conditions_weak", minor=True)
    assert any("Bij iemand onder 18 is dwang niet nodig" in w.nl for w in result.warnings)
    assert not any("onder 18" in w.nl for w in weigh("conditions_weak").warnings)


def test_no_questions_about_coercion_for_a_minor():
    # The means are not required, so the safe questions go to what is: exploitation.
    asked = [q.indicator for q in weigh("passport_strong", minor=True).next_questions]
    assert asked
    assert all(q in {"hours_strong", "hours_strong_2", "lighter_for_minor"} for q in asked)
