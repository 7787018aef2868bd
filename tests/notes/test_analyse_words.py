"""Inflections, compounds, synonyms, spelling variants, typos, abbreviations and English are recognised."""

from __future__ import annotations

import pytest

from signaalwijzer.notes import note_suggest


def suggestions(text: str) -> dict[str, list[str]]:
    return {s.id: s.quotes(text) for s in note_suggest(text).suggestions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("De werkgever heeft alle paspoorten ingenomen.", "documents_withheld", id="plural"),
        pytest.param("Zijn paspoortje ligt bij de uitzendbureaus.", "documents_withheld", id="diminutive"),
        pytest.param("Hij heeft een drugsschuld.", "street_debt", id="compound head"),
        pytest.param(
            "Er staan overal stapelbedden.", "many_people_registered_at_address", id="compound word"
        ),
        pytest.param("Ze werkt 13-uursdagen.", "works_excessive_hours", id="digits joined to a compound"),
        pytest.param(
            "Werkdagen van 6 tot 22 uur.", "works_excessive_hours", id="a long working day as a range"
        ),
        pytest.param("Hij werkt van 7 tot 7.", "works_excessive_hours", id="a range into the evening"),
        pytest.param("Hij werkt twaalf uur per dag.", "works_excessive_hours", id="number word"),
        pytest.param("De ID-kaart is afgepakt door haar vriend.", "documents_withheld", id="hyphenated word"),
        pytest.param("Het ID kaartje is afgepakt.", "documents_withheld", id="synonym of passport"),
        pytest.param(
            "De pooier regelt alles.", "sexual_services_under_control_of_other", id="synonym: pooier"
        ),
        pytest.param(
            "Hij is een katvanger voor zijn neef.", "registered_as_owner_for_others", id="colloquial word"
        ),
        pytest.param("Ze wordt bedriegd door haar vriend.", "threats_or_violence", id="typo bedriegd"),
        pytest.param("Hij wordt onderbetaalt.", "paid_too_little_late_or_not", id="typo d/t"),
        pytest.param("Cl. is zwakbegaafd.", "lvb", id="abbreviation cl and a synonym of lvb"),
        pytest.param("Mw. heeft een LVB.", "lvb", id="abbreviation LVB"),
        pytest.param(
            "Btr. sliep op een matras naast de kweek.", "sleeps_at_workplace", id="police shorthand"
        ),
        pytest.param(
            "I.o.m. wg: paspoort ligt bij de wg.", "documents_withheld", id="abbreviation wg for werkgever"
        ),
        pytest.param("Spreken geen NL/EN.", "no_dutch_or_english", id="NL/EN"),
        pytest.param("His employer keeps his passport.", "documents_withheld", id="English"),
        pytest.param(
            "She works 14 hours a day, seven days a week.", "works_excessive_hours", id="English hours"
        ),
    ],
)
def test_words_are_recognised_in_their_many_forms(text, expected):
    assert expected in suggestions(text)


def test_correctly_spelled_lookalikes_are_not_corrected():
    # "geslaagd" (passed an exam) is not "geslagen" (beaten); "brandweer" is not "brandmerk".
    found = suggestions("Ze is geslaagd voor haar examen. De brandweer kwam kijken.")

    assert "threats_or_violence" not in found
    assert "branding_tattoo" not in found


def test_a_typo_lowers_the_confidence():
    correct = {s.id: s.confidence for s in note_suggest("Hij is onderbetaald.").suggestions}
    typo = {s.id: s.confidence for s in note_suggest("Hij is onderbetaalt.").suggestions}

    assert typo["paid_too_little_late_or_not"] < correct["paid_too_little_late_or_not"]


def test_a_date_is_no_working_day():
    assert "works_excessive_hours" not in suggestions("Melding 14-03 om 22.10 uur.")


def test_the_more_specific_reading_wins():
    found = suggestions("Hij heeft een schuld bij de baas voor de reis.")

    assert "debt_to_employer_or_recruiter" in found
    assert "debts" not in found  # a debt to the boss is not "ordinary debts"
