"""The client's identifying details: checked, normalised and read back (issue 3 §3).

Checked with well-kept libraries: the BSN with the elfproef (python-stdnum), the phone number with
`phonenumbers` (region NL) and stored in E.164, the e-mail with Django's validator, the birth date between
1900 and today. Every field may be empty. The values are stored encrypted (models.EncryptedTextField).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as bsn_number

from signaalwijzer.cases.checks import (
    ADDRESS_MAX,
    BIRTH_DATE_MIN,
    LABEL_MAX,
    NAME_MAX,
    raise_if,
    text_checked,
)
from signaalwijzer.cases.models import Case


@dataclass(frozen=True)
class ClientDetails:
    label: str = ""
    name: str = ""
    birth_date: dt.date | None = None
    bsn: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


# ClientDetails field -> Case field.
CLIENT_FIELDS = {
    "label": "label",
    "name": "client_name",
    "birth_date": "client_birth_date",
    "bsn": "client_bsn",
    "phone": "client_phone",
    "email": "client_email",
    "address": "client_address",
}


def client_details_of(case: Case) -> ClientDetails:
    """The details as the form shows them (birth date parsed back to a date)."""
    birth = case.client_birth_date
    return ClientDetails(
        label=case.label,
        name=case.client_name,
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        bsn=case.client_bsn,
        phone=case.client_phone,
        email=case.client_email,
        address=case.client_address,
    )


def phone_display(value: str) -> str:
    """A stored phone number (E.164) the way people in the Netherlands write it: 06 12345678."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return value
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        number, style.NATIONAL if number.country_code == 31 else style.INTERNATIONAL
    )


def client_details_checked(details: ClientDetails) -> dict[str, str]:
    """The values to store per Case field (normalised: BSN compact, phone E.164); CaseInputError if bad.

    Every field may be empty. Errors are keyed by ClientDetails field name.
    """
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    values["label"] = text_checked(errors, "label", details.label, required=False, limit=LABEL_MAX)
    values["name"] = text_checked(errors, "name", details.name, required=False, limit=NAME_MAX)
    values["address"] = text_checked(errors, "address", details.address, required=False, limit=ADDRESS_MAX)

    birth = details.birth_date
    values["birth_date"] = ""
    if birth is not None:
        if not isinstance(birth, dt.date) or isinstance(birth, dt.datetime):
            errors["birth_date"] = _("Vul een datum in, bijvoorbeeld 17-03-2008.")
        elif birth > timezone.localdate():
            errors["birth_date"] = _("Een geboortedatum kan niet in de toekomst liggen.")
        elif birth < BIRTH_DATE_MIN:
            errors["birth_date"] = _("Een geboortedatum ligt na 1 januari 1900. Kijk het jaartal na.")
        else:
            values["birth_date"] = birth.isoformat()

    bsn = (details.bsn or "").strip()
    values["bsn"] = ""
    if bsn:
        compact = bsn_number.compact(bsn)
        if not compact.isdigit() or len(compact) != 9:
            errors["bsn"] = _("Een BSN heeft 9 cijfers.")
        elif not bsn_number.is_valid(compact):
            errors["bsn"] = _("Dit BSN klopt niet (de elfproef faalt). Kijk de cijfers na.")
        else:
            values["bsn"] = compact

    phone = (details.phone or "").strip()
    values["phone"] = ""
    if phone:
        try:
            number = phonenumbers.parse(phone, "NL")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            errors["phone"] = _(
                "Dit telefoonnummer klopt niet. Schrijf het zo: 06 12345678 of +31 6 12345678."
            )
        else:
            values["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    email = (details.email or "").strip()
    values["email"] = ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Dit e-mailadres klopt niet. Schrijf het zo: naam@voorbeeld.nl.")
        else:
            values["email"] = email
    raise_if(errors)
    return values
