"""Readable identifiers in one canonical form, checked (issue 5 §2).

Partner systems write the same fact in many ways ("06-12345678", "+31 6 1234 5678"; "1234 ab"; "Berg, van den,
J."). `normalise_signal` turns one interchange line into a `NormalisedSignal` whose values are equal whenever
the facts are, and refuses what cannot be right (BSN elfproef, IBAN check digits, impossible dates, unparseable
phone numbers and postcodes) with `InvalidIdentifier`: the field as a dotted path and a reason in plain Dutch.
Reasons are fixed sentences without the value in them, so the shell can translate them (`REASONS`).
Missing fields are fine: only what is present is checked.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn

DEFAULT_REGION = "NL"

# Every reason `InvalidIdentifier` can carry (Dutch, B1). The shell's catalogue translates these msgids.
REASON_BSN = "Dit BSN klopt niet: het voldoet niet aan de elfproef of heeft niet 8 of 9 cijfers."
REASON_IBAN = "Dit IBAN klopt niet: de controlecijfers of de lengte zijn fout."
REASON_DATE = "Deze datum bestaat niet of is niet te lezen. Schrijf bijvoorbeeld 1990-05-01 of 01-05-1990."
REASON_PHONE = "Dit telefoonnummer is niet te lezen. Schrijf bijvoorbeeld 06-12345678 of +31 6 1234 5678."
REASON_POSTCODE = "Deze postcode is niet te lezen. Schrijf bijvoorbeeld 1234 AB."
REASON_HOUSE_NUMBER = "Dit huisnummer is niet te lezen. Schrijf bijvoorbeeld 12, 12a of 12-2."
REASON_KVK = "Dit KvK-nummer klopt niet: het heeft geen 8 cijfers."
REASON_EMAIL = "Dit e-mailadres is niet te lezen. Schrijf bijvoorbeeld naam@voorbeeld.nl."
REASON_PLATE = "Dit kenteken is niet te lezen. Schrijf bijvoorbeeld AB-123-C."
REASON_TYPE = "Hier hoort tekst, geen lijst of getal."
REASON_OBJECT = "Hier hoort een groep velden (een object)."
REASON_LIST = "Hier hoort een lijst."
REASONS = (
    REASON_BSN,
    REASON_IBAN,
    REASON_DATE,
    REASON_PHONE,
    REASON_POSTCODE,
    REASON_HOUSE_NUMBER,
    REASON_KVK,
    REASON_EMAIL,
    REASON_PLATE,
    REASON_TYPE,
    REASON_OBJECT,
    REASON_LIST,
)


class InvalidIdentifier(ValueError):
    """An identifier that cannot be right. `field` is a dotted path ("person.bsn", "contacts.0.phone")."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


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


@dataclass(frozen=True)
class NormalisedContact:
    role: str = ""
    name: NormalisedName = field(default_factory=NormalisedName)
    phone: str = ""
    email: str = ""
    iban: str = ""
    vehicle_plate: str = ""


@dataclass(frozen=True)
class NormalisedSignal:
    """The readable, checked, canonical values of one signal. Empty string = not given."""

    id: str = ""
    source: str = ""
    observed_on: str = ""  # ISO date
    name: NormalisedName = field(default_factory=NormalisedName)
    birth_date: str = ""  # ISO date
    bsn: str = ""  # 9 digits
    phone: str = ""  # E.164
    email: str = ""  # lower case
    iban: str = ""  # compact, upper case
    nationality: str = ""
    postcode: str = ""  # "1234AB"
    house_number: str = ""  # "12"
    house_number_suffix: str = ""  # "A"
    street: str = ""
    city: str = ""
    employer_name: str = ""  # as written, cleaned
    employer_key: str = ""  # lower case, no legal form ("schoonmaak de ster")
    kvk: str = ""  # 8 digits
    vehicle_plate: str = ""  # "AB123C"
    contacts: tuple[NormalisedContact, ...] = ()

    @property
    def house(self) -> str:
        """House number with suffix, the way it is matched: "12A"."""
        return f"{self.house_number}{self.house_number_suffix}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict, nested like the interchange format, empty values left out."""
        person = {
            "display_name": self.name.display_name,
            "given_names": self.name.given_names,
            "initials": self.name.initials,
            "prefix": self.name.prefix,
            "surname": self.name.surname,
            "birth_date": self.birth_date,
            "bsn": self.bsn,
            "phone": self.phone,
            "email": self.email,
            "iban": self.iban,
            "nationality": self.nationality,
        }
        address = {
            "street": self.street,
            "postcode": self.postcode,
            "house_number": self.house_number,
            "house_number_suffix": self.house_number_suffix,
            "house": self.house,
            "city": self.city,
        }
        employer = {"name": self.employer_name, "key": self.employer_key, "kvk": self.kvk}
        contacts = []
        for contact in self.contacts:
            item = {k: v for k, v in asdict(contact).items() if k != "name" and v}
            if contact.name:
                item["name"] = contact.name.display_name
            contacts.append(item)
        out: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "observed_on": self.observed_on,
            "person": _compact(person),
            "address": _compact(address),
            "employer": _compact(employer),
            "vehicle_plate": self.vehicle_plate,
            "contacts": contacts,
        }
        return _compact(out)


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", None, [], {}, ())}


# --- single values ------------------------------------------------------------------------------------------


def _text(value: Any, path: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidIdentifier(path, REASON_TYPE)
    return " ".join(str(value).split())


def fold(text: str) -> str:
    """Lower case, diacritics stripped, only letters/digits and single spaces ("Ça-Öz" -> "ca oz")."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o").replace("ł", "l"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_DATE_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DATE_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def normalise_date(value: Any, path: str) -> str:
    """ISO date from 1990-05-01, 01-05-1990, 1-5-1990, 01/05/1990, 01.05.1990 or 19900501; impossible dates
    (31-02-1990) are refused. Day-first, as Dutch systems write it."""
    text = _text(value, path)
    if not text:
        return ""
    text = text.split("T")[0].strip()
    if m := _DATE_ISO.match(text) or _DATE_COMPACT.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DATE_DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise InvalidIdentifier(path, REASON_DATE)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise InvalidIdentifier(path, REASON_DATE) from None


def normalise_bsn(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    try:
        return stdnum_bsn.validate(text)
    except ValidationError:
        raise InvalidIdentifier(path, REASON_BSN) from None


def normalise_iban(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    try:
        return stdnum_iban.validate(text)
    except ValidationError:
        raise InvalidIdentifier(path, REASON_IBAN) from None


def normalise_phone(value: Any, path: str, region: str = DEFAULT_REGION) -> str:
    """E.164 ("+31612345678") from any common way of writing it; "0031 6..." and "+31 (0)6..." included."""
    text = _text(value, path)
    if not text:
        return ""
    text = text.replace("(0)", "")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidIdentifier(path, REASON_PHONE) from None
    # Valid, not merely possible: "06-1234" is a possible local number but no real one.
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier(path, REASON_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*-?\s*([A-Za-z]{2})$")


def normalise_postcode(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    m = _POSTCODE.match(text.strip())
    if not m:
        raise InvalidIdentifier(path, REASON_POSTCODE)
    return m.group(1) + m.group(2).upper()


_HOUSE = re.compile(r"^(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,6})$")


def normalise_house(number: Any, suffix: Any, path: str) -> tuple[str, str]:
    """("12", "A") from "12a", "12 A", "12-a"; a separate suffix field is appended ("12", "bis" -> "12BIS")."""
    text = _text(number, path)
    extra = fold(_text(suffix, path.rsplit(".", 1)[0] + ".house_number_suffix")).replace(" ", "").upper()
    if not text:
        return "", ""
    m = _HOUSE.match(text.strip())
    if not m:
        raise InvalidIdentifier(path, REASON_HOUSE_NUMBER)
    return str(int(m.group(1))), (m.group(2).upper() + extra)


def normalise_kvk(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    digits = re.sub(r"[\s.\-]", "", text)
    if not re.fullmatch(r"\d{8}", digits):
        raise InvalidIdentifier(path, REASON_KVK)
    return digits


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


def normalise_email(value: Any, path: str) -> str:
    text = _text(value, path).lower()
    if not text:
        return ""
    if text.startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.match(text):
        raise InvalidIdentifier(path, REASON_EMAIL)
    return text


def normalise_plate(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    plate = re.sub(r"[\s\-.]", "", text).upper()
    if not re.fullmatch(r"[A-Z0-9]{4,10}", plate):
        raise InvalidIdentifier(path, REASON_PLATE)
    return plate


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


# --- a whole signal -----------------------------------------------------------------------------------------


def _mapping(value: Any, path: str) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidIdentifier(path, REASON_OBJECT)
    return value


def normalise_signal(signal: Mapping) -> NormalisedSignal:
    """One interchange line (DESIGN.md "Interchange format"), normalised and checked.

    Raises InvalidIdentifier for the first value that cannot be right. Fields that are absent, null or empty
    are left empty. Unknown fields are ignored here (the JSON Schema refuses them at the edge)."""
    person = _mapping(signal.get("person"), "person")
    address = _mapping(signal.get("address"), "address")
    employer = _mapping(signal.get("employer"), "employer")
    contacts_raw = signal.get("contacts") or []
    if not isinstance(contacts_raw, list):
        raise InvalidIdentifier("contacts", REASON_LIST)
    contacts = []
    for i, raw in enumerate(contacts_raw):
        c = _mapping(raw, f"contacts.{i}")
        contact = NormalisedContact(
            role=fold(_text(c.get("role"), f"contacts.{i}.role")),
            name=normalise_name(name=c.get("name"), path=f"contacts.{i}"),
            phone=normalise_phone(c.get("phone"), f"contacts.{i}.phone"),
            email=normalise_email(c.get("email"), f"contacts.{i}.email"),
            iban=normalise_iban(c.get("iban"), f"contacts.{i}.iban"),
            vehicle_plate=normalise_plate(c.get("vehicle_plate"), f"contacts.{i}.vehicle_plate"),
        )
        if contact.phone or contact.email or contact.iban or contact.vehicle_plate or contact.name:
            contacts.append(contact)
    house_number, suffix = normalise_house(
        address.get("house_number"), address.get("house_number_suffix"), "address.house_number"
    )
    employer_name = _text(employer.get("name"), "employer.name")
    return NormalisedSignal(
        id=_text(signal.get("id"), "id"),
        source=_text(signal.get("source"), "source"),
        observed_on=normalise_date(signal.get("observed_on"), "observed_on"),
        name=normalise_name(
            name=person.get("name"),
            given_names=person.get("given_names"),
            initials=person.get("initials"),
            prefix=person.get("prefix"),
            surname=person.get("surname"),
        ),
        birth_date=normalise_date(person.get("birth_date"), "person.birth_date"),
        bsn=normalise_bsn(person.get("bsn"), "person.bsn"),
        phone=normalise_phone(person.get("phone"), "person.phone"),
        email=normalise_email(person.get("email"), "person.email"),
        iban=normalise_iban(person.get("iban"), "person.iban"),
        nationality=_text(person.get("nationality"), "person.nationality"),
        postcode=normalise_postcode(address.get("postcode"), "address.postcode"),
        house_number=house_number,
        house_number_suffix=suffix,
        street=_text(address.get("street"), "address.street"),
        city=_text(address.get("city"), "address.city"),
        employer_name=employer_name,
        employer_key=employer_key(employer_name),
        kvk=normalise_kvk(employer.get("kvk"), "employer.kvk"),
        vehicle_plate=normalise_plate(signal.get("vehicle_plate"), "vehicle_plate"),
        contacts=tuple(contacts),
    )
