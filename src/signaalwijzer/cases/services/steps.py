"""The five steps of the meldcode: signals and observations, consultation, conversation, weighing,
decision. Each appends one entry of its kind (models.EntryKind) and bumps the version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import meldcode
from signaalwijzer.cases.checks import NAME_MAX, event_date_checked, raise_if, text_checked
from signaalwijzer.cases.models import EXPERTS, Case, ConsultedWith, Decision, EntryKind, NotHeldReason, Step
from signaalwijzer.cases.services.common import (
    case_audit,
    case_update_versioned,
    deadline_facts,
    entry_append,
    facts_data,
    indicators_normalised,
    weighing_facts,
    writable_required,
)
from signaalwijzer.knowledge import knowledge_base

# --- Step 1: signals and observations --------------------------------------------------------------------------


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
    writable_required(case, actor)
    errors: dict[str, str] = {}
    indicators = indicators_normalised(indicators)
    facts = weighing_facts(errors, indicators=indicators, minor=minor, role=case.observer_role)
    raise_if(errors)
    before = set(case.indicators)
    added = sorted(set(indicators) - before)
    removed = sorted(before - set(indicators))
    case_update_versioned(
        case,
        actor=actor,
        expected_version=expected_version,
        kind=EntryKind.SIGNALS,
        has_indicators=bool(indicators),
        fields={
            "indicators": indicators,
            "minor": minor,
            **facts,
            **deadline_facts(was=case, outcome=facts["outcome"], now=timezone.now()),
        },
    )
    entry_append(
        case,
        actor=actor,
        kind=EntryKind.SIGNALS,
        step=Step.SIGNALS,
        data={"indicators": indicators, "minor": minor, "added": added, "removed": removed}
        | facts_data(facts),
    )
    case_audit(
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
    writable_required(case, actor)
    errors: dict[str, str] = {}
    event_date_checked(errors, "observed_on", observed_on, required=True)
    text = text_checked(errors, "text", text, required=True)
    raise_if(errors)
    case_update_versioned(case, actor=actor, expected_version=expected_version, kind=EntryKind.OBSERVATION)
    entry_append(
        case,
        actor=actor,
        kind=EntryKind.OBSERVATION,
        step=Step.SIGNALS,
        data={"on": observed_on.isoformat()},
        text=text,
    )
    case_audit("case.observation", case, actor, request, {})
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
    writable_required(case, actor)
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
        fields["expert_consulted_at"] = timezone.make_aware(dt.datetime.combine(consulted_on, dt.time.min))
    case_update_versioned(
        case, actor=actor, expected_version=expected_version, kind=EntryKind.CONSULTATION, fields=fields
    )
    entry = entry_append(
        case,
        actor=actor,
        kind=EntryKind.CONSULTATION,
        step=Step.CONSULT,
        data={"with": consulted_with, "on": consulted_on.isoformat(), "expert": expert},
        text=advice,
        consulted_name=consulted_name,
    )
    case_audit("case.consultation", case, actor, request, {"with": consulted_with, "entry": entry.pk})
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
    writable_required(case, actor)
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
        text = text_checked(
            errors,
            "text",
            text,
            required=reason_not_held == NotHeldReason.OTHER,
            required_message=_("Schrijf op waarom het gesprek niet kan."),
        )
    raise_if(errors)
    case_update_versioned(case, actor=actor, expected_version=expected_version, kind=EntryKind.CONVERSATION)
    entry_append(
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
    case_audit(
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
    writable_required(case, actor)
    errors = {
        key: str(_WEIGHING_MESSAGES[problem]) for key, problem in meldcode.weighing_problems(answers).items()
    }
    text = text_checked(errors, "text", text, required=False)
    raise_if(errors)
    answered = {key: answers.get(key) for key in meldcode.QUESTIONS}
    conclusion = meldcode.weighing_conclusion(answered)
    case_update_versioned(case, actor=actor, expected_version=expected_version, kind=EntryKind.WEIGHING)
    entry_append(
        case,
        actor=actor,
        kind=EntryKind.WEIGHING,
        step=Step.WEIGH,
        data={"answers": answered, "conclusion": conclusion},
        text=text,
    )
    case_audit("case.weighing", case, actor, request, {"conclusion": conclusion})
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
    writable_required(case, actor)
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Kies wat je besluit.")
    if route and route not in knowledge_base().routes:
        errors["route"] = _("Kies een van de meldroutes uit de lijst.")
    elif not route and decision in (Decision.REPORT, Decision.BOTH):
        errors["route"] = _("Kies waar je meldt, bijvoorbeeld Veilig Thuis.")
    text = text_checked(
        errors, "text", text, required=True, required_message=_("Schrijf op waarom je dit besluit.")
    )
    raise_if(errors)
    case_update_versioned(case, actor=actor, expected_version=expected_version, kind=EntryKind.DECISION)
    entry_append(
        case,
        actor=actor,
        kind=EntryKind.DECISION,
        step=Step.DECIDE,
        data={"decision": decision, "route": route},
        text=text,
    )
    case_audit("case.decision", case, actor, request, {"decision": decision, "route": route})
    return case
