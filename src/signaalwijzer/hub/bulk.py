"""Writing many rows fast, with values prepared by the models' own fields.

Django's bulk_create and bulk_update build SQL per value (bulk_update a CASE per column); at tens of thousands
of rows (a file import, a full re-link) that costs more than everything else on a line. Here: COPY on
PostgreSQL, one executemany on SQLite (in process, where that is fastest). Table and column names come from
the model's metadata only (quoted); every value is a parameter. Fields' `pre_save` and `get_db_prep_save`
run as in the ORM, so encrypted fields are encrypted, JSON is dumped and `auto_now(_add)` dates are set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

CHUNK = 5000
# Up to this many rows an UPDATE per row (one executemany, pipelined by psycopg) beats the five statements of
# the COPY path: one signal arriving touches a handful of rows.
SMALL = 50


def rows_insert(model, objs: Sequence) -> None:
    """INSERT the given unsaved instances (their primary keys are not set; look them up afterwards)."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    values_insert(model._meta.db_table, [f.column for f in fields], rows)


def values_insert(table: str, columns: Sequence[str], rows: list) -> None:
    """INSERT rows of values, already prepared for the database, into `table` (a model's db_table)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    _executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)  # noqa: S608


def rows_update(model, columns: Iterable[str], rows: list[tuple]) -> None:
    """UPDATE model SET columns = values WHERE pk = the row's last value, for many rows."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET "  # noqa: S608
        + ", ".join(f"{quote(f.column)} = %s" for f in fields)
        + f" WHERE {quote(model._meta.pk.column)} = %s"
    )
    params = [
        [f.get_db_prep_save(value, connection) for f, value in zip(fields, row[:-1], strict=True)] + [row[-1]]
        for row in rows
    ]
    if connection.vendor == "postgresql" and len(params) > SMALL:
        _update_from_copy(model, [f.column for f in fields], params)
        return
    _executemany(sql, params)


def _update_from_copy(model, columns: list[str], params: list) -> None:
    """PostgreSQL: COPY the new values into a temporary table of the same column types, then one UPDATE."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    names = [quote(c) for c in columns]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS hub_bulk_update")
        cursor.execute(
            f"CREATE TEMPORARY TABLE hub_bulk_update ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {', '.join(names)}, {pk} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY hub_bulk_update ({', '.join(names)}, {pk}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        assignments = ", ".join(f"{name} = hub_bulk_update.{name}" for name in names)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM hub_bulk_update "  # noqa: S608
            f"WHERE {table}.{pk} = hub_bulk_update.{pk}"
        )
        cursor.execute("DROP TABLE hub_bulk_update")


def _executemany(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
