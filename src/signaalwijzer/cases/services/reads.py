"""Reads and refusals: they change nothing in the dossier, but each is audited."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.services.common import case_audit

READS = ("view", "print", "pdf", "pdf_pseudonymised")


@transaction.atomic
def case_read_record(*, case: Case, actor: User, what: str, request: HttpRequest | None = None) -> None:
    """Audits a read: what is "view", "print", "pdf" or "pdf_pseudonymised" (action case.<what>)."""
    if what not in READS:
        raise ValueError(f"what: {what!r} is not one of {', '.join(READS)}")
    case_audit(f"case.{what}", case, actor, request, {})


@transaction.atomic
def case_access_refused(*, case_id: int, actor: User, request: HttpRequest | None = None) -> None:
    """Audits an attempt to open a dossier one may not see (action case.access_denied). Commits even
    though the view answers 404, as long as it is not called inside a transaction that rolls back."""
    audit_record(
        action="case.access_denied", object_type="case", object_id=case_id, actor=actor, request=request
    )
