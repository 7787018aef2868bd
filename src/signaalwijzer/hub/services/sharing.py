"""Sharing from the web: a professional's signal, stored under the source of their organisation."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.selectors import case_for_user
from signaalwijzer.hub.errors import SignalForbidden
from signaalwijzer.hub.models import (
    Signal,
    Source,
    Via,
)
from signaalwijzer.hub.selectors import may_share, sources_of
from signaalwijzer.hub.services.ingest import signal_ingest

# --- sharing from the web ----------------------------------------------------------------------------------


@transaction.atomic
def source_for_organisation(organisation: Organisation) -> Source:
    """The organisation's source for signals shared on the web: its first one, or a new one."""
    found = sources_of(organisation).order_by("pk").first()
    if found is not None:
        return found
    base = slugify(organisation.name)[:56] or f"organisatie-{organisation.pk}"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return _source_add(slug, organisation)


def _source_add(slug: str, organisation: Organisation) -> Source:
    source = Source.objects.create(slug=slug, organisation=organisation)
    audit_record(
        action="hub.source_create",
        object_type="hub.source",
        object_id=source.pk,
        detail={"slug": slug, "organisation": organisation.pk},
    )
    return source


@transaction.atomic
def signal_share(
    *, user: User, data: dict, case: Case | None = None, request: HttpRequest | None = None
) -> Signal:
    """A professional shares a signal with the zorgcoördinator, from a screening or a dossier.

    `data` is the interchange format without `id` and `source`: the hub gives the signal an id and uses
    the source of the user's organisation. Empty values are left out. A dossier must be one the user may
    see; the signal points to it (its owner sees that it was shared).
    """
    if not may_share(user):
        raise SignalForbidden(
            "user",
            _("Alleen een professional of aandachtsfunctionaris van een organisatie kan signalen delen."),
        )
    if case is not None and case_for_user(user, case.pk) is None:
        raise SignalForbidden("case", _("Dit dossier bestaat niet, of je mag het niet zien."))
    source = source_for_organisation(user.organisation)
    line = {"id": f"web-{uuid.uuid4().hex[:16]}", "source": source.slug, **_without_empty(data)}
    signal, _result = signal_ingest(
        data=line, source=source, via=Via.WEB, actor=user, case=case, request=request
    )
    return signal


def _without_empty(value: Any) -> Any:
    if isinstance(value, Mapping):
        kept = {k: _without_empty(v) for k, v in value.items() if k not in ("id", "source")}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [_without_empty(v) for v in value]
        return [v for v in items if v not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip()
    return value
