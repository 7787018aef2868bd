"""Rules 4–6, 9 and 13–14: when the structure of the offence is visible, and the outcome that follows.

Art. 273f lid 1 sub 1 Sr: act + means + purpose of exploitation. vermoeden when the structure is
visible for some form; zorgelijk when something is positive but the picture is incomplete; else geen.
"""

from signaalwijzer.screening.result import Outcome
from tests.screening.knowledge import picture, weigh


def test_exploitation_plus_coercion_is_vermoeden():
    result = weigh("hours_strong", "pay_medium", "passport_strong", "debt_strong")
    assert result.outcome is Outcome.vermoeden
    labour = picture(result, "arbeid")
    assert labour.structure_visible
    assert labour.positive_dimensions == ["exploitation", "coercion_destination"]
    assert labour.elements == ["middel", "oogmerk"]
    assert result.forms[0].form == "arbeid"


def test_the_combination_that_decided_is_explained_with_the_law():
    result = weigh("hours_strong", "pay_medium", "passport_strong", "debt_strong")
    text = " ".join(line.nl for line in result.explanation)
    assert "Bij arbeidsuitbuiting zie je zowel uitbuiting als dwang" in text
    assert "273f" in text
    english = " ".join(line.en for line in result.explanation)
    assert "For labour exploitation you see both exploitation and coercion" in english


def test_positive_means_plus_a_clear_exploitation_signal_is_vermoeden():
    # The purpose (oogmerk) is an intent: one clear signal of it, with coercion positive, is enough.
    assert weigh("passport_strong", "debt_strong", "hours_strong").outcome is Outcome.vermoeden


def test_positive_exploitation_plus_a_clear_means_signal_is_vermoeden():
    assert weigh("hours_strong", "pay_medium", "threat_medium").outcome is Outcome.vermoeden


def test_a_weak_means_signal_does_not_complete_the_picture():
    assert weigh("hours_strong", "pay_medium", "surveillance_weak").outcome is Outcome.zorgelijk


def test_positive_means_with_only_a_weak_exploitation_signal_is_not_vermoeden():
    assert weigh("passport_strong", "debt_strong", "conditions_weak").outcome is Outcome.zorgelijk


def test_exploitation_without_means_for_an_adult_is_zorgelijk():
    result = weigh("hours_strong", "pay_medium")
    assert result.outcome is Outcome.zorgelijk
    assert result.positive_forms == ["arbeid"]
    assert not picture(result, "arbeid").structure_visible


def test_a_signal_of_abuse_of_a_vulnerable_position_is_a_means():
    # 273f names abuse of a vulnerable position among the means. With a signal that someone uses it
    # (dependent_medium), the vulnerability dimension counts as means; factors alone would not.
    result = weigh("hours_strong", "dependent_medium", "lvb", "debts")
    assert result.outcome is Outcome.vermoeden
    assert picture(result, "arbeid").positive_dimensions == ["vulnerability_destination"]
    assert weigh("hours_strong", "lvb", "debts", "isolation").outcome is Outcome.zorgelijk


def test_a_red_flag_alone_is_vermoeden():
    result = weigh("controlled_sex_work")
    assert result.outcome is Outcome.vermoeden
    assert result.positive_forms == ["seksueel"]
    assert picture(result, "seksueel").structure_visible
    assert any("in één signaal zowel dwang als uitbuiting" in line.nl for line in result.explanation)


def test_one_weak_signal_is_geen():
    result = weigh("conditions_weak")
    assert result.outcome is Outcome.geen
    assert result.positive_forms == []


def test_one_medium_signal_is_geen():
    assert weigh("pay_medium").outcome is Outcome.geen


def test_one_strong_signal_is_zorgelijk():
    assert weigh("passport_strong").outcome is Outcome.zorgelijk


def test_two_distinct_signals_are_zorgelijk():
    assert weigh("conditions_weak", "surveillance_weak").outcome is Outcome.zorgelijk


def test_a_positive_dimension_is_zorgelijk():
    assert weigh("pay_medium", "pay_medium_2", "pay_medium_3").outcome is Outcome.zorgelijk


def test_a_medium_signal_in_a_vulnerable_person_is_zorgelijk():
    assert weigh("pay_medium").outcome is Outcome.geen
    assert weigh("pay_medium", "lvb").outcome is Outcome.zorgelijk


def test_duplicates_count_once():
    assert weigh("conditions_weak", "conditions_weak").outcome is Outcome.geen
    assert weigh("hours_strong", "hours_strong").as_dict() == weigh("hours_strong").as_dict()


def test_elements_are_those_of_the_observed_signals():
    assert weigh("recruited", "hours_strong").elements == ["handeling", "middel", "oogmerk"]
    result = weigh("recruited", "controlled_sex_work")
    assert picture(result, "arbeid").elements == ["handeling", "middel"]
    assert picture(result, "seksueel").elements == ["middel", "oogmerk"]


def test_signals_are_ordered_by_weight():
    result = weigh("conditions_weak", "pay_medium", "passport_strong", "lvb", "debt_strong")
    assert [s.id for s in result.signals] == [
        "debt_strong",
        "passport_strong",
        "pay_medium",
        "lvb",
        "conditions_weak",
    ]


def test_explanation_names_the_signals_and_how_strong():
    result = weigh("passport_strong", "pay_medium", "conditions_weak")
    text = " ".join(line.nl for line in result.explanation)
    assert "Sterke signalen: ‘Paspoort afgepakt (sterk)’." in text
    assert "Middelsterke signalen: ‘Te weinig loon (middel)’." in text
    assert "Zwakke signalen: ‘Moe (zwak)’." in text


def test_every_explanation_ends_saying_it_is_no_verdict():
    for ids in (("conditions_weak",), ("hours_strong", "pay_medium"), ("controlled_sex_work",), ("lvb",)):
        result = weigh(*ids)
        assert "geen oordeel over een persoon" in result.explanation[-1].nl
        assert "not a verdict on a person" in result.explanation[-1].en


def test_every_text_is_in_dutch_and_english():
    result = weigh("hours_strong", "pay_medium", "lvb", "violence", minor=True)
    texts = [*result.explanation, *result.warnings]
    texts += [q.text for q in result.next_questions] + [q.why for q in result.next_questions]
    texts += [s.text for s in result.next_steps]
    assert texts
    assert all(t.nl and t.en and t.nl != t.en for t in texts)
