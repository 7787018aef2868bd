"""A whole interchange line: `normalise_signal` and the `NormalisedSignal` it returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from signaalwijzer.linkage.normalise.common import REASON_LIST, REASON_OBJECT, InvalidIdentifier, _text, fold
from signaalwijzer.linkage.normalise.contact import normalise_email, normalise_phone
from signaalwijzer.linkage.normalise.dates import normalise_date
from signaalwijzer.linkage.normalise.names import NormalisedName, employer_key, normalise_name
from signaalwijzer.linkage.normalise.numbers import (
    normalise_bsn,
    normalise_iban,
    normalise_kvk,
    normalise_plate,
)
from signaalwijzer.linkage.normalise.places import normalise_house, normalise_postcode


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
