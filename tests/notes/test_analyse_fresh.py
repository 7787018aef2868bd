"""Round 2 of issue 4: fresh sentences for the 40 most-labelled indicators, written before the lexicon
was looked at (tests/notes/fresh_sentences.py, three batches, first-try rates there). Each must suggest
its indicator (or, for "minor", make the person a minor), except the few listed in KNOWN where a more
specific indicator explains the words: that is asserted too, so a change in either direction shows.
"""

from __future__ import annotations

import pytest

from signaalwijzer.notes import note_suggest
from tests.notes.fresh_sentences import FRESH, FRESH_B, FRESH_C, FRESH_D, MINOR, MINOR_B, MINOR_C, MINOR_D

# Sentence -> the more specific indicator that is suggested instead (by `yields_to` / `not_with`).
KNOWN = {
    "They threatened to kill him if he talked to the police.": "threatened_with_police_or_dismissal",
    "De jongens hebben gedreigd zijn zusje iets aan te doen.": "threats_against_family",
    "Ze moet altijd bereikbaar zijn en wordt constant gebeld waar ze is.": "must_always_be_reachable",
    "His ID card is kept by the man who arranged the job.": "child_papers_held_by_unrelated_adult",
    "Er wordt van zijn loon veel ingehouden voor huur en vervoer.": "housing_provided_by_employer",
}
# Too vague to suggest on its own: "papieren" may be an ID; "bepaalt wanneer ze moet werken" names no sex work.
VAGUE = {"Zij heeft geen papieren.", "De man bepaalt wanneer ze moet werken en met wie."}

MINORS = [*MINOR, *MINOR_B, *MINOR_C, *MINOR_D]


@pytest.mark.parametrize("text", MINORS, ids=[t[:40] for t in MINORS])
def test_fresh_minor(text: str) -> None:
    assert note_suggest(text).minor.value is True


CASES = [
    pytest.param(text, ind, id=f"{ind}: {text[:40]}")
    for batch in (FRESH, FRESH_B, FRESH_C, FRESH_D)
    for ind, texts in batch.items()
    for text in texts
    if text not in KNOWN and text not in VAGUE
]


@pytest.mark.parametrize(("text", "indicator"), CASES)
def test_fresh_sentence_suggests_its_indicator(text: str, indicator: str) -> None:
    assert indicator in {s.id for s in note_suggest(text).suggestions}


@pytest.mark.parametrize(("text", "specific"), KNOWN.items(), ids=[t[:40] for t in KNOWN])
def test_the_more_specific_indicator_explains_these(text: str, specific: str) -> None:
    assert specific in {s.id for s in note_suggest(text).suggestions}


def test_the_batches_cover_the_40_most_labelled_indicators() -> None:
    assert len(FRESH) == len(FRESH_B) == len(FRESH_C) == len(FRESH_D) == 39
    assert all(len(texts) == 10 for texts in FRESH.values())
