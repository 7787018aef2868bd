"""The hash chain of the audit log, as plain Python: no Django, so an auditor can re-implement it.

Each entry's hash is the SHA-256 (hex) of a canonical JSON form of every recorded field, including its
position and the hash of the entry before it (ADR 0006). Canonical means: one object, keys sorted, no
whitespace, UTF-8, `created_at` as ISO-8601 in UTC with microseconds, the address in its compressed form,
and no floating-point numbers anywhere (databases round-trip them differently).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# The first entry links to this instead of a previous hash.
GENESIS_HASH = "0" * 64

# Every field that goes into an entry's hash, in the order the verifier reads them.
HASHED_FIELDS = (
    "position",
    "created_at",
    "actor_id",
    "actor_username",
    "actor_organisation",
    "ip_address",
    "action",
    "object_type",
    "object_id",
    "detail",
    "previous_hash",
)


@functools.lru_cache(maxsize=4096)
def _ip_compressed(value: str) -> str:
    return ipaddress.ip_address(value).compressed


def ip_canonical(value: Any) -> str | None:
    """One spelling per address: PostgreSQL, SQLite and Django write IPv6 (and IPv4-mapped) differently."""
    if value is None or value == "":
        return None
    return _ip_compressed(str(value))


def timestamp_canonical(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_json(fields: Mapping[str, Any]) -> bytes:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["created_at"] = timestamp_canonical(fields["created_at"])
    payload["ip_address"] = ip_canonical(fields["ip_address"])
    payload["detail"] = fields["detail"] or {}
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields)).hexdigest()
