"""Round 2 of issue 4: false positives that were reported, and the form of a youth note."""

from __future__ import annotations

import pytest

from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.notes import note_analyse, note_suggest


def ids(text: str) -> set[str]:
    return {s.id for s in note_suggest(text).suggestions}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param(
            "Mw. (41) heeft een vriend van 36.", "older_partner_with_money_and_gifts", id="adult's partner"
        ),
        pytest.param(
            "Dhr. (45) gaat om met mannen van rond de 50.", "much_older_new_contacts", id="adult's friends"
        ),
        pytest.param("De winkel is open van 9 tot 21 uur.", "works_excessive_hours", id="opening hours"),
        pytest.param("Het spreekuur is van 8 tot 20 uur.", "works_excessive_hours", id="consulting hours"),
        pytest.param("Mw. slaapt slecht sinds de scheiding.", "exhaustion", id="sleeps badly"),
        pytest.param(
            "She is behind on her rent.",
            "debt_to_employer_or_recruiter",
            id="rent arrears are no debt to a boss",
        ),
        pytest.param(
            "Hij is van school gegaan met een diploma.", "truancy_or_dropout", id="left school with diploma"
        ),
        pytest.param("Ze woont in een huis met haar ouders.", "care_leaver", id="lives with parents"),
        pytest.param(
            "Hij komt altijd alleen naar het spreekuur.",
            "accompanied_to_care_by_same_person",
            id="comes alone",
        ),
        pytest.param(
            "Ze durft niet naar huis omdat ze haar sleutel kwijt is.",
            "fear_of_someone",
            id="lost key, no fear",
        ),
    ],
)
def test_look_alikes_are_not_suggested(text, absent):
    assert absent not in ids(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        pytest.param(
            "Ze (15) heeft een vriend van 36.", "older_partner_with_money_and_gifts", id="minor's partner"
        ),
        pytest.param("Hij werkt van 9 tot 21 uur in de winkel.", "works_excessive_hours", id="working day"),
        pytest.param("Pt. slaapt nauwelijks en is uitgeput.", "exhaustion", id="exhausted"),
    ],
)
def test_the_real_signal_is_still_suggested(text, present):
    assert present in ids(text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        pytest.param(
            "Jongen (14) gaat om met veel oudere jongens, heeft ineens dure kleding en spijbelt.",
            "crimineel",
            id="boy",
        ),
        pytest.param(
            "Meisje (14) gaat om met veel oudere jongens, heeft ineens dure kleding en spijbelt.",
            "seksueel",
            id="girl",
        ),
    ],
)
def test_a_youth_note_without_form_words_names_one_form(text, form):
    assert note_analyse(text, kb=knowledge_base()).forms == [form]


def test_form_words_outweigh_who_the_young_person_is():
    text = "Jongen (15) moet van een oudere man seks hebben met klanten in een hotel."
    assert note_analyse(text, kb=knowledge_base()).forms[0] == "seksueel"
