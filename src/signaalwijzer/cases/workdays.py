"""Dutch working days, for the deadline on expert advice (issue 3 §2: "after N working days").

A working day is Monday to Friday and not a Dutch public holiday as the `holidays` package lists them
for the Netherlands (holidays.NL: Nieuwjaarsdag, Goede Vrijdag, Pasen, Koningsdag, Hemelvaart, Pinksteren,
Kerst, and Bevrijdingsdag in lustrum years). Which days an organisation is closed differs per collective
agreement; the public holidays are the common ground and what people expect "werkdagen" to mean.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.NL(years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_in(day.year)


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start`; `start` itself never counts, 0 days is `start`."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    day = start
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
