"""The engine on the shipped knowledge base, for situations professionals recognise."""

import pytest

from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import Outcome


@pytest.mark.parametrize(
    ("role", "minor", "ids", "outcome"),
    [
        (
            "wijkteam",
            False,
            ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"],
            Outcome.vermoeden,
        ),
        ("school", True, ["sexual_services_under_control_of_other"], Outcome.vermoeden),
        ("wijkagent", True, ["forced_to_commit_crimes"], Outcome.vermoeden),
        ("school", False, ["lvb", "minor"], Outcome.geen),
        ("wijkagent", False, ["threats_or_violence"], Outcome.zorgelijk),
        ("burgerzaken", False, ["many_people_registered_at_address"], Outcome.geen),
        (
            "burgerzaken",
            False,
            ["many_people_registered_at_address", "housing_provided_by_employer"],
            Outcome.zorgelijk,
        ),
    ],
)
def test_recognisable_situations(role, minor, ids, outcome):
    assert screening_evaluate(indicators=ids, role=role, minor=minor).outcome is outcome


def test_acute_signal_in_shipped_content_routes_to_112_first():
    result = screening_evaluate(indicators=["threats_or_violence"], role="wijkteam")
    assert result.acute
    assert result.next_steps[0].routes[0].phone == "112"
