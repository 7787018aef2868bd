"""Checked numbers: BSN (elfproef), IBAN (check digits), KvK number and vehicle plate."""

from __future__ import annotations

import re
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn

from signaalwijzer.linkage.normalise.common import (
    REASON_BSN,
    REASON_IBAN,
    REASON_KVK,
    REASON_PLATE,
    InvalidIdentifier,
    _text,
)


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


def normalise_kvk(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    digits = re.sub(r"[\s.\-]", "", text)
    if not re.fullmatch(r"\d{8}", digits):
        raise InvalidIdentifier(path, REASON_KVK)
    return digits


def normalise_plate(value: Any, path: str) -> str:
    text = _text(value, path)
    if not text:
        return ""
    plate = re.sub(r"[\s\-.]", "", text).upper()
    if not re.fullmatch(r"[A-Z0-9]{4,10}", plate):
        raise InvalidIdentifier(path, REASON_PLATE)
    return plate
