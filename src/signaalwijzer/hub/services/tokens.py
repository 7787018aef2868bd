"""Partner API tokens: create, revoke, note their use."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.audit.services import audit_record
from signaalwijzer.hub.errors import SignalInvalid
from signaalwijzer.hub.models import (
    PartnerToken,
)
from signaalwijzer.hub.selectors import token_digest

TOKEN_PREFIX = "swp_"  # noqa: S105  (marks partner tokens, so a leaked one is recognisable)


# --- partner tokens ----------------------------------------------------------------------------------------


@transaction.atomic
def partner_token_create(
    *, organisation: Organisation, name: str, actor: User | None = None
) -> tuple[PartnerToken, str]:
    """A new API token for a partner organisation. The token itself is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise SignalInvalid([("name", _("geef de sleutel een omschrijving, bijvoorbeeld het systeem"))])
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PartnerToken.objects.create(
        organisation=organisation, name=name[:100], prefix=raw[:12], digest=token_digest(raw)
    )
    audit_record(
        action="hub.token_create",
        object_type="hub.partner_token",
        object_id=token.pk,
        actor=actor,
        detail={"organisation": organisation.pk, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def partner_token_revoke(*, prefix: str, actor: User | None = None) -> PartnerToken:
    """Revoke the one active token whose value starts with `prefix` (at least 8 characters)."""
    prefix = (prefix or "").strip()
    if len(prefix) < 8:
        raise SignalInvalid([("prefix", _("geef minstens de eerste 8 tekens van de sleutel"))])
    short = prefix[:12]
    matches = [
        t
        for t in PartnerToken.objects.filter(prefix__startswith=short, revoked_at__isnull=True)
        if t.prefix.startswith(short)
    ]
    if not matches:
        raise SignalInvalid([("prefix", _("geen actieve sleutel begint met '%(p)s'") % {"p": prefix})])
    if len(matches) > 1:
        raise SignalInvalid([("prefix", _("meer dan één sleutel begint zo; geef meer tekens"))])
    token = matches[0]
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        action="hub.token_revoke",
        object_type="hub.partner_token",
        object_id=token.pk,
        actor=actor,
        detail={"organisation": token.organisation_id, "prefix": token.prefix},
    )
    return token


def partner_token_used(token: PartnerToken) -> None:
    """Note when a token was last used (at most once a minute, to keep API writes light)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
