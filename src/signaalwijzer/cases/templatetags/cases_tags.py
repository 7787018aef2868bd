"""Small helpers for the dossier templates (and the screening result's "Maak een dossier")."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def can_make_dossiers(user) -> bool:
    """Whether the "Maak een dossier" button makes sense for this user. One query, only when logged in."""
    from signaalwijzer.cases.views.common import may_make_dossiers

    return may_make_dossiers(user)


@register.filter
def as_text(value) -> str:
    """A form value as the string a radio or checkbox value is compared with; None is ""."""
    return "" if value is None else str(value)


@register.filter
def date_input(value) -> str:
    """A value for <input type="date">: ISO for a date, what was typed otherwise."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
