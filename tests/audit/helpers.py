"""Going around the audit log's protection, as an attacker with database access (or a test reset) would.

`audit_triggers_suspended` lifts the append-only triggers for the duration of the block and puts them back
afterwards. Inside the test transaction the DDL is rolled back anyway, on SQLite and PostgreSQL alike.

Tests that commit for real (`transactional_db`, `live_server`) and write audit entries on SQLite must empty
the log before pytest-django's flush, whose `DELETE FROM` the trigger refuses (PostgreSQL flushes with
TRUNCATE, which row triggers do not see): `audit_log_emptied()` in the fixture's teardown.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from signaalwijzer.audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table


@contextmanager
def audit_triggers_suspended() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                yield
            finally:
                for _name, sql in triggers:
                    cursor.execute(sql)
        else:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")


def raw(sql: str, params: Sequence[Any] = ()) -> int:
    """Run SQL straight against the database, past the model; return the number of rows affected."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def tampered(sql: str, params: Sequence[Any] = ()) -> int:
    with audit_triggers_suspended():
        return raw(sql, params)


def audit_log_emptied() -> None:
    tampered("DELETE FROM audit_auditentry")
