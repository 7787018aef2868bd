"""The audit log cannot be edited: not through the database, not through the model (issue 3 §3)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from signaalwijzer.audit.models import AuditEntry, AuditLogAppendOnly
from signaalwijzer.audit.selectors import Problem, audit_chain_verify, audit_triggers_missing
from tests.audit.helpers import TABLE, raw


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET actor_username = 'iemand.anders' WHERE position = 1",
        "UPDATE audit_auditentry SET detail = '{}'",
        "DELETE FROM audit_auditentry WHERE position = 2",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(record, sql):
    entries = record(3)

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(sql)

    assert list(AuditEntry.objects.order_by("position")) == entries
    assert audit_chain_verify().ok


def test_the_triggers_are_in_place(db):
    assert audit_triggers_missing() == []


def test_verify_reports_a_disabled_or_missing_trigger(record):
    record(1)
    if connection.vendor == "sqlite":
        raw("DROP TRIGGER audit_auditentry_no_delete")
        expected = "audit_auditentry_no_delete"
    else:
        raw(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_auditentry_append_only")
        expected = "audit_auditentry_append_only"

    report = audit_chain_verify()

    assert report.problems == [Problem("unprotected", None, trigger=expected)]


def test_the_model_refuses_to_save_an_existing_entry(record):
    (entry,) = record(1)
    entry.actor_username = "iemand.anders"

    with pytest.raises(AuditLogAppendOnly):
        entry.save()
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.get(position=1).save(update_fields=["actor_username"])

    assert AuditEntry.objects.get(position=1).actor_username == "p.devries"


def test_the_model_and_queryset_refuse_to_delete_or_update(record):
    (entry,) = record(1)

    with pytest.raises(AuditLogAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.filter(position=1).update(object_id="2")
    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["object_id"])

    assert AuditEntry.objects.count() == 1


def test_entries_are_only_written_through_audit_record(record):
    (entry,) = record(1)

    with pytest.raises(AuditLogAppendOnly):
        AuditEntry.objects.bulk_create([AuditEntry(position=2, created_at=entry.created_at)])
