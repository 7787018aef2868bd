"""Operations on all dossiers at once: retention and key rotation (`signaalwijzer retention|keys`).

Not for the web: these run from management commands, in batches, each batch its own short transaction,
so a long run holds the audit chain lock only briefly and an interrupted run can simply be started again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases import crypto
from signaalwijzer.cases.models import Case, CaseDeletion, CaseEntry, Status

Progress = Callable[[str, int, int], None]


# --- Retention (issue 3 §3) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionItem:
    case_id: int
    organisation: str
    closed_at: dt.datetime


def cases_retention_apply(
    *, apply: bool, now: dt.datetime | None = None, batch_size: int = 200, progress: Progress | None = None
) -> list[RetentionItem]:
    """Closed dossiers past settings.CASE_RETENTION_DAYS. With apply=True they are deleted (entries and
    shares with them), each with a CaseDeletion row and an audit entry; otherwise nothing is written.

    A dossier reopened between listing and deleting is left alone. `progress("cases", done, total)` is
    called after each batch when applying.
    """
    now = now or timezone.now()
    days = settings.CASE_RETENTION_DAYS
    cutoff = now - dt.timedelta(days=days)
    rows = list(
        Case.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff)
        .order_by("closed_at", "pk")
        .values_list("pk", "organisation__name", "closed_at", "created_at")
    )
    items = [RetentionItem(case_id=pk, organisation=org, closed_at=closed) for pk, org, closed, _ in rows]
    if not apply:
        return items
    reason = f"bewaartermijn van {days} dagen na sluiten verstreken"
    deleted: set[int] = set()
    for start in range(0, len(rows), batch_size):
        deleted |= _retention_batch(rows[start : start + batch_size], reason=reason, cutoff=cutoff, days=days)
        if progress is not None:
            progress("cases", min(start + batch_size, len(rows)), len(rows))
    return [item for item in items if item.case_id in deleted]


@transaction.atomic
def _retention_batch(rows: list[tuple], *, reason: str, cutoff: dt.datetime, days: int) -> set[int]:
    deleted = set()
    for pk, organisation, closed_at, created_at in rows:
        # Still closed and still past the term: it may have been reopened since the list was made.
        count, _ = Case.objects.filter(pk=pk, status=Status.CLOSED, closed_at__lt=cutoff).delete()
        if not count:
            continue
        deleted.add(pk)
        CaseDeletion.objects.create(
            case_id_deleted=pk,
            organisation_name=organisation,
            created_at=created_at,
            closed_at=closed_at,
            reason=reason,
        )
        audit_record(
            action="case.retention_delete",
            object_type="case",
            object_id=pk,
            actor=None,
            detail={"retention_days": days, "closed_on": timezone.localdate(closed_at).isoformat()},
        )
    return deleted


# --- Key rotation (issue 3 §3, ADR 0007) -----------------------------------------------------------------------


def encrypted_columns() -> list[tuple[str, list[str]]]:
    """Per table that holds EncryptedTextFields: (table, [columns])."""
    tables = []
    for model in (Case, CaseEntry):
        columns = [f.column for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)]
        tables.append((model._meta.db_table, columns))
    return tables


def _raw_rows(table: str, columns: list[str], batch_size: int) -> Iterator[list[tuple]]:
    """Batches of (id, token, token, ...) read past the field, so nothing is decrypted for nothing."""
    quote = connection.ops.quote_name
    select = f"SELECT id, {', '.join(quote(c) for c in columns)} FROM {quote(table)} WHERE id > %s ORDER BY id LIMIT %s"  # noqa: S608
    last_id = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(select, [last_id, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0]


def case_fields_rotate(*, batch_size: int = 500, progress: Progress | None = None) -> int:
    """Re-encrypt every encrypted value with the first key; returns the number of rows rewritten.

    Rewrites only rows with a token under an older key, one transaction per batch. Idempotent: a second
    run rewrites nothing. A row the app changed between read and write is left alone (the UPDATE compares
    the old tokens): the app wrote it with the first key already. A token no configured key can read stops
    the run with DecryptionError naming the table and row. `progress(table, done, total)` after each batch.
    """
    quote = connection.ops.quote_name
    rewritten = 0
    for table, columns in encrypted_columns():
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        guards = " AND ".join(f"{quote(c)} = %s" for c in columns)
        update = f"UPDATE {quote(table)} SET {assignments} WHERE id = %s AND {guards}"  # noqa: S608
        total = _count(table)
        done = 0
        for rows in _raw_rows(table, columns, batch_size):
            with transaction.atomic(), connection.cursor() as cursor:
                for row_id, *tokens in rows:
                    if all(crypto.token_is_current(token or "") for token in tokens):
                        continue
                    try:
                        rotated = [crypto.token_rotate(token) if token else token for token in tokens]
                    except crypto.DecryptionError as error:
                        raise crypto.DecryptionError(f"{table} id {row_id}: {error}") from None
                    cursor.execute(update, [*rotated, row_id, *tokens])
                    rewritten += cursor.rowcount
            done += len(rows)
            if progress is not None:
                progress(table, done, total)
    return rewritten


@dataclass
class KeyStatus:
    """How many stored values are under which key. `old` and `unreadable` count per "table.column"."""

    values: int = 0  # non-empty encrypted values
    current: int = 0
    old: Counter = field(default_factory=Counter)
    unreadable: Counter = field(default_factory=Counter)

    @property
    def rotated(self) -> bool:
        return not self.old and not self.unreadable


def case_fields_key_status(*, batch_size: int = 2000, progress: Progress | None = None) -> KeyStatus:
    """Counts the values not yet under the first key (`keys status`); reads only, writes nothing."""
    status = KeyStatus()
    for table, columns in encrypted_columns():
        total = _count(table)
        done = 0
        for rows in _raw_rows(table, columns, batch_size):
            for _row_id, *tokens in rows:
                for column, token in zip(columns, tokens, strict=True):
                    if not token:
                        continue
                    status.values += 1
                    state = crypto.token_state(token)
                    if state == "current":
                        status.current += 1
                    elif state == "old":
                        status.old[f"{table}.{column}"] += 1
                    else:
                        status.unreadable[f"{table}.{column}"] += 1
            done += len(rows)
            if progress is not None:
                progress(table, done, total)
    return status
