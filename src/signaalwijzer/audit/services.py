"""The one write path of the audit log.

Call `audit_record` inside the transaction of the read or write it records, so that the dossier change and
its audit entry commit or roll back together. Each call takes the chain lock until that transaction ends
(PostgreSQL advisory lock; SQLite's IMMEDIATE transactions serialise writers already): record the entry
late in short transactions.

`detail` is for small, non-identifying facts: ids, names of changed fields, counts, a reason code. Never a
client's name, birth date, BSN, address, phone, e-mail or free text typed by a user: the log is kept
longer than the dossiers it describes and cannot be corrected afterwards.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from signaalwijzer.audit import chain
from signaalwijzer.audit.models import AuditEntry

ACTION_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
OBJECT_TYPE_PATTERN = re.compile(r"[a-z][a-z0-9_.]*")
DETAIL_MAX_BYTES = 2000
# A tripwire, not a guarantee: keys that would only be there to carry a client's identifying details.
DETAIL_FORBIDDEN_KEYS = frozenset(
    {
        "name",
        "given_names",
        "surname",
        "birth_date",
        "bsn",
        "phone",
        "email",
        "iban",
        "address",
        "postcode",
        "house_number",
        "vehicle_plate",
        "note",
    }
)
# Fixed key of the PostgreSQL advisory lock that serialises writers of the chain ("SWaudit1").
CHAIN_LOCK_KEY = 0x5357617564697431


class AuditDetailError(ValueError):
    pass


def audit_record(
    *,
    action: str,
    object_type: str,
    object_id: str | int,
    actor: Any = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    `actor` is a user (or None for the system); without one, the request's user is taken. The address is
    the request's REMOTE_ADDR, or behind a proxy (SECURE_PROXY_SSL_HEADER set) the last X-Forwarded-For hop.
    Invalid arguments raise ValueError before anything is written. A failure to write marks the caller's
    transaction for rollback: a dossier change never commits without its audit entry.
    """
    object_id = str(object_id)
    _check_identifier("action", action, ACTION_PATTERN)
    _check_identifier("object_type", object_type, OBJECT_TYPE_PATTERN)
    if len(object_id) > 100:
        raise ValueError("object_id: at most 100 characters")
    detail = _detail_checked(detail or {})
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    actor_id, username, organisation = _actor_values(actor)
    entry = AuditEntry(
        actor_id=actor_id,
        actor_username=username,
        actor_organisation=organisation,
        ip_address=client_address(request) if request is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    return _entry_append(entry)


# No savepoint of its own: inside a caller's transaction, a failed insert cannot be caught and stepped over.
@transaction.atomic(savepoint=False)
def _entry_append(entry: AuditEntry) -> AuditEntry:
    _chain_lock()
    last = AuditEntry.objects.order_by("-position").values_list("position", "entry_hash").first()
    entry.position, entry.previous_hash = (last[0] + 1, last[1]) if last else (1, chain.GENESIS_HASH)
    # Taken under the lock, so timestamps follow positions.
    entry.created_at = timezone.now()
    entry.entry_hash = entry.hash_compute()
    entry.save(force_insert=True)
    return entry


def client_address(request: HttpRequest) -> str | None:
    """The client's address as far as we can trust it.

    Behind our own TLS-terminating proxy (which is when SECURE_PROXY_SSL_HEADER is set) REMOTE_ADDR is the
    proxy; the proxy appends the address it saw to X-Forwarded-For, so the last hop is trustworthy and
    anything before it was written by the client. Same rule as the API throttle (NUM_PROXIES = 1).
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops and (address := _address_parsed(hops[-1])):
            return address
    return _address_parsed(request.META.get("REMOTE_ADDR", ""))


def _address_parsed(value: str) -> str | None:
    candidates = [value]
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        candidates.append(value.split(":")[0])
    for candidate in candidates:
        try:
            return chain.ip_canonical(candidate)
        except ValueError:
            continue
    return None


def _actor_values(actor: Any) -> tuple[int | None, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", True):
        return None, "", ""
    username = str(actor.get_username())[:150]
    try:
        organisation = getattr(actor, "organisation", None)
    except ObjectDoesNotExist:  # a required relation that is not set yet
        organisation = None
    name = "" if organisation is None else str(getattr(organisation, "name", organisation))
    return actor.pk, username, name[:200]


def _check_identifier(field: str, value: str, pattern: re.Pattern[str]) -> None:
    if not isinstance(value, str) or len(value) > 64 or not pattern.fullmatch(value):
        raise ValueError(f"{field}: {value!r} is not a short lowercase code such as 'case.view'")


def _detail_checked(detail: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(detail, dict):
        raise AuditDetailError("detail must be a dict")
    _detail_walk(detail, "detail")
    size = len(json.dumps(detail, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > DETAIL_MAX_BYTES:
        raise AuditDetailError(f"detail is {size} bytes; at most {DETAIL_MAX_BYTES}")
    return detail


def _detail_walk(value: Any, path: str) -> None:
    # Only what every database returns exactly as it was given, so the hash can be recomputed.
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditDetailError(f"{path}: keys must be text")
            if key.lower() in DETAIL_FORBIDDEN_KEYS:
                raise AuditDetailError(f"{path}.{key}: personal data does not belong in the audit log")
            _detail_walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _detail_walk(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if "\x00" in value:
            raise AuditDetailError(f"{path}: NUL character")
    elif value is not None and not isinstance(value, bool | int):
        raise AuditDetailError(f"{path}: {type(value).__name__} is not allowed (text, whole numbers, lists)")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
        # JSON readers other than Python's round large integers to floats.
        raise AuditDetailError(f"{path}: number too large")


def _chain_lock() -> None:
    if connection.vendor == "postgresql":
        # Held until the (outer) transaction ends, so the next writer reads our entry as the last one.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: transaction_mode IMMEDIATE (settings) takes the write lock when the transaction begins.
