"""The outcome rules, each stated as a case on a small synthetic knowledge base."""

import pytest

from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate
from signaalwijzer.screening.result import Outcome
from tests.screening.factories import small_kb

KB = small_kb()


def weigh(*ids, minor=False, role="wijkteam", **kwargs):
    return screening_evaluate(indicators=ids, role=role, minor=minor, kb=KB, **kwargs)


def test_nothing_but_one_weak_signal_is_geen():
    assert weigh("conditions_weak").outcome is Outcome.geen


def test_exploitation_plus_coercion_is_vermoeden():
    result = weigh("hours_strong", "pay_medium", "passport_strong", "debt_strong")
    assert result.outcome is Outcome.vermoeden
    picture = next(p for p in result.forms if p.form == "arbeid")
    assert picture.structure_visible
    assert picture.positive_dimensions == ["exploitation", "coercion_destination"]
    assert result.elements == ["middel", "oogmerk"]


def test_positive_means_plus_a_clear_exploitation_signal_is_vermoeden():
    # Purpose of exploitation (oogmerk) is an intent: one clear signal of it, with coercion proven.
    assert weigh("passport_strong", "debt_strong", "hours_strong").outcome is Outcome.vermoeden


def test_positive_exploitation_plus_a_clear_means_signal_is_vermoeden():
    assert weigh("hours_strong", "pay_medium", "threat_medium").outcome is Outcome.vermoeden


def test_a_weak_means_signal_does_not_complete_the_picture():
    assert weigh("hours_strong", "pay_medium", "surveillance_weak").outcome is Outcome.zorgelijk


def test_exploitation_without_means_for_an_adult_is_zorgelijk():
    result = weigh("hours_strong", "pay_medium")
    assert result.outcome is Outcome.zorgelijk
    assert result.positive_forms == ["arbeid"]


def test_exploitation_of_a_minor_needs_no_means():
    # 273f lid 1 sub 2 Sr.
    result = weigh("hours_strong", "pay_medium", minor=True)
    assert result.outcome is Outcome.vermoeden
    assert any("18" in line.nl for line in result.explanation)


def test_ticking_minor_is_the_same_as_answering_the_minor_question():
    assert (
        weigh("hours_strong", "pay_medium", "minor").as_dict()
        == weigh("hours_strong", "pay_medium", minor=True).as_dict()
    )


def test_a_signal_weighs_at_least_as_heavy_for_a_minor():
    adult = weigh("threat_medium")
    child = weigh("threat_medium", minor=True)
    assert adult.signals[0].strongest == "medium"
    assert next(s for s in child.signals if s.id == "threat_medium").strongest == "strong"


def test_a_red_flag_alone_is_vermoeden():
    result = weigh("controlled_sex_work")
    assert result.outcome is Outcome.vermoeden
    assert result.positive_forms == ["seksueel"]


def test_one_strong_signal_is_zorgelijk():
    assert weigh("passport_strong").outcome is Outcome.zorgelijk


def test_two_signals_are_zorgelijk():
    assert weigh("conditions_weak", "surveillance_weak").outcome is Outcome.zorgelijk


def test_a_medium_signal_in_a_vulnerable_person_is_zorgelijk():
    assert weigh("pay_medium").outcome is Outcome.geen
    assert weigh("pay_medium", "lvb").outcome is Outcome.zorgelijk


def test_vulnerability_factors_alone_at_most_zorgelijk():
    result = weigh("lvb", "debts", "isolation")
    assert result.outcome is Outcome.zorgelijk  # the vulnerability dimension is positive
    assert result.elements == []  # a vulnerable position is not yet its abuse
    assert weigh("lvb").outcome is Outcome.geen


def test_vulnerability_factors_never_give_vermoeden_even_with_wrong_data():
    result = weigh("mislabelled", "mislabelled_2", "lvb", "debts", "isolation")
    assert result.outcome is Outcome.zorgelijk


def test_vulnerability_factors_cannot_build_the_means_for_a_suspicion():
    # Exploitation is clear, but the only "means" is a vulnerable position: not yet its abuse.
    assert weigh("hours_strong", "pay_medium", "lvb", "debts", "isolation").outcome is Outcome.zorgelijk


def test_unknown_ids_and_role_are_all_named():
    with pytest.raises(UnknownIdsError) as caught:
        weigh("hours_strong", "nope", "also_nope", role="astronaut")
    assert caught.value.indicators == ["also_nope", "nope"]
    assert caught.value.role == "astronaut"
    assert "also_nope, nope" in str(caught.value)
    assert "wijkteam" in str(caught.value)


def test_signals_are_ordered_by_weight():
    result = weigh("conditions_weak", "pay_medium", "passport_strong", "lvb")
    assert [s.id for s in result.signals] == ["passport_strong", "pay_medium", "lvb", "conditions_weak"]


def test_every_explanation_ends_with_no_verdict():
    for ids in (("conditions_weak",), ("hours_strong", "pay_medium"), ("controlled_sex_work",)):
        assert "geen oordeel" in weigh(*ids).explanation[-1].nl
