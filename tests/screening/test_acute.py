"""Rule 8: acute danger always puts 112 first, whatever the outcome (DESIGN.md "Weighing").

Then Veilig Thuis for a minor or a role under the meldcode, the police otherwise; the meldcode step is
4 (afwegingsvraag 2: acute unsafety means report now, domain-facts §3.3).
"""

import pytest

from signaalwijzer.screening.result import Outcome
from tests.screening.knowledge import weigh


@pytest.mark.parametrize(
    "ids",
    [
        ("violence",),
        ("violence", "controlled_sex_work"),
        ("violence", "conditions_weak"),
        ("violence", "lvb"),
    ],
)
def test_acute_danger_puts_112_first_whatever_the_outcome(ids):
    result = weigh(*ids)
    assert result.acute
    first = result.next_steps[0]
    assert [r.id for r in first.routes][0] == "alarm_112"
    assert first.routes[0].phone == "112"
    assert "Bel 112" in first.text.nl
    assert result.outcome >= Outcome.zorgelijk
    assert "112" in result.explanation[0].nl


def test_after_112_veilig_thuis_under_the_meldcode_and_police_otherwise():
    assert [r.id for r in weigh("violence", role="wijkteam").next_steps[0].routes] == [
        "alarm_112",
        "veilig_thuis",
    ]
    assert [r.id for r in weigh("violence", role="wijkagent").next_steps[0].routes] == [
        "alarm_112",
        "politie",
    ]


def test_after_112_veilig_thuis_for_a_minor_in_any_role():
    assert [r.id for r in weigh("violence", role="wijkagent", minor=True).next_steps[0].routes] == [
        "alarm_112",
        "veilig_thuis",
    ]


def test_the_acute_step_names_the_second_route():
    assert "Veilig Thuis" in weigh("violence").next_steps[0].text.nl
    assert "Politie" in weigh("violence", role="wijkagent").next_steps[0].text.nl


def test_acute_is_meldcode_step_4():
    assert weigh("violence").meldcode_step == 4
    assert weigh("violence").next_steps[0].meldcode_step == 4
    assert weigh("violence", role="wijkagent").meldcode_step is None


def test_an_acute_mark_counts_on_any_observed_indicator():
    # Even on a vulnerability factor (wrong data): safety first, but still never above zorgelijk.
    result = weigh("mislabelled_2")
    assert result.acute
    assert result.next_steps[0].routes[0].id == "alarm_112"
    assert result.outcome is Outcome.zorgelijk


def test_no_acute_step_without_acute_signals():
    result = weigh("controlled_sex_work")
    assert not result.acute
    assert all(r.id != "alarm_112" for step in result.next_steps for r in step.routes)
