"""Is the person a note is about probably younger than 18? True, False, or None (the note does not say).

Pure Python, no Django. Two kinds of evidence, in this order:

1. An age of the person: "15 jaar", "15-jarige", "(16)", "een jongen van 15", "leeftijd: 16". An age
   right after a relation word ("haar dochter (4)", "vriend van 24") is someone else's age; a young
   child's age after "dochter", "zoon", "kind" makes the person a parent, so an adult hint. An age
   after "al", "sinds" or before "geleden" is no age ("werkt al 3 jaar"). The first age of the person
   decides.
2. Without an age: cues from `minor.yaml`, each weighing for a minor (school class, "minderjarig",
   "leerplicht") or for an adult ("mevrouw", "dhr.", own children, a work contract). The sum decides
   when it is at least `decide_at` away from zero; negated cues ("niet minderjarig") do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from signaalwijzer.notes.lexicon import Lexicon
from signaalwijzer.notes.match import Match, Note, match_blocked
from signaalwijzer.notes.schema import Text
from signaalwijzer.notes.text import NUMBER, PUNCT, WORD, fold

ADULT_AGE = 18
# An own child this young makes the person a parent.
YOUNG_CHILD = 14


@dataclass(frozen=True)
class MinorFinding:
    value: bool | None
    evidence: tuple[tuple[int, int], ...]
    reasons: tuple[Text, ...]
    # True when a stated age decided, False when cues did.
    from_age: bool = False
    # The stated age that decided, if any.
    age: int | None = None

    def as_dict(self, language: str = "nl") -> dict:
        return {
            "value": self.value,
            "evidence": [list(span) for span in self.evidence],
            "reasons": [reason.get(language) for reason in self.reasons],
        }


@dataclass(frozen=True)
class _Age:
    age: int
    start: int  # token indexes
    end: int
    whose: str  # "subject" | "relation" | "child" | "unknown"


class _Words:
    def __init__(self, lexicon: Lexicon) -> None:
        minor = lexicon.minor
        self.relations = frozenset(fold(w) for w in minor.relations)
        self.subjects = frozenset(fold(w) for w in minor.subjects)
        self.children = frozenset(fold(w) for w in minor.own_children)
        self.not_before = frozenset(fold(w) for w in minor.not_age_before)
        self.not_after = frozenset(fold(w) for w in minor.not_age_after)
        self.age_words = frozenset(fold(w) for w in minor.age_words)
        self.approximations = frozenset(fold(w) for w in minor.approximations)
        self.possessives = frozenset(fold(w) for w in minor.possessives)
        self.number_words = {fold(k): v for k, v in lexicon.language.number_words.items()}


def _words(lexicon: Lexicon) -> _Words:
    found = lexicon.cache.get(("__minor__",))
    if found is None:
        found = lexicon.cache[("__minor__",)] = _Words(lexicon)
    return found


def _value(tokens, i: int, words: _Words) -> tuple[int | None, bool]:
    """The number token i stands for, and whether the word itself says it is an age ("15-jarige")."""
    norm = tokens.norms[i]
    if tokens.kinds[i] == NUMBER:
        raw = tokens.text[tokens.starts[i] : tokens.ends[i]]
        return (None, False) if "," in raw or "." in raw or ":" in raw else (tokens.nums[i], False)
    for suffix in ("jarige", "jarig"):
        if norm.endswith(suffix):
            head = norm[: -len(suffix)]
            if head in words.number_words:
                return words.number_words[head], True
    if tokens.kinds[i] != PUNCT and tokens.nums[i] is not None:
        return tokens.nums[i], False
    return None, False


def _bracket_start(tokens, i: int, words: _Words) -> int | None:
    """The "(" of a parenthetical in which number i is an age: "(16)", "(ca. 30)", "(woman, 34, UK)",
    "(16, grade 11)"; only approximations, person words and commas may come before the number."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        norm = tokens.norms[j]
        if norm == "(":
            return j
        if not (norm == "," or norm in words.approximations or norm in words.subjects):
            return None
        j -= 1
    return None


def _ages(note: Note, words: _Words) -> list[_Age]:
    tokens = note.tokens
    norms, kinds = tokens.norms, tokens.kinds
    n = len(norms)
    found: list[_Age] = []
    for i in range(n):
        value, says_age = _value(tokens, i, words)
        if value is None or not 0 < value < 100:
            continue
        claimed = False
        before = norms[i - 1] if i > 0 else ""
        after = norms[i + 1] if i + 1 < n else ""
        end = i + 1 if after in words.age_words else i
        closes = after in (")", ",", ".", "") or kinds[i + 1] == NUMBER if i + 1 < n else True
        opening = _bracket_start(tokens, i, words)
        if says_age or after in words.age_words or before in ("leeftijd", "lft", "age", "aged"):
            start = i
        elif before == "of" and i > 1 and norms[i - 2] in ("jaar", "jaartje"):
            # "een meisje van een jaar of 12"
            start = i - 2
        elif claimed := _claimed(norms, i):
            # "2 meisjes (zeggen 13 en 14 te zijn)"
            start = i
        elif opening is not None and closes:
            start = opening
        elif before == "," and i > 1 and kinds[i - 2] == WORD and after in (",", ")") and value >= 12:
            # "Chauffeur, 52, Nederlander"; "Woman, 22, from Venezuela"
            start = i
        elif before in words.subjects and closes and value >= 12:
            # "woman 41,", "Pt man 38"
            start = i
        elif _subject_about(norms, i, words) and closes and value >= 10:
            # "Jongen ca. 14,", "man ongeveer 30."
            start = i
        elif (van := _after_van(norms, i, words)) is not None and (
            norms[van - 1] in words.subjects
            or norms[van - 1] in words.relations
            or norms[van - 1] in words.children
        ):
            # "een jongen van 15", "jongen van ongeveer 13", "haar dochter van 4"; not "van 15 euro".
            start = i
        elif _stated_age(norms, kinds, i, words) and closes_loosely(norms, i) and 10 <= value < 100:
            # "het meisje is pas veertien", "de jongen is 15 en ..."
            start = i
        else:
            continue
        lead = norms[start - 1] if start > 0 else ""
        if before in words.not_before or lead in words.not_before:
            continue
        after_age = norms[end + 1] if end + 1 < n else ""
        if after_age in words.not_after or (end == i and after in words.not_after):
            continue
        if before in ("bijna", "almost"):
            value -= 1
        stop = end
        if start < i and i + 1 < n and norms[i + 1] == ")":
            stop = i + 1
        whose = "subject" if claimed else _whose(note, start, words)
        if (
            whose == "subject"
            and value < 10
            and norms[start] == "("
            and norms[start - 1] not in words.subjects
        ):
            continue  # "Bijlage (2)", "Kamer (3)": a capitalised word and a small number are no name and age
        found.append(_Age(value, start, stop, whose))
    return found


# Between a person word and a stated age: "het meisje is pas veertien", "jongen is nog maar 13".
_STATED = frozenset(
    {"is", "was", "wordt", "werd", "pas", "net", "nog", "maar", "bijna", "just", "only", "nu"}
)


# Words for how old someone looks or is guessed to be, against the age on their papers.
_LOOKS = frozenset(
    {
        "oogt",
        "ogen",
        "schat",
        "schatten",
        "geschat",
        "indruk",
        "lijkt",
        "uitziet",
        "looks",
        "appears",
        "seems",
    }
)


def _looks_younger(note: Note) -> bool:
    """A sentence says the person looks or is guessed younger than 18: "oogt eerder 15-16"."""
    tokens = note.tokens
    sentences = {tokens.sentence[i] for i, norm in enumerate(tokens.norms) if norm in _LOOKS}
    return any(
        tokens.sentence[i] in sentences and tokens.nums[i] is not None and 10 <= tokens.nums[i] < ADULT_AGE
        for i in range(len(tokens.norms))
        if tokens.kinds[i] == NUMBER
    )


def _claimed(norms: list[str], i: int) -> bool:
    """Number i is an age someone claims: "zeggen 13 te zijn", "13 en 14 te zijn", "says he is 15"."""
    k = i + 1
    while k < len(norms) and k - i <= 3 and (norms[k] in ("en", "and", "of") or norms[k].isdigit()):
        k += 1
    return k + 1 < len(norms) and norms[k] == "te" and norms[k + 1] == "zijn"


def _subject_about(norms: list[str], i: int, words: _Words) -> bool:
    """A person word, then only approximations (and their dots) up to number i: "jongen ca. 14"."""
    j = i - 1
    seen = False
    while j >= 0 and i - j <= 3 and (norms[j] in words.approximations or norms[j] == "."):
        seen = seen or norms[j] in words.approximations
        j -= 1
    return seen and j >= 0 and norms[j] in words.subjects


def _after_van(norms: list[str], i: int, words: _Words) -> int | None:
    """The index of "van" before number i, with at most one approximation between: "van (ongeveer) 13"."""
    j = i - 1
    if j > 0 and norms[j] in words.approximations:
        j -= 1
    return j if j > 0 and norms[j] == "van" else None


def _stated_age(norms: list[str], kinds: list[int], i: int, words: _Words) -> bool:
    """Number i follows "is (pas|net|nog maar)" right after a person word: "het meisje is pas veertien"."""
    j = i - 1
    linked = False
    while j >= 0 and i - j <= 4 and norms[j] in _STATED:
        linked = linked or norms[j] in ("is", "was", "wordt", "werd")
        j -= 1
    return linked and j >= 0 and j < i - 1 and (norms[j] in words.subjects or norms[j] in words.children)


def closes_loosely(norms: list[str], i: int) -> bool:
    """The number ends a phrase: punctuation, "en", "and", "jaar" or the end of the text."""
    return i + 1 >= len(norms) or norms[i + 1] in (")", ",", ".", ";", "en", "and", "maar", "but", "!", "?")


def _named(note: Note, j: int) -> bool:
    """Token j is a name or an initial written with a capital ("L.", "Proef"), so "(15)" after it is
    the age of the person the note is about."""
    tokens = note.tokens
    raw = tokens.text[tokens.starts[j] : tokens.ends[j]]
    return raw[:1].isupper() and tokens.kinds[j] == WORD and fold(raw) not in _NOT_NAMES


# Capitalised words that are no name (sentence starts, abbreviations).
_NOT_NAMES = frozenset(
    {"btr", "mw", "dhr", "pt", "pte", "cl", "de", "het", "een", "ik", "wij", "we", "i", "the", "a"}
)


def _whose(note: Note, i: int, words: _Words) -> str:
    """Whose age: look back over at most four words (a name, "(", "van", an article) for a person noun.

    A subject word after a possessive is someone else ("haar man (45)").
    """
    norms, kinds, sentence = note.tokens.norms, note.tokens.kinds, note.tokens.sentence
    j = i - 1
    steps = 0
    while j >= 0 and steps < 5 and sentence[j] == sentence[i]:
        norm = norms[j]
        possessed = j > 0 and norms[j - 1] in words.possessives
        if norm in words.children:
            # "haar dochter (4)", "heeft een dochter van 4": a child of the person; "zoon (14) loopt weg":
            # the child is who the note is about.
            owned = possessed or any(
                norms[k] in ("heeft", "hebben", "met", "has", "with") for k in range(max(0, j - 2), j)
            )
            return "child" if owned else "subject"
        if norm in words.relations:
            return "relation"
        if norm in words.subjects:
            # "haar man (45)" and "samen met man (26)" are someone else.
            k = j - 1
            if k > 0 and norms[k] in ("een", "de", "het", "a", "an", "the"):
                k -= 1
            with_other = k >= 0 and norms[k] in ("met", "with", "door", "by")
            return "relation" if possessed or with_other else "subject"
        if norms[i] == "(" and j == i - 1 and _named(note, j) and sentence[j] == sentence[i]:
            # "Proef (15)": a name right before the bracket.
            return "subject"
        if norm == "." and j == i - 1 and j > 0 and len(norms[j - 1]) == 1 and _named(note, j - 1):
            # "L. (15)": an initial.
            return "subject"
        if kinds[j] == PUNCT and norm not in ("(", ","):
            break
        j -= 1
        steps += 1
    return "unknown"


def note_minor(lexicon: Lexicon, note: Note, cue_matches: list[Match]) -> MinorFinding:
    minor = lexicon.minor
    tokens = note.tokens
    words = _words(lexicon)

    def span(start: int, end: int) -> tuple[int, int]:
        return (tokens.starts[start], tokens.ends[end])

    ages = _ages(note, words)
    own = [a for a in ages if a.whose in ("subject", "unknown")]
    if not own:
        # "haar dochter (14)", "hun zoon is 15": a teenager is who a note is about; a young child
        # makes the person a parent (below).
        own = [a for a in ages if a.whose == "child" and YOUNG_CHILD <= a.age < ADULT_AGE]
    if own:
        # The first age said of the person; a stated subject ("jongen (15)") before an unattributed one.
        first = next((a for a in own if a.whose == "subject"), own[0])
        if first.age >= ADULT_AGE and _looks_younger(note):
            # "volgens ID 19 jr, oogt eerder 15": the note cannot tell (eval/notes/README.md).
            return MinorFinding(None, (), ())
        reason = Text(
            nl=minor.age_reason.nl.replace("{age}", str(first.age)),
            en=minor.age_reason.en.replace("{age}", str(first.age)),
        )
        return MinorFinding(
            first.age < ADULT_AGE, (span(first.start, first.end),), (reason,), from_age=True, age=first.age
        )
    total = 0
    sides: dict[bool, list[tuple[tuple[int, int], Text]]] = {True: [], False: []}
    seen_cues: set[str] = set()
    for match in cue_matches:
        if match_blocked(note, match) is not None:
            continue
        cue = minor.cues[int(match.pattern.key)]
        where = (
            span(match.parts[0][0], match.parts[-1][1])
            if len(match.parts) == 1
            else span(min(s for s, _ in match.parts), max(e for _, e in match.parts))
        )
        # Each cue counts once, however often it is said.
        if match.pattern.key not in seen_cues:
            total += cue.weight
            seen_cues.add(match.pattern.key)
        sides[cue.weight > 0].append((where, cue.reason))
    for age in ages:
        if age.whose == "child" and age.age < YOUNG_CHILD:
            total -= 2
            sides[False].append((span(age.start, age.end), minor.parent_reason))
    if abs(total) < minor.decide_at:
        return MinorFinding(None, (), ())
    side = total > 0
    evidence = tuple(sorted({where for where, _ in sides[side]}))
    reasons = tuple(dict.fromkeys(reason for _, reason in sides[side]))
    return MinorFinding(side, evidence, reasons)
