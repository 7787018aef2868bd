"""Whether the person is probably a minor: from an age, a school class, or words for a child or an adult."""

from __future__ import annotations

import pytest

from signaalwijzer.notes import note_suggest


def minor(text: str):
    return note_suggest(text).minor


@pytest.mark.parametrize(
    ("text", "value", "quote"),
    [
        pytest.param("Jongen van 15 komt niet meer op school.", True, "15", id="de jongen van 15"),
        pytest.param("Sanne (16) is weggelopen.", True, "(16)", id="age in brackets"),
        pytest.param("Meisje, 14 jaar, zit in de brugklas.", True, "14 jaar", id="14 jaar"),
        pytest.param(
            "Een vijftienjarige jongen werd opgehaald.", True, "vijftienjarige", id="number word + jarig"
        ),
        pytest.param("Leerling (15, 3 havo) verzuimt.", True, "(15", id="age and class in brackets"),
        pytest.param(
            "Zit in groep 8 en wordt na school opgehaald.", None if False else True, "groep 8", id="groep 8"
        ),
        pytest.param("Zij zit in de 2e klas van het vmbo.", True, "vmbo", id="school type"),
        pytest.param("Het gaat om een minderjarige.", True, "minderjarige", id="minderjarig"),
        pytest.param("Mw. (34) werkt in de schoonmaak.", False, "(34)", id="adult age"),
        pytest.param("Pt, man 38 jr, Bulgaars.", False, "38 jr", id="GP shorthand"),
        pytest.param("Chauffeur, 52, Nederlander.", False, "52", id="age between commas"),
        pytest.param("Dhr. vertelt over zijn werk.", False, "Dhr", id="dhr."),
        pytest.param("Mw. heeft een dochter van 4.", False, None, id="own young child makes an adult"),
        pytest.param("Zoon (14) van mw. loopt weg.", True, "(14)", id="the son is who the note is about"),
        pytest.param(
            "2 meisjes (zeggen 13 en 14 te zijn) aangehouden.", True, "13", id="an age someone claims"
        ),
        pytest.param(
            "Daar woont een meisje van een jaar of 12.", True, "jaar of 12", id="van een jaar of 12"
        ),
        pytest.param("Jongen ca. 14, geen ID, met man ca. 30.", True, "14", id="person word, ca., age"),
        pytest.param(
            "Mw. laat berichten zien van haar dochter (14), die een vriend van 22 heeft.",
            True,
            "(14)",
            id="a teenage child is who the note is about",
        ),
        pytest.param("hun zoon is 15 en heeft 2 telefoons", True, "15", id="zoon is 15"),
    ],
)
def test_minor_is_detected_with_evidence(text, value, quote):
    found = minor(text)

    assert found.value is value
    assert found.reasons
    if quote is not None:
        assert quote in [text[s:e] for s, e in found.evidence]


@pytest.mark.parametrize(
    "text",
    [
        "Melding over overlast bij een woning.",
        "Werkt al 3 jaar bij dit bedrijf.",  # a duration, not an age
        "3 jaar geleden verhuisd naar Proefstad.",
        "Beste meneer/mevrouw, ik maak me zorgen om het huis naast ons.",  # a salutation
    ],
)
def test_without_clear_evidence_the_age_is_unknown(text):
    assert minor(text).value is None


def test_someone_elses_age_is_not_the_persons_age():
    # The boyfriend is 24; the girl herself is the minor.
    found = minor("Meisje (15) heeft een vriend (24) die haar ophaalt.")

    assert found.value is True
    assert (
        found.evidence
        and "(15)" in "Meisje (15) heeft een vriend (24) die haar ophaalt."[slice(*found.evidence[0])]
    )


def test_not_minderjarig_is_no_evidence_for_a_minor():
    assert minor("Betrokkene is niet minderjarig.").value is not True


def test_a_detected_minor_is_also_suggested_as_the_checklist_factor():
    reading = note_suggest("Jongen (15) brengt pakketjes weg voor oudere jongens.")

    assert "minor" in {s.id for s in reading.suggestions}


@pytest.mark.parametrize(
    ("text", "value", "quote"),
    [
        pytest.param("Melding over een jongen van ongeveer 13 op straat.", True, "13", id="van ongeveer 13"),
        pytest.param(
            "L. (15) gezien bij het station, samen met man (26).", True, "(15)", id="initial before age wins"
        ),
        pytest.param(
            "Proef (16) wordt opgehaald door een man (31).", True, "(16)", id="name before age wins"
        ),
        pytest.param(
            "Het meisje is pas veertien en gaat om met volwassen mannen.",
            True,
            "veertien",
            id="is pas veertien",
        ),
        pytest.param("A 15-year-old girl was found at the hotel.", True, "15", id="15-year-old"),
        pytest.param("Mw. (41) woont met haar vriend van 36.", False, "(41)", id="adult with partner"),
    ],
)
def test_the_age_of_the_person_the_note_is_about_decides(text, value, quote):
    found = minor(text)

    assert found.value is value
    if quote is not None:
        assert quote in [text[s:e] for s, e in found.evidence][0]


def test_the_age_of_someone_she_is_with_is_not_hers():
    found = minor("Ze chat met een man van 35 die ze online kent.")

    assert not found.from_age


def test_a_small_number_after_a_capitalised_word_is_no_age():
    found = minor("Zie Bijlage (2) voor de foto's. Mw. werkt in de schoonmaak.")

    assert not found.from_age


@pytest.mark.parametrize(
    "text",
    [
        "Meisje, volgens ID 18 jr, maakt de indruk van hooguit 15.",
        "Vrouw, volgens ID-kaart 19 jr, oogt eerder 15-16.",
        "Inschrijving mw. N. (paspoort: 19 jr). Wij schatten haar op 15 of 16.",
    ],
)
def test_papers_say_adult_but_the_person_looks_younger_cannot_be_told(text):
    assert minor(text).value is None


def test_an_adult_who_looks_her_age_stays_an_adult():
    assert minor("Vrouw, volgens ID-kaart 19 jr, oogt ook zo. Werkt 40 uur.").value is False
