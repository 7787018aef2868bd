"""Rule 2, ILO–EC 2009: when one dimension counts as positive (domain-facts §1.4).

Positive with 2 strong; 1 strong + 1 medium or weak; 3 medium; or 2 medium + 1 weak. Weak alone never.
First as a table on the rule itself, then as cases through the engine on the fixture knowledge base.
"""

import pytest

from signaalwijzer.screening.rules import dimension_positive
from tests.screening.knowledge import picture, weigh


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "positive"),
    [
        (2, 0, 0, True),  # (a) two strong
        (1, 1, 0, True),  # (b) one strong plus one medium
        (1, 0, 1, True),  # (b) one strong plus one weak
        (0, 3, 0, True),  # (c) three medium
        (0, 2, 1, True),  # (d) two medium plus one weak
        (1, 0, 0, False),  # one strong alone is not enough
        (0, 2, 0, False),
        (0, 1, 2, False),
        (0, 0, 9, False),  # weak alone never
        (0, 0, 0, False),
    ],
)
def test_combination_rule(strong, medium, weak, positive):
    assert dimension_positive(strong, medium, weak) is positive


@pytest.mark.parametrize(
    "ids",
    [
        ("hours_strong", "hours_strong_2"),  # 2 strong
        ("hours_strong", "pay_medium"),  # 1 strong + 1 medium
        ("hours_strong", "conditions_weak"),  # 1 strong + 1 weak
        ("pay_medium", "pay_medium_2", "pay_medium_3"),  # 3 medium
        ("pay_medium", "pay_medium_2", "conditions_weak"),  # 2 medium + 1 weak
    ],
)
def test_exploitation_dimension_is_positive(ids):
    labour = picture(weigh(*ids), "arbeid")
    assert labour.positive_dimensions == ["exploitation"]
    assert labour.positive


@pytest.mark.parametrize(
    "ids",
    [
        ("hours_strong",),  # 1 strong alone
        ("pay_medium", "pay_medium_2"),  # 2 medium
        ("pay_medium", "conditions_weak", "conditions_weak_2"),  # 1 medium + 2 weak
        ("conditions_weak", "conditions_weak_2", "conditions_weak_3"),  # weak only, never
    ],
)
def test_exploitation_dimension_is_not_positive(ids):
    labour = picture(weigh(*ids), "arbeid")
    assert labour.positive_dimensions == []
    assert not labour.positive


def test_indicators_count_only_in_their_own_dimension():
    # One strong exploitation signal and one strong coercion signal: two dimensions, neither positive.
    assert picture(weigh("hours_strong", "passport_strong"), "arbeid").positive_dimensions == []


def test_dimensions_are_weighed_per_form():
    # A strong sexual-exploitation signal does not complete a labour dimension.
    result = weigh("hours_strong", "violence")
    assert picture(result, "arbeid").positive_dimensions == []
    assert picture(result, "seksueel").positive_dimensions == []
