"""Test data for dossiers, made through the services (so every fact on Case is what the app would store).

Synthetic only: names like "Proef" and "Voorbeeld", BSNs that pass the elfproef but are test numbers.

    owner = accounts_factories.user()
    c = factories.case(owner=owner, indicators=factories.VERMOEDEN)   # outcome vermoeden, deadline set
    c = factories.case_at_step(4, owner=owner)                         # steps 1-3 done
    c = factories.consultation(c)                                      # returns the case, version bumped
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, ConsultedWith, Decision, Minor
from tests.accounts import factories as accounts

# Signals that the engine weighs (for role "wijkteam", an adult): one each is enough.
VERMOEDEN = ("forced_to_commit_crimes",)
ZORGELIJK = ("documents_withheld",)
NONE: tuple[str, ...] = ()

# A weighing that follows the afwegingskader to "hulp" (no acute unsafety, help possible and accepted).
ANSWERS_HULP = {"q1": True, "q2": False, "q3": True, "q4": True, "q5": None}
ANSWERS_MELDEN = {"q1": True, "q2": True, "q3": None, "q4": None, "q5": None}

CLIENT = services.ClientDetails(
    label="Proef V.",
    name="Vera Voorbeeld",
    birth_date=dt.date(2008, 3, 17),
    bsn="111222333",
    phone="06-12345678",
    email="vera.voorbeeld@example.org",
    address="Proefstraat 1, 1234 AB Voorbeeldstad",
)


def case(
    *,
    owner: User | None = None,
    indicators: tuple[str, ...] | list[str] = (),
    minor: str = Minor.UNKNOWN,
    observer_role: str = "wijkteam",
    label: str = "",
) -> Case:
    """A new dossier. Without an owner, a professional of a new wijkteam."""
    return services.case_create(
        owner=owner or accounts.user(),
        observer_role=observer_role,
        minor=minor,
        indicators=indicators,
        label=label,
    )


def observation(case: Case, *, actor: User | None = None, text: str = "Zag blauwe plekken.") -> Case:
    return services.case_observation_add(
        case=case,
        actor=actor or case.owner,
        expected_version=case.version,
        observed_on=timezone.localdate(),
        text=text,
    )


def consultation(
    case: Case,
    *,
    actor: User | None = None,
    with_: str = ConsultedWith.COLLEAGUE,
    on: dt.date | None = None,
    advice: str = "Blijf in gesprek en noteer wat je ziet.",
) -> Case:
    return services.case_consultation_add(
        case=case,
        actor=actor or case.owner,
        expected_version=case.version,
        consulted_with=with_,
        consulted_on=on or timezone.localdate(),
        advice=advice,
    )


def conversation(case: Case, *, actor: User | None = None, held: bool = True) -> Case:
    return services.case_conversation_record(
        case=case,
        actor=actor or case.owner,
        expected_version=case.version,
        held=held,
        held_on=timezone.localdate() if held else None,
        text="Cliënt vertelde over de schuld." if held else "",
        reason_not_held="" if held else "veiligheid",
    )


def weighing(case: Case, *, actor: User | None = None, answers: dict | None = None) -> Case:
    return services.case_weighing_record(
        case=case,
        actor=actor or case.owner,
        expected_version=case.version,
        answers=answers or ANSWERS_HULP,
        text="",
    )


def decision(
    case: Case, *, actor: User | None = None, decision: str = Decision.HELP, route: str = ""
) -> Case:
    return services.case_decision_record(
        case=case,
        actor=actor or case.owner,
        expected_version=case.version,
        decision=decision,
        text="Hulp via het wijkteam, met afspraken.",
        route=route,
    )


def client(case: Case, *, actor: User | None = None, details: services.ClientDetails = CLIENT) -> Case:
    return services.case_client_update(
        case=case, actor=actor or case.owner, expected_version=case.version, details=details
    )


def closed(case: Case, *, actor: User | None = None, reason: str = "Hulp loopt, geen zorgen meer.") -> Case:
    return services.case_close(
        case=case, actor=actor or case.owner, expected_version=case.version, reason=reason
    )


def case_at_step(step: int, *, owner: User | None = None, indicators=VERMOEDEN, **kwargs) -> Case:
    """A dossier whose current step is `step` (1..6): every step before it is done, through the services.

    Step 1 needs no signals: case_at_step(1) has none. With an expert consultation in step 2 (the default is
    a colleague, so a vermoeden dossier stays on the deadline).
    """
    made = case(owner=owner, indicators=indicators if step > 1 else (), **kwargs)
    for number, add in ((2, consultation), (3, conversation), (4, weighing), (5, decision)):
        if step > number:
            made = add(made)
    assert made.step == step, (made.step, step)
    return made
