"""Dates: ISO from the common Dutch ways of writing one; impossible dates refused."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from signaalwijzer.linkage.normalise.common import REASON_DATE, InvalidIdentifier, _text

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
