"""A malformed SIGNAALWIJZER_API_RATE fails at start-up, not on the first API request."""

import re

from django.core.checks import Error, register
from rest_framework.settings import api_settings

# DRF reads "<number>/<period>" and looks only at the period's first letter.
RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


@register()
def api_rate_check(app_configs, **kwargs):
    rate = api_settings.DEFAULT_THROTTLE_RATES.get("anon")
    if rate is None or RATE.match(rate):
        return []
    return [
        Error(
            f"SIGNAALWIJZER_API_RATE={rate!r} is not a rate.",
            hint="Use a number of requests per period, e.g. 120/min, 10/s, 5000/day; empty switches it off.",
            id="signaalwijzer.api.E001",
        )
    ]
