"""Anonymous rate limit per client address, from SIGNAALWIJZER_API_RATE (settings.REST_FRAMEWORK)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, reading the rate per request instead of once at import.

    DRF binds `THROTTLE_RATES` when the module is imported, so a changed setting (a test, a reload)
    would not be seen. A rate of None switches the limit off.
    """

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
