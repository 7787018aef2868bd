"""The token index (`SignalToken`) and its counts (`TokenCount`): every write to either goes through here.

`TokenCount` is `SELECT token, count(*) FROM hub_signaltoken GROUP BY token`, kept exact in the transaction
that changes the index, so that linking reads a token's store-wide count with one index lookup (ADR 0011).
Its rows are written only under linking's advisory lock (`linking.signal_tokens_store`,
`linking.token_counts_change`, `linking.signals_relink_all`): two transactions never wait for each other's
count rows, so they cannot deadlock on them. Rows are written in token order all the same.

The token rows of a signal follow its keys (`sorted(set(keys.tokens))`); when a signal goes, its token rows
must go through `tokens_remove` and the counts through `counts_change`, or `signaalwijzer signals link`
puts the counts right again (`counts_rebuild`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from django.db import connection

from signaalwijzer.hub.bulk import SMALL, values_insert
from signaalwijzer.hub.models import SignalToken, TokenCount

# Rows per statement on SQLite: two parameters each, under the 999 variables older SQLite versions allow.
CHUNK = 400


class CountsOutOfStep(RuntimeError):
    """A token the index loses has no count: the counts no longer follow the index."""


def _quoted(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def tokens_add(pairs: Iterable[tuple[int, str]]) -> None:
    """(signal pk, token) rows into the index, many per statement. The counts are the caller's: `counts_change`.

    One signal's few rows: one INSERT; a file's: COPY (PostgreSQL) or executemany (bulk.values_insert)."""
    pairs = list(pairs)
    if len(pairs) <= SMALL:
        SignalToken.objects.bulk_create([SignalToken(signal_id=pk, token=token) for pk, token in pairs])
    else:
        values_insert(SignalToken._meta.db_table, ("signal_id", "token"), pairs)


def tokens_remove(signal_pks: Sequence[int]) -> Counter[str]:
    """Delete these signals' token rows; returns how many rows of each token went (for `counts_change`)."""
    removed: Counter[str] = Counter()
    table = _quoted(SignalToken)
    pks = list(signal_pks)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if pks:
                cursor.execute(f"DELETE FROM {table} WHERE signal_id = ANY(%s) RETURNING token", [pks])  # noqa: S608
                removed.update(token for (token,) in cursor.fetchall())
            return removed
        for start in range(0, len(pks), CHUNK):
            part = pks[start : start + CHUNK]
            where = f"signal_id IN ({', '.join(['%s'] * len(part))})"
            # RETURNING on DELETE came with SQLite 3.35, as on INSERT.
            if connection.features.can_return_columns_from_insert:
                cursor.execute(f"DELETE FROM {table} WHERE {where} RETURNING token", part)  # noqa: S608
                removed.update(token for (token,) in cursor.fetchall())
            else:
                cursor.execute(f"SELECT token FROM {table} WHERE {where}", part)  # noqa: S608
                removed.update(token for (token,) in cursor.fetchall())
                cursor.execute(f"DELETE FROM {table} WHERE {where}", part)  # noqa: S608
    return removed


def counts_change(delta: Mapping[str, int]) -> None:
    """Add `delta` (token -> signed change) to the counts; a count that reaches 0 is deleted.

    Increments: one upsert (`INSERT ... ON CONFLICT (token) DO UPDATE SET n = n + excluded.n`, PostgreSQL and
    SQLite >= 3.24). Decrements: an UPDATE, then a DELETE of the rows at 0 (an upsert cannot carry them: both
    databases check the proposed row, n < 0, before they find the conflict). A decrement of a token without a
    count raises `CountsOutOfStep`; one below 0 breaks the column's check (IntegrityError). Caller: under the
    link lock (see the module's docstring)."""
    up = sorted((token, n) for token, n in delta.items() if n > 0)
    down = sorted((token, -n) for token, n in delta.items() if n < 0)
    table = _quoted(TokenCount)
    with connection.cursor() as cursor:
        if up:
            upsert = f" ON CONFLICT (token) DO UPDATE SET n = {table}.n + excluded.n"
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} (token, n) SELECT * FROM unnest(%s::varchar[], %s::integer[])"  # noqa: S608
                    + upsert,
                    [[t for t, _n in up], [n for _t, n in up]],
                )
            else:
                for start in range(0, len(up), CHUNK):
                    part = up[start : start + CHUNK]
                    rows = ", ".join(["(%s, %s)"] * len(part))
                    cursor.execute(
                        f"INSERT INTO {table} (token, n) VALUES {rows}" + upsert,  # noqa: S608
                        [value for row in part for value in row],
                    )
        if not down:
            return
        tokens = [t for t, _n in down]
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET n = {table}.n - d.n FROM unnest(%s::varchar[], %s::integer[]) AS d(token, n) "  # noqa: S608
                f"WHERE {table}.token = d.token",
                [tokens, [n for _t, n in down]],
            )
            changed = cursor.rowcount
            cursor.execute(f"DELETE FROM {table} WHERE token = ANY(%s) AND n = 0", [tokens])  # noqa: S608
        else:
            cursor.executemany(f"UPDATE {table} SET n = n - %s WHERE token = %s", [(n, t) for t, n in down])  # noqa: S608
            changed = cursor.rowcount
            for start in range(0, len(tokens), CHUNK):
                part = tokens[start : start + CHUNK]
                cursor.execute(
                    f"DELETE FROM {table} WHERE n = 0 AND token IN ({', '.join(['%s'] * len(part))})",  # noqa: S608
                    part,
                )
    if changed != len(down):
        raise CountsOutOfStep(
            f"{len(down) - changed} token(s) left the index without a count; "
            "`signaalwijzer signals link` counts them again"
        )


def counts_read(tokens: Sequence[str]) -> list[tuple[str, int]]:
    """(token, count) of those of `tokens` that some signal holds: one lookup of the primary key per token."""
    rows: list[tuple[str, int]] = []
    if connection.vendor == "postgresql":
        if tokens:
            sql = f"SELECT token, n FROM {_quoted(TokenCount)} WHERE token = ANY(%s)"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(sql, [list(tokens)])
                rows = cursor.fetchall()
        return rows
    for start in range(0, len(tokens), CHUNK):
        rows.extend(
            TokenCount.objects.filter(token__in=tokens[start : start + CHUNK]).values_list("token", "n")
        )
    return rows


def counts_rebuild() -> int:
    """Count every token of the index again; returns how many counts were wrong or missing, or held by nobody
    (0 when they followed the index). Writes only those rows. Caller: under the link lock."""
    table, index = _quoted(TokenCount), _quoted(SignalToken)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One pass: the index grouped, beside the counts (a full join), and only the differences written.
            # 1M signals, 4.7M token rows, 2.8M counts: see ADR 0011.
            cursor.execute(
                f"WITH actual AS (SELECT token, count(*)::integer AS n FROM {index} GROUP BY token), "  # noqa: S608
                f"wrong AS (SELECT coalesce(a.token, c.token) AS token, a.n FROM actual a "
                f"FULL JOIN {table} c ON c.token = a.token WHERE a.n IS DISTINCT FROM c.n), "
                f"gone AS (DELETE FROM {table} c USING wrong w WHERE c.token = w.token AND w.n IS NULL "
                "RETURNING 1), "
                f"put AS (INSERT INTO {table} (token, n) SELECT token, n FROM wrong WHERE n IS NOT NULL "
                f"ORDER BY token ON CONFLICT (token) DO UPDATE SET n = excluded.n RETURNING 1) "
                "SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM put)"
            )
            return cursor.fetchone()[0]
        # WHERE true: SQLite would read "ON CONFLICT" after a bare FROM as a join's ON.
        cursor.execute(
            f"INSERT INTO {table} (token, n) SELECT token, count(*) FROM {index} WHERE true GROUP BY token "  # noqa: S608
            f"ORDER BY token ON CONFLICT (token) DO UPDATE SET n = excluded.n WHERE {table}.n <> excluded.n"
        )
        fixed = max(cursor.rowcount, 0)
        cursor.execute(
            f"DELETE FROM {table} WHERE NOT EXISTS (SELECT 1 FROM {index} s WHERE s.token = {table}.token)"  # noqa: S608
        )
        fixed += max(cursor.rowcount, 0)
    return fixed
