"""One error shape for the whole API: `{"errors": [{"field": ..., "reason": ...}]}` (ADR 0005).

`field` names where the problem is, as a client would address it: `role`, `indicators[2]` (zero-based),
a query parameter such as `form`, `body` for the request as a whole, or null when no field is to blame
(an unknown URL, a wrong method, too many requests).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

BODY = "body"


class UnknownEntry(exceptions.NotFound):
    """404 for an id in the URL that the knowledge base does not have; names the path parameter."""

    def __init__(self, *, field: str | None, reason: str):
        super().__init__(reason)
        self.field = field


def api_exception_handler(exc: Exception, context: dict) -> Any:
    response = exception_handler(exc, context)
    if response is None:
        # Not an API error (a bug): Django's own 500 handling applies.
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = list(_flatten(exc.detail, ""))
    elif isinstance(exc, exceptions.ParseError | exceptions.UnsupportedMediaType):
        # The body is not JSON, or not declared as JSON.
        errors = [{"field": BODY, "reason": str(exc.detail)}]
    else:
        errors = [{"field": getattr(exc, "field", None), "reason": str(exc.detail)}]
    response.data = {"errors": errors}
    return response


def _flatten(detail: Any, path: str) -> Iterator[dict[str, str]]:
    """DRF's nested error detail as a flat list, each with the path of its field."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                sub = path or BODY
            elif isinstance(key, int):
                sub = f"{path}[{key}]"
            else:
                sub = f"{path}.{key}" if path else str(key)
            yield from _flatten(value, sub)
    elif isinstance(detail, list):
        for position, item in enumerate(detail):
            if isinstance(item, dict | list):
                # Per-item errors of a nested list; valid items have an empty entry.
                yield from _flatten(item, f"{path}[{position}]")
            else:
                yield {"field": path or BODY, "reason": str(item)}
    else:
        yield {"field": path or BODY, "reason": str(detail)}
