"""Small helpers for the public templates: bilingual content, vocabulary words, phone links, navigation."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from signaalwijzer.public import selectors

register = template.Library()


@register.filter
def tr(text) -> str:
    """A bilingual content text (knowledge Text or screening Text) in the active language."""
    if text is None:
        return ""
    if hasattr(text, "get") and hasattr(text, "nl"):
        return text.get(get_language() or "nl")
    return str(text)


@register.filter
def tel(number: str) -> str:
    """A phone number as written ("033-448 11 86", "+31 70 333 44 44") to a tel: URL."""
    return "tel:" + re.sub(r"[^\d+]", "", number or "")


def _word(table: dict, key) -> str:
    key = getattr(key, "value", key)
    return str(table.get(key, key or ""))


@register.filter
def strength_word(key) -> str:
    return _word(selectors.STRENGTH_WORDS, key)


@register.filter
def dimension_word(key) -> str:
    return _word(selectors.DIMENSION_WORDS, key)


@register.filter
def element_word(key) -> str:
    return _word(selectors.ELEMENT_WORDS, key)


@register.filter
def element_help(key) -> str:
    return _word(selectors.ELEMENT_HELP, key)


@register.filter
def outcome_word(key) -> str:
    return _word(selectors.OUTCOME_WORDS, key)


@register.filter
def outcome_lead(key) -> str:
    return _word(selectors.OUTCOME_LEAD, key)


@register.filter
def kind_word(key) -> str:
    return _word(selectors.KIND_WORDS, key)


@register.filter
def applies_word(key) -> str:
    return _word(selectors.APPLIES_WORDS, key)


@register.filter
def confidence_word(key) -> str:
    return _word(selectors.CONFIDENCE_WORDS, key)


@register.simple_tag(takes_context=True)
def nav_current(context, section: str, exact: str = ""):
    """aria-current for a navigation link: "page" on the page itself, "true" elsewhere in its section."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    name = getattr(match, "url_name", "") or ""
    if exact and name == exact:
        return mark_safe(' aria-current="page"')  # noqa: S308  (a constant)
    if name.startswith(section):
        return mark_safe(' aria-current="true"')  # noqa: S308  (a constant)
    return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
