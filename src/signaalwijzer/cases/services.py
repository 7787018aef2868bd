"""The one write path of dossiers.

Every function: keyword-only arguments, `@transaction.atomic`, validates before writing (raises
`CaseInputError` naming the field), checks `expected_version` against `case.version` with a conditional
UPDATE (raises `CaseConflictError`, nothing written), appends exactly one `CaseEntry` (never updates
one), recomputes the denormalised facts on `Case` (outcome, acute, step, deadline fields), bumps
`version`, and writes one audit entry (`audit.services.audit_record`, action `case.<verb>`, object
`case`/<pk>, detail without personal data) in the same transaction, last, because it takes the chain lock.

Sharing does not take or bump a version: it changes who may see the dossier, not what is in it, and must
not make a colleague's open form stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases import meldcode
from signaalwijzer.cases.checks import (
    LABEL_MAX,
    NAME_MAX,
    TEXT_MAX,  # noqa: F401  (named here for the views)
    event_date_checked,
    raise_if,
    text_checked,
)
from signaalwijzer.cases.client import (  # noqa: F401  (ClientDetails and the helpers belong to this contract)
    CLIENT_FIELDS,
    ClientDetails,
    client_details_checked,
    client_details_of,
    phone_display,
)
from signaalwijzer.cases.errors import (
    CaseClosedError,
    CaseConflictError,
    CaseInputError,
    CasePermissionError,
)

# Retention and key rotation live in maintenance.py (run by management commands); named here too, as the
# contract of this module says.
from signaalwijzer.cases.maintenance import (  # noqa: F401
    RetentionItem,
    case_fields_rotate,
    cases_retention_apply,
)
from signaalwijzer.cases.models import (
    EXPERTS,
    Case,
    CaseEntry,
    CaseShare,
    ConsultedWith,
    Decision,
    EntryKind,
    Minor,
    NotHeldReason,
    Outcome,
    Status,
    Step,
)
from signaalwijzer.cases.workdays import working_days_after
from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate

READS = ("view", "print", "pdf", "pdf_pseudonymised")


# --- Creating and the signals (step 1) -------------------------------------------------------------------------


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
    indicators = _indicators_normalised(indicators)
    facts = _weighing(errors, indicators=indicators, minor=minor, role=observer_role)
    raise_if(errors)

    now = timezone.now()
    deadline = _deadline_facts(was=None, outcome=facts["outcome"], now=now)
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
    _entry_add(
        case,
        actor=owner,
        kind=EntryKind.CREATED,
        step=Step.SIGNALS,
        data={"indicators": indicators, "minor": minor, "observer_role": observer_role, **_facts_data(facts)},
    )
    _audit(
        "case.create",
        case,
        owner,
        request,
        {"indicators": len(indicators), "outcome": facts["outcome"], "role": observer_role},
    )
    return case


@transaction.atomic
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
    _writable(case, actor)
    errors: dict[str, str] = {}
    indicators = _indicators_normalised(indicators)
    facts = _weighing(errors, indicators=indicators, minor=minor, role=case.observer_role)
    raise_if(errors)
    before = set(case.indicators)
    added = sorted(set(indicators) - before)
    removed = sorted(before - set(indicators))
    _case_write(
        case,
        actor=actor,
        expected_version=expected_version,
        kind=EntryKind.SIGNALS,
        has_indicators=bool(indicators),
        fields={
            "indicators": indicators,
            "minor": minor,
            **facts,
            **_deadline_facts(was=case, outcome=facts["outcome"], now=timezone.now()),
        },
    )
    _entry_add(
        case,
        actor=actor,
        kind=EntryKind.SIGNALS,
        step=Step.SIGNALS,
        data={"indicators": indicators, "minor": minor, "added": added, "removed": removed}
        | _facts_data(facts),
    )
    _audit(
        "case.signals",
        case,
        actor,
        request,
        {"added": len(added), "removed": len(removed), "outcome": facts["outcome"]},
    )
    return case


@transaction.atomic
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
    _writable(case, actor)
    errors: dict[str, str] = {}
    event_date_checked(errors, "observed_on", observed_on, required=True)
    text = text_checked(errors, "text", text, required=True)
    raise_if(errors)
    _case_write(case, actor=actor, expected_version=expected_version, kind=EntryKind.OBSERVATION)
    _entry_add(
        case,
        actor=actor,
        kind=EntryKind.OBSERVATION,
        step=Step.SIGNALS,
        data={"on": observed_on.isoformat()},
        text=text,
    )
    _audit("case.observation", case, actor, request, {})
    return case


# --- Step 2: consultation --------------------------------------------------------------------------------------


@transaction.atomic
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
    """Step 2: who was consulted (models.ConsultedWith), when, and what they advised.

    An expert (models.EXPERTS: everyone but a colleague) sets `expert_consulted_at` (the first one counts),
    which lifts the deadline on expert advice. `consulted_name` (the adviser's name) is stored encrypted.
    """
    _writable(case, actor)
    errors: dict[str, str] = {}
    if consulted_with not in ConsultedWith.values:
        errors["consulted_with"] = _("Kies met wie je overlegde.")
    event_date_checked(errors, "consulted_on", consulted_on, required=True)
    advice = text_checked(errors, "advice", advice, required=True)
    consulted_name = text_checked(errors, "consulted_name", consulted_name, required=False, limit=NAME_MAX)
    raise_if(errors)
    expert = consulted_with in EXPERTS
    fields: dict[str, Any] = {}
    if expert and case.expert_consulted_at is None:
        fields["expert_consulted_at"] = _day_start(consulted_on)
    _case_write(
        case, actor=actor, expected_version=expected_version, kind=EntryKind.CONSULTATION, fields=fields
    )
    entry = _entry_add(
        case,
        actor=actor,
        kind=EntryKind.CONSULTATION,
        step=Step.CONSULT,
        data={"with": consulted_with, "on": consulted_on.isoformat(), "expert": expert},
        text=advice,
        consulted_name=consulted_name,
    )
    _audit("case.consultation", case, actor, request, {"with": consulted_with, "entry": entry.pk})
    return case


# --- Step 3: conversation --------------------------------------------------------------------------------------


@transaction.atomic
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
    """Step 3: the conversation with the client, or why it did not happen (models.NotHeldReason).

    Held: `held_on` and `text` (what was said) are required, `reason_not_held` must be empty. Not held: a
    reason is required, `held_on` must be empty, and `text` is required when the reason is "anders".
    """
    _writable(case, actor)
    errors: dict[str, str] = {}
    if held:
        event_date_checked(errors, "held_on", held_on, required=True)
        text = text_checked(errors, "text", text, required=True)
        if reason_not_held:
            errors["reason_not_held"] = _("Het gesprek is gevoerd: laat de reden leeg.")
    else:
        if reason_not_held not in NotHeldReason.values:
            errors["reason_not_held"] = _("Kies waarom het gesprek niet kan.")
        if held_on is not None:
            errors["held_on"] = _("Het gesprek is niet gevoerd: laat de datum leeg.")
        text = text_checked(errors, "text", text, required=reason_not_held == NotHeldReason.OTHER)
        if "text" in errors and reason_not_held == NotHeldReason.OTHER and not text:
            errors["text"] = _("Schrijf op waarom het gesprek niet kan.")
    raise_if(errors)
    _case_write(case, actor=actor, expected_version=expected_version, kind=EntryKind.CONVERSATION)
    _entry_add(
        case,
        actor=actor,
        kind=EntryKind.CONVERSATION,
        step=Step.CONVERSATION,
        data={
            "held": bool(held),
            "on": held_on.isoformat() if held and held_on else None,
            "reason_not_held": "" if held else reason_not_held,
        },
        text=text,
    )
    _audit(
        "case.conversation",
        case,
        actor,
        request,
        {"held": bool(held), "reason_not_held": "" if held else reason_not_held},
    )
    return case


# --- Step 4: weighing ------------------------------------------------------------------------------------------

_WEIGHING_MESSAGES = {
    meldcode.MISSING: gettext_lazy("Beantwoord deze vraag."),
    meldcode.NOT_ASKED: gettext_lazy(
        "Laat deze vraag leeg: door het antwoord op een eerdere vraag kom je hier niet."
    ),
    meldcode.INVALID: gettext_lazy("Kies ja of nee."),
    meldcode.UNKNOWN: gettext_lazy("Deze vraag bestaat niet."),
}


@transaction.atomic
def case_weighing_record(
    *,
    case: Case,
    actor: User,
    expected_version: int,
    answers: Mapping[str, bool | None],
    text: str,
    request: HttpRequest | None = None,
) -> Case:
    """Step 4: the five afwegingsvragen ("q1".."q5", True/False, None where the flow stopped earlier).

    The answers must follow the flow of the afwegingskader (meldcode.weighing_problems); the entry stores
    them with the conclusion (meldcode.weighing_conclusion): data = {"answers": {...}, "conclusion": code}.
    `text` (the professional's reasoning) is optional.
    """
    _writable(case, actor)
    errors = {
        key: str(_WEIGHING_MESSAGES[problem]) for key, problem in meldcode.weighing_problems(answers).items()
    }
    text = text_checked(errors, "text", text, required=False)
    raise_if(errors)
    answered = {key: answers.get(key) for key in meldcode.QUESTIONS}
    conclusion = meldcode.weighing_conclusion(answered)
    _case_write(case, actor=actor, expected_version=expected_version, kind=EntryKind.WEIGHING)
    _entry_add(
        case,
        actor=actor,
        kind=EntryKind.WEIGHING,
        step=Step.WEIGH,
        data={"answers": answered, "conclusion": conclusion},
        text=text,
    )
    _audit("case.weighing", case, actor, request, {"conclusion": conclusion})
    return case


# --- Step 5: decision ------------------------------------------------------------------------------------------


@transaction.atomic
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
    """Step 5: help, report or both (models.Decision), with reasons and the route reported to.

    `route` is a route id of the knowledge base (e.g. "veilig_thuis"); required when reporting.
    """
    _writable(case, actor)
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Kies wat je besluit.")
    if route and route not in knowledge_base().routes:
        errors["route"] = _("Kies een van de meldroutes uit de lijst.")
    elif not route and decision in (Decision.REPORT, Decision.BOTH):
        errors["route"] = _("Kies waar je meldt, bijvoorbeeld Veilig Thuis.")
    text = text_checked(errors, "text", text, required=True)
    if "text" in errors and not text:
        errors["text"] = _("Schrijf op waarom je dit besluit.")
    raise_if(errors)
    _case_write(case, actor=actor, expected_version=expected_version, kind=EntryKind.DECISION)
    _entry_add(
        case,
        actor=actor,
        kind=EntryKind.DECISION,
        step=Step.DECIDE,
        data={"decision": decision, "route": route},
        text=text,
    )
    _audit("case.decision", case, actor, request, {"decision": decision, "route": route})
    return case


# --- Client details (checks in client.py) ---------------------------------------------------------------------


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
    _writable(case, actor)
    values = client_details_checked(details)
    fields = {
        CLIENT_FIELDS[key]: value
        for key, value in values.items()
        if getattr(case, CLIENT_FIELDS[key]) != value
    }
    changed = sorted(key for key in values if CLIENT_FIELDS[key] in fields)
    _case_write(case, actor=actor, expected_version=expected_version, kind=EntryKind.CLIENT, fields=fields)
    _entry_add(case, actor=actor, kind=EntryKind.CLIENT, step=None, data={"fields": changed})
    _audit("case.client", case, actor, request, {"fields": changed})
    return case


# --- Sharing, closing ------------------------------------------------------------------------------------------


@transaction.atomic
def case_share(*, case: Case, actor: User, user: User, request: HttpRequest | None = None) -> CaseShare:
    """The owner shares the dossier with one colleague (same deployment, active account).

    A share gives reading and writing. Only the owner shares (CasePermissionError); not with themselves,
    an inactive account, or someone it is already shared with (CaseInputError on "user").
    """
    if actor.pk != case.owner_id:
        raise CasePermissionError("only the owner shares a dossier")
    _open_required(case)
    errors = {}
    if user.pk == case.owner_id:
        errors["user"] = _("Dit is je eigen dossier: je hoeft het niet met jezelf te delen.")
    elif not user.is_active:
        errors["user"] = _("Dit account is niet actief. Kies een collega met een actief account.")
    elif CaseShare.objects.filter(case=case, user=user).exists():
        errors["user"] = _("Je deelt dit dossier al met deze persoon.")
    raise_if(errors)
    share = CaseShare.objects.create(case=case, user=user, created_by=actor)
    _entry_add(case, actor=actor, kind=EntryKind.SHARED, step=None, data={"user_id": user.pk})
    _audit("case.share", case, actor, request, {"user_id": user.pk})
    return share


@transaction.atomic
def case_unshare(*, case: Case, actor: User, user: User, request: HttpRequest | None = None) -> None:
    """Stop sharing: by the owner, or by the colleague themselves. Allowed on a closed dossier too:
    taking access away is always possible."""
    if actor.pk not in (case.owner_id, user.pk):
        raise CasePermissionError("only the owner, or the person it is shared with, stops sharing")
    deleted, _rows = CaseShare.objects.filter(case=case, user=user).delete()
    if not deleted:
        raise CaseInputError({"user": _("Dit dossier is niet met deze persoon gedeeld.")})
    _entry_add(case, actor=actor, kind=EntryKind.UNSHARED, step=None, data={"user_id": user.pk})
    _audit("case.unshare", case, actor, request, {"user_id": user.pk})


@transaction.atomic
def case_close(
    *, case: Case, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Case:
    """Close the dossier with a reason. The retention term (settings.CASE_RETENTION_DAYS) starts now."""
    _writable(case, actor)
    errors: dict[str, str] = {}
    reason = text_checked(errors, "reason", reason, required=True)
    if "reason" in errors and not reason:
        errors["reason"] = _("Schrijf op waarom je het dossier sluit.")
    raise_if(errors)
    now = timezone.now()
    _case_write(
        case,
        actor=actor,
        expected_version=expected_version,
        kind=EntryKind.CLOSED,
        fields={"status": Status.CLOSED, "closed_at": now},
    )
    _entry_add(case, actor=actor, kind=EntryKind.CLOSED, step=None, text=reason)
    _audit("case.close", case, actor, request, {})
    return case


@transaction.atomic
def case_reopen(
    *, case: Case, actor: User, expected_version: int, reason: str, request: HttpRequest | None = None
) -> Case:
    """Reopen a closed dossier with a reason; the retention term stops."""
    _access_required(case, actor)
    if case.status != Status.CLOSED:
        raise CaseInputError({"status": _("Dit dossier is al open.")})
    errors: dict[str, str] = {}
    reason = text_checked(errors, "reason", reason, required=True)
    if "reason" in errors and not reason:
        errors["reason"] = _("Schrijf op waarom je het dossier weer opent.")
    raise_if(errors)
    _case_write(
        case,
        actor=actor,
        expected_version=expected_version,
        kind=EntryKind.REOPENED,
        fields={"status": Status.OPEN, "closed_at": None},
        status_required=Status.CLOSED,
    )
    _entry_add(case, actor=actor, kind=EntryKind.REOPENED, step=None, text=reason)
    _audit("case.reopen", case, actor, request, {})
    return case


# --- Reads and refusals ----------------------------------------------------------------------------------------


@transaction.atomic
def case_read_record(*, case: Case, actor: User, what: str, request: HttpRequest | None = None) -> None:
    """Audits a read: what is "view", "print", "pdf" or "pdf_pseudonymised" (action case.<what>)."""
    if what not in READS:
        raise ValueError(f"what: {what!r} is not one of {', '.join(READS)}")
    _audit(f"case.{what}", case, actor, request, {})


@transaction.atomic
def case_access_refused(*, case_id: int, actor: User, request: HttpRequest | None = None) -> None:
    """Audits an attempt to open a dossier one may not see (action case.access_denied). Commits even
    though the view answers 404, as long as it is not called inside a transaction that rolls back."""
    audit_record(
        action="case.access_denied", object_type="case", object_id=case_id, actor=actor, request=request
    )


# --- Helpers ---------------------------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _indicators_normalised(indicators: Iterable[str]) -> list[str]:
    if isinstance(indicators, str):
        indicators = [indicators]
    return sorted({str(i) for i in indicators})


def _weighing(errors: dict[str, str], *, indicators: list[str], minor: str, role: str) -> dict[str, Any]:
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


def _facts_data(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {"outcome": facts["outcome"], "acute": facts["acute"]}


def _deadline_facts(*, was: Case | None, outcome: str, now: dt.datetime) -> dict[str, Any]:
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


def _access_required(case: Case, actor: User) -> None:
    if actor.pk == case.owner_id and actor.is_active:
        return
    from signaalwijzer.cases.selectors import case_is_visible_to  # selectors import nothing from here

    if not case_is_visible_to(actor, case.pk):
        raise CasePermissionError("no access to this dossier")


def _open_required(case: Case) -> None:
    if case.status != Status.OPEN:
        raise CaseClosedError("the dossier is closed; reopen it first")


def _writable(case: Case, actor: User) -> None:
    _access_required(case, actor)
    _open_required(case)


def _case_write(
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


def _entry_add(
    case: Case,
    *,
    actor: User,
    kind: str,
    step: int | None,
    data: dict[str, Any] | None = None,
    text: str = "",
    consulted_name: str = "",
) -> CaseEntry:
    return CaseEntry.objects.create(
        case=case,
        kind=kind,
        step=step,
        author=actor,
        data=data or {},
        text=text,
        consulted_name=consulted_name,
    )


def _audit(action: str, case: Case, actor: User, request: HttpRequest | None, detail: dict[str, Any]) -> None:
    audit_record(
        action=action, object_type="case", object_id=case.pk, actor=actor, request=request, detail=detail
    )
