"""The coordinator's pages in English (Django i18n, hub/locale/en)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.hub import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_inbox_and_cluster_page_in_english(client):
    factories.verified_login(client, factories.coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cluster, _ = factories.cluster_with_signals(sources=2, rank=30.0)
    inbox = _text(client.get("/signalenhub/"))
    assert "Signal hub" in inbox and "New signals (2)" in inbox and "Only clusters that need action" in inbox
    assert "Nieuwe signalen" not in inbox
    page = _text(client.get(f"/signalenhub/clusters/{cluster.pk}/"))
    for words in (
        "What the signals say together",
        "Timeline per organisation",
        "Connections",
        "Show details",
        "Escalate to the case meeting",
        "History",
    ):
        assert words in page
    response = client.post(f"/signalenhub/clusters/{cluster.pk}/actie/sluiten/", {"sluiten-reason": ""})
    assert "Write why you are closing the cluster." in _text(response)
