"""What every dossier write shares: the access checks, the version check (optimistic locking), appending
an entry, the audit record, and the facts recomputed on `Case` when the signals change.

Internal to the services package: views and other apps import from `signaalwijzer.cases.services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases import meldcode
from signaalwijzer.cases.errors import CaseClosedError, CaseConflictError, CasePermissionError
from signaalwijzer.cases.models import Case, CaseEntry, Minor, Outcome, Status
from signaalwijzer.cases.workdays import working_days_after
from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate

# --- Who may write ---------------------------------------------------------------------------------------------


def access_required(case: Case, actor: User) -> None:
    if actor.pk == case.owner_id and actor.is_active:
        return
    from signaalwijzer.cases.selectors import case_is_visible_to  # selectors import nothing from here

    if not case_is_visible_to(actor, case.pk):
        raise CasePermissionError("no access to this dossier")


def open_required(case: Case) -> None:
    if case.status != Status.OPEN:
        raise CaseClosedError("the dossier is closed; reopen it first")


def writable_required(case: Case, actor: User) -> None:
    access_required(case, actor)
    open_required(case)


# --- Version check, entry, audit -------------------------------------------------------------------------------


def case_update_versioned(
    case: Case,
    *,
    actor: User,
    expected_version: int,
    kind: str,
    fields: Mapping[str, Any] | None = None,
    has_indicators: bool | None = None,
    status_required: str = Status.OPEN,
) -> None:
    """The conditional UPDATE of optimistic locking, with the recomputed step; updates `case` in memory.

    Raises CaseConflictError when the stored version is not `expected_version` (someone saved in between)
    and CaseClosedError when the dossier was closed meanwhile; nothing is written then.
    """
    fields = dict(fields or {})
    kinds = set(
        CaseEntry.objects.filter(
            case_id=case.pk, kind__in=[*meldcode.STEP_KINDS.values(), meldcode.OBSERVATION_KIND]
        )
        .values_list("kind", flat=True)
        .distinct()
    )
    kinds.add(kind)
    if has_indicators is None:
        has_indicators = bool(case.indicators)
    fields["step"] = meldcode.current_step(meldcode.steps_done(has_indicators=has_indicators, kinds=kinds))
    now = timezone.now()
    updated = Case.objects.filter(pk=case.pk, version=expected_version, status=status_required).update(
        version=F("version") + 1, updated_at=now, **fields
    )
    if not updated:
        current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
        if current is not None and current != status_required and status_required == Status.OPEN:
            raise CaseClosedError("the dossier was closed; reopen it first")
        raise CaseConflictError(
            f"dossier {case.pk}: version {expected_version} is no longer current; someone saved in between"
        )
    for name, value in fields.items():
        setattr(case, name, value)
    case.version = expected_version + 1
    case.updated_at = now


def entry_append(
    case: Case,
    *,
    actor: User,
    kind: str,
    step: int | None,
    data: dict[str, Any] | None = None,
    text: str = "",
    consulted_name: str = "",
) -> CaseEntry:
    """Appends one entry to the history; entries are never updated."""
    return CaseEntry.objects.create(
        case=case,
        kind=kind,
        step=step,
        author=actor,
        data=data or {},
        text=text,
        consulted_name=consulted_name,
    )


def case_audit(
    action: str, case: Case, actor: User, request: HttpRequest | None, detail: dict[str, Any]
) -> None:
    """The audit record of a write, last in the transaction because it takes the chain lock."""
    audit_record(
        action=action, object_type="case", object_id=case.pk, actor=actor, request=request, detail=detail
    )


# --- Facts recomputed from the signals (creating, step 1) ----------------------------------------------------


def indicators_normalised(indicators: Iterable[str]) -> list[str]:
    if isinstance(indicators, str):
        indicators = [indicators]
    return sorted({str(i) for i in indicators})


def weighing_facts(errors: dict[str, str], *, indicators: list[str], minor: str, role: str) -> dict[str, Any]:
    """The engine's outcome and acute flag for these signals, or errors for the fields at fault."""
    if minor not in Minor.values:
        errors["minor"] = _("Kies of de persoon jonger is dan 18.")
    elif minor == Minor.NO and "minor" in indicators:
        errors["minor"] = _("Je vinkte 'jonger dan 18' aan, maar antwoordde dat de persoon 18 of ouder is.")
    try:
        result = screening_evaluate(
            indicators=indicators,
            role=role,
            # "onbekend" weighs as an adult (public/selectors.minor_flag), with a hint on the page.
            minor=minor == Minor.YES,
            kb=knowledge_base(),
            coordinator=settings.SIGNAALWIJZER,
        )
    except UnknownIdsError as error:
        if error.indicators:
            errors["indicators"] = _("Deze signalen kennen we niet: %(ids)s.") % {
                "ids": ", ".join(error.indicators)
            }
        if error.role is not None:
            errors["observer_role"] = _("Kies je rol uit de lijst.")
        return {}
    return {"outcome": result.outcome.name, "acute": bool(result.acute)}


def facts_data(facts: Mapping[str, Any]) -> dict[str, Any]:
    """The weighing facts as stored in an entry's data."""
    return {"outcome": facts["outcome"], "acute": facts["acute"]}


def deadline_facts(*, was: Case | None, outcome: str, now: dt.datetime) -> dict[str, Any]:
    """Issue 3 §2: when the weighing becomes vermoeden, expert advice is due within N working days.

    The clock starts when the outcome becomes vermoeden and stops (the fields are cleared) when it is no
    longer vermoeden; it starts again if it comes back. An expert consulted earlier still counts.
    """
    was_vermoeden = was is not None and was.outcome == Outcome.VERMOEDEN
    if outcome == Outcome.VERMOEDEN and not was_vermoeden:
        today = timezone.localdate(now)
        return {
            "vermoeden_since": now,
            "expert_due_on": working_days_after(today, settings.CASE_EXPERT_DEADLINE_WORKING_DAYS),
        }
    if outcome != Outcome.VERMOEDEN and was_vermoeden:
        return {"vermoeden_since": None, "expert_due_on": None}
    return {}
