"""The audit log: one row per read or write of a dossier (and, later, per view of readable identifiers).

Append-only twice over: the database refuses UPDATE and DELETE on the table (triggers, migration 0001),
and this model and its queryset refuse to save an existing row or delete any. The only write path is
`services.audit_record` (ADR 0006).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from signaalwijzer.audit import chain


class AuditLogAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogAppendOnly("The audit log is append-only: entries cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogAppendOnly("The audit log is append-only: entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditLogAppendOnly("The audit log is append-only: entries cannot be updated.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEntry]:
        # Each entry needs the hash of the one before it, under the chain lock: only audit_record can.
        raise AuditLogAppendOnly("Write audit entries with signaalwijzer.audit.services.audit_record.")


class AuditEntry(models.Model):
    # The place in the chain is the entry's identity: gapless, so a deleted row leaves a visible hole.
    position = models.PositiveBigIntegerField(primary_key=True)
    created_at = models.DateTimeField()
    # The actor as plain values, not a foreign key: the record must outlive the account and must not
    # change when the account is renamed or moved to another organisation.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_organisation = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=100, blank=True)
    # Small and never personal data in plain text: ids, field names, counts, reasons (services.py).
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        # Nobody may add, change or delete entries through permissions; reading is granted explicitly.
        default_permissions = ("view",)
        indexes = [
            # audit_entries_for: one object's entries, newest first.
            models.Index(fields=["object_type", "object_id", "position"], name="audit_object_idx"),
            models.Index(fields=["created_at"], name="audit_created_at_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogAppendOnly("The audit log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogAppendOnly("The audit log is append-only: entries cannot be deleted.")

    def hash_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in chain.HASHED_FIELDS}

    def hash_compute(self) -> str:
        return chain.entry_hash(self.hash_fields())
