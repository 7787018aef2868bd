"""A dossier's life: creating it, the client's details, closing and reopening."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import meldcode
from signaalwijzer.cases.checks import LABEL_MAX, raise_if, text_checked
from signaalwijzer.cases.client import CLIENT_FIELDS, ClientDetails, client_details_checked
from signaalwijzer.cases.errors import CaseInputError
from signaalwijzer.cases.models import Case, EntryKind, Status, Step
from signaalwijzer.cases.services.common import (
    access_required,
    case_audit,
    case_update_versioned,
    deadline_facts,
    entry_append,
    facts_data,
    indicators_normalised,
    weighing_facts,
    writable_required,
)


@transaction.atomic
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
    errors: dict[str, str] = {}
    if not owner.is_active or owner.organisation_id is None:
        errors["owner"] = _("Alleen een actief account van een organisatie kan een dossier beginnen.")
    label = text_checked(errors, "label", label, required=False, limit=LABEL_MAX)
    indicators = indicators_normalised(indicators)
    facts = weighing_facts(errors, indicators=indicators, minor=minor, role=observer_role)
    raise_if(errors)

    now = timezone.now()
    deadline = deadline_facts(was=None, outcome=facts["outcome"], now=now)
    done = meldcode.steps_done(has_indicators=bool(indicators), kinds=())
    case = Case.objects.create(
        owner=owner,
        organisation_id=owner.organisation_id,
        label=label,
        observer_role=observer_role,
        minor=minor,
        indicators=indicators,
        step=meldcode.current_step(done),
        **facts,
        **deadline,
    )
    entry_append(
        case,
        actor=owner,
        kind=EntryKind.CREATED,
        step=Step.SIGNALS,
        data={"indicators": indicators, "minor": minor, "observer_role": observer_role, **facts_data(facts)},
    )
    case_audit(
        "case.create",
        case,
        owner,
        request,
        {"indicators": len(indicators), "outcome": facts["outcome"], "role": observer_role},
    )
    return case


@transaction.atomic
def case_client_update(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    details: ClientDetails,
    request: HttpRequest | None = None,
) -> Case:
    """The identifying details (encrypted). BSN checked with the elfproef, phone and e-mail validated.

    Stored normalised: the BSN as 9 digits, the phone number in E.164 (+31612345678; show it with
    `phone_display`), the birth date as an ISO date. The entry and the audit name the changed fields only.
    """
    writable_required(case, actor)
    values = client_details_checked(details)
    fields = {
        CLIENT_FIELDS[key]: value
        for key, value in values.items()
        if getattr(case, CLIENT_FIELDS[key]) != value
    }
    changed = sorted(key for key in values if CLIENT_FIELDS[key] in fields)
    case_update_versioned(
        case, actor=actor, expected_version=expected_version, kind=EntryKind.CLIENT, fields=fields
    )
    entry_append(case, actor=actor, kind=EntryKind.CLIENT, step=None, data={"fields": changed})
    case_audit("case.client", case, actor, request, {"fields": changed})
    return case


@transaction.atomic
def case_close(
    *, case: Case, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Case:
    """Close the dossier with a reason. The retention term (settings.CASE_RETENTION_DAYS) starts now."""
    writable_required(case, actor)
    errors: dict[str, str] = {}
    reason = text_checked(
        errors,
        "reason",
        reason,
        required=True,
        required_message=_("Schrijf op waarom je het dossier sluit."),
    )
    raise_if(errors)
    case_update_versioned(
        case,
        actor=actor,
        expected_version=expected_version,
        kind=EntryKind.CLOSED,
        fields={"status": Status.CLOSED, "closed_at": timezone.now()},
    )
    entry_append(case, actor=actor, kind=EntryKind.CLOSED, step=None, text=reason)
    case_audit("case.close", case, actor, request, {})
    return case


@transaction.atomic
def case_reopen(
    *, case: Case, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Case:
    """Reopen a closed dossier with a reason; the retention term stops."""
    access_required(case, actor)
    if case.status != Status.CLOSED:
        raise CaseInputError({"status": _("Dit dossier is al open.")})
    errors: dict[str, str] = {}
    reason = text_checked(
        errors,
        "reason",
        reason,
        required=True,
        required_message=_("Schrijf op waarom je het dossier weer opent."),
    )
    raise_if(errors)
    case_update_versioned(
        case,
        actor=actor,
        expected_version=expected_version,
        kind=EntryKind.REOPENED,
        fields={"status": Status.OPEN, "closed_at": None},
        status_required=Status.CLOSED,
    )
    entry_append(case, actor=actor, kind=EntryKind.REOPENED, step=None, text=reason)
    case_audit("case.reopen", case, actor, request, {})
    return case
