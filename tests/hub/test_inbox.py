"""The coordinator's inbox /signalenhub/: who gets in, ranking, flag, filters, paging, query count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, BELEIDSMEDEWERKER, PROFESSIONAL
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub import inbox
from signaalwijzer.hub.models import Cluster, ClusterStatus, Level, SignalStatus
from tests.accounts import factories as accounts
from tests.hub import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zc():
    return factories.coordinator()


@pytest.fixture
def zc_client(client, zc):
    return factories.verified_login(client, zc)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize(
    "roles", [(PROFESSIONAL,), (PROFESSIONAL, AANDACHTSFUNCTIONARIS), (BELEIDSMEDEWERKER,)]
)
def test_anyone_but_a_coordinator_gets_404_and_is_audited(client, roles):
    user = accounts.user(roles=roles)
    client.force_login(user)
    cluster, _ = factories.cluster_with_signals(sources=1)
    for url in ("/signalenhub/", "/signalenhub/nieuw/", f"/signalenhub/clusters/{cluster.pk}/"):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            f"/signalenhub/clusters/{cluster.pk}/actie/opschalen/", {"opschalen-text": "x"}
        ).status_code
        == 404
    )
    refused = AuditEntry.objects.filter(action="hub.access_denied", actor_id=user.pk)
    assert refused.count() == 4
    assert refused.filter(object_type="cluster", object_id=str(cluster.pk)).count() == 2
    assert Cluster.objects.get(pk=cluster.pk).status == ClusterStatus.NEW


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get("/signalenhub/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_coordinator_without_second_factor_is_sent_to_enrol(client, zc):
    client.force_login(zc)
    response = client.get("/signalenhub/")
    assert response.status_code == 302 and "tweestapsverificatie" in response["Location"]


def test_clusters_are_ranked_and_show_sources_outcome_and_flag(zc_client):
    now = timezone.now()
    low, _ = factories.cluster_with_signals(sources=1, outcome="zorgelijk", rank=13.0)
    high, _ = factories.cluster_with_signals(sources=3, outcome="vermoeden", rank=32.0)
    old, _ = factories.cluster_with_signals(sources=2, outcome="vermoeden", rank=27.0)
    Cluster.objects.filter(pk=old.pk).update(vermoeden_since=now - dt.timedelta(days=9))
    Cluster.objects.filter(pk=high.pk).update(
        last_action_at=now - dt.timedelta(days=1), vermoeden_since=now - dt.timedelta(days=20)
    )
    response = zc_client.get("/signalenhub/")
    assert response.status_code == 200
    page = response.content.decode()
    order = [int(pk) for pk in re.findall(r'href="/signalenhub/clusters/(\d+)/"', page)]
    assert order[-3:] == [high.pk, old.pk, low.pk]
    text = _text(response)
    assert "Actie nodig: 9 dagen zonder actie" in text
    assert "Bij 1 cluster is actie nodig." in text
    assert text.count("Actie nodig:") == 1  # the recent action on `high` stops its flag


@override_settings(HUB_ACTION_DAYS=10)
def test_the_number_of_days_is_configurable(zc_client):
    cluster, _ = factories.cluster_with_signals(sources=2, rank=20.0)
    Cluster.objects.filter(pk=cluster.pk).update(vermoeden_since=timezone.now() - dt.timedelta(days=9))
    assert "Actie nodig" not in _text(zc_client.get("/signalenhub/"))
    Cluster.objects.filter(pk=cluster.pk).update(vermoeden_since=timezone.now() - dt.timedelta(days=11))
    assert "Actie nodig: 11 dagen zonder actie" in _text(zc_client.get("/signalenhub/"))


def test_filters_level_status_flagged_and_sources(zc_client, zc):
    person, _ = factories.cluster_with_signals(sources=1, rank=10.0)
    network, _ = factories.cluster_with_signals(sources=2, level=Level.NETWORK, rank=10.0)
    closed, _ = factories.cluster_with_signals(sources=2, status=ClusterStatus.CLOSED, rank=10.0)
    flagged, _ = factories.cluster_with_signals(sources=2, rank=1.0)
    Cluster.objects.filter(pk=flagged.pk).update(vermoeden_since=timezone.now() - dt.timedelta(days=30))
    factories.cluster(status=ClusterStatus.MERGED, merged_into=person, rank=99.0)

    def shown(query: str) -> set[int]:
        page = zc_client.get("/signalenhub/" + query).content.decode()
        page = page[page.index('id="clusters"') :]
        return {int(pk) for pk in re.findall(r'href="/signalenhub/clusters/(\d+)/"', page)}

    assert shown("?niveau=person&status=open") >= {person.pk, flagged.pk}
    assert closed.pk not in shown("?niveau=person&status=open")
    assert shown("?niveau=network&status=open") == {network.pk}
    assert closed.pk in shown("?niveau=person&status=gesloten")
    assert person.pk not in shown("?niveau=person&status=gesloten")
    assert shown("?niveau=person&status=open&actie_nodig=on") == {flagged.pk}
    assert person.pk not in shown("?niveau=person&status=open&meer_bronnen=on")
    # An unknown value falls back to the default list instead of failing.
    assert zc_client.get("/signalenhub/?niveau=planeet&status=x").status_code == 200
    assert set(inbox.clusters_for_coordinator(zc, status="alle").values_list("status", flat=True)) <= {
        ClusterStatus.NEW,
        ClusterStatus.CLOSED,
    }


def test_new_signals_are_listed_until_acted_on(zc_client):
    cluster, signals = factories.cluster_with_signals(sources=2)
    factories.signal(status=SignalStatus.ESCALATED, external_id="oud:1")
    text = _text(zc_client.get("/signalenhub/"))
    assert "Nieuwe signalen (2)" in text
    assert signals[0].external_id in text and "oud:1" not in text
    zc_client.post(f"/signalenhub/clusters/{cluster.pk}/actie/notitie/", {"notitie-text": "Gezien"})
    assert "Er zijn geen nieuwe signalen." in _text(zc_client.get("/signalenhub/"))


def test_the_inbox_pages_and_counts_queries_independent_of_rows(zc_client):
    for n in range(inbox.PAGE_SIZE + 5):
        factories.cluster(
            rank=float(n), source_count=2, signal_count=2, outcome="zorgelijk", forms=["arbeid"]
        )
    first = zc_client.get("/signalenhub/")
    assert "Volgende pagina" in first.content.decode()
    second = zc_client.get("/signalenhub/?niveau=person&status=open&pagina=2")
    rows = re.findall(r'href="/signalenhub/clusters/(\d+)/"', second.content.decode())
    assert len(rows) == 5 and "Vorige pagina" in second.content.decode()
    with CaptureQueriesContext(connection) as small:
        zc_client.get("/signalenhub/?pagina=2")
    with CaptureQueriesContext(connection) as full:
        zc_client.get("/signalenhub/")
    assert len(full) == len(small)  # no query per row
    cluster_queries = [q["sql"] for q in full if 'FROM "hub_cluster"' in q["sql"] and "COUNT" not in q["sql"]]
    assert len(cluster_queries) == 1
    assert '"hub_signal"' not in cluster_queries[0]


def test_new_signals_page(zc_client):
    for n in range(3):
        factories.signal(external_id=f"proef:{n}")
    response = zc_client.get("/signalenhub/nieuw/")
    assert response.status_code == 200
    assert all(f"proef:{n}" in response.content.decode() for n in range(3))
