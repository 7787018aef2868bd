"""Reads of the zorgcoördinator's inbox: new signals, ranked clusters, one cluster's signals, timeline and
combined weighing. The picture of connections and the links are in explain.py.

Every list here is one indexed query (hub_cluster_inbox_idx, hub_signal_received_idx) that selects only
the columns it prints: the encrypted fields (note, identifiers) are deferred and decrypted only on the
page of one cluster, and readable identifiers only after the coordinator asks for them (audited, in
actions.cluster_identifiers_viewed).

"Flagged" (issue 5 §4): a cluster whose combined weighing is `vermoeden` and that has had no action for
HUB_ACTION_DAYS days, counted from its last action or, without one, from the day it became `vermoeden`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from signaalwijzer.accounts.roles import ZORGCOORDINATOR
from signaalwijzer.accounts.selectors import users_with_role
from signaalwijzer.hub.linking import WEIGHING_ROLE
from signaalwijzer.hub.models import (
    Cluster,
    ClusterAction,
    ClusterStatus,
    Level,
    Signal,
    SignalStatus,
    Source,
)
from signaalwijzer.public import selectors as public_selectors
from signaalwijzer.screening.engine import MINOR_ID, screening_evaluate

PAGE_SIZE = 50
# The cluster page shows at most this many signals of one cluster.
SIGNALS_SHOWN_MAX = 200
OPEN_STATUSES = (
    ClusterStatus.NEW,
    ClusterStatus.ASSIGNED,
    ClusterStatus.INFO_REQUESTED,
    ClusterStatus.ESCALATED,
)
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "open": tuple(s.value for s in OPEN_STATUSES),
    "gesloten": (ClusterStatus.CLOSED.value,),
    "alle": tuple(s.value for s in (*OPEN_STATUSES, ClusterStatus.CLOSED)),
}
# Fields a list never needs: encrypted, or large.
_SIGNAL_HEAVY = ("note", "identifiers", "keys", "indicators", "content_hash")


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(ZORGCOORDINATOR))


def action_days() -> int:
    return int(settings.HUB_ACTION_DAYS)


def flag_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=action_days())


def _quiet_since() -> Coalesce:
    return Coalesce(F("last_action_at"), F("vermoeden_since"))


def flagged_q(now: dt.datetime | None = None) -> Q:
    """Clusters that need an action: `vermoeden`, open, and quiet for HUB_ACTION_DAYS or longer."""
    return Q(
        outcome="vermoeden",
        status__in=STATUS_FILTERS["open"],
        quiet_since__lte=flag_cutoff(now),
    )


def days_without_action(cluster: Cluster, now: dt.datetime | None = None) -> int | None:
    """Whole days since the last action (or since `vermoeden`), when the cluster is flagged; else None."""
    since = cluster.last_action_at or cluster.vermoeden_since
    if cluster.outcome != "vermoeden" or since is None or cluster.status not in STATUS_FILTERS["open"]:
        return None
    now = now or timezone.now()
    if since > flag_cutoff(now):
        return None
    return max((now - since).days, action_days())


# --- The inbox ---------------------------------------------------------------------------------------------


def new_signals(*, limit: int = PAGE_SIZE, offset: int = 0) -> list[Signal]:
    """Signals the coordinator has not acted on yet (status ontvangen), newest first; one query."""
    return list(
        Signal.objects.filter(status=SignalStatus.RECEIVED)
        .select_related("source__organisation")
        .defer(*_SIGNAL_HEAVY)
        .order_by("-received_at", "-pk")[offset : offset + limit]
    )


def new_signal_count() -> int:
    return Signal.objects.filter(status=SignalStatus.RECEIVED).count()


def clusters_for_coordinator(
    user,
    *,
    level: str = Level.PERSON,
    status: str = "open",
    flagged_only: bool = False,
    several_sources: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Cluster]:
    """Clusters at one level, highest rank first (see hub.linking.cluster_refresh for the rank).

    Nothing for anyone but a zorgcoördinator. One query over hub_cluster_inbox_idx; slice it to page.
    """
    if not is_coordinator(user):
        return Cluster.objects.none()
    if level not in Level.values:
        raise ValueError(f"level: {level!r} is not one of {', '.join(Level.values)}")
    if status not in STATUS_FILTERS:
        raise ValueError(f"status: {status!r} is not one of {', '.join(STATUS_FILTERS)}")
    clusters = (
        Cluster.objects.filter(level=level, status__in=STATUS_FILTERS[status])
        .annotate(quiet_since=_quiet_since())
        .select_related("assigned_to")
        .only(
            "pk",
            "level",
            "key",
            "status",
            "signal_count",
            "source_count",
            "outcome",
            "forms",
            "rank",
            "vermoeden_since",
            "last_signal_at",
            "last_action_at",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "assigned_to__username",
        )
    )
    if flagged_only:
        clusters = clusters.filter(flagged_q(now))
    if several_sources:
        clusters = clusters.filter(source_count__gte=2)
    return clusters.order_by("-rank", "-last_signal_at", "pk")


def flagged_count(user, *, level: str = Level.PERSON, now: dt.datetime | None = None) -> int:
    if not is_coordinator(user):
        return 0
    return (
        Cluster.objects.filter(level=level)
        .annotate(quiet_since=_quiet_since())
        .filter(flagged_q(now))
        .count()
    )


# --- One cluster -------------------------------------------------------------------------------------------


def cluster_for_coordinator(user, pk: int) -> Cluster | None:
    """The cluster, or None when it does not exist or the user is no zorgcoördinator. Merged clusters are
    returned as they are (the view redirects to `cluster_survivor`)."""
    if not is_coordinator(user):
        return None
    return Cluster.objects.select_related("assigned_to").filter(pk=pk).first()


def cluster_survivor(cluster: Cluster) -> Cluster:
    """Where a merged cluster lives on: follow merged_into to the end (guarded against a cycle)."""
    seen = {cluster.pk}
    current = cluster
    while current.merged_into_id is not None and current.merged_into_id not in seen:
        seen.add(current.merged_into_id)
        current = Cluster.objects.get(pk=current.merged_into_id)
    return current


def cluster_signals(cluster: Cluster, *, limit: int = SIGNALS_SHOWN_MAX) -> list[Signal]:
    """The cluster's signals, oldest observation first, with their source organisation; one query."""
    member = Q(person_cluster=cluster) if cluster.level == Level.PERSON else Q(network_cluster=cluster)
    return list(
        Signal.objects.filter(member)
        .select_related("source__organisation")
        .order_by(F("observed_on").asc(nulls_last=True), "received_at", "pk")[:limit]
    )


def cluster_sources(cluster: Cluster) -> QuerySet[Source]:
    """The partner sources that delivered signals to this cluster: whom the coordinator can ask for more."""
    member = (
        Q(signals__person_cluster=cluster)
        if cluster.level == Level.PERSON
        else Q(signals__network_cluster=cluster)
    )
    return Source.objects.filter(member).select_related("organisation").distinct().order_by("slug")


def cluster_history(cluster: Cluster) -> list[ClusterAction]:
    return list(
        ClusterAction.objects.filter(cluster=cluster).select_related(
            "actor", "assigned_to", "source__organisation"
        )
    )


def coordinators() -> QuerySet:
    return users_with_role(ZORGCOORDINATOR)


@dataclass
class SourceTimeline:
    organisation: str
    source: str
    signals: list[Signal]


def timeline_per_source(signals: list[Signal]) -> list[SourceTimeline]:
    """Signals grouped per source organisation, each group in date order; groups by their first signal."""
    groups: dict[int, SourceTimeline] = {}
    for signal in signals:
        org = signal.source.organisation
        group = groups.get(org.pk)
        if group is None:
            group = groups[org.pk] = SourceTimeline(org.name, signal.source.slug, [])
        group.signals.append(signal)
    for group in groups.values():
        group.signals.sort(key=_signal_moment)
    return sorted(groups.values(), key=lambda g: (_signal_moment(g.signals[0]), g.organisation))


def _signal_moment(signal: Signal) -> tuple:
    day = signal.observed_on or timezone.localdate(signal.received_at)
    return (day, signal.received_at, signal.pk)


def combined_indicators(signals: list[Signal]) -> tuple[list[str], bool]:
    """The union of the signals' indicators, and whether any says the person is a minor."""
    union: set[str] = set()
    for signal in signals:
        union.update(str(i) for i in signal.indicators or [])
    minor = MINOR_ID in union or any(getattr(s, "minor", False) for s in signals)
    return sorted(union), minor


def combined_weighing(signals: list[Signal], *, language: str):
    """The screening engine on the union of indicators (what the signals say together), as the public
    result page renders it: {"outcome", "explanation", "signals", "positive_forms", ...}; None when the
    signals name no indicator the knowledge base knows."""
    kb = public_selectors.kb()
    indicators, minor = combined_indicators(signals)
    known = [i for i in indicators if i in kb.indicators]
    if not known:
        return None
    result = screening_evaluate(indicators=known, role=WEIGHING_ROLE, minor=minor, kb=kb)
    view = public_selectors.result_view(kb, result, language=language, deployment=settings.SIGNAALWIJZER)
    view["minor"] = result.minor
    view["unknown"] = [i for i in indicators if i not in kb.indicators]
    return view
