"""A note in, suggested indicators with the words they came from, the person's age, and the weighing out.

Pure Python, no Django. `note_suggest` reads a note; `note_analyse` also weighs the suggestions (or the
subset a professional confirmed) with the screening engine, so the web page, the API and the CLI all
render one `NoteAnalysis`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from signaalwijzer.knowledge import KnowledgeBase, knowledge_base
from signaalwijzer.notes.lexicon import MINOR_ID, Lexicon, lexicon_for
from signaalwijzer.notes.match import FUZZY_PENALTY, Match, match_blocked, note_matches, note_read
from signaalwijzer.notes.minor import MinorFinding, note_minor
from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import Outcome, ScreeningResult

# Suggestions below this confidence are not shown (a single keyword match in hearsay, corrected for a typo).
MIN_CONFIDENCE = 0.45
# Without a role the weighing uses the most general frontline role; its next steps fit most readers.
DEFAULT_ROLE = "wijkteam"
# Forms: points per strength, the share of a vulnerability factor, and how close to the best form another
# form must come to be named too (analysis_forms).
STRENGTH_POINTS = {"strong": 3.0, "medium": 2.0, "weak": 1.0}
VULNERABILITY_SHARE = 0.3
FORM_SHARE = 0.9
# How sure a detected minor is: from a stated age, or from cues such as a school class.
MINOR_CONFIDENCE = {True: 0.95, False: 0.75}
# Signals about a young person's contacts: not suggested when the person's stated age is this or more.
YOUTH_SIGNALS = frozenset({"older_partner_with_money_and_gifts", "much_older_new_contacts"})
YOUTH_UNTIL = 21
# Longest note analysed (characters); the API and the web form say so before it comes to that.
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Suggestion:
    id: str
    confidence: float
    evidence: tuple[tuple[int, int], ...]  # character offsets into the original text, sorted, merged

    def quotes(self, text: str) -> list[str]:
        return [text[start:end] for start, end in self.evidence]

    def as_dict(self) -> dict:
        return {"id": self.id, "confidence": self.confidence, "evidence": [list(s) for s in self.evidence]}


@dataclass(frozen=True)
class NoteReading:
    """What the text says, before any weighing."""

    text: str
    suggestions: list[Suggestion]
    minor: MinorFinding
    # Form id -> weight of the words that say which form the note is about (forms.yaml).
    form_hints: dict[str, float] = field(default_factory=dict)
    # Character spans where the writer concludes there are no signs ("geen aanwijzingen", "no concerns").
    all_clear: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class NoteAnalysis:
    text: str
    role: str | None  # as asked; the weighing used DEFAULT_ROLE when None
    suggestions: list[Suggestion]
    minor: MinorFinding
    weighed: list[str]  # the indicator ids that were weighed (all suggestions, or those confirmed)
    result: ScreeningResult
    form_hints: dict[str, float] = field(default_factory=dict)
    all_clear: tuple[tuple[int, int], ...] = ()

    @property
    def outcome(self) -> str:
        """The engine's outcome for the weighed ids, except that a note in which the writer concludes
        there are no signs ("geen aanwijzingen", "no concerns") is never proposed as `vermoeden`: the
        suggestion then says `zorgelijk`, so that someone looks again (ADR 0008). And when the writer
        closes the matter without qualification ("Geen bijzonderheden.") and no weighed signal is strong,
        acute or a red flag, a `zorgelijk` becomes `geen`: the look-alikes (employer housing and the
        company van, checked and in order) that the weighing alone cannot tell apart."""
        name = self.result.outcome.name
        if self.all_clear and name == "vermoeden":
            return "zorgelijk"
        if (
            name == "zorgelijk"
            and self.concluded_clear
            and not any(s.red_flag or s.acute or s.strongest == "strong" for s in self.result.signals)
        ):
            return "geen"
        return name

    @property
    def concluded_clear(self) -> bool:
        """The writer closes the matter without a qualification: "Geen zorgen." or "Zaak afgesloten, geen
        overtredingen meer." -- not "geen aanwijzingen dat ..." or "no signs so far of ...", which leave
        something open (ADR 0008)."""
        return any(_unqualified(self.text, start, end) for start, end in self.all_clear)

    @property
    def capped(self) -> bool:
        return self.outcome != self.result.outcome.name

    @property
    def forms(self) -> list[str]:
        if self.outcome == "geen":
            return []
        confidences = {s.id: s.confidence for s in self.suggestions}
        return analysis_forms(self.result, self.form_hints, confidences)

    def as_line(self, note_id: object) -> dict:
        """One line of `analyse --jsonl`: the shape of the evaluation set."""
        return {
            "id": note_id,
            "minor": self.minor.value,
            "indicators": [s.as_dict() for s in self.suggestions],
            "forms": self.forms,
            "outcome": self.outcome,
        }

    def as_dict(self, language: str = "nl", kb: KnowledgeBase | None = None) -> dict:
        """The JSON of `analyse --json` and `POST /api/v1/analyses`."""
        kb = kb if kb is not None else knowledge_base()
        return {
            "role": self.role,
            "minor": self.minor.value,
            "minor_evidence": self.minor.as_dict(language),
            "indicators": [
                {
                    **s.as_dict(),
                    "title": kb.indicators[s.id].title.get(language),
                    "kind": kb.indicators[s.id].kind.value,
                    "quotes": s.quotes(self.text),
                }
                for s in self.suggestions
            ],
            "forms": self.forms,
            "outcome": self.outcome,
            # True when the outcome is lower than the weighing's because the writer concludes there are
            # no signs (`zorgelijk` for `vermoeden`, `geen` for `zorgelijk`: see `outcome`).
            "outcome_capped": self.capped,
            "all_clear": [list(span) for span in self.all_clear],
            "weighing": self.result.as_dict(language),
        }


# After an all-clear phrase: the end of its sentence or clause (optionally "meer"), so nothing qualifies it.
_UNQUALIFIED_AFTER = re.compile(r"\s*(?:meer|more|at all)?\s*(?:[.,;!\n)]|$)", re.IGNORECASE)
_QUALIFIED_BEFORE = re.compile(r"\b(?:nog|tot nu toe|so far|yet)\s*$", re.IGNORECASE)


def _unqualified(text: str, start: int, end: int) -> bool:
    return bool(_UNQUALIFIED_AFTER.match(text, end)) and not _QUALIFIED_BEFORE.search(text, 0, start)


def analysis_forms(
    result: ScreeningResult, form_hints: dict[str, float], confidences: dict[str, float] | None = None
) -> list[str]:
    """The forms of exploitation a note is about; none when the weighing says `geen`.

    Every weighed signal adds points to the forms it points to: its strength for this person (strong 3,
    medium 2, weak 1), times its confidence, divided over its forms, so a signal that fits one form
    only (a cannabis farm) says more about the form than one that fits all four (a passport kept by
    someone else). Vulnerability factors count for a small share. The words of `forms.yaml`
    ("prostitutie", "kas", "dealen") add their weight. The best form is given, and any other within
    FORM_SHARE of it (ADR 0008; the share was set on the development notes).
    """
    if result.outcome is Outcome.geen:
        return []
    confidences = confidences or {}
    scores: dict[str, float] = defaultdict(float)
    for signal in result.signals:
        if not signal.forms:
            continue
        weight = confidences.get(signal.id, 1.0) / len(signal.forms)
        if signal.kind == "vulnerability":
            weight *= VULNERABILITY_SHARE
        for form, strength in signal.forms.items():
            scores[form] += weight * STRENGTH_POINTS[strength]
    for form, weight in form_hints.items():
        scores[form] += weight
    if not scores:
        return []
    top = max(scores.values())
    order = {picture.form: n for n, picture in enumerate(result.forms)}
    ranked = sorted(scores, key=lambda form: (-scores[form], order.get(form, 99), form))
    return [form for form in ranked if scores[form] >= FORM_SHARE * top]


def _spans(note, match: Match) -> list[tuple[int, int]]:
    starts, ends = note.tokens.starts, note.tokens.ends
    return [(starts[s], ends[e]) for s, e in match.parts]


def _words(note, match: Match) -> tuple[str, ...]:
    norms = note.tokens.norms
    return tuple(norms[i] for start, end in match.parts for i in range(start, end + 1))


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def note_read_all(text: str, *, lexicon: Lexicon, min_confidence: float = MIN_CONFIDENCE) -> NoteReading:
    """Suggestions, the minor finding and the form hints for one note."""
    note = note_read(lexicon, text)
    matches = note_matches(lexicon, note)
    minor_cues: list[Match] = []
    unless: dict[str, set[int]] = defaultdict(set)  # indicator id -> sentences with counter-evidence
    form_hints: dict[str, float] = defaultdict(float)
    seen_form_cues: set[str] = set()
    found: list[Match] = []
    for match in matches:
        owner = match.pattern.owner
        if owner == "minor":
            minor_cues.append(match)
        elif owner == "unless":
            # Counter-evidence that is itself negated is no counter-evidence ("paspoort niet zelf").
            if match_blocked(note, match) is None:
                unless[match.pattern.key].add(match.sentence)
        elif owner == "form":
            # Each cue counts once per note, however often its words occur.
            if match.pattern.source not in seen_form_cues and match_blocked(note, match) is None:
                seen_form_cues.add(match.pattern.source)
                form_hints[match.pattern.key] += match.pattern.confidence
        else:
            found.append(match)
    hits: dict[str, list[tuple[float, list[tuple[int, int]]]]] = defaultdict(list)
    factor = lexicon.language.hearsay_factor
    blocked = {id(match): match_blocked(note, match) for match in found}
    # "Melding overbewoning. ... Geen overbewoning.": a later denial of the same words wins.
    denied: dict[tuple, int] = {}
    for match in found:
        if blocked[id(match)] == "negation":
            words = (match.pattern.key, _words(note, match))
            denied[words] = max(denied.get(words, -1), match.sentence)
    for match in found:
        key = match.pattern.key
        if match.sentence in unless.get(key, ()):
            continue
        if blocked[id(match)] is not None:
            continue
        if denied and denied.get((key, _words(note, match)), -1) > match.sentence:
            continue
        confidence = match.pattern.confidence
        if match.sentence in note.hearsay:
            confidence *= factor
        if match.fuzzy:
            confidence *= FUZZY_PENALTY
        hits[key].append((confidence, _spans(note, match)))
    hits = _resolve(hits, lexicon)
    suggestions = []
    for key, key_hits in hits.items():
        missing = 1.0
        for confidence, _ in key_hits:
            missing *= 1.0 - confidence
        confidence = round(min(0.99, 1.0 - missing), 2)
        if confidence < min_confidence:
            continue
        evidence = _merge(span for _, spans in key_hits for span in spans)
        suggestions.append(Suggestion(key, confidence, evidence))
    minor = note_minor(lexicon, note, minor_cues)
    if minor.age is not None and minor.age >= YOUTH_UNTIL:
        # "Mw. (41) … vriend van 36": an older partner or older friends are a signal for a young person.
        suggestions = [s for s in suggestions if s.id not in YOUTH_SIGNALS]
    if minor.value is True and minor.evidence:
        # "Younger than 18" is a vulnerability factor in the checklist too: suggested with the same words.
        suggestions.append(Suggestion(MINOR_ID, MINOR_CONFIDENCE[minor.from_age], minor.evidence))
    suggestions.sort(key=lambda s: (s.evidence[0], s.id))
    all_clear = tuple((note.tokens.starts[s], note.tokens.ends[e]) for s, e in note.all_clear)
    return NoteReading(text, suggestions, minor, dict(form_hints), all_clear)


def _resolve(hits: dict[str, list], lexicon: Lexicon) -> dict[str, list]:
    """Apply `yields_to` (a match overlapping a more specific indicator's words goes) and then `not_with`
    (an indicator goes when a more specific one is suggested for the note)."""
    entries = lexicon.entries
    out: dict[str, list] = {}
    for key, key_hits in hits.items():
        entry = entries.get(key)
        if entry is None or not entry.yields_to:
            out[key] = key_hits
            continue
        taken = [span for other in entry.yields_to for _, spans in hits.get(other, ()) for span in spans]
        kept = [
            (confidence, spans)
            for confidence, spans in key_hits
            if not any(s < te and ts < e for s, e in spans for ts, te in taken)
        ]
        if kept:
            out[key] = kept
    return {
        key: key_hits
        for key, key_hits in out.items()
        if not (entries.get(key) and any(other in out for other in entries[key].not_with))
    }


def note_suggest(text: str, *, kb: KnowledgeBase | None = None) -> NoteReading:
    """Read one note with the shipped lexicon."""
    kb = kb if kb is not None else knowledge_base()
    return note_read_all(text, lexicon=lexicon_for(kb))


def note_analyse(
    text: str,
    *,
    role: str | None = None,
    kb: KnowledgeBase | None = None,
    confirmed: Iterable[str] | None = None,
    minor: bool | None = None,
    coordinator: dict | None = None,
    reading: NoteReading | None = None,
) -> NoteAnalysis:
    """Read a note and weigh what it suggests.

    `confirmed` restricts the weighing to the ids a professional kept (default: every suggestion);
    `minor` overrides the detected age. Raises the engine's UnknownIdsError for an unknown role.
    """
    kb = kb if kb is not None else knowledge_base()
    reading = reading if reading is not None else note_read_all(text, lexicon=lexicon_for(kb))
    ids = [s.id for s in reading.suggestions] if confirmed is None else list(dict.fromkeys(confirmed))
    is_minor = reading.minor.value is True if minor is None else minor
    if MINOR_ID in ids:
        is_minor = True
    result = screening_evaluate(
        indicators=ids,
        role=role or DEFAULT_ROLE,
        minor=is_minor,
        kb=kb,
        coordinator=coordinator,
    )
    return NoteAnalysis(
        text=text,
        role=role,
        suggestions=reading.suggestions,
        minor=reading.minor,
        weighed=ids,
        result=result,
        form_hints=reading.form_hints,
        all_clear=reading.all_clear,
    )
