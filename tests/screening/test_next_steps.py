"""Rules 10 and 11: the meldcode step, and the role guide's next steps for this outcome and age."""

from signaalwijzer.screening.result import Outcome
from tests.screening.knowledge import weigh


def test_next_steps_follow_the_outcome():
    assert [s.text.nl for s in weigh("conditions_weak").next_steps] == ["kijk verder"]
    assert [s.text.nl for s in weigh("passport_strong").next_steps] == ["overleg", "alleen volwassenen"]
    assert [s.text.nl for s in weigh("controlled_sex_work").next_steps] == ["overleg", "meld"]


def test_next_steps_follow_the_age():
    assert [s.text.nl for s in weigh("controlled_sex_work", minor=True).next_steps] == [
        "overleg",
        "meld",
        "bel veilig thuis",
    ]
    assert [s.text.nl for s in weigh("passport_strong", minor=True).next_steps] == ["overleg"]


def test_next_steps_follow_the_role():
    assert [s.text.nl for s in weigh("controlled_sex_work", role="wijkagent").next_steps] == [
        "informeer de recherche"
    ]


def test_meldcode_step_by_outcome_for_a_role_under_the_meldcode():
    assert weigh("conditions_weak").outcome is Outcome.geen
    assert weigh("conditions_weak").meldcode_step == 1  # keep mapping the signals
    assert weigh("passport_strong").meldcode_step == 2  # zorgelijk: consult
    assert weigh("controlled_sex_work").meldcode_step == 2  # vermoeden: consult an expert now
    assert weigh("violence").meldcode_step == 4  # acute: report now


def test_no_meldcode_step_for_a_role_outside_the_meldcode():
    for ids in (("conditions_weak",), ("passport_strong",), ("controlled_sex_work",), ("violence",)):
        assert weigh(*ids, role="wijkagent").meldcode_step is None


def test_routes_carry_their_contact_facts():
    route = weigh("controlled_sex_work").next_steps[1].routes[0]
    assert (route.id, route.name.nl, route.phone) == ("politie", "Politie", "0900-8844")


def test_coordinator_contact_comes_from_configuration():
    coordinator = {
        "COORDINATOR_NAME": "Zorgcoördinator Regio Test",
        "COORDINATOR_ORGANISATION": "Gemeente Test",
        "COORDINATOR_PHONE": "010-0000000",
        "COORDINATOR_EMAIL": "zorgcoordinator@example.org",
    }
    route = weigh("passport_strong", coordinator=coordinator).next_steps[0].routes[0]
    assert (route.id, route.name.nl, route.phone, route.email) == (
        "zorgcoordinator",
        "Zorgcoördinator Regio Test",
        "010-0000000",
        "zorgcoordinator@example.org",
    )


def test_coordinator_name_falls_back_to_the_route_and_contact_to_the_data():
    route = weigh("passport_strong", coordinator={"COORDINATOR_PHONE": "010-0000000"}).next_steps[0].routes[0]
    assert (route.name.nl, route.phone, route.email) == (
        "Zorgcoördinator mensenhandel",
        "010-0000000",
        "uit-de-data@example.org",
    )
    route = weigh("passport_strong").next_steps[0].routes[0]
    assert (route.name.nl, route.phone) == ("Zorgcoördinator mensenhandel", "")
