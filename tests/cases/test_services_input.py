"""Bad input gets a clear error per field, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, CaseEntry
from tests.accounts import factories as accounts
from tests.cases import factories

pytestmark = pytest.mark.django_db

LATER = timezone.localdate() + dt.timedelta(days=2)


def errors_of(call, **kwargs) -> dict[str, str]:
    with pytest.raises(services.CaseInputError) as error:
        call(**kwargs)
    return error.value.errors


def test_unknown_signals_and_role_are_named_and_no_dossier_is_made():
    errors = errors_of(
        services.case_create,
        owner=accounts.user(),
        observer_role="astronaut",
        minor="misschien",
        indicators=["no_such_signal", "documents_withheld"],
    )
    assert set(errors) == {"indicators", "observer_role", "minor"}
    assert "no_such_signal" in errors["indicators"]
    assert "documents_withheld" not in errors["indicators"]
    assert not Case.objects.exists()


def test_the_minor_signal_and_an_adult_answer_contradict_each_other():
    errors = errors_of(
        services.case_create,
        owner=accounts.user(),
        observer_role="wijkteam",
        minor="nee",
        indicators=["minor"],
    )
    assert set(errors) == {"minor"}


def test_an_observation_needs_a_date_not_in_the_future_and_text():
    case = factories.case()
    errors = errors_of(
        services.case_observation_add,
        case=case,
        actor=case.owner,
        expected_version=case.version,
        observed_on=LATER,
        text="   ",
    )
    assert errors == {
        "observed_on": "Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde.",
        "text": "Vul dit in.",
    }
    assert CaseEntry.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.version == 1


def test_a_typo_year_and_too_long_text_are_refused():
    case = factories.case()
    errors = errors_of(
        services.case_observation_add,
        case=case,
        actor=case.owner,
        expected_version=case.version,
        observed_on=dt.date(202, 1, 1),
        text="x" * (services.TEXT_MAX + 1),
    )
    assert set(errors) == {"observed_on", "text"}
    assert "10000" in errors["text"]


def test_a_consultation_needs_whom_when_and_the_advice():
    case = factories.case()
    errors = errors_of(
        services.case_consultation_add,
        case=case,
        actor=case.owner,
        expected_version=case.version,
        consulted_with="buurvrouw",
        consulted_on=None,
        advice="",
    )
    assert set(errors) == {"consulted_with", "consulted_on", "advice"}


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"held": True, "held_on": None, "text": ""}, {"held_on", "text"}),
        (
            {"held": True, "held_on": dt.date(2025, 1, 6), "text": "Gesprek.", "reason_not_held": "anders"},
            {"reason_not_held"},
        ),
        ({"held": False, "held_on": None, "text": "", "reason_not_held": ""}, {"reason_not_held"}),
        (
            {"held": False, "held_on": dt.date(2025, 1, 6), "text": "", "reason_not_held": "veiligheid"},
            {"held_on"},
        ),
        ({"held": False, "held_on": None, "text": "", "reason_not_held": "anders"}, {"text"}),
    ],
)
def test_the_conversation_is_held_with_a_date_and_text_or_not_held_with_a_reason(kwargs, fields):
    case = factories.case()
    errors = errors_of(
        services.case_conversation_record,
        case=case,
        actor=case.owner,
        expected_version=case.version,
        **kwargs,
    )
    assert set(errors) == fields


def test_not_holding_the_conversation_for_safety_needs_no_text():
    case = factories.conversation(factories.case(), held=False)
    entry = case.entries.get(kind="conversation")
    assert entry.data == {"held": False, "on": None, "reason_not_held": "veiligheid"}


def test_a_weighing_off_the_flow_names_each_wrong_question():
    case = factories.case()
    errors = errors_of(
        services.case_weighing_record,
        case=case,
        actor=case.owner,
        expected_version=case.version,
        answers={"q1": False, "q2": True},
        text="",
    )
    assert set(errors) == {"q2"}
    assert "eerdere vraag" in errors["q2"]


@pytest.mark.parametrize(
    ("decision", "route", "text", "fields"),
    [
        ("melden", "", "Omdat.", {"route"}),
        ("melden_en_hulp", "", "Omdat.", {"route"}),
        ("hulp", "de_buren", "Omdat.", {"route"}),
        ("weet_niet", "", "Omdat.", {"decision"}),
        ("hulp", "", " ", {"text"}),
    ],
)
def test_a_decision_needs_a_known_decision_reasons_and_a_route_when_reporting(decision, route, text, fields):
    case = factories.case()
    errors = errors_of(
        services.case_decision_record,
        case=case,
        actor=case.owner,
        expected_version=case.version,
        decision=decision,
        route=route,
        text=text,
    )
    assert set(errors) == fields


def test_a_report_names_its_route():
    case = factories.decision(factories.case(), decision="melden", route="comensha")
    assert case.entries.get(kind="decision").data == {"decision": "melden", "route": "comensha"}


def test_closing_needs_a_reason():
    case = factories.case()
    errors = errors_of(
        services.case_close, case=case, actor=case.owner, expected_version=case.version, reason=""
    )
    assert set(errors) == {"reason"}


def test_dates_are_checked_against_the_local_date():
    case = factories.case()
    factories.observation(case)  # today, by timezone.localdate()
    assert case.entries.get(kind="observation").data["on"] == timezone.localdate().isoformat()
