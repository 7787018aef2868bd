"""The zorgcoördinator's pages: the inbox, the new signals, and the page of one cluster with its actions.

Only for users with the role zorgcoordinator (two-factor is enforced for that role by accounts'
middleware); anyone else gets the 404 page, and the attempt is audited (hub.access_denied), as the
dossier pages do. A view checks input, calls one selector (inbox.py) or one service (actions.py, and
H5's services.link_decide), and renders.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from signaalwijzer.hub import actions, explain, inbox, services
from signaalwijzer.hub.forms_coordinator import (
    ACTION_FORMS,
    AskInfoForm,
    AssignForm,
    InboxFilterForm,
    LinkDecisionForm,
)
from signaalwijzer.hub.models import Cluster, ClusterStatus, Level, Signal
from signaalwijzer.public import selectors as public_selectors

NEW_ON_INBOX = 10


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def coordinator_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, never cached, zorgcoördinator only: others get a 404 and an audit entry."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not inbox.is_coordinator(request.user):
            pk = kwargs.get("pk")
            actions.hub_access_refused(
                actor=request.user, request=request, what="cluster" if pk else "inbox", object_id=pk or ""
            )
            raise Http404(_("Deze pagina bestaat niet, of je mag hem niet zien."))
        return view(request, *args, **kwargs)

    return login_required(never_cache(wrapper))


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("pagina", "1")), 10_000))
    except ValueError:
        return 1


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localdate(value)
    return date_format(value, "j M Y")


def _forms_words(form_ids: list[str]) -> str:
    kb = public_selectors.kb()
    language = _language()
    return ", ".join(kb.forms[f].title.get(language) if f in kb.forms else f for f in form_ids or [])


def _cluster_rows(clusters: list[Cluster]) -> list[dict[str, Any]]:
    """Plain strings for the table: the template only prints (the inbox is the busiest hub page)."""
    now = timezone.now()
    statuses = dict(ClusterStatus.choices)
    outcome_words = public_selectors.OUTCOME_WORDS
    rows = []
    for cluster in clusters:
        assigned = cluster.assigned_to
        rows.append(
            {
                "pk": cluster.pk,
                "url": reverse("hub:cluster", args=[cluster.pk]),
                "signals": cluster.signal_count,
                "sources": cluster.source_count,
                "outcome": cluster.outcome,
                "outcome_word": str(outcome_words.get(cluster.outcome, cluster.outcome)),
                "forms": _forms_words(cluster.forms),
                "last_signal": _day(cluster.last_signal_at),
                "last_signal_iso": cluster.last_signal_at.date().isoformat()
                if cluster.last_signal_at
                else "",
                "status": str(statuses.get(cluster.status, cluster.status)),
                "flag_days": inbox.days_without_action(cluster, now),
                "assigned": (assigned.get_full_name() or assigned.username) if assigned else "",
            }
        )
    return rows


def _signal_rows(signals: list[Signal]) -> list[dict[str, Any]]:
    outcome_words = public_selectors.OUTCOME_WORDS
    return [
        {
            "external_id": s.external_id,
            "organisation": s.source.organisation.name,
            "observed": _day(s.observed_on),
            "received": _day(s.received_at),
            "received_iso": s.received_at.isoformat(),
            "forms": _forms_words(s.forms),
            "outcome": s.outcome,
            "outcome_word": str(outcome_words.get(s.outcome, s.outcome)),
            "url": reverse("hub:cluster", args=[s.person_cluster_id]) if s.person_cluster_id else "",
        }
        for s in signals
    ]


@require_GET
@coordinator_page
def hub_inbox(request: HttpRequest) -> HttpResponse:
    filters = InboxFilterForm(request.GET)
    values = filters.values()
    page = _page_number(request)
    size = inbox.PAGE_SIZE
    clusters = list(
        inbox.clusters_for_coordinator(request.user, **values)[(page - 1) * size : page * size + 1]
    )
    query = {
        "niveau": values["level"],
        "status": values["status"],
        **({"actie_nodig": "on"} if values["flagged_only"] else {}),
        **({"meer_bronnen": "on"} if values["several_sources"] else {}),
    }
    context = {
        "filters": filters,
        "values": values,
        "rows": _cluster_rows(clusters[:size]),
        "page": page,
        "has_next": len(clusters) > size,
        "query": urlencode(query),
        "new_rows": _signal_rows(inbox.new_signals(limit=NEW_ON_INBOX)),
        "new_count": inbox.new_signal_count(),
        "flagged_count": inbox.flagged_count(request.user, level=values["level"]),
        "action_days": inbox.action_days(),
    }
    return render(request, "hub/coordinator/inbox.html", context)


@require_GET
@coordinator_page
def hub_new_signals(request: HttpRequest) -> HttpResponse:
    page = _page_number(request)
    size = inbox.PAGE_SIZE
    signals = inbox.new_signals(limit=size + 1, offset=(page - 1) * size)
    context = {
        "rows": _signal_rows(signals[:size]),
        "page": page,
        "has_next": len(signals) > size,
        "new_count": inbox.new_signal_count(),
    }
    return render(request, "hub/coordinator/new_signals.html", context)


# --- One cluster -------------------------------------------------------------------------------------------


def _cluster_or_404(request: HttpRequest, pk: int) -> Cluster:
    cluster = inbox.cluster_for_coordinator(request.user, pk)
    if cluster is None:
        raise Http404(_("Dit cluster bestaat niet."))
    return cluster


def _survivor_redirect(cluster: Cluster) -> HttpResponse | None:
    if cluster.status == ClusterStatus.MERGED and cluster.merged_into_id:
        survivor = inbox.cluster_survivor(cluster)
        if survivor.pk != cluster.pk:
            return redirect("hub:cluster", pk=survivor.pk)
    return None


def _action_forms(cluster: Cluster, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    forms: dict[str, Any] = {}
    for name, form_class in ACTION_FORMS.items():
        if name in bound:
            forms[name] = bound[name]
        elif form_class is AssignForm:
            forms[name] = AssignForm(
                coordinators=inbox.coordinators(), initial={"assignee": cluster.assigned_to_id}
            )
        elif form_class is AskInfoForm:
            forms[name] = AskInfoForm(sources=inbox.cluster_sources(cluster))
        else:
            forms[name] = form_class()
    return forms


def _errors(form) -> list[tuple[str, str]]:
    out = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            out.append((form[name].auto_id, message))
    for message in form.non_field_errors():
        out.append(("acties", message))
    return out


def _cluster_page(
    request: HttpRequest,
    cluster: Cluster,
    *,
    revealed: bool = False,
    bound: dict[str, Any] | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    signals = inbox.cluster_signals(cluster)
    number = {s.pk: n for n, s in enumerate(signals, start=1)}
    # Decrypted on the server to draw the picture; values reach the page only when revealed.
    identifiers = {s.pk: explain.signal_identifiers(s) for s in signals}
    picture = explain.connections_picture(
        signals, number=number, identifiers=identifiers, revealed=revealed, language=language
    )
    links = explain.cluster_links(cluster, signals, number=number, language=language)
    signal_rows = []
    for signal in signals:
        data = identifiers[signal.pk]
        signal_rows.append(
            {
                "signal": signal,
                "number": number[signal.pk],
                "person": explain.person_label(data) if revealed else "",
                "identifiers": _readable_identifiers(data, language) if revealed else [],
                "note": signal.note if revealed else "",
                "forms": _forms_words(signal.forms),
                "observed": _day(signal.observed_on),
                "received": _day(signal.received_at),
                "indicators": _indicator_titles(signal.indicators, language),
            }
        )
    timeline = inbox.timeline_per_source(signals)
    by_pk = {row["signal"].pk: row for row in signal_rows}
    context = {
        "cluster": cluster,
        "level_word": _("persoon") if cluster.level == Level.PERSON else _("netwerk"),
        "status_word": dict(ClusterStatus.choices).get(cluster.status, cluster.status),
        "flag_days": inbox.days_without_action(cluster),
        "action_days": inbox.action_days(),
        "closed": cluster.status == ClusterStatus.CLOSED,
        "signal_rows": signal_rows,
        "timeline": [
            {
                "organisation": group.organisation,
                "source": group.source,
                "rows": [by_pk[s.pk] for s in group.signals],
            }
            for group in timeline
        ],
        "weighing": inbox.combined_weighing(signals, language=language),
        "picture": picture,
        "lines": explain.svg_lines(picture),
        "links": links,
        "history": inbox.cluster_history(cluster),
        "forms": _action_forms(cluster, bound),
        "revealed": revealed,
        "errors": errors or [],
        "truncated": cluster.signal_count > len(signals),
        "pairs_max": explain.PAIRS_SIGNALS_MAX,
    }
    return render(request, "hub/coordinator/cluster.html", context, status=status)


def _readable_identifiers(data: dict, language: str) -> list[tuple[str, str]]:
    found = [
        (explain.kind_word(kind, language), label) for kind, _key, label in explain.identifier_nodes(data)
    ]
    bsn = (data.get("person") or {}).get("bsn")
    return ([("BSN", bsn)] if bsn else []) + found


def _indicator_titles(ids: list[str], language: str) -> list[str]:
    kb = public_selectors.kb()
    return [kb.indicators[i].title.get(language) if i in kb.indicators else i for i in ids or []]


@require_GET
@coordinator_page
def hub_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _cluster_or_404(request, pk)
    return _survivor_redirect(cluster) or _cluster_page(request, cluster)


@require_POST
@coordinator_page
def hub_cluster_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the readable identifiers of this cluster, once, for this answer only; audited."""
    cluster = _cluster_or_404(request, pk)
    moved = _survivor_redirect(cluster)
    if moved:
        return moved
    actions.cluster_identifiers_viewed(
        cluster=cluster,
        actor=request.user,
        signals=min(cluster.signal_count, inbox.SIGNALS_SHOWN_MAX),
        request=request,
    )
    return _cluster_page(request, cluster, revealed=True)


@require_POST
@coordinator_page
def hub_cluster_action(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    cluster = _cluster_or_404(request, pk)
    moved = _survivor_redirect(cluster)
    if moved:
        return moved
    form_class = ACTION_FORMS.get(kind)
    if form_class is None:
        raise Http404(_("Deze actie bestaat niet."))
    if form_class is AssignForm:
        form = AssignForm(request.POST, coordinators=inbox.coordinators())
    elif form_class is AskInfoForm:
        form = AskInfoForm(request.POST, sources=inbox.cluster_sources(cluster))
    else:
        form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        common = {"cluster": cluster, "actor": request.user, "request": request}
        try:
            match kind:
                case "toewijzen":
                    actions.cluster_assign(**common, assignee=data["assignee"], text=data["text"])
                    done = _("Het cluster is toegewezen.")
                case "info":
                    actions.cluster_ask_info(**common, source=data["source"], text=data["text"])
                    done = _("Je vraag om meer informatie staat in de geschiedenis.")
                case "opschalen":
                    actions.cluster_escalate(**common, text=data["text"])
                    done = _("Het cluster is opgeschaald naar het casusoverleg.")
                case "sluiten":
                    actions.cluster_close(**common, reason=data["reason"])
                    done = _("Het cluster is gesloten.")
                case "heropenen":
                    actions.cluster_reopen(**common, text=data["text"])
                    done = _("Het cluster is weer open.")
                case _:
                    actions.cluster_note(**common, text=data["text"])
                    done = _("Je notitie staat in de geschiedenis.")
        except actions.ActionInvalid as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, done)
            return redirect(reverse("hub:cluster", args=[cluster.pk]) + "#geschiedenis")
    cluster.refresh_from_db()
    return _cluster_page(request, cluster, bound={kind: form}, errors=_errors(form))


@require_POST
@coordinator_page
def hub_cluster_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or split the link between two signals of this cluster (H5's services.link_decide)."""
    cluster = _cluster_or_404(request, pk)
    moved = _survivor_redirect(cluster)
    if moved:
        return moved
    form = LinkDecisionForm(request.POST)
    if not form.is_valid():
        return _cluster_page(
            request, cluster, errors=[("koppelingen", _("Kies een koppeling uit de lijst."))], status=400
        )
    members = {s.pk: s for s in inbox.cluster_signals(cluster)}
    a, b = members.get(form.cleaned_data["signal_a"]), members.get(form.cleaned_data["signal_b"])
    if a is None or b is None or a.pk == b.pk:
        return _cluster_page(
            request,
            cluster,
            errors=[("koppelingen", _("Deze signalen horen niet (meer) bij dit cluster."))],
            status=400,
        )
    decision = form.cleaned_data["decision"]
    services.link_decide(
        user=request.user, level=cluster.level, signal_a=a, signal_b=b, decision=decision, request=request
    )
    messages.success(
        request,
        _("De koppeling is bevestigd.") if decision == "confirmed" else _("De koppeling is verbroken."),
    )
    # A split may leave the first signal in another cluster now: follow it (its cluster holds the history).
    fk = "person_cluster_id" if cluster.level == Level.PERSON else "network_cluster_id"
    now_in = Signal.objects.filter(pk=a.pk).values_list(fk, flat=True).first()
    target = Cluster.objects.filter(pk=now_in or cluster.pk).first()
    if target is None:
        return redirect("hub:inbox")
    target = inbox.cluster_survivor(target)
    return redirect(reverse("hub:cluster", args=[target.pk]) + "#koppelingen")
