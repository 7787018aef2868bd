"""The demo's partner signals (hub/demo_signals.jsonl) build what the coordinator should see after `make run`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from signaalwijzer.accounts.models import OrganisationType
from signaalwijzer.hub import inbox
from signaalwijzer.hub.demo_signals import DEMO_SOURCES, demo_signal_lines, demo_signals_load
from signaalwijzer.hub.models import Cluster, Level, Signal
from tests.accounts import factories as accounts
from tests.hub import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return {
        key: accounts.organisation(name=f"Demo {key}", type=OrganisationType.OVERIG) for key in DEMO_SOURCES
    }


def test_the_file_is_synthetic_and_varied():
    lines = demo_signal_lines()
    assert 35 <= len(lines) <= 60
    assert len({line["source"] for line in lines}) >= 6
    phones = [line.get("person", {}).get("phone", "") for line in lines]
    assert any(p.startswith("06-") for p in phones) and any(p.startswith("+31 6") for p in phones)
    assert all(line["person"]["bsn"].startswith("9999") for line in lines if "bsn" in line.get("person", {}))
    assert all("TEST" in line["person"]["iban"] for line in lines if "iban" in line.get("person", {}))


def test_loading_builds_the_clusters_and_is_idempotent(organisations):
    today = timezone.localdate() - dt.timedelta(days=3)  # any day: the file's dates move along
    made = demo_signals_load(organisations=organisations, today=today)
    assert made == len(demo_signal_lines()) == Signal.objects.count()
    assert demo_signals_load(organisations=organisations, today=today) == 0
    assert Signal.objects.count() == made

    zc = factories.coordinator()
    top_person = inbox.clusters_for_coordinator(zc, level=Level.PERSON).first()
    sources = set(Signal.objects.filter(person_cluster=top_person).values_list("source__slug", flat=True))
    assert sources == {"schuldhulp", "woningcorporatie", "huisarts"}
    assert top_person.outcome == "vermoeden"

    network = [
        c
        for c in inbox.clusters_for_coordinator(zc, level=Level.NETWORK)[:3]
        if set(Signal.objects.filter(network_cluster=c).values_list("source__slug", flat=True))
        == {"politie-basisteam", "wijkteam-noord", "arbeidsinspectie"}
    ]
    assert len(network) == 1
    assert Signal.objects.filter(network_cluster=network[0]).values("person_cluster").distinct().count() == 3

    flagged = list(inbox.clusters_for_coordinator(zc, level=Level.PERSON, flagged_only=True))
    assert len(flagged) == 1 and flagged[0].outcome == "vermoeden"
    assert inbox.days_without_action(flagged[0]) >= 10
    singletons = Cluster.objects.filter(level=Level.PERSON, signal_count=1).count()
    assert singletons >= 20
    # Dates follow the day of loading: the last signal arrived on that day.
    assert max(Signal.objects.values_list("received_at", flat=True)).date() == today


def test_demo_load_brings_the_partner_signals_once():
    from signaalwijzer.operations.demo import demo_load

    first = demo_load()
    assert first.created
    assert Signal.objects.count() == len(demo_signal_lines())
    assert set(Signal.objects.values_list("source__organisation__name", flat=True)) >= {
        "Schuldhulp Voorbeeld",
        "Woonstichting Proefwonen",
        "Huisartsenpraktijk De Proef",
        "Politie basisteam Voorbeeld",
        "Wijkteam Noord",
        "Arbeidsinspectie regio Voorbeeld",
    }
    again = demo_load()
    assert not again.created
    assert Signal.objects.count() == len(demo_signal_lines())
