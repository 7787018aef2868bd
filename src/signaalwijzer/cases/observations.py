"""Signaalwijzer reads a dossier's observations and suggests signals, with the words they came from
(issue 4 §1: "the same in a dossier's observations").

No Django here: the view decrypts the observations in the request, hands over plain texts, and renders
what comes back; nothing is stored or logged. Each observation is read on its own, so negation and
sentence scope never run from one text into the next and an age is looked for per text. The suggestions
are then put together for the dossier and weighed with the dossier's role and age answer, on top of
what is ticked already, so the page can say what saving would give. Saving itself is the signals
step's service, like any other change of the ticked signals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.notes import MAX_TEXT, MinorFinding, NoteAnalysis, NoteReading, note_analyse, note_suggest
from signaalwijzer.notes.analyse import Suggestion
from signaalwijzer.notes.lexicon import MINOR_ID

# Texts are joined with a blank line for the weighing: a sentence end for the analyser (notes/text.py).
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Observation:
    """One observation as the professional wrote it (decrypted), with the day it happened."""

    entry_id: int
    observed_on: dt.date | None
    text: str


@dataclass(frozen=True)
class ObservationReading:
    observation: Observation
    reading: NoteReading

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [span for s in self.reading.suggestions for span in s.evidence]


@dataclass(frozen=True)
class DossierSuggestion:
    id: str
    confidence: float  # the highest over the observations
    quotes: list[str]  # the words it is based on, each once, in the order of the observations
    recorded: bool  # ticked in the dossier already


@dataclass(frozen=True)
class DossierReading:
    readings: list[ObservationReading]  # one per observation read, in the order given
    suggestions: list[DossierSuggestion]  # in order of first appearance
    minor: MinorFinding  # the analyser's guess about the person's age, a hint only
    minor_quotes: list[str]
    ticked: list[str]  # what the checklist shows ticked: what was ticked, plus the suggestions
    analysis: NoteAnalysis  # the weighing of `ticked` with the dossier's role and age answer

    @property
    def outcome(self) -> str:
        """The engine's outcome, as saving would record it (the service weighs the same way)."""
        return self.analysis.result.outcome.name

    @property
    def all_clear_quotes(self) -> list[str]:
        """Words where the writer concludes there are no signs ("geen aanwijzingen")."""
        text = self.analysis.text
        return list(dict.fromkeys(text[start:end] for start, end in self.analysis.all_clear))


def _minor_combined(findings: list[tuple[MinorFinding, int]]) -> tuple[MinorFinding, list[tuple[int, int]]]:
    """A stated age beats cues; "younger than 18" beats "adult" (the safer mistake). Offsets shifted."""
    decided = [(f, shift) for f, shift in findings if f.value is not None]
    if not decided:
        return MinorFinding(None, (), ()), []
    finding, shift = min(decided, key=lambda pair: (not pair[0].from_age, pair[0].value is not True))
    spans = [(start + shift, end + shift) for start, end in finding.evidence]
    return MinorFinding(finding.value, tuple(spans), finding.reasons, finding.from_age), spans


def observations_read(
    observations: Iterable[Observation],
    *,
    kb: KnowledgeBase,
    role: str,
    minor: bool,
    ticked: Iterable[str] = (),
    recorded: Iterable[str] = (),
    coordinator: dict | None = None,
) -> DossierReading:
    """Read every observation, put the suggestions together, and weigh them with what is ticked.

    `minor` is the dossier's age answer (True only for "ja"): the analyser's guess never changes it, and
    its "younger than 18" suggestion is only ticked when the answer is yes already (the page offers the
    guess as a hint instead). `recorded` are the dossier's saved signals, to say which were there.
    """
    recorded_ids = set(recorded)
    readings: list[ObservationReading] = []
    parts: list[str] = []
    position = 0
    shifted: dict[str, list[Suggestion]] = {}
    minor_findings: list[tuple[MinorFinding, int]] = []
    form_hints: dict[str, float] = {}
    all_clear: list[tuple[int, int]] = []
    for observation in observations:
        text = observation.text[:MAX_TEXT]
        if not text.strip():
            continue
        reading = note_suggest(text, kb=kb)
        readings.append(ObservationReading(observation, reading))
        if parts:
            position += len(SEPARATOR)
        for s in reading.suggestions:
            spans = tuple((start + position, end + position) for start, end in s.evidence)
            shifted.setdefault(s.id, []).append(Suggestion(s.id, s.confidence, spans))
        minor_findings.append((reading.minor, position))
        for form, weight in reading.form_hints.items():
            form_hints[form] = form_hints.get(form, 0.0) + weight
        all_clear.extend((start + position, end + position) for start, end in reading.all_clear)
        parts.append(text)
        position += len(text)
    joined = SEPARATOR.join(parts)
    finding, minor_spans = _minor_combined(minor_findings)

    combined: list[Suggestion] = []
    suggestions: list[DossierSuggestion] = []
    for key, found in shifted.items():
        if key == MINOR_ID and not minor:
            continue
        evidence = tuple(sorted(span for s in found for span in s.evidence))
        confidence = max(s.confidence for s in found)
        combined.append(Suggestion(key, confidence, evidence))
        quotes = list(dict.fromkeys(joined[start:end] for start, end in evidence))
        suggestions.append(DossierSuggestion(key, confidence, quotes, key in recorded_ids))
    shown = list(dict.fromkeys([*ticked, *(s.id for s in suggestions)]))
    reading = NoteReading(joined, combined, finding, form_hints, tuple(all_clear))
    analysis = note_analyse(
        joined,
        role=role,
        kb=kb,
        confirmed=shown,
        minor=minor,
        coordinator=coordinator,
        reading=reading,
    )
    return DossierReading(
        readings=readings,
        suggestions=suggestions,
        minor=finding,
        minor_quotes=list(dict.fromkeys(joined[start:end] for start, end in minor_spans)),
        ticked=shown,
        analysis=analysis,
    )
