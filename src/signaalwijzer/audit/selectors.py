"""Reading the audit log: one object's history, and the integrity check of the whole chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection
from django.db.models import Min, QuerySet

from signaalwijzer.audit import chain
from signaalwijzer.audit.models import AuditEntry

ENTRIES_LIMIT_MAX = 1000
# The triggers migration 0001 creates; verify reports any that is missing or disabled.
TRIGGERS = {
    "sqlite": ("audit_auditentry_no_update", "audit_auditentry_no_delete"),
    "postgresql": ("audit_auditentry_append_only",),
}

ProblemKind = Literal["changed", "link", "deleted", "anchor", "unprotected"]


@dataclass(frozen=True)
class Problem:
    """One finding. `changed`: the row's content no longer matches its hash. `link`: its previous_hash is not
    the hash of the row before it (that row, or this one, was rewritten with a fresh hash). `deleted`:
    positions `position` to `through` are missing. `anchor`: an externally kept hash does not match.
    `unprotected`: an append-only trigger is missing or disabled (`position` is None)."""

    kind: ProblemKind
    position: int | None
    through: int | None = None
    expected: str = ""
    found: str = ""
    trigger: str = ""


@dataclass
class VerifyReport:
    rows: int = 0
    last_position: int | None = None
    last_hash: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_entries_for(object_type: str, object_id: str | int, *, limit: int = 100) -> QuerySet[AuditEntry]:
    """One object's entries, newest first; at most `limit` (capped at ENTRIES_LIMIT_MAX)."""
    limit = max(1, min(limit, ENTRIES_LIMIT_MAX))
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-position")[
        :limit
    ]


def audit_chain_verify(
    *,
    batch_size: int = 5000,
    anchors: Iterable[tuple[int, str]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> VerifyReport:
    """Check every entry in position order and report every problem, each with its position.

    Reads in batches of consecutive positions, so memory stays flat at any size and no long-running cursor
    or transaction is held. Entries appended while the check runs are left for the next run.
    `anchors` are (position, hash) pairs kept outside the database (ADR 0006): they reveal a rewritten
    tail, which the chain alone cannot. `progress(rows_checked, rows_total)` is called after each batch.
    """
    report = VerifyReport()
    report.problems += [Problem("unprotected", None, trigger=name) for name in audit_triggers_missing()]
    anchored = dict(anchors)
    end = AuditEntry.objects.order_by("-position").values_list("position", flat=True).first()
    if end is None:
        report.problems += [Problem("anchor", pos, expected=h, found="") for pos, h in anchored.items()]
        return report
    total = AuditEntry.objects.filter(position__lte=end).count() if progress else 0

    expected_position = 1
    previous_hash = chain.GENESIS_HASH
    columns = (*chain.HASHED_FIELDS, "entry_hash")
    # Ranges of positions rather than LIMIT: a batch never exceeds batch_size rows, whatever plan the
    # database picks (with stale statistics PostgreSQL would sort the whole remainder for each LIMIT).
    start = 0
    while start < end:
        stop = min(start + batch_size, end)
        batch = list(
            AuditEntry.objects.filter(position__gt=start, position__lte=stop)
            .order_by("position")
            .values_list(*columns)
        )
        if not batch:
            # A run of deleted positions: jump to the next row that is there (an index lookup).
            following = AuditEntry.objects.filter(position__gt=stop, position__lte=end).aggregate(
                first=Min("position")
            )["first"]
            start = (following or end + 1) - 1
            continue
        start = stop
        for values in batch:
            row = dict(zip(columns, values, strict=True))
            position = row["position"]
            if position != expected_position:
                report.problems.append(Problem("deleted", expected_position, through=position - 1))
            elif row["previous_hash"] != previous_hash:
                report.problems.append(
                    Problem("link", position, expected=previous_hash, found=row["previous_hash"])
                )
            if chain.entry_hash(row) != row["entry_hash"]:
                report.problems.append(Problem("changed", position))
            if position in anchored and anchored[position] != row["entry_hash"]:
                report.problems.append(
                    Problem("anchor", position, expected=anchored[position], found=row["entry_hash"])
                )
            anchored.pop(position, None)
            expected_position = position + 1
            previous_hash = row["entry_hash"]
        report.rows += len(batch)
        if progress:
            progress(report.rows, total)

    report.last_position, report.last_hash = end, previous_hash
    # An anchored entry past the end: the tail of the log was removed (the chain alone cannot tell).
    # Anchors inside a gap are covered by the `deleted` problem already.
    report.problems += [
        Problem("anchor", position, expected=expected)
        for position, expected in sorted(anchored.items())
        if position > end
    ]
    return report


def audit_triggers_missing() -> list[str]:
    """Names of append-only triggers that are absent or disabled on this database."""
    expected = TRIGGERS.get(connection.vendor)
    if expected is None:
        return [f"(no append-only triggers for database {connection.vendor})"]
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'", [table]
            )
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in expected if name not in present]
