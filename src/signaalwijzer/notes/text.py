"""Split a note into tokens with their character offsets, sentences and clauses.

Pure Python, no Django. Every token keeps `start` and `end` into the ORIGINAL text, so evidence can be
quoted and highlighted exactly (`text[start:end]`). Abbreviations are expanded into the words they stand
for, each expanded word keeping the span of the abbreviation ("i.o.m." -> in, overleg, met).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Letters (any script) with ' or - inside a word; digits apart, so "12-uursdagen" is 12 + uursdagen.
_TOKEN = re.compile(
    r"""
     (?P<abbr>(?:[^\W\d_]\.){2,})                 # i.o.m., p.v., z.s.m.
    |(?P<num>\d+(?:[.,:]\d+)*)
    |(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)
    |(?P<nl>[ \t\r]*\n(?:[ \t\r]*\n)*)
    |(?P<punct>\.{2,}|…|[.!?;:,()\[\]/–—•·|+=>*]|-(?=\s|$))
    """,
    re.VERBOSE,
)
_FOLD_DROP = str.maketrans("", "", "'’-.")
SENTENCE_END = frozenset({".", "!", "?", ";", "\n", "…", "•", "·"})
# Quotes are no tokens at all: a quoted word ('veilig') stays part of its phrase.
CLAUSE_END = frozenset({",", ":", "(", ")", "[", "]", "/", "–", "—", "-", "|", "+", "=", ">", "*"})

# Token kinds.
WORD = 0
NUMBER = 1
PUNCT = 2


def fold(text: str) -> str:
    """Lower case without diacritics, without ' - and dots: "Collega's" -> "collegas", "ID-kaart" -> "idkaart"."""
    if text.isascii():
        return text.lower().translate(_FOLD_DROP)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD_DROP)


def number_value(raw: str) -> int:
    """The whole number a digit token stands for: "12" -> 12, "1.500" -> 1500, "12,5" -> 12, "6:30" -> 6."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return int(raw.replace(".", ""))
    return int(re.split(r"[.,:]", raw, maxsplit=1)[0])


@dataclass
class Tokens:
    """A note as parallel lists, one entry per token (fast to index in the matcher's inner loops)."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    nums: list[int | None] = field(default_factory=list)
    sentence: list[int] = field(default_factory=list)
    clause: list[int] = field(default_factory=list)
    # Like `clause`, but only punctuation ends it (not "en", "maar"): the scope of "als ...,".
    phrase: list[int] = field(default_factory=list)
    # True for a word that came out of an abbreviation: it is not typo-corrected.
    expanded: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.norms)

    def add(
        self, start: int, end: int, norm: str, kind: int, num: int | None, expanded: bool = False
    ) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.norms.append(norm)
        self.kinds.append(kind)
        self.nums.append(num)
        self.expanded.append(expanded)


def _hard_wrap(text: str, match: re.Match) -> bool:
    """A single line break inside a sentence (text pasted with hard line wraps) is a space."""
    if match.group().count("\n") != 1:
        return False
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    return bool(before) and bool(after) and before[-1].isalnum() and after[0].islower()


def tokenize(
    text: str,
    *,
    abbreviations: dict[str, tuple[str, ...]],
    number_words: dict[str, int],
    clause_words: frozenset[str],
) -> Tokens:
    """Tokens with offsets; sentence and clause numbers for negation scope and pattern windows."""
    tokens = Tokens(text)
    sentence = 0
    clause = 0
    phrase = 0
    sentences = tokens.sentence
    clauses = tokens.clause
    phrases = tokens.phrase
    last_word_abbreviation = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        raw = match.group()
        start, end = match.span()
        if kind == "word" or kind == "abbr":
            norm = fold(raw)
            expansion = abbreviations.get(norm)
            if expansion is not None and (kind == "abbr" or text[end : end + 1] == "." or len(norm) > 1):
                for word in expansion:
                    tokens.add(start, end, word, WORD, number_words.get(word), expanded=True)
                    sentences.append(sentence)
                    clauses.append(clause)
                    phrases.append(phrase)
                # "mw." ends with a dot that is part of the abbreviation, not the end of a sentence.
                last_word_abbreviation = kind == "abbr" or text[end : end + 1] == "."
                continue
            if norm in clause_words:
                clause += 1
            tokens.add(start, end, norm, WORD, number_words.get(norm))
            sentences.append(sentence)
            clauses.append(clause)
            phrases.append(phrase)
            # "R." and "P." are initials in notes ("R. (16) vertelt"), not the end of a sentence.
            last_word_abbreviation = len(raw) == 1 and raw.isupper() and text[end : end + 1] == "."
            continue
        if kind == "num":
            tokens.add(start, end, raw, NUMBER, number_value(raw))
            sentences.append(sentence)
            clauses.append(clause)
            phrases.append(phrase)
            last_word_abbreviation = False
            continue
        if kind == "nl":
            if _hard_wrap(text, match):
                continue
            raw = "\n"
        elif raw == "." and last_word_abbreviation:
            last_word_abbreviation = False
            continue
        elif raw.startswith(".."):
            raw = "…"
        last_word_abbreviation = False
        tokens.add(start, end, raw, PUNCT, None)
        sentences.append(sentence)
        clauses.append(clause)
        phrases.append(phrase)
        if raw in SENTENCE_END:
            sentence += 1
            clause += 1
            phrase += 1
        elif raw in CLAUSE_END:
            clause += 1
            phrase += 1
    return tokens
