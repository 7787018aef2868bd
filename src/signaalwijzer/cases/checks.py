"""Checks on what people type into a dossier, shared by the services. Each adds a plain-Dutch reason per
field to an `errors` dict, so that every wrong field is named at once (CaseInputError)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.cases.errors import CaseInputError

TEXT_MAX = 10_000  # characters of free text per entry: about four pages
LABEL_MAX = 200
NAME_MAX = 200
ADDRESS_MAX = 500
# Dates of events in a dossier: not in the future, and no typo such as 0202 for 2022.
EVENT_DATE_MIN = dt.date(2000, 1, 1)
BIRTH_DATE_MIN = dt.date(1900, 1, 1)


def raise_if(errors: Mapping[str, str]) -> None:
    if errors:
        raise CaseInputError(errors)


def text_checked(
    errors: dict[str, str],
    field: str,
    value: str,
    *,
    required: bool,
    limit: int = TEXT_MAX,
    required_message: str = "",
) -> str:
    """The text stripped; `required_message` says what to write when it is required and empty."""
    value = (value or "").strip()
    if required and not value:
        errors[field] = required_message or _("Vul dit in.")
    elif len(value) > limit:
        errors[field] = _("Dit is te lang: hoogstens %(limit)s tekens (nu %(length)s).") % {
            "limit": limit,
            "length": len(value),
        }
    elif "\x00" in value:
        errors[field] = _("Deze tekst bevat een teken dat niet kan worden bewaard.")
    return value


def event_date_checked(errors: dict[str, str], field: str, value: dt.date | None, *, required: bool) -> None:
    if value is None:
        if required:
            errors[field] = _("Vul een datum in.")
    elif not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        errors[field] = _("Vul een datum in, bijvoorbeeld 17-03-2026.")
    elif value > timezone.localdate():
        errors[field] = _("Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde.")
    elif value < EVENT_DATE_MIN:
        errors[field] = _("Deze datum ligt voor het jaar 2000. Kijk het jaartal na.")
