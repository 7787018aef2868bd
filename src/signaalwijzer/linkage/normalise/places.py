"""Addresses: postcodes and house numbers with suffix."""

from __future__ import annotations

import re
from typing import Any

from signaalwijzer.linkage.normalise.common import (
    REASON_HOUSE_NUMBER,
    REASON_POSTCODE,
    InvalidIdentifier,
    _text,
    fold,
)

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
