"""Acute danger comes first; next steps and the meldcode step follow the role and the outcome."""

from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import Outcome
from tests.screening.factories import small_kb

KB = small_kb()


def weigh(*ids, role="wijkteam", minor=False, coordinator=None):
    return screening_evaluate(indicators=ids, role=role, minor=minor, kb=KB, coordinator=coordinator)


def test_acute_danger_puts_112_first_whatever_the_outcome():
    for ids in (("violence",), ("violence", "controlled_sex_work"), ("violence", "conditions_weak")):
        result = weigh(*ids)
        assert result.acute
        assert [r.id for r in result.next_steps[0].routes][0] == "alarm_112"
        assert result.outcome >= Outcome.zorgelijk


def test_acute_route_after_112_is_veilig_thuis_under_the_meldcode_and_police_otherwise():
    assert [r.id for r in weigh("violence", role="wijkteam").next_steps[0].routes] == [
        "alarm_112",
        "veilig_thuis",
    ]
    assert [r.id for r in weigh("violence", role="wijkagent").next_steps[0].routes] == [
        "alarm_112",
        "politie",
    ]
    assert [r.id for r in weigh("violence", role="wijkagent", minor=True).next_steps[0].routes] == [
        "alarm_112",
        "veilig_thuis",
    ]


def test_no_acute_step_without_acute_signals():
    result = weigh("controlled_sex_work")
    assert not result.acute
    assert all(r.id != "alarm_112" for step in result.next_steps for r in step.routes)


def test_next_steps_follow_the_outcome_and_age():
    assert [s.text.nl for s in weigh("conditions_weak").next_steps] == ["kijk verder"]
    assert [s.text.nl for s in weigh("controlled_sex_work").next_steps] == ["overleg", "meld"]
    assert [s.text.nl for s in weigh("controlled_sex_work", minor=True).next_steps] == [
        "overleg",
        "meld",
        "bel veilig thuis",
    ]


def test_meldcode_step_only_for_roles_under_the_meldcode():
    assert weigh("conditions_weak").meldcode_step == 1
    assert weigh("passport_strong").meldcode_step == 2
    assert weigh("controlled_sex_work").meldcode_step == 2
    assert weigh("violence").meldcode_step == 4
    assert weigh("controlled_sex_work", role="wijkagent").meldcode_step is None


def test_coordinator_contact_comes_from_configuration():
    coordinator = {"COORDINATOR_NAME": "Zorgcoördinator Regio Test", "COORDINATOR_PHONE": "010-0000000"}
    route = weigh("passport_strong", coordinator=coordinator).next_steps[0].routes[0]
    assert (route.id, route.name.nl, route.phone) == (
        "zorgcoordinator",
        "Zorgcoördinator Regio Test",
        "010-0000000",
    )


def test_questions_ask_for_what_is_missing():
    # Exploitation is clear, coercion is not: ask about coercion, never about what was already ticked.
    result = weigh("hours_strong", "pay_medium")
    asked = [q.indicator for q in result.next_questions]
    assert asked and set(asked) <= {
        "passport_strong",
        "debt_strong",
        "threat_medium",
        "surveillance_weak",
        "recruited",
    }
    # The structure is visible but the act is not: ask how the person got here.
    result = weigh("hours_strong", "pay_medium", "passport_strong", "debt_strong")
    assert [q.indicator for q in result.next_questions] == ["recruited"]


def test_nothing_observed_yet_asks_the_role_guides_starting_questions():
    result = weigh("lvb")
    assert [q.indicator for q in result.next_questions] == ["hours_strong", "passport_strong", "recruited"]
