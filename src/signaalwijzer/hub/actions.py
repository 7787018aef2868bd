"""The zorgcoördinator's actions on a cluster (issue 5 §4): the one write path of cluster histories.

Every action appends a ClusterAction (never edited), sets the cluster's status and `last_action_at` (which
stops the "Actie nodig" flag), sets the status its member signals show to the partners who shared them
(status only, issue 5 §1), and writes its audit entry in the same transaction. The audit detail holds
ids and counts only: what the coordinator typed may name people, so it lives encrypted in the action.

What a partner sees of an action:
  assign, note .......... In behandeling
  ask for information ... Meer informatie gevraagd (the asked source's signals; the others: In behandeling)
  escalate .............. Besproken in casusoverleg
  close ................. Afgesloten
  reopen ................ In behandeling
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.roles import ZORGCOORDINATOR
from signaalwijzer.audit.services import audit_record
from signaalwijzer.hub.models import (
    ActionKind,
    Cluster,
    ClusterAction,
    ClusterStatus,
    Level,
    Signal,
    SignalStatus,
    Source,
)

TEXT_MAX = 4000


class ActionInvalid(ValueError):
    """The action cannot be done as asked; `errors` maps a field name ("" for the whole form) to why."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k or 'actie'}: {v}" for k, v in errors.items()))


class ActionNotAllowed(PermissionError):
    pass


def _members(cluster: Cluster):
    member = Q(person_cluster=cluster) if cluster.level == Level.PERSON else Q(network_cluster=cluster)
    return Signal.objects.filter(member)


def _locked(cluster: Cluster, actor) -> Cluster:
    """The cluster row, locked for this transaction, after checking who acts and that it still exists."""
    if not (
        actor is not None and actor.is_authenticated and actor.is_active and actor.has_role(ZORGCOORDINATOR)
    ):
        raise ActionNotAllowed("only a zorgcoördinator acts on clusters")
    locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if locked.status == ClusterStatus.MERGED:
        raise ActionInvalid({"": _("Dit cluster is samengevoegd met een ander cluster. Doe de actie daar.")})
    return locked


def _text_checked(errors: dict[str, str], name: str, text: str, *, required: bool, missing: str) -> str:
    text = (text or "").strip()
    if required and not text:
        errors[name] = missing
    elif len(text) > TEXT_MAX:
        errors[name] = _("Gebruik hoogstens %(n)s tekens; nu zijn het er %(m)s.") % {
            "n": TEXT_MAX,
            "m": len(text),
        }
    return text


def _open_checked(errors: dict[str, str], cluster: Cluster) -> None:
    if cluster.status == ClusterStatus.CLOSED:
        errors[""] = _("Dit cluster is gesloten. Open het eerst weer.")


def _done(
    cluster: Cluster,
    *,
    kind: str,
    actor,
    status: str | None,
    audit: str,
    request: HttpRequest | None,
    text: str = "",
    assigned_to=None,
    source: Source | None = None,
    signal_status: str | None = None,
    asked_status: str | None = None,
) -> ClusterAction:
    action = ClusterAction.objects.create(
        cluster=cluster, kind=kind, actor=actor, text=text, assigned_to=assigned_to, source=source
    )
    now = action.at
    fields = ["last_action_at", "updated_at"]
    cluster.last_action_at = now
    if status is not None:
        cluster.status = status
        fields.append("status")
    if kind == ActionKind.ASSIGN:
        cluster.assigned_to = assigned_to
        fields.append("assigned_to")
    cluster.save(update_fields=fields)
    members = _members(cluster)
    changed = 0
    if signal_status is not None:
        if source is not None and asked_status is not None:
            changed += (
                members.filter(source=source)
                .exclude(status=asked_status)
                .update(status=asked_status, updated_at=now)
            )
            members = members.exclude(source=source)
        changed += members.exclude(status=signal_status).update(status=signal_status, updated_at=now)
    detail = {"level": cluster.level, "action": action.pk, "signals_changed": changed}
    if assigned_to is not None:
        detail["assigned_to"] = assigned_to.pk
    if source is not None:
        detail["source"] = source.slug
    audit_record(
        action=audit, object_type="cluster", object_id=cluster.pk, actor=actor, request=request, detail=detail
    )
    return action


@transaction.atomic
def cluster_assign(
    *, cluster: Cluster, actor, assignee, text: str = "", request: HttpRequest | None = None
) -> ClusterAction:
    """Give the cluster to a zorgcoördinator (oneself or a colleague)."""
    cluster = _locked(cluster, actor)
    errors: dict[str, str] = {}
    _open_checked(errors, cluster)
    text = _text_checked(errors, "text", text, required=False, missing="")
    if assignee is None or not assignee.is_active or not assignee.has_role(ZORGCOORDINATOR):
        errors["assignee"] = _("Kies een zorgcoördinator.")
    if errors:
        raise ActionInvalid(errors)
    return _done(
        cluster,
        kind=ActionKind.ASSIGN,
        actor=actor,
        status=ClusterStatus.ASSIGNED,
        audit="hub.cluster_assigned",
        request=request,
        text=text,
        assigned_to=assignee,
        signal_status=SignalStatus.IN_PROGRESS,
    )


@transaction.atomic
def cluster_ask_info(
    *, cluster: Cluster, actor, source: Source | None, text: str, request: HttpRequest | None = None
) -> ClusterAction:
    """Ask one source organisation of the cluster for more information; its signals show that request."""
    cluster = _locked(cluster, actor)
    errors: dict[str, str] = {}
    _open_checked(errors, cluster)
    if source is None or not _members(cluster).filter(source=source).exists():
        errors["source"] = _("Kies een organisatie die een signaal in dit cluster deelde.")
    text = _text_checked(errors, "text", text, required=True, missing=_("Schrijf wat je wilt weten."))
    if errors:
        raise ActionInvalid(errors)
    return _done(
        cluster,
        kind=ActionKind.ASK_INFO,
        actor=actor,
        status=ClusterStatus.INFO_REQUESTED,
        audit="hub.cluster_info_requested",
        request=request,
        text=text,
        source=source,
        signal_status=SignalStatus.IN_PROGRESS,
        asked_status=SignalStatus.INFO_REQUESTED,
    )


@transaction.atomic
def cluster_escalate(
    *, cluster: Cluster, actor, text: str, request: HttpRequest | None = None
) -> ClusterAction:
    """Bring the cluster to a multidisciplinary case meeting (casusoverleg)."""
    cluster = _locked(cluster, actor)
    errors: dict[str, str] = {}
    _open_checked(errors, cluster)
    text = _text_checked(
        errors, "text", text, required=True, missing=_("Schrijf wat het casusoverleg moet bespreken.")
    )
    if errors:
        raise ActionInvalid(errors)
    return _done(
        cluster,
        kind=ActionKind.ESCALATE,
        actor=actor,
        status=ClusterStatus.ESCALATED,
        audit="hub.cluster_escalated",
        request=request,
        text=text,
        signal_status=SignalStatus.ESCALATED,
    )


@transaction.atomic
def cluster_close(
    *, cluster: Cluster, actor, reason: str, request: HttpRequest | None = None
) -> ClusterAction:
    """Close the cluster; a reason is required (issue 5 §4)."""
    cluster = _locked(cluster, actor)
    errors: dict[str, str] = {}
    if cluster.status == ClusterStatus.CLOSED:
        errors[""] = _("Dit cluster is al gesloten.")
    reason = _text_checked(
        errors, "reason", reason, required=True, missing=_("Schrijf waarom je het cluster sluit.")
    )
    if errors:
        raise ActionInvalid(errors)
    return _done(
        cluster,
        kind=ActionKind.CLOSE,
        actor=actor,
        status=ClusterStatus.CLOSED,
        audit="hub.cluster_closed",
        request=request,
        text=reason,
        signal_status=SignalStatus.CLOSED,
    )


@transaction.atomic
def cluster_reopen(
    *, cluster: Cluster, actor, text: str = "", request: HttpRequest | None = None
) -> ClusterAction:
    """Open a closed cluster again: back to its coordinator if it had one."""
    cluster = _locked(cluster, actor)
    errors: dict[str, str] = {}
    if cluster.status != ClusterStatus.CLOSED:
        errors[""] = _("Dit cluster is niet gesloten.")
    text = _text_checked(errors, "text", text, required=False, missing="")
    if errors:
        raise ActionInvalid(errors)
    return _done(
        cluster,
        kind=ActionKind.REOPEN,
        actor=actor,
        status=ClusterStatus.ASSIGNED if cluster.assigned_to_id else ClusterStatus.NEW,
        audit="hub.cluster_reopened",
        request=request,
        text=text,
        signal_status=SignalStatus.IN_PROGRESS,
    )


@transaction.atomic
def cluster_note(*, cluster: Cluster, actor, text: str, request: HttpRequest | None = None) -> ClusterAction:
    """A note in the cluster's history; the status stays, but it counts as an action (no flag)."""
    cluster = _locked(cluster, actor)
    errors: dict[str, str] = {}
    text = _text_checked(errors, "text", text, required=True, missing=_("Schrijf een notitie."))
    if errors:
        raise ActionInvalid(errors)
    return _note_done(cluster, actor=actor, text=text, request=request)


def _note_done(cluster: Cluster, *, actor, text: str, request: HttpRequest | None) -> ClusterAction:
    action = _done(
        cluster,
        kind=ActionKind.NOTE,
        actor=actor,
        status=None,
        audit="hub.cluster_noted",
        request=request,
        text=text,
    )
    if cluster.status != ClusterStatus.CLOSED:
        # Only signals nobody acted on yet move on: a note never undoes an escalation or a request.
        _members(cluster).filter(status=SignalStatus.RECEIVED).update(
            status=SignalStatus.IN_PROGRESS, updated_at=timezone.now()
        )
    return action


@transaction.atomic
def cluster_identifiers_viewed(
    *, cluster: Cluster, actor, signals: int, request: HttpRequest | None = None
) -> None:
    """Audits that the coordinator revealed the readable identifiers of this cluster (issue 5 §2). The
    detail says how many signals were shown, never a value."""
    if not (actor is not None and actor.is_authenticated and actor.has_role(ZORGCOORDINATOR)):
        raise ActionNotAllowed("only a zorgcoördinator sees identifiers")
    audit_record(
        action="hub.identifiers_viewed",
        object_type="cluster",
        object_id=cluster.pk,
        actor=actor,
        request=request,
        detail={"level": cluster.level, "signals": signals},
    )


def hub_access_refused(
    *, actor, request: HttpRequest | None = None, what: str = "inbox", object_id: str | int = ""
) -> None:
    """Audits an attempt to open the coordinator's pages without the role (action hub.access_denied).
    Commits on its own as long as the caller is not inside a transaction that rolls back."""
    audit_record(
        action="hub.access_denied",
        object_type="cluster" if what == "cluster" else "hub",
        object_id=object_id or what,
        actor=actor,
        request=request,
    )
