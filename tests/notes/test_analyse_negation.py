"""Negated, hypothetical and contradicted statements never become suggestions; reported ones do."""

from __future__ import annotations

import pytest

from signaalwijzer.notes import note_analyse, note_suggest


def ids(text: str) -> set[str]:
    return {s.id for s in note_suggest(text).suggestions}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("Geen schulden.", "debts", id="geen before the word"),
        pytest.param("Cliënt heeft geen schulden en geen verslaving.", "addiction", id="geen in a list"),
        pytest.param("Ze wordt niet bedreigd.", "threats_or_violence", id="niet before"),
        pytest.param("Bedreigd wordt ze niet.", "threats_or_violence", id="clause-final niet"),
        pytest.param("Schulden heeft hij niet.", "debts", id="clause-final niet after the object"),
        pytest.param(
            "Zijn paspoort ligt niet bij de baas.", "documents_withheld", id="niet between the parts"
        ),
        pytest.param("Paspoort heeft ze zelf.", "documents_withheld", id="counter-evidence zelf"),
        pytest.param(
            "Paspoort in eigen bezit, getoond.", "documents_withheld", id="counter-evidence eigen bezit"
        ),
        pytest.param("Nooit geslagen of mishandeld.", "threats_or_violence", id="nooit"),
        pytest.param("Er is geen sprake van dwang of geweld.", "threats_or_violence", id="geen sprake van"),
        pytest.param(
            "Cliënte ontkent dat zij wordt geslagen.", "threats_or_violence", id="ontkent covers what follows"
        ),
        pytest.param(
            "Navragen of het paspoort bij de werkgever ligt.", "documents_withheld", id="a question to ask"
        ),
        pytest.param("Onduidelijk of ze schulden heeft.", "debts", id="unknown whether"),
        pytest.param(
            "Als hij ooit geslagen wordt, belt hij ons.", "threats_or_violence", id="conditional clause"
        ),
        pytest.param("Indien er schulden zijn, bellen we de wijkcoach.", "debts", id="indien"),
        pytest.param(
            "She is not threatened and keeps her own passport.", "threats_or_violence", id="English not"
        ),
        pytest.param("No concerns about debts or violence.", "debts", id="English no concerns"),
        pytest.param(
            "Melding overbewoning. Na controle: geen overbewoning.",
            "many_people_registered_at_address",
            id="writer concludes no",
        ),
    ],
)
def test_negated_or_hypothetical_statements_are_not_suggested(text, absent):
    assert absent not in ids(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        pytest.param("Werkt zonder contract.", "no_contract_or_insurance", id="negation word is the signal"),
        pytest.param("Heeft geen loonstrook gekregen.", "paid_cash_without_payslip", id="geen loonstrook"),
        pytest.param("Mag niet alleen naar buiten.", "controlled_movement", id="mag niet alleen"),
        pytest.param("Heeft geen eigen sleutel.", "locked_in_or_no_own_key", id="geen eigen sleutel"),
        pytest.param(
            "Als hij klaagt, dreigt de baas met ontslag.",
            "threatened_with_police_or_dismissal",
            id="the main clause after a condition counts",
        ),
        pytest.param(
            "Geen schulden bij de bank, maar de baas slaat hem.",
            "threats_or_violence",
            id="negation stops at maar",
        ),
        pytest.param(
            "Volgens de buurman zou ze 14 uur per dag werken.", "works_excessive_hours", id="hearsay counts"
        ),
        pytest.param(
            "Verdachte aangehouden voor winkeldiefstal, ontkent.",
            "found_with_drugs_or_stolen_goods",
            id="ontkent after the fact",
        ),
        pytest.param(
            "Hij weet niet hoeveel schuld hij nog bij de baas heeft.",
            "debt_to_employer_or_recruiter",
            id="weet niet hoeveel is no negation",
        ),
    ],
)
def test_signals_that_contain_a_negation_word_or_are_reported_are_suggested(text, present):
    assert present in ids(text)


def test_hearsay_lowers_the_confidence():
    seen = note_suggest("Ze werkt 14 uur per dag.").suggestions
    heard = note_suggest("Volgens de buurman zou ze 14 uur per dag werken.").suggestions

    conf = {s.id: s.confidence for s in seen}["works_excessive_hours"]
    assert {s.id: s.confidence for s in heard}["works_excessive_hours"] < conf


def test_a_writer_who_concludes_no_signs_is_never_contradicted_with_a_suspicion():
    text = (
        "Paspoort ligt bij de werkgever, werkt 14 uur per dag, heeft een schuld bij de baas. "
        "Na gesprek: geen aanwijzingen voor uitbuiting."
    )
    analysis = note_analyse(text)

    assert analysis.result.outcome.name == "vermoeden"
    assert analysis.outcome == "zorgelijk"
    assert analysis.capped
    assert analysis.as_dict()["outcome_capped"] is True


HOUSING_AND_VAN = (
    "Controle bij de teler. De werknemers wonen in huisjes van de werkgever en worden met het busje van "
    "de baas naar de kas gebracht."
)


@pytest.mark.parametrize(
    ("closing", "outcome"),
    [
        pytest.param("Geen bijzonderheden.", "geen", id="unqualified conclusion"),
        pytest.param("Zaak afgesloten, geen overtredingen meer.", "geen", id="closed, nothing more"),
        pytest.param("No findings; file closed.", "geen", id="english"),
        pytest.param("Geen aanwijzingen dat ze hun paspoort moeten afgeven.", "zorgelijk", id="qualified"),
        pytest.param("Nog geen signalen.", "zorgelijk", id="not yet"),
        pytest.param("Gesprek volgt.", "zorgelijk", id="no conclusion"),
    ],
)
def test_a_writer_who_closes_a_look_alike_without_qualification_gets_geen(closing, outcome):
    analysis = note_analyse(f"{HOUSING_AND_VAN} {closing}")

    assert {"housing_provided_by_employer", "driven_to_work_by_boss"} <= set(analysis.weighed)
    assert analysis.result.outcome.name == "zorgelijk"
    assert analysis.outcome == outcome
    assert (analysis.forms == []) == (outcome == "geen")


def test_an_unqualified_all_clear_lowers_a_red_flag_only_to_zorgelijk():
    analysis = note_analyse(
        "Zij moet al het geld dat ze met klanten verdient aan haar vriend afgeven. Geen bijzonderheden."
    )

    assert any(s.red_flag for s in analysis.result.signals)
    assert analysis.result.outcome.name == "vermoeden"
    assert analysis.outcome == "zorgelijk"
