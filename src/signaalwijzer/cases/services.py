"""The one write path of dossiers. CONTRACT STUBS: the signatures are fixed, the bodies are to be written.

Every function: keyword-only arguments, `@transaction.atomic`, validates before writing (raises
`CaseInputError` naming the field), checks `expected_version` against `case.version` with a conditional
UPDATE (raises `CaseConflictError`, nothing written), appends exactly one `CaseEntry` (never updates
one), recomputes the denormalised facts on `Case` (outcome, acute, step, deadline fields), bumps
`version`, and writes one audit entry (`audit.services.audit_record`, action `case.<verb>`, object
`case`/<pk>, detail without personal data) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.http import HttpRequest

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.models import Case, CaseShare


class CaseInputError(ValueError):
    """Bad input for one field. `errors` maps field name to a plain-Dutch reason (shown next to the field)."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.errors.items()))


class CaseConflictError(RuntimeError):
    """Someone else saved the dossier after this form was opened (optimistic locking)."""


class CaseClosedError(RuntimeError):
    """The dossier is closed; reopen it first."""


def case_create(
    *,
    owner: User,
    observer_role: str,
    minor: str,
    indicators: Iterable[str] = (),
    label: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """A new dossier, empty or from a screening (its indicators, minor and role carried over)."""
    raise NotImplementedError


def case_signals_update(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    indicators: Iterable[str],
    minor: str,
    request: HttpRequest | None = None,
) -> Case:
    """Step 1: the ticked signals and the age question; the weighing is redone."""
    raise NotImplementedError


def case_observation_add(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    observed_on: dt.date,
    text: str,
    request: HttpRequest | None = None,
) -> Case:
    """Step 1: a dated observation in the professional's own words (encrypted)."""
    raise NotImplementedError


def case_consultation_add(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    consulted_with: str,
    consulted_on: dt.date,
    advice: str,
    consulted_name: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Step 2: who was consulted (models.ConsultedWith), when, and what they advised."""
    raise NotImplementedError


def case_conversation_record(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    held: bool,
    held_on: dt.date | None,
    text: str,
    reason_not_held: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Step 3: the conversation with the client, or why it did not happen (models.NotHeldReason)."""
    raise NotImplementedError


def case_weighing_record(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    answers: Mapping[str, bool | None],
    text: str,
    request: HttpRequest | None = None,
) -> Case:
    """Step 4: the five afwegingsvragen ("q1".."q5", True/False, None where the flow stopped earlier)."""
    raise NotImplementedError


def case_decision_record(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    decision: str,
    text: str,
    route: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Step 5: help, report or both (models.Decision), with reasons and the route reported to."""
    raise NotImplementedError


@dataclass(frozen=True)
class ClientDetails:
    label: str = ""
    name: str = ""
    birth_date: dt.date | None = None
    bsn: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def case_client_update(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    details: ClientDetails,
    request: HttpRequest | None = None,
) -> Case:
    """The identifying details (encrypted). BSN checked with the elfproef, phone and e-mail validated."""
    raise NotImplementedError


def case_share(*, case: Case, actor: User, user: User, request: HttpRequest | None = None) -> CaseShare:
    """The owner shares the dossier with one colleague (same deployment, active account)."""
    raise NotImplementedError


def case_unshare(*, case: Case, actor: User, user: User, request: HttpRequest | None = None) -> None:
    raise NotImplementedError


def case_close(
    *, case: Case, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Case:
    raise NotImplementedError


def case_reopen(
    *, case: Case, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Case:
    raise NotImplementedError


def case_read_record(*, case: Case, actor: User, what: str, request: HttpRequest | None = None) -> None:
    """Audits a read: what is "view", "print", "pdf" or "pdf_pseudonymised" (action case.<what>)."""
    raise NotImplementedError


def case_access_refused(*, case_id: int, actor: User, request: HttpRequest | None = None) -> None:
    """Audits an attempt to open a dossier one may not see (action case.access_denied). Commits even
    though the view answers 404."""
    raise NotImplementedError


@dataclass(frozen=True)
class RetentionItem:
    case_id: int
    organisation: str
    closed_at: dt.datetime


def cases_retention_apply(*, apply: bool, now: dt.datetime | None = None) -> list[RetentionItem]:
    """Closed dossiers past settings.CASE_RETENTION_DAYS. With apply=True they are deleted (entries and
    shares with them), each with a CaseDeletion row and an audit entry; otherwise nothing is written."""
    raise NotImplementedError


def case_fields_rotate(*, batch_size: int = 500) -> int:
    """Re-encrypt every encrypted value with the first key; returns the number of rows rewritten."""
    raise NotImplementedError
