"""Links on the cluster page come from linkage.compare, and the coordinator confirms or splits them
(services.link_decide). Signals are ingested for real (services.signal_ingest)."""

from __future__ import annotations

import re

import pytest

from signaalwijzer.hub.models import ActionKind, Level, LinkDecision, Signal, Via
from signaalwijzer.hub.services import signal_ingest
from tests.hub import factories

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def zc_client(client):
    return factories.verified_login(client, factories.coordinator())


@pytest.fixture
def pair():
    debt = factories.source(slug="schuldhulp-proef", name="Schuldhulp Proef")
    gp = factories.source(slug="huisarts-proef", name="Huisarts Proef")
    a, _ = signal_ingest(
        data={
            "id": "SH-1",
            "source": "schuldhulp-proef",
            "indicators": ["debts"],
            "person": {
                "given_names": "Marek",
                "surname": "Proefowski",
                "birth_date": "1991-03-14",
                "phone": "06-12345601",
            },
        },
        source=debt,
        via=Via.IMPORT,
    )
    b, _ = signal_ingest(
        data={
            "id": "HA-1",
            "source": "huisarts-proef",
            "indicators": ["exhaustion"],
            "person": {"name": "Proefowsky, Marek", "birth_date": "14-03-1991", "phone": "+31 6 1234 5601"},
        },
        source=gp,
        via=Via.IMPORT,
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_cluster_id == b.person_cluster_id is not None
    return a, b


def test_the_page_explains_the_link_with_the_evidence(zc_client, pair):
    a, _b = pair
    text = _text(zc_client.get(f"/signalenhub/clusters/{a.person_cluster_id}/"))
    links = text[text.index("Koppelingen en waarom") : text.index("Acties")]
    assert "Signaal 1 en 2" in links and "dezelfde persoon" in links
    assert "telefoon: " in links and "naam: " in links and "geboortedatum: " in links
    # Evidence is in words, never the values.
    assert "Marek" not in links and "+3161234" not in links


def test_splitting_a_link_separates_the_signals_and_is_kept(zc_client, pair):
    a, b = pair
    cluster = a.person_cluster_id
    response = zc_client.post(
        f"/signalenhub/clusters/{cluster}/koppeling/",
        {"signal_a": a.pk, "signal_b": b.pk, "decision": "split"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#koppelingen")
    decision = LinkDecision.objects.get(level=Level.PERSON)
    assert (decision.signal_a_id, decision.signal_b_id, decision.decision) == (a.pk, b.pk, "split")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_cluster_id != b.person_cluster_id
    kinds = {
        k for c in (a.person_cluster, b.person_cluster) for k in c.actions.values_list("kind", flat=True)
    }
    assert ActionKind.SPLIT_LINK in kinds


def test_a_pair_from_outside_the_cluster_is_refused(zc_client, pair):
    a, _b = pair
    stranger = factories.signal()
    response = zc_client.post(
        f"/signalenhub/clusters/{a.person_cluster_id}/koppeling/",
        {"signal_a": a.pk, "signal_b": stranger.pk, "decision": "split"},
    )
    assert response.status_code == 400
    assert "Deze signalen horen niet (meer) bij dit cluster." in _text(response)
    assert not LinkDecision.objects.exists()
    assert Signal.objects.get(pk=a.pk).person_cluster_id == a.person_cluster_id


def test_confirming_a_link_is_stored_and_shown(zc_client, pair):
    a, b = pair
    cluster = a.person_cluster_id
    response = zc_client.post(
        f"/signalenhub/clusters/{cluster}/koppeling/",
        {"signal_a": b.pk, "signal_b": a.pk, "decision": "confirmed"},
        follow=True,
    )
    decision = LinkDecision.objects.get(level=Level.PERSON)
    assert (decision.signal_a_id, decision.signal_b_id, decision.decision) == (a.pk, b.pk, "confirmed")
    text = _text(response)
    assert "De koppeling is bevestigd." in text
    links = text[text.index("Koppelingen en waarom") : text.index("Acties")]
    assert "Bevestigd" in links and "Verbreek" in links and "Bevestig koppeling" not in links
    history = text[text.index("Geschiedenis") :]
    assert "Koppeling bevestigd" in history


def test_a_token_too_common_in_the_store_is_not_shown_as_evidence(zc_client, pair, monkeypatch):
    # The linker ignores a token held by more signals than its cap (a shelter's phone, a big employer); the
    # page counts tokens store-wide the same way, so it never shows such a token as the reason for a link.
    from signaalwijzer.hub import explain

    counted = explain.token_counts

    def phone_everywhere(tokens):
        counts = counted(tokens)
        return {t: (10_000 if t.startswith("phone") else n) for t, n in counts.items()}

    monkeypatch.setattr(explain, "token_counts", phone_everywhere)
    a, _b = pair
    text = _text(zc_client.get(f"/signalenhub/clusters/{a.person_cluster_id}/"))
    links = text[text.index("Koppelingen en waarom") : text.index("Acties")]
    assert "naam: " in links and "geboortedatum: " in links
    assert "telefoon: " not in links
