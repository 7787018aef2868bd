"""Cluster actions (hub/actions.py): history appended, cluster and partner statuses set, audited, checked."""

from __future__ import annotations

import pytest

from signaalwijzer.accounts.roles import PROFESSIONAL
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub import actions
from signaalwijzer.hub.models import ActionKind, ClusterAction, ClusterStatus, Level, SignalStatus
from tests.accounts import factories as accounts
from tests.hub import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def zc():
    return factories.coordinator(first_name="Zoë", last_name="Proef")


def _statuses(signals):
    return [type(s).objects.get(pk=s.pk).status for s in signals]


def test_escalating_appends_history_sets_statuses_and_audits_without_the_text(zc):
    cluster, signals = factories.cluster_with_signals(sources=3)
    action = actions.cluster_escalate(cluster=cluster, actor=zc, text="Bespreken: Piet Proef, Kasweg 4")
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.ESCALATED
    assert cluster.last_action_at == action.at
    assert _statuses(signals) == [SignalStatus.ESCALATED] * 3
    assert list(cluster.actions.values_list("kind", flat=True)) == [ActionKind.ESCALATE]
    entry = AuditEntry.objects.get(action="hub.cluster_escalated")
    assert entry.object_type == "cluster" and entry.object_id == str(cluster.pk)
    assert entry.detail["signals_changed"] == 3
    assert "Piet" not in str(entry.detail) and "Kasweg" not in str(entry.detail)


def test_the_action_text_is_encrypted_at_rest(zc):
    from django.db import connection

    cluster, _ = factories.cluster_with_signals(sources=1)
    action = actions.cluster_note(cluster=cluster, actor=zc, text="Voorbeeldnotitie over Proef")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM hub_clusteraction WHERE id = %s", [action.pk])
        (raw,) = cursor.fetchone()
    assert "Proef" not in raw
    assert ClusterAction.objects.get(pk=action.pk).text == "Voorbeeldnotitie over Proef"


def test_closing_needs_a_reason_and_writes_nothing_without_one(zc):
    cluster, signals = factories.cluster_with_signals(sources=2)
    with pytest.raises(actions.ActionInvalid) as error:
        actions.cluster_close(cluster=cluster, actor=zc, reason="   ")
    assert error.value.errors == {"reason": "Schrijf waarom je het cluster sluit."}
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.NEW and cluster.last_action_at is None
    assert not ClusterAction.objects.exists()
    assert not AuditEntry.objects.filter(action="hub.cluster_closed").exists()
    assert _statuses(signals) == [SignalStatus.RECEIVED] * 2


def test_close_and_reopen(zc):
    cluster, signals = factories.cluster_with_signals(sources=2)
    actions.cluster_close(cluster=cluster, actor=zc, reason="Geen zorgen meer na gesprek")
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.CLOSED
    assert _statuses(signals) == [SignalStatus.CLOSED] * 2
    with pytest.raises(actions.ActionInvalid):
        actions.cluster_escalate(cluster=cluster, actor=zc, text="Toch bespreken")
    with pytest.raises(actions.ActionInvalid):
        actions.cluster_close(cluster=cluster, actor=zc, reason="Nog eens")
    actions.cluster_reopen(cluster=cluster, actor=zc)
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.NEW
    assert _statuses(signals) == [SignalStatus.IN_PROGRESS] * 2
    assert [a.kind for a in cluster.actions.all()] == [ActionKind.CLOSE, ActionKind.REOPEN]
    with pytest.raises(actions.ActionInvalid):
        actions.cluster_reopen(cluster=cluster, actor=zc)


def test_assign_only_to_a_coordinator(zc):
    cluster, signals = factories.cluster_with_signals(sources=1)
    professional = accounts.user(roles=(PROFESSIONAL,))
    with pytest.raises(actions.ActionInvalid) as error:
        actions.cluster_assign(cluster=cluster, actor=zc, assignee=professional)
    assert "assignee" in error.value.errors
    colleague = factories.coordinator()
    actions.cluster_assign(cluster=cluster, actor=zc, assignee=colleague)
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.ASSIGNED and cluster.assigned_to == colleague
    assert _statuses(signals) == [SignalStatus.IN_PROGRESS]
    assert AuditEntry.objects.get(action="hub.cluster_assigned").detail["assigned_to"] == colleague.pk


def test_asking_information_marks_only_that_sources_signals(zc):
    cluster, signals = factories.cluster_with_signals(sources=3)
    actions.cluster_ask_info(cluster=cluster, actor=zc, source=signals[1].source, text="Wat zag u precies?")
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.INFO_REQUESTED
    assert _statuses(signals) == [
        SignalStatus.IN_PROGRESS,
        SignalStatus.INFO_REQUESTED,
        SignalStatus.IN_PROGRESS,
    ]
    outsider = factories.source()
    with pytest.raises(actions.ActionInvalid) as error:
        actions.cluster_ask_info(cluster=cluster, actor=zc, source=outsider, text="Vraag")
    assert set(error.value.errors) == {"source"}


def test_a_note_counts_as_an_action_but_keeps_an_escalation(zc):
    cluster, signals = factories.cluster_with_signals(sources=2)
    actions.cluster_escalate(cluster=cluster, actor=zc, text="Casusoverleg dinsdag")
    actions.cluster_note(cluster=cluster, actor=zc, text="Politie belt terug")
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.ESCALATED
    assert _statuses(signals) == [SignalStatus.ESCALATED] * 2
    with pytest.raises(actions.ActionInvalid) as error:
        actions.cluster_note(cluster=cluster, actor=zc, text="")
    assert error.value.errors == {"text": "Schrijf een notitie."}


def test_only_a_coordinator_acts(zc):
    cluster, _ = factories.cluster_with_signals(sources=1)
    professional = accounts.user(roles=(PROFESSIONAL,))
    with pytest.raises(actions.ActionNotAllowed):
        actions.cluster_escalate(cluster=cluster, actor=professional, text="Bespreken")
    with pytest.raises(actions.ActionNotAllowed):
        actions.cluster_identifiers_viewed(cluster=cluster, actor=professional, signals=1)
    assert not ClusterAction.objects.exists()


def test_a_merged_cluster_takes_no_actions(zc):
    survivor, _ = factories.cluster_with_signals(sources=1)
    merged = factories.cluster(status=ClusterStatus.MERGED, merged_into=survivor, level=Level.PERSON)
    with pytest.raises(actions.ActionInvalid) as error:
        actions.cluster_note(cluster=merged, actor=zc, text="Notitie")
    assert "samengevoegd" in error.value.errors[""]


def test_a_network_action_reaches_the_network_members(zc):
    cluster, signals = factories.cluster_with_signals(sources=2, level=Level.NETWORK)
    actions.cluster_escalate(cluster=cluster, actor=zc, text="Netwerk bespreken")
    assert _statuses(signals) == [SignalStatus.ESCALATED] * 2
