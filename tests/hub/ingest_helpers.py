"""Test data for ingest, import and linking: lines in the interchange format. Synthetic only.

BSNs are generated to pass the elfproef and IBANs carry valid check digits around an invented bank code
("TEST"); names are "Proef", "Voorbeeld" and the like; phone numbers are invented 06 numbers.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from django.utils import translation
from stdnum import iban as stdnum_iban

from signaalwijzer.accounts.models import Organisation, OrganisationType
from signaalwijzer.hub.models import Source
from tests.accounts import factories as accounts

_counter = itertools.count(1)


def bsn(n: int) -> str:
    """A 9-digit number that passes the elfproef, different for every n (0 <= n < 4 * 10**6)."""
    base = 20_000_000 + 2 * n
    for head in (base, base + 1):
        digits = [int(d) for d in f"{head:08d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return f"{head:08d}{check}"
    raise AssertionError(n)  # never: two consecutive heads cannot both give check digit 10


@pytest.fixture
def dutch():
    """Reasons are Dutch msgids; a request in English earlier in the same thread leaves English active."""
    with translation.override("nl"):
        yield


def bad_bsn() -> str:
    return "123456789"  # fails the elfproef


def iban(n: int) -> str:
    account = f"TEST{n:010d}"
    return f"NL{stdnum_iban.calc_check_digits('NL00' + account)}{account}"


def source(
    slug: str | None = None, *, organisation: Organisation | None = None, name: str | None = None
) -> Source:
    number = next(_counter)
    organisation = organisation or accounts.organisation(
        name=name or f"Partner Voorbeeld {number}", type=OrganisationType.WIJKTEAM
    )
    return Source.objects.create(slug=slug or f"partner-{number}", organisation=organisation)


def line(source: str, ident: str, **fields) -> dict:
    """One signal; `fields` override or add top-level fields."""
    return {"id": ident, "source": source, **fields}


def person_line(source: str, ident: str, n: int, **fields) -> dict:
    """A signal about synthetic person n, with the identifiers a partner typically has."""
    data = {
        "id": ident,
        "source": source,
        "observed_on": "2026-10-03",
        "forms": ["arbeid"],
        "indicators": ["housing_provided_by_employer"],
        "note": f"Proefnotitie {n}: woont boven het bedrijf.",
        "person": {
            "given_names": "Piet",
            "surname": f"Proef{n}",
            "birth_date": "1990-05-01",
            "bsn": bsn(n),
            "phone": f"06-{10000000 + n:08d}",
        },
    }
    data.update(fields)
    return data


def jsonl(path: Path, lines: list) -> Path:
    """Write lines (dicts, or raw strings written as they are) to a .jsonl file."""
    with path.open("w", encoding="utf-8") as handle:
        for item in lines:
            handle.write((item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n")
    return path
