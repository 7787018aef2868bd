"""What every normaliser shares: the reasons, the error, reading a value as text and folding it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

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
