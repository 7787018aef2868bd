"""Pseudonymisation of a dossier's free text, for the report's variant without identifying details.

In free text the client's name and each part of it (not Dutch name particles such as "van" or "de", and
accents do not hide a name), the client's own BSN, phone, e-mail, address and birth date as stored, and,
by pattern, nine-digit (BSN-like) numbers, phone numbers, e-mail addresses, Dutch IBANs and postcodes
become "[weggelaten]". Patterns cannot find everything (other people's names, places, unusual details):
the report says so at the top. The birth date itself is replaced by an age band (`age_band`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from signaalwijzer.cases.models import (
    Case,
    Minor,
)

WITHHELD = "[weggelaten]"


# Dutch name particles: never redacted on their own ("de", "van" are everywhere in Dutch text).
PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ten",
        "ter",
        "te",
        "op",
        "in",
        "aan",
        "bij",
        "uit",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "della",
        "dos",
        "das",
        "von",
        "zu",
        "vd",
        "'t",
        "d",
    ]
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\bNL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE)
PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)[1-9]\d{0,2}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){5,11}"  # +31 6 12345678, 0031-20-...
    r"|\(0\d{1,3}\)[\s.-]?\d(?:[\s.-]?\d){5,7}"  # (020) 123 4567
    r"|0\d(?:[\s.-]?\d){8}"  # 06-12345678, 020 123 4567: ten digits
    r")(?!\w)"
)
# Nine digits, also written in groups (123 456 782, 1234.56.782): a BSN, or something as sensitive.
BSN_LIKE = re.compile(r"(?<![\w.,-])\d(?:[\s.-]?\d){8}(?![\w]|[.,-]\d)")
# 1234 AB / 1234AB (not SA, SD or SS, which PostNL does not use); lower case only when written together, so
# "in 2026 en" is not taken for a postcode.
POSTCODE = re.compile(r"\b[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b")


def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def _fold(text: str) -> str:
    """Lower case without accents, one character per character, so positions stay the same."""
    return "".join(_fold_char(c) for c in text)


def name_terms(name: str) -> list[str]:
    """The full name and each part of it worth finding on its own (not particles, not single letters)."""
    name = " ".join(name.split())
    if not name:
        return []
    parts = [p.strip(".,'’") for p in re.split(r"[\s-]+", name)]
    terms = {name} | {p for p in parts if len(p) >= 2 and _fold(p) not in PARTICLES}
    return sorted(terms, key=len, reverse=True)


def _birth_date_forms(value: str) -> list[str]:
    """The ways a birth date (ISO) is commonly typed: 17-03-2008, 17-3-2008, 17/03/2008, 2008-03-17, 17 maart 2008."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return []
    forms = {
        value,
        f"{day.day}-{day.month}-{day.year}",
        f"{day:%d-%m-%Y}",
        f"{day:%d/%m/%Y}",
        f"{day:%d.%m.%Y}",
    }
    forms.add(f"{day.day}/{day.month}/{day.year}")
    forms.add(date_format(day, "j F Y"))
    return sorted(forms, key=len, reverse=True)


class Pseudonymiser:
    """Replaces what identifies one client in free text by "[weggelaten]"."""

    def __init__(self, case: Case):
        terms: set[str] = set(name_terms(case.client_name))
        exact: set[str] = set()
        if case.client_address:
            address = " ".join(case.client_address.split())
            exact.add(address)
            exact.update(part.strip() for part in address.split(",") if len(part.strip()) >= 4)
            # Street and place names in the address; numbers and short words are left to the patterns.
            terms.update(w for w in re.findall(r"[^\W\d_]{4,}", address))
        exact.update(_birth_date_forms(case.client_birth_date))
        for value in (case.client_bsn, case.client_phone, case.client_email):
            if value:
                exact.add(value)
        self._exact = sorted(exact, key=len, reverse=True)
        words = sorted(terms, key=len, reverse=True)
        self._names = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(r"\s+".join(re.escape(_fold(w)) for w in term.split()) for term in words)
                + r")(?:'s|’s|s)?(?!\w)"
            )
            if words
            else None
        )

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for pattern in (EMAIL, IBAN, PHONE, BSN_LIKE, POSTCODE):
            text = pattern.sub(WITHHELD, text)
        for value in self._exact:
            text = re.sub(re.escape(value), WITHHELD, text, flags=re.IGNORECASE)
        if self._names is not None:
            folded = _fold(text)
            spans = [m.span() for m in self._names.finditer(folded)]
            for start, end in reversed(spans):
                text = text[:start] + WITHHELD + text[end:]
        return text


def age_band(birth_date: str, minor: str, *, today: dt.date | None = None) -> str:
    """An age group instead of a birth date; without a birth date, the answer to the minor question."""
    today = today or timezone.localdate()
    try:
        born = dt.date.fromisoformat(birth_date) if birth_date else None
    except ValueError:
        born = None
    if born is None:
        return {
            Minor.YES: _("jonger dan 18"),
            Minor.NO: _("18 of ouder"),
        }.get(minor, _("onbekend"))
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    for upper, words in (
        (12, _("jonger dan 12, minderjarig")),
        (16, _("12 tot 16 jaar, minderjarig")),
        (18, _("16 tot 18 jaar, minderjarig")),
        (23, _("18 tot 23 jaar, volwassen")),
        (30, _("23 tot 30 jaar, volwassen")),
        (50, _("30 tot 50 jaar, volwassen")),
    ):
        if age < upper:
            return words
    return _("50 jaar of ouder, volwassen")


def age_on(birth_date: str, today: dt.date | None = None) -> int | None:
    today = today or timezone.localdate()
    try:
        born = dt.date.fromisoformat(birth_date)
    except (TypeError, ValueError):
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
