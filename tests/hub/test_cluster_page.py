"""The cluster page /signalenhub/clusters/<pk>/: combined picture, timeline, connections, reveal, actions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub.models import ActionKind, Cluster, ClusterStatus, Level, SignalStatus
from tests.hub import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zc():
    return factories.coordinator(first_name="Zoë", last_name="Voorbeeld")


@pytest.fixture
def zc_client(client, zc):
    return factories.verified_login(client, zc)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def labour_cluster():
    """One person seen by debt counselling, housing and a GP, sharing an address and a phone."""
    cluster = factories.cluster(outcome="vermoeden", signal_count=3, source_count=3, forms=["arbeid"])
    network = factories.cluster(level=Level.NETWORK, outcome="vermoeden", signal_count=3, source_count=3)
    person = factories.identifiers(
        given_names="Marek", surname="Proef", phone="+31612340001", postcode="1234AB", house_number="4"
    )
    made = []
    for name, indicators, day in (
        ("Schuldhulp Proef", ["street_debt", "no_contract_or_insurance"], 3),
        ("Woonstichting Proef", ["housing_provided_by_employer", "many_people_registered_at_address"], 5),
        ("Huisarts Proef", ["untreated_injuries", "exhaustion"], 9),
    ):
        made.append(
            factories.signal(
                source_=factories.source(name=name),
                person_cluster=cluster,
                network_cluster=network,
                indicators=indicators,
                observed_on=dt.date(2026, 10, day),
                identifiers_=person,
                note=f"Toelichting van {name} over Marek",
            )
        )
    return cluster, made


def test_the_page_shows_the_combined_weighing_timeline_and_connections_without_identifiers(
    zc_client, labour_cluster
):
    cluster, signals = labour_cluster
    response = zc_client.get(f"/signalenhub/clusters/{cluster.pk}/")
    assert response.status_code == 200
    text = _text(response)
    assert f"Cluster {cluster.pk}" in text
    assert "Wat de signalen samen zeggen" in text and "Waarom?" in text
    # The union of the indicators is weighed: no single organisation saw enough, together it is vermoeden.
    assert "Je zag 6 signalen." in text
    for title in ("Heeft verwondingen of klachten", "Veel mensen wonen of staan ingeschreven", "schuld"):
        assert title in text
    assert "Daarom is de uitkomst ‘vermoeden’." in text
    # One timeline group per organisation, in the order of their first signal.
    page = response.content.decode()
    positions = [
        page.index(f"<h3>{org}</h3>") for org in ("Schuldhulp Proef", "Woonstichting Proef", "Huisarts Proef")
    ]
    assert positions == sorted(positions)
    # The picture and its text alternative: shared address and phone, hidden by default.
    assert "<svg viewBox=" in page and 'role="img"' in page
    assert "Adres 1" in text and "Telefoon 1" in text
    assert "Marek" not in text and "1234" not in text and "+3161234" not in text
    assert "Toon gegevens" in text
    assert not AuditEntry.objects.filter(action="hub.identifiers_viewed").exists()


def test_revealing_identifiers_is_audited_without_values(zc_client, zc, labour_cluster):
    cluster, _ = labour_cluster
    response = zc_client.post(f"/signalenhub/clusters/{cluster.pk}/gegevens/")
    assert response.status_code == 200
    text = _text(response)
    assert "Marek Proef (1990-05-01)" in text
    assert "+31612340001" in text and "1234 AB nr 4" in text
    assert "Toelichting van Huisarts Proef over Marek" in text
    entry = AuditEntry.objects.get(action="hub.identifiers_viewed")
    assert entry.object_type == "cluster" and entry.object_id == str(cluster.pk) and entry.actor_id == zc.pk
    assert "Marek" not in str(entry.detail) and "+316" not in str(entry.detail)
    # A plain GET afterwards hides them again.
    assert "Marek" not in _text(zc_client.get(f"/signalenhub/clusters/{cluster.pk}/"))


def test_escalating_from_the_page_shows_in_history_and_partner_status(zc_client, labour_cluster):
    cluster, signals = labour_cluster
    response = zc_client.post(
        f"/signalenhub/clusters/{cluster.pk}/actie/opschalen/",
        {"opschalen-text": "Bespreken in het casusoverleg van dinsdag"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/signalenhub/clusters/{cluster.pk}/#geschiedenis"
    text = _text(response)
    assert "Het cluster is opgeschaald naar het casusoverleg." in text
    history = text[text.index("Geschiedenis") :]
    assert (
        "Opgeschaald naar casusoverleg" in history and "Bespreken in het casusoverleg van dinsdag" in history
    )
    assert "Zoë Voorbeeld" in history
    for signal in signals:
        signal.refresh_from_db()
        assert signal.get_status_display() == "Besproken in casusoverleg"
    assert "status voor de organisatie: Besproken in casusoverleg" in text


def test_an_action_with_an_error_keeps_the_text_and_links_the_error_to_the_field(zc_client, labour_cluster):
    cluster, signals = labour_cluster
    response = zc_client.post(f"/signalenhub/clusters/{cluster.pk}/actie/sluiten/", {"sluiten-reason": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_sluiten-reason">Schrijf waarom je het cluster sluit.</a>' in page
    assert (
        'id="id_sluiten-reason" rows="3" required aria-invalid="true" aria-describedby="id_sluiten-reason-fout"'
        in page
    )
    assert '<details class="hub-action" open>' in page
    # Typed text is kept when another field is wrong.
    response = zc_client.post(
        f"/signalenhub/clusters/{cluster.pk}/actie/info/",
        {"info-source": "", "info-text": "Wanneer zag u hem voor het laatst?"},
    )
    page = response.content.decode()
    assert "Wanneer zag u hem voor het laatst?</textarea>" in page
    assert 'href="#id_info-source"' in page
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.NEW and not cluster.actions.exists()


def test_asking_a_source_and_assigning_from_the_page(zc_client, zc, labour_cluster):
    cluster, signals = labour_cluster
    zc_client.post(
        f"/signalenhub/clusters/{cluster.pk}/actie/info/",
        {"info-source": signals[0].source_id, "info-text": "Welke schulden?"},
    )
    zc_client.post(f"/signalenhub/clusters/{cluster.pk}/actie/toewijzen/", {"toewijzen-assignee": zc.pk})
    cluster.refresh_from_db()
    assert [a.kind for a in cluster.actions.all()] == [ActionKind.ASK_INFO, ActionKind.ASSIGN]
    assert cluster.assigned_to == zc and cluster.status == ClusterStatus.ASSIGNED
    signals[0].refresh_from_db()
    assert signals[0].status == SignalStatus.IN_PROGRESS  # assigning after asking moves everyone on


def test_close_then_reopen_from_the_page(zc_client, labour_cluster):
    cluster, _ = labour_cluster
    zc_client.post(f"/signalenhub/clusters/{cluster.pk}/actie/sluiten/", {"sluiten-reason": "Dubbel gemeld"})
    page = _text(zc_client.get(f"/signalenhub/clusters/{cluster.pk}/"))
    assert "Cluster weer openen" in page and "Opschalen naar het casusoverleg" not in page
    zc_client.post(f"/signalenhub/clusters/{cluster.pk}/actie/heropenen/", {"heropenen-text": ""})
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.NEW


def test_an_unknown_action_is_404(zc_client, labour_cluster):
    cluster, _ = labour_cluster
    assert zc_client.post(f"/signalenhub/clusters/{cluster.pk}/actie/verwijderen/").status_code == 404
    assert zc_client.get(f"/signalenhub/clusters/{cluster.pk}/actie/sluiten/").status_code == 405


def test_a_merged_cluster_redirects_to_its_survivor(zc_client):
    survivor, _ = factories.cluster_with_signals(sources=1)
    middle = factories.cluster(status=ClusterStatus.MERGED, merged_into=survivor)
    first = factories.cluster(status=ClusterStatus.MERGED, merged_into=middle)
    response = zc_client.get(f"/signalenhub/clusters/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/signalenhub/clusters/{survivor.pk}/"
    response = zc_client.post(f"/signalenhub/clusters/{first.pk}/actie/notitie/", {"notitie-text": "x"})
    assert response["Location"] == f"/signalenhub/clusters/{survivor.pk}/"
    assert not Cluster.objects.get(pk=survivor.pk).actions.exists()


def test_an_unknown_cluster_is_404(zc_client):
    assert zc_client.get("/signalenhub/clusters/999999/").status_code == 404
