"""Linking again: every signal (`signals_relink`) or one pair the coordinator decides on (`link_decide`)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import ZORGCOORDINATOR
from signaalwijzer.audit.services import audit_record
from signaalwijzer.hub import linking
from signaalwijzer.hub.errors import Problem, SignalForbidden, SignalInvalid
from signaalwijzer.hub.linking import RelinkReport
from signaalwijzer.hub.models import (
    ActionKind,
    Cluster,
    ClusterAction,
    DecisionKind,
    Level,
    LinkDecision,
    Signal,
)
from signaalwijzer.hub.services.common import Progress

# --- linking -----------------------------------------------------------------------------------------------


@transaction.atomic
def signals_relink(
    *, progress: Progress | None = None, actor: User | None = None, workers: int = 1
) -> RelinkReport:
    """Link every stored signal again (`linkage.batch_link`, in `workers` processes), with the coordinator's
    decisions; the token counts are counted again from the token index on the way (`counts_fixed`: wrong ones)."""
    report = linking.signals_relink_all(progress=progress, workers=workers)
    audit_record(
        action="hub.signals_relink",
        object_type="hub.cluster",
        object_id="all",
        actor=actor,
        detail={
            "signals": report.signals,
            "moved": report.moved,
            "merged": report.merged,
            "counts_fixed": report.counts_fixed,
        },
    )
    return report


@transaction.atomic
def link_decide(
    *,
    user: User,
    level: str,
    signal_a: Signal,
    signal_b: Signal,
    decision: str,
    request: HttpRequest | None = None,
) -> None:
    """The coordinator confirms or splits the link between two signals at one level.

    Replaces an earlier decision on the pair, links both signals' clusters again, and appends a
    CONFIRM_LINK or SPLIT_LINK action to the cluster(s) they are in afterwards. A split does not separate
    two signals still connected through a third (ADR 0011); the cluster page shows what connects them.
    """
    if not (user.is_active and user.has_role(ZORGCOORDINATOR)):
        raise SignalForbidden("user", _("Alleen de zorgcoördinator beslist over koppelingen."))
    problems: list[Problem] = []
    if level not in Level.values:
        problems.append(("level", _("kies persoon of netwerk")))
    if decision not in DecisionKind.values:
        problems.append(("decision", _("kies bevestigen of splitsen")))
    if signal_a.pk == signal_b.pk:
        problems.append(("signal_b", _("kies twee verschillende signalen")))
    if problems:
        raise SignalInvalid(problems)
    first, second = sorted((signal_a, signal_b), key=lambda s: s.pk)
    LinkDecision.objects.update_or_create(
        level=level,
        signal_a=first,
        signal_b=second,
        defaults={"decision": decision, "decided_by": user},
    )
    linking.decision_relink(first, second)
    fk = linking.FK[level]
    clusters = set(Signal.objects.filter(pk__in=(first.pk, second.pk)).values_list(fk, flat=True)) - {None}
    kind = ActionKind.CONFIRM_LINK if decision == DecisionKind.CONFIRMED else ActionKind.SPLIT_LINK
    now = timezone.now()
    for cluster_pk in sorted(clusters):
        ClusterAction.objects.create(
            cluster_id=cluster_pk, kind=kind, actor=user, text=f"{first.external_id} – {second.external_id}"
        )
    Cluster.objects.filter(pk__in=clusters).update(last_action_at=now)
    audit_record(
        action="hub.link_decide",
        object_type="hub.signal",
        object_id=first.pk,
        actor=user,
        request=request,
        detail={"level": level, "decision": decision, "other": second.pk, "clusters": sorted(clusters)},
    )
