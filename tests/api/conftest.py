"""Fixtures for the API tests: a JSON client and the shipped knowledge base."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from signaalwijzer.knowledge import KnowledgeError, knowledge_base


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The anonymous rate limit counts per client address in the cache; every test client is 127.0.0.1,
    # so without this the suite itself would run into the limit.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def kb():
    # Broken shipped content still fails the build: `make install` runs `signaalwijzer kennis check`.
    try:
        return knowledge_base()
    except KnowledgeError as exc:
        pytest.skip(
            f"the shipped knowledge base does not load yet ({len(exc.problems)} problems; see kennis check)"
        )


class ApiClient:
    """Django's test client, speaking JSON."""

    def __init__(self) -> None:
        self.client = Client()

    def get(self, path: str, **params):
        return self.client.get(path, params)

    def post(self, path: str, body, **extra):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(path, data, content_type="application/json", **extra)


@pytest.fixture
def api(kb) -> ApiClient:
    return ApiClient()


def _error_fields(response) -> list[str]:
    """The fields named in an error response, after checking it has the API's one error shape."""
    body = response.json()
    assert set(body) == {"errors"}, body
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"field", "reason"}, error
        assert isinstance(error["reason"], str) and error["reason"], error
    return [error["field"] for error in body["errors"]]


def _error_reason(response, field: str) -> str:
    return next(error["reason"] for error in response.json()["errors"] if error["field"] == field)


@pytest.fixture
def error_fields():
    return _error_fields


@pytest.fixture
def error_reason():
    return _error_reason
