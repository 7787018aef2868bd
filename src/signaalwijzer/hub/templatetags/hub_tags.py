"""Template helpers of the hub for other apps' pages (the share link on a result and on a dossier)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def can_share_signals(user) -> bool:
    """Whether the user may share a signal with the zorgcoördinator. One query, only when logged in."""
    from signaalwijzer.hub.selectors import may_share

    return may_share(user)
