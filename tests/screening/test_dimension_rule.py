"""ILO–EC 2009: when one dimension counts as positive (domain-facts §1.4)."""

import pytest

from signaalwijzer.screening.rules import dimension_positive


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
