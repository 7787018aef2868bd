"""Reads of the hub for permissions: who may see which signals (issue 5 §4), filtered in SQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.accounts.roles import (
    AANDACHTSFUNCTIONARIS,
    BELEIDSMEDEWERKER,
    PROFESSIONAL,
    ZORGCOORDINATOR,
)
from signaalwijzer.hub.models import Level, PartnerToken, Signal, Source

# Who shares signals from the web: the people who screen and keep dossiers (issue 5 §1).
SHARING_ROLES = (PROFESSIONAL, AANDACHTSFUNCTIONARIS)


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """The zorgcoördinator: every signal. A beleidsmedewerker: none, even when their organisation delivers
    signals (aggregates only, in the monitor). Everyone else: their own organisation's signals only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Signal.objects.none()
    if user.has_role(ZORGCOORDINATOR):
        return Signal.objects.all()
    if user.has_role(BELEIDSMEDEWERKER) or user.organisation_id is None:
        return Signal.objects.none()
    return Signal.objects.filter(source__organisation_id=user.organisation_id)


def signals_of_organisation(user: User) -> QuerySet[Signal]:
    """'Mijn gedeelde signalen': what the user's own organisation shared, whatever else they may see."""
    if getattr(user, "organisation_id", None) is None:
        return Signal.objects.none()
    return signals_visible_to(user).filter(source__organisation_id=user.organisation_id)


def sources_of(organisation: Organisation) -> QuerySet[Source]:
    return Source.objects.filter(organisation=organisation)


def may_share(user: User) -> bool:
    """A logged-in professional or aandachtsfunctionaris of an organisation, not a beleidsmedewerker."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_id is not None
        and user.has_any_role(*SHARING_ROLES)
        and not user.has_role(BELEIDSMEDEWERKER)
    )


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def partner_token_for(raw: str) -> PartnerToken | None:
    """The active token with this value, or None (unknown or revoked)."""
    if not raw:
        return None
    return (
        PartnerToken.objects.select_related("organisation")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )


def signal_of_organisation(organisation_id: int, external_id: str, source: str | None = None) -> list[Signal]:
    """The organisation's signals with this partner id (several only when two of its sources use it)."""
    rows = Signal.objects.filter(source__organisation_id=organisation_id, external_id=external_id)
    if source:
        rows = rows.filter(source__slug=source)
    return list(rows.select_related("source")[:2])


def clusters_export(level: str) -> Iterator[dict[str, Any]]:
    """One item per cluster at `level`, singletons included: {"cluster": key, "signals": [partner ids]},
    ordered by cluster key, the signals of each by id. Streams; memory stays flat at a million signals."""
    fk = "person_cluster" if level == Level.PERSON else "network_cluster"
    rows = (
        Signal.objects.order_by(f"{fk}__key", "external_id", "pk")
        .values_list(f"{fk}__key", "external_id", "pk")
        .iterator(chunk_size=5000)
    )
    current: str | None = None
    members: list[str] = []
    for key, external_id, pk in rows:
        if key is None:
            # Not linked yet (a link was interrupted): its own cluster until `signals link` runs.
            yield {"cluster": f"unlinked:{pk}", "signals": [external_id]}
            continue
        if key != current:
            if current is not None:
                yield {"cluster": current, "signals": members}
            current, members = key, []
        members.append(external_id)
    if current is not None:
        yield {"cluster": current, "signals": members}
