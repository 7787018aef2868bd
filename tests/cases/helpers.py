"""Small helpers for the dossier view tests."""

from __future__ import annotations

from signaalwijzer.audit.models import AuditEntry


def audit_actions(case_id: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="case", object_id=str(case_id))
        .order_by("position")
        .values_list("action", flat=True)
    )


def text(response) -> str:
    return response.content.decode()
