"""Contact details: phone numbers (E.164) and e-mail addresses."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

from signaalwijzer.linkage.normalise.common import (
    DEFAULT_REGION,
    REASON_EMAIL,
    REASON_PHONE,
    InvalidIdentifier,
    _text,
)


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
