"""The engine on the shipped knowledge base, for situations professionals recognise.

Skipped while the shipped content does not load (see `knowledge.real_kb`).
"""

import pytest

from signaalwijzer.knowledge.loader import REQUIRED_INDICATOR_IDS
from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import Outcome
from tests.screening.knowledge import real_kb


def weigh(*ids, role="wijkteam", minor=False):
    return screening_evaluate(indicators=ids, role=role, minor=minor, kb=real_kb())


@pytest.mark.parametrize(
    ("role", "minor", "ids", "outcome"),
    [
        # Passport taken, debt to the employer, very long days: means and purpose of exploitation.
        (
            "wijkteam",
            False,
            ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"],
            Outcome.vermoeden,
        ),
        # A minor in sex work under someone else's control: a red flag, and no means needed.
        ("wijkteam", False, ["minor", "sexual_services_under_control_of_other"], Outcome.vermoeden),
        ("school", True, ["sexual_services_under_control_of_other"], Outcome.vermoeden),
        ("wijkagent", True, ["forced_to_commit_crimes"], Outcome.vermoeden),
        # Two vulnerability factors: attention, not a suspicion.
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
    assert weigh(*ids, role=role, minor=minor).outcome is outcome


def test_lvb_and_minor_is_never_vermoeden():
    for role in real_kb().roles:
        assert weigh("lvb", "minor", role=role).outcome < Outcome.vermoeden


def test_the_textbook_case_explains_the_combination():
    result = weigh("documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter")
    assert "arbeid" in result.positive_forms
    assert result.elements == ["middel", "oogmerk"]
    assert result.meldcode_step == 2
    assert any("273f" in line.nl for line in result.explanation)


def test_acute_signal_in_shipped_content_routes_to_112_first():
    result = weigh("threats_or_violence")
    assert result.acute
    assert [r.id for r in result.next_steps[0].routes] == ["alarm_112", "veilig_thuis"]
    assert result.next_steps[0].routes[0].phone == "112"
    assert [r.id for r in weigh("threats_or_violence", role="wijkagent").next_steps[0].routes] == [
        "alarm_112",
        "politie",
    ]


def test_every_role_gets_steps_for_every_outcome():
    kb = real_kb()
    cases = {
        Outcome.geen: ["many_people_registered_at_address"],
        Outcome.zorgelijk: ["threats_or_violence"],
        Outcome.vermoeden: ["sexual_services_under_control_of_other"],
    }
    for role in kb.roles:
        for outcome, ids in cases.items():
            for minor in (False, True):
                result = weigh(*ids, role=role, minor=minor)
                if result.outcome is outcome:
                    assert result.next_steps, (role, outcome, minor)


def test_every_required_id_can_be_weighed_alone():
    for ind_id in REQUIRED_INDICATOR_IDS:
        assert weigh(ind_id).signals[0].id == ind_id
