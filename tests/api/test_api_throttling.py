"""The anonymous API is rate-limited per client address (SIGNAALWIJZER_API_RATE)."""

from __future__ import annotations

from django.conf import settings
from django.test import override_settings

from signaalwijzer.api.checks import api_rate_check


def _rate(rate):
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": rate}}
    )


def test_too_many_requests_get_a_429_in_the_error_shape(api, error_fields):
    with _rate("3/min"):
        statuses = [api.get("/api/v1/forms").status_code for _ in range(3)]
        refused = api.get("/api/v1/forms")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert error_fields(refused) == [None]
    assert int(refused["Retry-After"]) > 0


def test_the_limit_counts_per_client_address(api):
    with _rate("1/min"):
        first = api.client.get("/api/v1/forms", REMOTE_ADDR="192.0.2.1")
        other = api.client.get("/api/v1/forms", REMOTE_ADDR="192.0.2.2")
        # A client cannot escape the limit with a header of its own.
        spoofed = api.client.get("/api/v1/forms", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert (first.status_code, other.status_code, spoofed.status_code) == (200, 200, 429)


def test_an_empty_rate_switches_the_limit_off(api):
    with _rate(None):
        assert {api.get("/api/v1/forms").status_code for _ in range(5)} == {200}


def test_a_malformed_rate_fails_the_system_check():
    with _rate("lots"):
        errors = api_rate_check(None)
    assert [error.id for error in errors] == ["signaalwijzer.api.E001"]
    with _rate("120/min"):
        assert api_rate_check(None) == []
