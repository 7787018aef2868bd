"""Fixtures for the public pages: the shipped knowledge base, the engine, and clients per language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from signaalwijzer.knowledge import KnowledgeError
from signaalwijzer.public import selectors


@pytest.fixture(scope="session")
def kb():
    try:
        return selectors.kb()
    except KnowledgeError as exc:
        pytest.skip(f"the knowledge content is not complete yet ({len(exc.problems)} problems in data/)")


@pytest.fixture(scope="session")
def engine():
    return pytest.importorskip(
        "signaalwijzer.screening.engine",
        reason="the weighing engine (screening/engine.py) is not written yet",
    )


def _client(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def nl(kb) -> Client:
    return _client("nl")


@pytest.fixture
def en(kb) -> Client:
    return _client("en")


@pytest.fixture
def client_for(kb):
    return _client
