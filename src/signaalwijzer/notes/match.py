"""Find the lexicon's patterns in a tokenised note, and the words that negate them or make them hypothetical.

Pure Python, no Django. The hot path of note analysis:

1. every distinct word is looked up once per process (a per-lexicon cache): its surface form, its prefixes
   and suffixes (compounds), its Dutch stem, and, only for a longer word that matched nothing and is no
   known word, the nearest lexicon word within one or two edits (rapidfuzz, within a small bucket);
2. only the patterns whose anchor term occurs are tried (the anchor index);
3. each match is checked against the negation and hypothetical cues of its sentence (a NegEx-like scope:
   forward to the end of the clause, backward for a clause-final "niet", conditional clauses up to the
   comma) and against its indicator's counter-evidence patterns.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz.distance import OSA

from signaalwijzer.notes.lexicon import CompiledPattern, Lexicon
from signaalwijzer.notes.schema import Cue
from signaalwijzer.notes.text import NUMBER, PUNCT, Tokens, tokenize

EMPTY: frozenset[int] = frozenset()
# At most this many articles or possessives are skipped between two words of a phrase.
MAX_FILLERS = 2
# The per-lexicon word cache is cleared when it grows past this (bounded memory on odd input).
CACHE_LIMIT = 200_000
FUZZY_PENALTY = 0.9

_local = threading.local()


def _stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        # Snowball stemmers keep state while stemming: one per thread.
        stemmer = _local.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer.stemWord(word)


@dataclass(frozen=True, slots=True)
class Match:
    pattern: CompiledPattern
    parts: tuple[tuple[int, int], ...]  # token index ranges (inclusive), one per part
    sentence: int
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class CueAt:
    start: int
    end: int
    cue: Cue
    kind: str  # "negation" | "hypothetical"


class _Cues:
    """The cues of one lexicon, ready to look up by their first word."""

    def __init__(self, lexicon: Lexicon) -> None:
        from signaalwijzer.notes.text import fold

        def index(cues: list[Cue], kind: str) -> None:
            for cue in cues:
                words = tuple(fold(w) for w in cue.cue.split())
                self.by_first[words[0]].append((words, cue, kind))

        self.by_first: dict[str, list[tuple[tuple[str, ...], Cue, str]]] = defaultdict(list)
        index(lexicon.language.negation, "negation")
        index(lexicon.language.hypothetical, "hypothetical")
        self.pseudo: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in lexicon.language.pseudo_negation:
            words = tuple(fold(w) for w in phrase.split())
            self.pseudo[words[0]].append(words)
        self.hearsay: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in lexicon.language.hearsay:
            words = tuple(fold(w) for w in phrase.split())
            self.hearsay[words[0]].append(words)
        self.all_clear: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in lexicon.language.all_clear:
            words = tuple(fold(w) for w in phrase.split())
            self.all_clear[words[0]].append(words)


def _cues(lexicon: Lexicon) -> _Cues:
    found = lexicon.cache.get(("__cues__",))
    if found is None:
        found = lexicon.cache[("__cues__",)] = _Cues(lexicon)
    return found


def _at(norms: list[str], kinds: list[int], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(norms):
        return False
    return all(kinds[i + k] != PUNCT and norms[i + k] == w for k, w in enumerate(words))


# --- words to terms -------------------------------------------------------------------------------------------


def word_terms(lexicon: Lexicon, norm: str) -> tuple[frozenset[int], bool]:
    """The term ids a word satisfies, and whether they came from a typo correction. Cached per word."""
    cache = lexicon.cache
    hit = cache.get(norm)
    if hit is not None:
        return hit
    if len(cache) > CACHE_LIMIT:
        cues = cache.get(("__cues__",))
        cache.clear()
        if cues is not None:
            cache[("__cues__",)] = cues
    found: set[int] = set()
    exact = lexicon.forms.get(norm)
    if exact:
        found |= exact
    size = len(norm)
    for length, table in lexicon.prefixes.items():
        if size >= length:
            hit_ids = table.get(norm[:length])
            if hit_ids:
                found |= hit_ids
    for length, table in lexicon.suffixes.items():
        if size >= length:
            hit_ids = table.get(norm[-length:])
            if hit_ids:
                found |= hit_ids
    for sub, tid in lexicon.infixes:
        if sub in norm:
            found.add(tid)
    if not exact and size >= 4 and norm.isalpha() and norm not in lexicon.not_typos:
        stemmed = lexicon.stems.get(_stem(norm))
        if stemmed:
            found |= stemmed
    fuzzy = False
    if not found and size >= 6 and norm.isalpha() and norm not in lexicon.known_words:
        corrected = _nearest(lexicon, norm)
        if corrected is not None:
            found |= lexicon.forms[corrected]
            fuzzy = True
    result = (frozenset(found) if found else EMPTY, fuzzy)
    cache[norm] = result
    return result


def _nearest(lexicon: Lexicon, norm: str) -> str | None:
    """The one lexicon word within one edit of an unknown word of six letters or more; None if none or a tie.

    Only words with the same first letter and a length within the edit budget are compared: a few dozen
    candidates, never the whole vocabulary. Transpositions count as one edit (OSA distance).
    """
    # One edit only: two edits turn too many correct Dutch words into another ("brandweer" -> "brandmerk").
    budget = 1
    best: str | None = None
    best_distance = budget + 1
    tie = False
    first = norm[0]
    for length in range(len(norm) - budget, len(norm) + budget + 1):
        for candidate in lexicon.fuzzy_buckets.get((first, length), ()):
            distance = OSA.distance(norm, candidate, score_cutoff=budget)
            if distance < best_distance:
                best, best_distance, tie = candidate, distance, False
            elif distance == best_distance and distance <= budget and candidate != best:
                tie = True
    if best is None or best_distance > budget or tie:
        return None
    return best


# --- facts ---------------------------------------------------------------------------------------------------------

_RANGE_WORDS = frozenset({"tot", "-", "–", "t/m", "tm", "till", "to", "until", "uur", "u", "am", "pm"})
_FROM_WORDS = frozenset({"van", "vanaf", "from", "om"})


# Words that make a time range opening hours ("open van 9 tot 21 uur"), not a working day.
_OPENING_WORDS = frozenset(
    {
        "open",
        "geopend",
        "openingstijden",
        "openingstijd",
        "openingsuren",
        "bereikbaar",
        "spreekuur",
        "opens",
        "opening",
        "winkeltijden",
        "koopavond",
    }
)


def _long_workday(tokens: Tokens) -> list[tuple[int, int]]:
    """Spans like "van 6 tot 22 uur", "van 7 tot 7", "06.00-21.00 uur" lasting 11 hours or more.

    A range counts when it is said to be one ("van ... tot", or an hour word after it, or clock times
    such as 06.00): "14-03" is a date, not a working day. An end before the start is in the evening
    ("van 7 tot 7"); so is an end at most three hours after an early start ("van 6 tot 8").
    """
    spans = []
    norms, kinds, nums, text = tokens.norms, tokens.kinds, tokens.nums, tokens.text
    n = len(norms)
    for i in range(n):
        if kinds[i] != NUMBER or nums[i] is None or nums[i] > 24:
            continue
        for j in range(i + 1, min(i + 5, n)):
            if kinds[j] != NUMBER:
                if kinds[j] == PUNCT and norms[j] not in ("-", "–"):
                    break
                continue
            between = text[tokens.ends[i] : tokens.starts[j]].strip().lower()
            words = set(between.replace("'s", " ").split()) - {"ochtends", "avonds", "middags", "nachts"}
            if not (between in ("-", "–", "tot", "t/m") or (words and words <= _RANGE_WORDS)):
                break
            a, b = nums[i], nums[j]
            if b is None or b > 24:
                break
            from_word = i > 0 and norms[i - 1] in _FROM_WORDS
            hour_after = j + 1 < n and norms[j + 1] in ("uur", "u", "am", "pm", "hours")
            if j + 1 < n and norms[j + 1] == "pm" and b < 12:
                b += 12
            clock = any(c in text[tokens.starts[k] : tokens.ends[k]] for k in (i, j) for c in ".:")
            if not (from_word or hour_after or clock):
                break
            if from_word and norms[i - 1] == "om" and 0 < b - a <= 3:
                break  # "om 3-4 uur 's nachts": a time of day, not a working day
            if any(
                norms[k] in _OPENING_WORDS
                for k in range(max(0, i - 8), i)
                if tokens.sentence[k] == tokens.sentence[i]
            ):
                break  # "de winkel is open van 9 tot 21 uur": opening hours, not someone's working day
            if b <= a or (b - a <= 3 and a <= 8):
                b += 12
            if b - a >= 11:
                spans.append((i - 1 if from_word else i, j + (1 if hour_after else 0)))
            break
    return spans


# --- the note ----------------------------------------------------------------------------------------------------


@dataclass
class Note:
    """A tokenised note with, per token, the lexicon terms it satisfies, and the cues found in it."""

    tokens: Tokens
    terms: list[frozenset[int]]
    fuzzy: list[bool]
    positions: dict[int, list[int]]
    fact_end: dict[int, int]
    fillers: list[bool]
    cues: dict[int, list[CueAt]]  # sentence -> cues
    hearsay: set[int]  # sentences with a hearsay word
    all_clear: list[tuple[int, int]]  # token spans of the writer's "no signs of exploitation"


def note_read(lexicon: Lexicon, text: str) -> Note:
    tokens = tokenize(
        text,
        abbreviations=lexicon.abbreviations,
        number_words=lexicon.language.number_words,
        clause_words=lexicon.clause_words,
    )
    norms, kinds, nums = tokens.norms, tokens.kinds, tokens.nums
    n = len(norms)
    terms: list[frozenset[int]] = [EMPTY] * n
    fuzzy = [False] * n
    positions: dict[int, list[int]] = defaultdict(list)
    fillers_set = lexicon.fillers
    fillers = [False] * n
    numbers = lexicon.numbers
    for i in range(n):
        kind = kinds[i]
        if kind == PUNCT:
            continue
        norm = norms[i]
        found, was_fuzzy = word_terms(lexicon, norm)
        value = nums[i]
        if value is not None and numbers:
            extra = [tid for op, limit, tid in numbers if _compare(value, op, limit)]
            if extra:
                found = found | frozenset(extra)
        terms[i] = found
        fuzzy[i] = was_fuzzy
        fillers[i] = norm in fillers_set
        for tid in found:
            positions[tid].append(i)
    fact_end: dict[int, int] = {}
    workday = lexicon.facts.get("long_workday")
    if workday is not None:
        for start, end in _long_workday(tokens):
            terms[start] = terms[start] | {workday}
            positions[workday].append(start)
            fact_end[start] = end
    return Note(tokens, terms, fuzzy, positions, fact_end, fillers, *_find_cues(lexicon, tokens))


def _compare(value: int, op: str, limit: int) -> bool:
    if op == "":
        return True
    if op == ">=":
        return value >= limit
    if op == "<=":
        return value <= limit
    if op == ">":
        return value > limit
    if op == "<":
        return value < limit
    return value == limit


def _find_cues(
    lexicon: Lexicon, tokens: Tokens
) -> tuple[dict[int, list[CueAt]], set[int], list[tuple[int, int]]]:
    table = _cues(lexicon)
    norms, kinds, sentence = tokens.norms, tokens.kinds, tokens.sentence
    n = len(norms)
    pseudo_until = -1
    cues: dict[int, list[CueAt]] = defaultdict(list)
    hearsay: set[int] = set()
    all_clear: list[tuple[int, int]] = []
    for i in range(n):
        if kinds[i] == PUNCT:
            continue
        norm = norms[i]
        for words in table.all_clear.get(norm, ()):
            if _at(norms, kinds, i, words):
                all_clear.append((i, i + len(words) - 1))
        for words in table.pseudo.get(norm, ()):
            if _at(norms, kinds, i, words):
                pseudo_until = max(pseudo_until, i + len(words) - 1)
        for words in table.hearsay.get(norm, ()):
            if _at(norms, kinds, i, words):
                hearsay.add(sentence[i])
        if i <= pseudo_until:
            continue
        for words, cue, kind in table.by_first.get(norm, ()):
            if _at(norms, kinds, i, words):
                cues[sentence[i]].append(CueAt(i, i + len(words) - 1, cue, kind))
    return cues, hearsay, all_clear


# --- patterns ------------------------------------------------------------------------------------------------------


def _part_occurrences(
    note: Note, alternatives: tuple[tuple[frozenset[int], ...], ...], any_term: int
) -> list[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for slots in alternatives:
        out.update(_phrase_occurrences(note, slots, any_term))
    return sorted(out)


def _phrase_occurrences(
    note: Note, slots: tuple[frozenset[int], ...], any_term: int
) -> list[tuple[int, int]]:
    terms, kinds, fillers = note.terms, note.tokens.kinds, note.fillers
    n = len(terms)
    starts: set[int] = set()
    for tid in slots[0]:
        found = note.positions.get(tid)
        if found:
            starts.update(found)
    if not starts:
        return []
    out = []
    rest = slots[1:]
    for p in starts:
        j = p
        ok = True
        for slot in rest:
            k = j + 1
            skipped = 0
            wildcard = any_term in slot
            while k < n and kinds[k] != PUNCT:
                if wildcard or not terms[k].isdisjoint(slot):
                    break
                if fillers[k] and skipped < MAX_FILLERS:
                    k += 1
                    skipped += 1
                    continue
                k = n
            if k < n and kinds[k] != PUNCT and (wildcard or not terms[k].isdisjoint(slot)):
                j = k
            else:
                ok = False
                break
        if ok:
            out.append((p, note.fact_end.get(p, j) if not rest else j))
    return out


def pattern_matches(note: Note, pattern: CompiledPattern, any_term: int) -> list[Match]:
    parts = pattern.parts
    anchor_occ = _part_occurrences(note, parts[pattern.anchor], any_term)
    if not anchor_occ:
        return []
    sentence = note.tokens.sentence
    others: list[tuple[int, list[tuple[int, int]]]] = []
    for index, slots in enumerate(parts):
        if index == pattern.anchor:
            continue
        occ = _part_occurrences(note, slots, any_term)
        if not occ:
            return []
        others.append((index, occ))
    fuzzy = note.fuzzy
    matches = []
    for a_start, a_end in anchor_occ:
        chosen: list[tuple[int, int] | None] = [None] * len(parts)
        chosen[pattern.anchor] = (a_start, a_end)
        low, high = a_start, a_end
        ok = True
        for index, occ in others:
            best = None
            best_distance = 10**6
            for start, end in occ:
                if sentence[start] != sentence[a_start]:
                    continue
                # One word never fills two parts.
                if any(c is not None and start <= c[1] and end >= c[0] for c in chosen):
                    continue
                distance = max(end, high) - min(start, low)
                if distance < best_distance:
                    best, best_distance = (start, end), distance
            if best is None or best_distance > pattern.within:
                ok = False
                break
            chosen[index] = best
            low, high = min(low, best[0]), max(high, best[1])
        if not ok:
            continue
        spans = tuple(c for c in chosen if c is not None)
        was_fuzzy = any(fuzzy[i] for s, e in spans for i in range(s, e + 1))
        matches.append(Match(pattern, spans, sentence[a_start], was_fuzzy))
    return matches


def _possible(needs: tuple, present: frozenset[int]) -> bool:
    """Cheap check before any work on word order: every part has an alternative whose words all occur."""
    for part in needs:
        for alternative in part:
            for slot in alternative:
                if slot.isdisjoint(present):
                    break
            else:
                break  # this alternative's words all occur
        else:
            return False
    return True


def note_matches(lexicon: Lexicon, note: Note) -> list[Match]:
    """Every match of every pattern whose anchor occurs in the note (negation not yet applied)."""
    candidates: set[int] = set()
    anchors = lexicon.anchors
    for tid in note.positions:
        found = anchors.get(tid)
        if found:
            candidates.update(found)
    out: list[Match] = []
    patterns = lexicon.patterns
    any_term = lexicon.any_term
    present = frozenset(note.positions)
    for index in sorted(candidates):
        pattern = patterns[index]
        if _possible(pattern.needs, present):
            out.extend(pattern_matches(note, pattern, any_term))
    return out


# --- negation and hypotheticals --------------------------------------------------------------------------------------


def _clause_ends_after(tokens: Tokens, i: int) -> bool:
    """True when token i is the last word of its clause (followed by punctuation, a clause word or the end)."""
    n = len(tokens.norms)
    j = i + 1
    # "Bedreigd wordt ze niet meer."
    while (
        j < n and tokens.kinds[j] != PUNCT and tokens.norms[j] in ("meer", "echt", "gehad", "gezien", "hoor")
    ):
        j += 1
    return j >= n or tokens.kinds[j] == PUNCT or tokens.clause[j] != tokens.clause[i]


def match_blocked(note: Note, match: Match) -> str | None:
    """ "negation" or "hypothetical" when a cue's scope covers one of the match's (non-loose) parts, else None."""
    cues = note.cues.get(match.sentence)
    if not cues:
        return None
    tokens = note.tokens
    clause, phrase = tokens.clause, tokens.phrase
    consumed = {i for s, e in match.parts for i in range(s, e + 1)}
    loose = match.pattern.loose
    for number, (start, end) in enumerate(match.parts):
        if loose[number]:
            continue
        for at in cues:
            if at.start in consumed or at.end in consumed:
                continue
            cue = at.cue
            if cue.direction == "forward":
                if start <= at.start <= end:
                    return at.kind
                in_scope = cue.scope == "sentence" or clause[at.end] == clause[start]
                if at.end < start and start - at.end <= cue.max and in_scope:
                    return at.kind
            elif cue.direction == "backward":
                near = end < at.start and at.start - end <= cue.max and clause[at.start] == clause[end]
                if near and _clause_ends_after(tokens, at.end):
                    return at.kind
            else:  # conditional: "als ..., " opens a clause and covers it up to the comma or "dan"
                opens = (
                    at.start == 0
                    or tokens.kinds[at.start - 1] == PUNCT
                    or tokens.sentence[at.start - 1] != tokens.sentence[at.start]
                )
                if (
                    not opens
                    or at.end >= start
                    or phrase[at.end] != phrase[start]
                    or start - at.end > cue.max
                ):
                    continue
                if any(tokens.norms[k] in ("dan", "then") for k in range(at.end + 1, start)):
                    continue
                return at.kind
    return None
