"""One signal in: check, store, link and audit it (`signal_ingest`)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from signaalwijzer import linkage
from signaalwijzer.accounts.models import User
from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases.models import Case
from signaalwijzer.hub import linking
from signaalwijzer.hub.errors import SignalInvalid
from signaalwijzer.hub.interchange import CheckedSignal, signal_checked
from signaalwijzer.hub.models import (
    Signal,
    Source,
    Via,
)
from signaalwijzer.hub.services.common import _secret

# --- one signal --------------------------------------------------------------------------------------------


@transaction.atomic
def signal_ingest(
    *,
    data: dict,
    source: Source,
    via: str,
    actor: User | None = None,
    case: Case | None = None,
    request: HttpRequest | None = None,
) -> tuple[Signal, str]:
    """Store one signal in the interchange format for `source`, link it, and return (signal, result).

    result is "created", "updated" (same source and id, other content; linked again) or "unchanged"
    (the same line again: nothing written). Raises SignalInvalid with every problem.
    """
    if via not in Via.values:
        raise ValueError(f"via must be one of {Via.values}")
    checked, problems = signal_checked(data)
    if isinstance(data, Mapping) and data.get("source") not in (None, source.slug):
        problems.append(("source", _("hoort niet bij deze bron ('%(source)s')") % {"source": source.slug}))
    if problems or checked is None:
        raise SignalInvalid(problems)
    existing = (
        Signal.objects.select_for_update().filter(source=source, external_id=checked.external_id).first()
    )
    if existing is not None and existing.content_hash == checked.content_hash:
        return existing, "unchanged"
    keys = linkage.signal_keys(checked.normalised, _secret())
    keys_json = keys.to_json()
    signal = existing or Signal(source=source, external_id=checked.external_id, via=via)
    old_keys = existing.keys if existing is not None else None
    _fields_set(signal, checked, keys_json)
    if existing is None:
        signal.shared_by = actor if actor is not None and actor.pk else None
    if case is not None:
        signal.case = case
    if existing is None:
        try:
            with transaction.atomic():
                signal.save(force_insert=True)
        except IntegrityError:
            # The same signal delivered twice at the same moment: the other delivery stored it first, so this
            # one is an update of it, or the same.
            return signal_ingest(data=data, source=source, via=via, actor=actor, case=case, request=request)
    else:
        signal.save(update_fields=[*CONTENT_FIELDS, "case", "updated_at"])
    result = "created" if existing is None else "updated"
    refreshed: set[int] = set()
    if old_keys != keys_json:
        # Its tokens and their store-wide counts (under the link lock, which signal_link holds on to).
        linking.signal_tokens_store(signal.pk, keys.tokens, replace=existing is not None)
        # Sets the signal's clusters.
        refreshed = linking.signal_link(
            signal,
            old_tokens=linkage.SignalKeys.from_json(old_keys).tokens if old_keys else (),
            created=existing is None,
        )
    # Indicators or dates may have changed without a change of cluster: the combined facts still change
    # (linking recomputed them already for the clusters whose members changed).
    linking.clusters_refresh(
        pk
        for pk in (signal.person_cluster_id, signal.network_cluster_id)
        if pk is not None and pk not in refreshed
    )
    audit_record(
        action=f"hub.signal_{'create' if result == 'created' else 'update'}",
        object_type="hub.signal",
        object_id=signal.pk,
        actor=actor,
        request=request,
        detail={"source": source.slug, "via": via, "indicators": len(checked.indicators)},
    )
    return signal, result


CONTENT_FIELDS = (
    "observed_on",
    "forms",
    "indicators",
    "minor",
    "outcome",
    "note",
    "identifiers",
    "keys",
    "content_hash",
)


def _fields_set(signal: Signal, checked: CheckedSignal, keys_json: dict) -> None:
    signal.observed_on = checked.observed_on
    signal.forms = checked.forms
    signal.indicators = checked.indicators
    signal.minor = checked.minor
    signal.outcome = linking.weighing(frozenset(checked.indicators), checked.minor)[0]
    signal.note = checked.note
    signal.identifiers = json.dumps(checked.normalised.to_dict(), ensure_ascii=False, sort_keys=True)
    signal.keys = keys_json
    signal.content_hash = checked.content_hash
