"""Evidence offsets point at the words in the original text; adding an unrelated sentence changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.notes import note_suggest

NOTE = (
    "Cl. (ca. 30 jr) vertelt via tolk: zijn PASPOORT ligt 'veilig' bij de werkgever.\n"
    "Werkt 7 dagen per week, 12 uur per dag, in de kas — slaapt ook daar.\n\n"
    "Heeft een schuld bij de baas voor de reis; geen andere schulden. Café’s en één ‘coördinator’ regelen alles."
)
UNRELATED = [
    "Het weer was mooi vandaag.",
    "Volgende afspraak over twee weken.",
    "Zij houdt van voetbal en tekenen.",
    "De gemeente heeft een nieuwe website.",
    "Overleg met collega gepland op dinsdag.",
    "The meeting is on Tuesday.",
]


def test_every_evidence_span_is_a_valid_slice_of_the_original_text():
    reading = note_suggest(NOTE)

    assert reading.suggestions
    for suggestion in reading.suggestions:
        assert list(suggestion.evidence) == sorted(suggestion.evidence)
        for start, end in suggestion.evidence:
            assert 0 <= start < end <= len(NOTE)
            quote = NOTE[start:end]
            assert quote == quote.strip() and quote


def test_offsets_point_at_the_words_even_with_case_accents_and_abbreviations():
    found = {s.id: s.quotes(NOTE) for s in note_suggest(NOTE).suggestions}

    assert "12 uur per dag" in found["works_excessive_hours"]
    assert "PASPOORT" in found["documents_withheld"]
    assert "schuld bij de baas" in found["debt_to_employer_or_recruiter"]
    assert any("tolk" in quote for quote in found["no_dutch_or_english"])


@settings(max_examples=60, deadline=None)
@given(extra=st.lists(st.sampled_from(UNRELATED), min_size=1, max_size=4), before=st.booleans())
def test_an_unrelated_sentence_never_removes_a_suggestion(extra, before):
    base = {s.id for s in note_suggest(NOTE).suggestions}
    addition = " ".join(extra)
    text = f"{addition}\n{NOTE}" if before else f"{NOTE}\n{addition}"

    reading = note_suggest(text)

    assert base <= {s.id for s in reading.suggestions}
    for suggestion in reading.suggestions:
        for start, end in suggestion.evidence:
            assert 0 <= start < end <= len(text)


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=400))
def test_any_text_gives_valid_offsets_and_never_fails(text):
    reading = note_suggest(text)

    for suggestion in reading.suggestions:
        assert 0 < suggestion.confidence <= 1
        for start, end in suggestion.evidence:
            assert 0 <= start < end <= len(text)
    for start, end in reading.minor.evidence:
        assert 0 <= start < end <= len(text)
