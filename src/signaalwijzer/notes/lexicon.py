"""Load the note-analysis lexicon from its YAML files, check it, and compile it for fast matching.

Pure Python, no Django. Bad content fails with every problem listed, each with its file, entry and
reason (like the knowledge base). Compiling turns every term of every pattern into an integer id and
builds the indexes the matcher needs, so that analysing a note is dictionary work:

- surface forms (a word and its generated inflections) -> term ids;
- Dutch snowball stems -> term ids (catches inflections the generator does not know);
- prefixes and suffixes by length -> term ids (compounds: "paspoortcontrole", "drugsschuld");
- per term id -> the patterns that can only match if that term occurs (the anchor index), so a note
  is checked against the few patterns whose rarest part it contains, never against all of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import snowballstemmer
import yaml
from pydantic import BaseModel, ValidationError

from signaalwijzer.knowledge import KnowledgeBase, knowledge_base
from signaalwijzer.notes.schema import Entry, Forms, Language, Minor, Pattern
from signaalwijzer.notes.text import fold

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).resolve().parent / "data"
# Facts found by code in the text (match.py); patterns refer to them as %name.
FACTS = ("long_workday",)
# The knowledge base's "younger than 18" factor is decided by the minor detection, not by keywords.
MINOR_ID = "minor"

_NUMBER = re.compile(r"^#(?:(>=|<=|>|<|=)(\d{1,5}))?$")
_PART_SPLIT = re.compile(r"\s\+\s")
_ALT_SPLIT = re.compile(r"\s/\s")
VOWELS = frozenset("aeiouy")


class LexiconError(Exception):
    """The lexicon is not valid; `problems` lists every problem found, with file, entry and reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the note lexicon:\n" + "\n".join(problems))


# --- terms ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    kind: str  # word | exact | prefix | suffix | infix | number | fact | any
    value: str = ""
    op: str = ""
    number: int = 0


ANY = Term("any")


def _parse_term(raw: str, classes: dict[str, list[str]], *, in_class: bool = False) -> list[Term]:
    """One term (or an alternation, or a class) into Terms; raises ValueError with the reason."""
    terms: list[Term] = []
    for alt in raw.split("|"):
        if not alt:
            raise ValueError(f"empty alternative in '{raw}'")
        if alt == "_":
            terms.append(ANY)
        elif alt.startswith("@"):
            if in_class:
                raise ValueError(f"a word class cannot refer to another class ('{alt}')")
            name = alt[1:]
            if name not in classes:
                raise ValueError(f"unknown word class '{alt}'")
            for member in classes[name]:
                if " " in member.strip():
                    raise ValueError(f"word class '@{name}': '{member}' is more than one word")
                terms.extend(_parse_term(member.strip(), classes, in_class=True))
        elif alt.startswith("#"):
            found = _NUMBER.match(alt)
            if not found:
                raise ValueError(f"bad number term '{alt}' (use #, #>=11, #<18, #=7)")
            terms.append(Term("number", op=found.group(1) or "", number=int(found.group(2) or 0)))
        elif alt.startswith("%"):
            if alt[1:] not in FACTS:
                raise ValueError(f"unknown fact '{alt}'; known: {', '.join('%' + f for f in FACTS)}")
            terms.append(Term("fact", alt[1:]))
        elif alt.startswith("="):
            value = fold(alt[1:])
            if not value:
                raise ValueError(f"empty word in '{alt}'")
            terms.append(Term("exact", value))
        else:
            star_start, star_end = alt.startswith("*"), alt.endswith("*") and len(alt) > 1
            value = fold(alt.strip("*"))
            if not value or "*" in value:
                raise ValueError(f"bad word '{alt}'")
            if star_start and star_end:
                kind = "infix"
            elif star_start:
                kind = "suffix"
            elif star_end:
                kind = "prefix"
            else:
                kind = "word"
            if kind != "word" and len(value) < 3:
                raise ValueError(f"'{alt}' is too short for a wildcard (at least 3 letters)")
            terms.append(Term(kind, value))
    return terms


def inflections(word: str) -> set[str]:
    """The regular Dutch (and English) forms of a noun or adjective: plural, diminutive, -e, -er.

    Deliberately generous: a generated form that is no word never occurs in a note, so it costs nothing.
    """
    forms = {word}
    if len(word) < 3:
        return forms
    forms |= {word + s for s in ("s", "e", "en", "er", "ere", "je", "jes", "tje", "tjes", "n")}
    last, before = word[-1], word[-2]
    if last not in VOWELS:
        # Short vowel in a closed syllable: klap -> klappen, slot -> sloten is the long case below.
        if before in VOWELS and (len(word) < 3 or word[-3] not in VOWELS):
            forms |= {word + last + s for s in ("en", "e", "er", "ers", "etje", "etjes")}
        # Long vowel written double: baan -> banen, loon -> lonen, uur -> uren.
        base = word
        if len(word) >= 4 and before == word[-3] and before in "aeou":
            base = word[:-2] + last
        # f/s become v/z between vowels: brief -> brieven, huis -> huizen, boos -> boze.
        for end in ("en", "e"):
            forms.add(base + end)
            if last == "f":
                forms.add(base[:-1] + "v" + end)
            if last == "s":
                forms.add(base[:-1] + "z" + end)
        if word.endswith("heid"):
            forms.add(word[:-4] + "heden")
        if word.endswith("ing"):
            forms.add(word + "en")
    return forms


# --- compiled lexicon ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledPattern:
    owner: (
        str  # "ind" (an indicator), "unless" (counter-evidence), "minor" (a minor cue), "form" (a form cue)
    )
    key: str  # the indicator id, or the minor cue's number
    source: str  # the pattern as written, for messages and debugging
    # Per part its alternative phrases, each a tuple of slots (the term ids one word may match).
    parts: tuple[tuple[tuple[frozenset[int], ...], ...], ...]
    loose: tuple[bool, ...]  # per part: not checked for negation (~)
    within: int
    confidence: float
    anchor: int  # the part whose first slot indexes this pattern
    # Per part, per alternative phrase, the term ids each of its words may have (wildcards left out): a
    # pattern is tried only when, for every part, some alternative has all its words somewhere in the
    # note (set lookups, before any work on word order).
    needs: tuple[tuple[tuple[frozenset[int], ...], ...], ...] = ()


@dataclass
class Lexicon:
    """Everything the matcher reads, built once per knowledge base."""

    language: Language
    minor: Minor
    entries: dict[str, Entry]
    form_cues: Forms
    patterns: list[CompiledPattern]
    forms: dict[str, frozenset[int]]
    stems: dict[str, frozenset[int]]
    prefixes: dict[int, dict[str, frozenset[int]]]
    suffixes: dict[int, dict[str, frozenset[int]]]
    infixes: list[tuple[str, int]]
    numbers: list[tuple[str, int, int]]  # (op, value, term id)
    facts: dict[str, int]
    any_term: int
    anchors: dict[int, tuple[int, ...]]  # term id -> pattern indexes
    # Typo correction: surface forms of the lexicon by (first letter, length), and words never corrected.
    fuzzy_buckets: dict[tuple[str, int], list[str]]
    known_words: frozenset[str]
    # Correct words that a stem or a typo correction would mistake for a lexicon word ("geslaagd").
    not_typos: frozenset[str]
    fillers: frozenset[str]
    abbreviations: dict[str, tuple[str, ...]]
    clause_words: frozenset[str]
    origins: dict[str, str] = field(default_factory=dict)
    # Per distinct word: its term ids (match.word_terms); filled as notes are read.
    cache: dict = field(default_factory=dict, repr=False)


# How many words a number counts as when choosing the part a pattern is anchored on (see specificity).
NUMBER_ANCHOR_COST = 20


class _Builder:
    def __init__(self, language: Language) -> None:
        self.language = language
        self.term_ids: dict[Term, int] = {}
        self.forms: dict[str, set[int]] = defaultdict(set)
        self.stems: dict[str, set[int]] = defaultdict(set)
        self.prefixes: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.suffixes: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.infixes: list[tuple[str, int]] = []
        self.numbers: list[tuple[str, int, int]] = []
        self.facts: dict[str, int] = {}
        self.stemmer = snowballstemmer.stemmer("dutch")
        self.any_term = self.term_id(ANY)

    def term_id(self, term: Term) -> int:
        found = self.term_ids.get(term)
        if found is not None:
            return found
        tid = len(self.term_ids)
        self.term_ids[term] = tid
        if term.kind == "word":
            variants = inflections(term.value)
            for form in variants:
                self.forms[form].add(tid)
            if len(term.value) >= 4:
                for form in (term.value, term.value + "en", term.value + "e"):
                    self.stems[self.stemmer.stemWord(form)].add(tid)
        elif term.kind == "exact":
            self.forms[term.value].add(tid)
        elif term.kind == "prefix":
            self.prefixes[len(term.value)][term.value].add(tid)
        elif term.kind == "suffix":
            # A compound's head is inflected like the word itself: drugsschuld, drugsschulden.
            for form in inflections(term.value):
                self.suffixes[len(form)][form].add(tid)
        elif term.kind == "infix":
            self.infixes.append((term.value, tid))
        elif term.kind == "number":
            self.numbers.append((term.op, term.number, tid))
        elif term.kind == "fact":
            self.facts[term.value] = tid
        return tid

    def slot(self, raw: str, classes: dict[str, list[str]]) -> frozenset[int]:
        return frozenset(self.term_id(t) for t in _parse_term(raw, classes))

    def pattern(self, text: str, *, owner: str, key: str, within: int, confidence: float) -> CompiledPattern:
        classes = self.language.classes
        any_slot = frozenset({self.any_term})
        parts: list[tuple[tuple[frozenset[int], ...], ...]] = []
        loose: list[bool] = []
        for raw_part in _PART_SPLIT.split(text.strip()):
            raw_part = raw_part.strip()
            is_loose = raw_part.startswith("~")
            alternatives = []
            for phrase in _ALT_SPLIT.split(raw_part.lstrip("~")):
                words = phrase.split()
                # Articles and possessives are skipped by the matcher anyway; written in a phrase for
                # readability, they must not become required.
                fillers = {fold(f) for f in self.language.fillers}
                content = [w for w in words if fold(w) not in fillers]
                words = content or words
                if not words:
                    raise ValueError("empty part or alternative (check the ' + ' and ' / ' separators)")
                slots = tuple(self.slot(word, classes) for word in words)
                if slots[0] == any_slot:
                    raise ValueError("a phrase cannot start with '_'")
                alternatives.append(slots)
            parts.append(tuple(alternatives))
            loose.append(is_loose)

        number_terms = {tid for _, _, tid in self.numbers}

        def specificity(n: int) -> tuple[int, int]:
            # Anchor on the part whose first words are fewest and longest: rarest in notes. A number
            # ("#<=700") occurs in almost every note (dates, times, ages), so it anchors last.
            firsts = [alt[0] for alt in parts[n]]
            cost = sum(len(f) + (NUMBER_ANCHOR_COST if f & number_terms else 0) for f in firsts)
            return (cost, -min(len(alt) for alt in parts[n]))

        anchor = min(range(len(parts)), key=specificity)
        return CompiledPattern(
            owner=owner,
            key=key,
            source=text,
            parts=tuple(parts),
            loose=tuple(loose),
            within=within,
            confidence=confidence,
            anchor=anchor,
            needs=tuple(
                tuple(tuple(slot for slot in alt if slot != any_slot) for alt in part) for part in parts
            ),
        )


# --- loading ---------------------------------------------------------------------------------------------------


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SafeLoader)  # noqa: S506  (a safe loader)
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: not valid YAML: {exc}")
    except OSError as exc:
        problems.append(f"{path.name}: cannot be read: {exc}")
    return None


def _describe(error: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in item['loc']) or '(entry)'}: {item['msg']}" for item in error.errors()]


def _model(path: Path, model: type[BaseModel], problems: list[str]) -> Any:
    data = _read_yaml(path, problems)
    if data is None:
        if path.exists():
            return None
        problems.append(f"{path.name}: missing")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(f"{path.name}: {line}" for line in _describe(exc))
        return None


def lexicon_load(data_dir: Path = DATA_DIR, *, kb: KnowledgeBase | None = None) -> Lexicon:
    """Read, check and compile the lexicon against the knowledge base; raise LexiconError listing all problems."""
    kb = kb if kb is not None else knowledge_base()
    problems: list[str] = []
    language = _model(data_dir / "language.yaml", Language, problems)
    minor = _model(data_dir / "minor.yaml", Minor, problems)
    forms = _model(data_dir / "forms.yaml", Forms, problems)
    entries: dict[str, Entry] = {}
    origins: dict[str, str] = {}
    files = sorted(data_dir.glob("indicators_*.yaml"))
    if not files:
        problems.append(f"{data_dir.name}/: no indicators_*.yaml files found")
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            problems.append(f"{path.name}: expected a top-level 'entries:' list")
            continue
        for position, raw in enumerate(data["entries"], start=1):
            named = raw.get("id") if isinstance(raw, dict) else None
            label = named if isinstance(named, str) and named else f"entry {position}"
            try:
                entry = Entry.model_validate(raw)
            except ValidationError as exc:
                problems.extend(f"{path.name}: {label}: {line}" for line in _describe(exc))
                continue
            if entry.id not in kb.indicators:
                problems.append(
                    f"{path.name}: {label}: unknown indicator id '{entry.id}' (not in the knowledge base)"
                )
                continue
            if entry.id in entries:
                problems.append(f"{path.name}: {label}: duplicate entry, already in {origins[entry.id]}")
                continue
            unknown_skips = [k for k in entry.skip_keywords if k not in kb.indicators[entry.id].keywords]
            for skip in unknown_skips:
                problems.append(
                    f"{path.name}: {label}: skip_keywords: '{skip}' is not a keyword of this indicator"
                )
            for field_name in ("not_with", "yields_to"):
                for other in getattr(entry, field_name):
                    if other not in kb.indicators:
                        problems.append(f"{path.name}: {label}: {field_name}: unknown indicator id '{other}'")
            entries[entry.id] = entry
            origins[entry.id] = path.name
    if forms is not None:
        for n, cue in enumerate(forms.cues, start=1):
            if cue.form not in kb.forms:
                problems.append(f"forms.yaml: cues[{n}]: unknown form '{cue.form}'")
    if language is None or minor is None or forms is None:
        raise LexiconError(problems or ["language.yaml, minor.yaml or forms.yaml could not be read"])
    lexicon = _compile(language, minor, forms, entries, origins, kb, problems)
    if problems:
        raise LexiconError(problems)
    return lexicon


def pattern_lint(text: str, *, advisory: bool = False) -> list[str]:
    """Likely mistakes in a pattern that still parses: the pattern-syntax traps of ADR 0008.

    " + " splits before " / ", and within a phrase "a|b c" is the slot (a|b) followed by c. So:
    - a " / " alternative in one part of a " + " pattern that repeats a word of another part
      ("werkt + 7 dagen / werkt elke dag"): the writer probably meant two patterns, but it reads as
      "werkt" and then "7 dagen" or "werkt elke dag" — "werkt" twice;
    - a slot that repeats the word right before or after it ("lacht het weg|weg", "geen nee|nee zeggen"):
      the writer probably meant " / " between two phrases;
    - the same alternative twice in one slot or one " / " list (a copy-and-paste slip);
    - a slot holding the compound of the word before it ("au pair|aupair");
    - a long phrase with several slots ("van vroeg tot laat|dag en nacht|zeven dagen"): a list of
      phrases written with "|" instead of " / ";
    - an empty alternative ("a||b", "a / / b", a trailing "|") or an empty part.
    The first check has false alarms ("van + 's ochtends / vroeg + tot"), so it runs only with
    `advisory=True`; the others are errors (tests/notes/test_analyse_lint.py keeps the data free of them).
    """
    problems: list[str] = []
    parts = [part.strip().lstrip("~") for part in text.split(" + ")]
    if any(not part for part in parts):
        problems.append("empty part around ' + '")

    def words_of(part: str) -> set[str]:
        return {
            w.lstrip("=").strip("*")
            for phrase in part.split(" / ")
            for word in phrase.split()
            for w in word.split("|")
        }

    for n, part in enumerate(parts):
        phrases = [phrase.strip() for phrase in part.split(" / ")]
        if any(not phrase for phrase in phrases):
            problems.append(f"empty alternative in '{part}'")
        present = [p for p in phrases if p]
        dupes = {p for p in present if present.count(p) > 1}
        if dupes:
            problems.append(f"alternative repeated in '{part}': {', '.join(sorted(dupes))}")
        others = set().union(*(words_of(o) for m, o in enumerate(parts) if m != n)) - {"", "#"}
        for phrase in present:
            words = phrase.split()
            if (
                advisory
                and len(phrases) > 1
                and len(words) > 1
                and any(
                    w.lstrip("=").strip("*") in others
                    for word in words
                    for w in word.split("|")
                    if not w.startswith(("@", "#", "%"))
                )
            ):
                problems.append(
                    f"alternative '{phrase}' repeats a word of another part; ' + ' splits before ' / ', "
                    "so it is probably meant as a pattern of its own"
                )
            slots = sum("|" in word for word in words)
            if len(words) >= 6 and slots >= 3:
                problems.append(
                    f"phrase '{phrase}' has {len(words)} words and {slots} slots; 'a b|c d' is one phrase with the "
                    "slot (b|c), so ' / ' between phrases is probably meant"
                )
            for k, word in enumerate(words):
                options = word.split("|")
                if len(options) == 1:
                    continue
                if any(not option for option in options):
                    problems.append(f"empty alternative in slot '{word}'")
                    continue
                repeated = {o for o in options if options.count(o) > 1}
                if repeated:
                    problems.append(f"word repeated in slot '{word}': {', '.join(sorted(repeated))}")
                before = words[k - 1].split("|") if k else []
                if any(b + o.replace("-", "") in options for b in before for o in options):
                    problems.append(
                        f"slot '{word}' holds the compound of the word before it ('au pair|aupair' is 'au' then "
                        "'pair' or 'aupair'); ' / ' between phrases is probably meant"
                    )
                neighbours = {words[k - 1] if k else "", words[k + 1] if k + 1 < len(words) else ""}
                if neighbours & set(options):
                    problems.append(
                        f"slot '{word}' repeats the word next to it; 'a|b c' is the slot (a|b) then c, "
                        "so ' / ' between phrases is probably meant"
                    )
    return problems


def _compile(
    language: Language,
    minor: Minor,
    forms: Forms,
    entries: dict[str, Entry],
    origins: dict[str, str],
    kb: KnowledgeBase,
    problems: list[str],
) -> Lexicon:
    builder = _Builder(language)
    patterns: list[CompiledPattern] = []

    def add(text: str, *, where: str, **kwargs: Any) -> None:
        try:
            patterns.append(builder.pattern(text, **kwargs))
        except ValueError as exc:
            problems.append(f"{where} '{text}': {exc}")

    for name, members in language.classes.items():
        for member in members:
            try:
                _parse_term(member.strip(), language.classes, in_class=True)
            except ValueError as exc:
                problems.append(f"language.yaml: classes.{name}: '{member}': {exc}")
    for ind_id, entry in entries.items():
        where = f"{origins[ind_id]}: {ind_id}:"
        for n, raw in enumerate(entry.patterns, start=1):
            pattern = raw if isinstance(raw, Pattern) else Pattern(p=raw)
            add(
                pattern.p,
                where=f"{where} patterns[{n}]",
                owner="ind",
                key=ind_id,
                within=pattern.within,
                confidence=pattern.confidence or entry.confidence,
            )
        for n, raw in enumerate(entry.unless, start=1):
            add(raw, where=f"{where} unless[{n}]", owner="unless", key=ind_id, within=12, confidence=1.0)
    # The knowledge base's keywords, as phrases, for every indicator with or without a lexicon entry.
    for ind_id, indicator in kb.indicators.items():
        if ind_id == MINOR_ID:
            continue
        entry = entries.get(ind_id)
        if entry is not None and not entry.keywords:
            continue
        skip = set(entry.skip_keywords) if entry else set()
        confidence = entry.keyword_confidence if entry else 0.6
        for keyword in indicator.keywords:
            if keyword in skip:
                continue
            words = [w for w in re.split(r"[\s/]+", keyword) if fold(w)]
            # Literal words only: a keyword is never read as pattern syntax.
            phrase = " ".join("=" + fold(w) if len(fold(w)) < 3 else fold(w) for w in words)
            if phrase:
                add(
                    phrase,
                    where=f"knowledge base keyword of {ind_id}:",
                    owner="ind",
                    key=ind_id,
                    within=12,
                    confidence=confidence,
                )
    for n, cue in enumerate(minor.cues):
        add(cue.p, where=f"minor.yaml: cues[{n + 1}]", owner="minor", key=str(n), within=8, confidence=1.0)
    for n, form_cue in enumerate(forms.cues):
        add(
            form_cue.p,
            where=f"forms.yaml: cues[{n + 1}]",
            owner="form",
            key=form_cue.form,
            within=8,
            confidence=form_cue.weight,
        )

    anchors: dict[int, list[int]] = defaultdict(list)
    for index, pattern in enumerate(patterns):
        for tid in {t for alternative in pattern.parts[pattern.anchor] for t in alternative[0]}:
            anchors[tid].append(index)

    surfaces = [s for s in builder.forms if len(s) >= 6]
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for surface in surfaces:
        buckets[(surface[0], len(surface))].append(surface)
    known = set(language.not_typos) | set(language.fillers) | set(language.clause_words)
    for text in _kb_texts(kb):
        known.update(fold(w) for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", text))
    known = {fold(w) for w in known}

    return Lexicon(
        language=language,
        minor=minor,
        entries=entries,
        form_cues=forms,
        patterns=patterns,
        forms={k: frozenset(v) for k, v in builder.forms.items()},
        stems={k: frozenset(v) for k, v in builder.stems.items()},
        prefixes={n: {k: frozenset(v) for k, v in d.items()} for n, d in builder.prefixes.items()},
        suffixes={n: {k: frozenset(v) for k, v in d.items()} for n, d in builder.suffixes.items()},
        infixes=builder.infixes,
        numbers=builder.numbers,
        facts=builder.facts,
        any_term=builder.any_term,
        anchors={k: tuple(v) for k, v in anchors.items()},
        fuzzy_buckets=dict(buckets),
        known_words=frozenset(known),
        not_typos=frozenset(fold(w) for w in language.not_typos),
        fillers=frozenset(fold(w) for w in language.fillers),
        abbreviations={fold(k): tuple(fold(w) for w in v.split()) for k, v in language.abbreviations.items()},
        clause_words=frozenset(fold(w) for w in language.clause_words),
        origins=origins,
    )


def _kb_texts(kb: KnowledgeBase) -> Iterable[str]:
    """Correctly spelled Dutch and English words: never corrected as typos of a lexicon word."""
    for ind in kb.indicators.values():
        yield from (ind.title.nl, ind.title.en, ind.description.nl, ind.description.en)
        for question in ind.questions:
            yield from (question.nl, question.en)
    for form in kb.forms.values():
        yield from (form.description.nl, form.description.en, form.examples.nl, form.examples.en)


@cache
def lexicon_for(kb: KnowledgeBase) -> Lexicon:
    """The shipped lexicon compiled against a knowledge base, once per knowledge base."""
    return lexicon_load(kb=kb)


def lexicon() -> Lexicon:
    """The shipped lexicon, compiled against the shipped knowledge base, once per process."""
    return lexicon_for(knowledge_base())
