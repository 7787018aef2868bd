"""Names in parts: given names, initials, tussenvoegsels and surname; employer names without legal form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from signaalwijzer.linkage.normalise.common import _text, fold

# Tussenvoegsels (Dutch and Flemish surname prefixes, plus a few common foreign particles), longest first.
PREFIX_WORDS = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "het",
        "ten",
        "ter",
        "te",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "onder",
        "over",
        "voor",
        "t",
        "s",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "della",
        "dos",
        "das",
        "el",
        "al",
        "bin",
        "ibn",
    ]  # noqa: SIM905 - a readable word list
)
LEGAL_FORMS = frozenset(
    "bv b v nv n vof o f cv c holding bvba sprl gmbh ltd eenmanszaak".split()  # noqa: SIM905 - a word list
)


@dataclass(frozen=True)
class NormalisedName:
    given_names: str = ""  # lower case, no diacritics, words separated by one space ("jan pieter")
    initials: str = ""  # "jp"
    prefix: str = ""  # "van den"
    surname: str = ""  # without prefix ("berg"); double surnames keep both words ("berg jansen")
    display_name: str = ""  # as written, cleaned: "Jan van den Berg"

    def __bool__(self) -> bool:
        return bool(self.given_names or self.initials or self.surname)


def employer_key(name: str) -> str:
    """An employer name without legal form or punctuation: "Schoonmaak De Ster B.V." -> "schoonmaak de ster"."""
    words = fold(name).split()
    while words and words[-1] in LEGAL_FORMS:
        words.pop()
    while words and words[0] in LEGAL_FORMS:
        words.pop(0)
    return " ".join(words)


# --- names --------------------------------------------------------------------------------------------------


def _is_initials(raw: str) -> bool:
    """ "J.", "J.P.", "J P", "j" are initials; "Jan" and "JAN" are not."""
    compact = raw.replace(".", "").replace(" ", "")
    if not compact:
        return False
    if "." in raw:
        return all(len(p) <= 2 for p in raw.replace(" ", ".").split("."))
    return all(len(p) == 1 for p in raw.split())


def _split_prefix(words: list[str]) -> tuple[list[str], list[str]]:
    """Leading tussenvoegsels of a surname apart: ["van", "den", "berg"] -> (["van", "den"], ["berg"])."""
    i = 0
    while i < len(words) - 1 and words[i] in PREFIX_WORDS:
        i += 1
    return words[:i], words[i:]


def _is_prefix(word: str, raw: str = "") -> bool:
    """A tussenvoegsel word; a part written with a full stop ("S.") is an initial, never a prefix."""
    if "." in raw:
        return False
    return bool(word) and all(part in PREFIX_WORDS for part in word.split())


_ABBREVIATED_PREFIX = (
    (re.compile(r"(?i)(?<![a-z])v\.?\s?d\.?\s?r\.?(?=\s|,|$)"), "van der"),
    (re.compile(r"(?i)(?<![a-z])v\.\s?d\.?(?=\s|,|$)|(?<![a-z])vd(?=\s|,|$)"), "van de"),
)


def _expand_prefixes(raw: str) -> str:
    """ "v.d. Berg", "vd Berg", "v.d.r. Berg" -> "van de Berg", "van der Berg"."""
    for pattern, full in _ABBREVIATED_PREFIX:
        raw = pattern.sub(full, raw)
    return raw


def _prefix_text(text: str) -> str:
    text = " ".join(text.split())
    return text


def normalise_name(
    *,
    name: Any = None,
    given_names: Any = None,
    initials: Any = None,
    prefix: Any = None,
    surname: Any = None,
    path: str = "person",
) -> NormalisedName:
    """Names in parts. Accepts the parts separately or the whole name in one field, in any common order:
    "Jan van den Berg", "Berg, van den, Jan", "Berg van den, J.", "J. v.d. Berg"."""
    raw_given = _text(given_names, f"{path}.given_names")
    raw_initials = _text(initials, f"{path}.initials")
    raw_prefix = _text(prefix, f"{path}.prefix")
    raw_surname = _text(surname, f"{path}.surname")
    raw_name = _expand_prefixes(_text(name, f"{path}.name"))
    raw_prefix = _expand_prefixes(raw_prefix)
    raw_surname = _expand_prefixes(raw_surname)
    if raw_name and not (raw_given or raw_surname):
        if "," in raw_name:
            # "Berg, van den, Jan" / "Berg van den, J." / "Berg, Jan van den"
            first, _, rest = raw_name.partition(",")
            sur_words = fold(first).split()
            rest_raw = rest.replace(",", " ").strip()
            pre = [w for w in sur_words if _is_prefix(w)]
            sur_words = [w for w in sur_words if not _is_prefix(w)] or sur_words
            given_words = []
            for part in rest_raw.split():
                for w in fold(part).split():
                    (pre if _is_prefix(w, part) else given_words).append(w)
            raw_prefix = raw_prefix or " ".join(pre)
            raw_surname = " ".join(sur_words)
            raw_given = " ".join(given_words) if not _is_initials(rest_raw) else ""
            if _is_initials(rest_raw):
                raw_initials = raw_initials or rest_raw
        else:
            parts = raw_name.split()
            # Leading initials ("J.P. de Vries", "J de Vries") and given names up to the first prefix word or
            # the last word.
            words = [fold(p) for p in parts]
            k = len(words) - 1
            j = k
            while j > 0 and _is_prefix(words[j - 1], parts[j - 1]):
                j -= 1
            given_raw = parts[:j]  # empty for "de Vries": only prefixes before the surname
            if given_raw and all(_is_initials(p) for p in given_raw):
                raw_initials = raw_initials or " ".join(given_raw)
            else:
                raw_given = " ".join(given_raw)
            raw_prefix = raw_prefix or " ".join(words[j:k])
            raw_surname = parts[k] if parts else ""
    given_folded = fold(raw_given)
    if given_folded and (_is_initials(raw_given) or all(len(w) == 1 for w in given_folded.split())):
        # "J.", "J.P." or "j p" in the given-name field are initials, not names.
        raw_initials = raw_initials or raw_given
        given_folded = ""
    sur_words = fold(raw_surname).split()
    pre_words, sur_words = _split_prefix(sur_words)
    pre = _prefix_text(fold(raw_prefix) or " ".join(pre_words))
    given = given_folded
    init = fold(raw_initials).replace(" ", "") or "".join(w[0] for w in given.split())
    display = (
        " ".join(raw_name.split())
        if raw_name and not (given_names or surname)
        else " ".join(
            p
            for p in (
                raw_given or raw_initials,
                raw_prefix or " ".join(pre_words),
                " ".join(raw_surname.split()[len(pre_words) :]) if pre_words else raw_surname,
            )
            if p
        )
    )
    return NormalisedName(
        given_names=given,
        initials=init,
        prefix=pre,
        surname=" ".join(sur_words),
        display_name=display.strip(),
    )
