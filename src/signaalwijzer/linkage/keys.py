"""Keyed hashes of a signal's identifiers: all that linking ever needs (issue 5 §2, ADR 0010).

Every value is hashed with HMAC-SHA256 under the deployment's link key and cut to 64 bits (16 hex digits):
without the key nobody can test a guess against a stored key, and 64 bits make an accidental collision between
two different values in a store of millions about one in ten billion. Fuzzy matching works on keyed material too:

- names: a keyed bigram Bloom filter (cryptographic long-term key, Schnell et al. 2009) over the bigrams of
  every name word (given names and surname, tussenvoegsel left out), compared by Dice. The bigram *set* does not
  depend on word order, so swapped given/surname compare as equal. Plus keyed hashes of each word and of the
  first initial for exact and initials-only matches.
- birth dates: the date, the date with day and month swapped, and the date with each of its 8 digits masked
  in turn (two dates one typo apart share one masked form).
- blocking: tokens "kind:hash" that two records of one person are likely to share even with noise: phonetic
  surname or given name + birth date (day/month order-free), phonetic given+surname pair (order-free), and
  every identifier that is itself a key (BSN, phone, e-mail, IBAN, address, KvK, employer, plate).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from signaalwijzer.linkage.normalise import NormalisedName, NormalisedSignal

KEY_VERSION = 1
HASH_BYTES = 8  # 64-bit keyed hashes
CLK_BITS = 512
CLK_K = 10  # positions per bigram


@lru_cache(maxsize=1 << 20)
def _h(secret: bytes, kind: str, value: str) -> str:
    return hmac.digest(secret, f"{kind}\x1f{value}".encode(), hashlib.sha256)[:HASH_BYTES].hex()


@lru_cache(maxsize=1 << 16)
def _bigram_bits(secret: bytes, bigram: str) -> int:
    digest = hmac.digest(secret, f"clk\x1f{bigram}".encode(), hashlib.sha256)
    bits = 0
    for i in range(CLK_K):
        bits |= 1 << (int.from_bytes(digest[2 * i : 2 * i + 2], "big") % CLK_BITS)
    return bits


_PHONETIC_RULES = (
    ("sch", "s"),
    ("ij", "y"),
    ("ei", "y"),
    ("ey", "y"),
    ("ou", "au"),
    ("ch", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dt", "t"),
    ("ck", "k"),
    ("qu", "kw"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "f"),
    ("w", "f"),
    ("j", "y"),
)


@lru_cache(maxsize=1 << 16)
def phonetic(word: str) -> str:
    """A coarse Dutch-minded sound key: spelling variants (ij/ei/y, ch/g, c/k, z/s, v/f/w, dt/t, doubled letters)
    and vowels after the first letter are dropped, so "Janssen", "Jansen" and "Jahnsen" agree."""
    w = re.sub(r"[^a-z]", "", word)
    if not w:
        return ""
    for old, new in _PHONETIC_RULES:
        w = w.replace(old, new)
    if w.endswith("d"):
        w = w[:-1] + "t"
    head, tail = w[0], re.sub(r"[aeiouyh]", "", w[1:])
    out = head
    for ch in tail:
        if ch != out[-1]:
            out += ch
    return out


def name_bigrams(name: NormalisedName, *, given_only: bool = False) -> set[str]:
    grams: set[str] = set()
    for word in (name.given_names if given_only else name.given_names + " " + name.surname).split():
        padded = f"_{word}_"
        grams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return grams


def _date_parts(iso: str) -> tuple[str, str, str]:
    year, month, day = iso.split("-")
    return year, month, day


@dataclass(frozen=True, slots=True)
class SignalKeys:
    """Keyed hashes only (16 hex digits each; `clk` 128). Empty string / empty tuple = not known."""

    bsn: str = ""
    dob: str = ""
    dob_swap: str = ""  # same date with day and month swapped, when that is a date and differs
    dob_near: tuple[str, ...] = ()  # the 8 one-digit-masked forms
    dob_adj: tuple[str, ...] = ()  # the day before and the day after (absent in keys made before it existed)
    clk: str = ""  # name Bloom filter, 512 bits as hex
    clk_given: str = ""  # the same for the given names only (absent in keys made before it existed)
    given_letters: str = ""  # the letters of the given names in alphabetical order: "Jna" and "Jan" agree
    given: tuple[str, ...] = ()  # each given-name word
    surname: tuple[str, ...] = ()  # each surname word (no tussenvoegsel)
    initial: str = ""  # first initial
    name_blocks: tuple[str, ...] = ()  # np: phonetic given+surname pair, order-free
    dob_blocks: tuple[str, ...] = ()  # nd: phonetic surname or given name + birth date, day/month order-free
    phones: tuple[str, ...] = ()  # the person's own
    emails: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()
    contact_phones: tuple[str, ...] = ()  # contacts' (handler, employer, landlord...)
    contact_emails: tuple[str, ...] = ()
    contact_ibans: tuple[str, ...] = ()
    plates: tuple[str, ...] = ()  # vehicle plates of the signal and its contacts
    address: str = ""  # postcode + house number + suffix
    kvk: str = ""
    employer: str = ""  # employer name without legal form
    v: int = KEY_VERSION

    @property
    def tokens(self) -> tuple[str, ...]:
        """Blocking tokens "kind:hash", sorted and unique: what a store indexes to find candidates. Two signals
        can only be linked when they share one (that is not too common, see linkage.cluster.CAPS)."""
        out: set[str] = set()
        if self.bsn:
            out.add("bsn:" + self.bsn)
        out.update("nd:" + x for x in self.dob_blocks)
        out.update("np:" + x for x in self.name_blocks)
        out.update("phone:" + x for x in self.phones + self.contact_phones)
        out.update("email:" + x for x in self.emails + self.contact_emails)
        out.update("iban:" + x for x in self.ibans + self.contact_ibans)
        out.update("plate:" + x for x in self.plates)
        if self.address:
            out.add("addr:" + self.address)
        if self.kvk:
            out.add("kvk:" + self.kvk)
        if self.employer:
            out.add("empl:" + self.employer)
        return tuple(sorted(out))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value or f.name == "v":
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SignalKeys:
        if not isinstance(data, dict):
            raise TypeError("SignalKeys.from_json expects a dict")
        if data.get("v", KEY_VERSION) != KEY_VERSION:
            raise ValueError(f"keys of version {data.get('v')!r}, this linker reads version {KEY_VERSION}")
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in data:
                value = data[f.name]
                kwargs[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)


def _dob_keys(iso: str, secret: bytes) -> tuple[str, str, tuple[str, ...], str, tuple[str, ...]]:
    """(date, swapped date, masked forms, order-free block value, the day before and after)."""
    if not iso:
        return "", "", (), "", ()
    year, month, day = _date_parts(iso)
    swap = ""
    if month != day and int(day) <= 12:
        swap = _h(secret, "dob", f"{year}-{day}-{month}")
    digits = year + month + day
    near = tuple(_h(secret, "dobm", digits[:i] + "_" + digits[i + 1 :]) for i in range(8))
    lo, hi = sorted((month, day))
    day_of = dt.date.fromisoformat(iso)
    adjacent = tuple(
        _h(secret, "dob", (day_of + dt.timedelta(days=d)).isoformat())
        for d, edge in ((-1, dt.date.min), (1, dt.date.max))
        if day_of != edge
    )
    return _h(secret, "dob", iso), swap, near, f"{year}{lo}{hi}", adjacent


def _bloom(grams: set[str], secret: bytes) -> str:
    if not grams:
        return ""
    bits = 0
    for gram in grams:
        bits |= _bigram_bits(secret, gram)
    return f"{bits:0{CLK_BITS // 4}x}"


def signal_keys(normalised: NormalisedSignal, secret: bytes) -> SignalKeys:
    """The keyed hashes of one normalised signal under `secret` (the deployment's link key)."""
    if not secret:
        raise ValueError("a link key (secret) is required")
    h = _h
    name = normalised.name
    given_words = name.given_names.split()
    surname_words = name.surname.split()
    clk = _bloom(name_bigrams(name), secret)
    clk_given = _bloom(name_bigrams(name, given_only=True), secret)
    dob, dob_swap, dob_near, dob_block, dob_adj = _dob_keys(normalised.birth_date, secret)
    phon_surname = phonetic("".join(surname_words))
    phon_given = phonetic(given_words[0]) if given_words else ""
    dob_blocks = tuple(sorted({h(secret, "nd", f"{p}|{dob_block}") for p in (phon_surname, phon_given) if p}))
    name_blocks = ()
    if phon_surname and phon_given:
        name_blocks = (h(secret, "np", "|".join(sorted((phon_given, phon_surname)))),)
    if not dob_block:
        dob_blocks = ()

    def many(kind: str, values) -> tuple[str, ...]:
        return tuple(sorted({h(secret, kind, v) for v in values if v}))

    contacts = normalised.contacts
    address = ""
    if normalised.postcode and normalised.house_number:
        address = h(secret, "addr", f"{normalised.postcode}|{normalised.house}")
    return SignalKeys(
        bsn=h(secret, "bsn", normalised.bsn) if normalised.bsn else "",
        dob=dob,
        dob_swap=dob_swap,
        dob_near=dob_near,
        dob_adj=dob_adj,
        clk=clk,
        clk_given=clk_given,
        given_letters=h(secret, "gl", "".join(sorted("".join(given_words)))) if given_words else "",
        given=many("nw", given_words),
        surname=many("nw", surname_words),
        initial=h(secret, "ini", name.initials[0]) if name.initials else "",
        name_blocks=name_blocks,
        dob_blocks=dob_blocks,
        phones=many("phone", [normalised.phone]),
        emails=many("email", [normalised.email]),
        ibans=many("iban", [normalised.iban]),
        contact_phones=many("phone", [c.phone for c in contacts]),
        contact_emails=many("email", [c.email for c in contacts]),
        contact_ibans=many("iban", [c.iban for c in contacts]),
        plates=many("plate", [normalised.vehicle_plate] + [c.vehicle_plate for c in contacts]),
        address=address,
        kvk=h(secret, "kvk", normalised.kvk) if normalised.kvk else "",
        employer=h(secret, "empl", normalised.employer_key) if normalised.employer_key else "",
    )
