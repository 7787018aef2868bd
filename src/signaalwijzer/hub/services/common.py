"""What the Signalenhub's write path shares: the link key and the progress callback."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings


def _secret() -> bytes:
    return settings.HUB_LINK_KEY.encode("utf-8")


Progress = Callable[[str, int, int], None]
