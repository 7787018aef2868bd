"""Reads of dossiers.

Permissions are queries: `cases_visible_to(user)` filters in SQL and every list and detail view starts
from it, so no view can forget the check and lists stay fast at 100,000 dossiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS
from signaalwijzer.cases import meldcode, workdays
from signaalwijzer.cases.models import Case, CaseEntry, CaseShare, EntryKind, Outcome, Status, Step

# The observations Signaalwijzer reads for suggestions at most (the newest), to keep the page fast.
OBSERVATIONS_READ_MAX = 50
# Above this many shares for one person the ids go to the database as a subquery instead of a list.
SHARED_INLINE_MAX = 500


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The owner's dossiers, those shared with them, and, for an aandachtsfunctionaris, every dossier of
    their organisation. Nobody else (not a beheerder, not a beleidsmedewerker, not a zorgcoordinator)."""
    condition = _visible_condition(user, shares_inline=True)
    return Case.objects.none() if condition is None else Case.objects.filter(condition)


def case_for_user(user: User, case_id: int) -> Case | None:
    """One dossier if `user` may see it, else None (the view then answers 404 and audits the attempt)."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        return None
    condition = _visible_condition(user, shares_inline=False)
    if condition is None:
        return None
    return Case.objects.select_related("owner", "organisation").filter(condition, pk=case_id).first()


def case_is_visible_to(user: User, case_id: int) -> bool:
    """Whether `user` may see (and so write) this dossier: one query on its primary key."""
    condition = _visible_condition(user, shares_inline=False)
    return condition is not None and Case.objects.filter(condition, pk=case_id).exists()


def _visible_condition(user: User | None, *, shares_inline: bool) -> Q | None:
    """The access rule as a WHERE condition; None when the user may see nothing at all.

    For lists (`shares_inline`) the shared ids are read first (one small indexed query) and passed as a
    list: then `owner OR id IN (...) OR organisation` is a BitmapOr (PostgreSQL) or MULTI-INDEX OR
    (SQLite) over three indexes. A correlated EXISTS, or IN over a subquery, makes both databases scan
    every dossier: at 100,000 dossiers 130 ms against 3 ms on PostgreSQL. For one dossier by primary key
    the EXISTS is the cheaper form. Never a join, so a dossier shared with several people is listed once.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    shared_exists = Q(Exists(CaseShare.objects.filter(case=OuterRef("pk"), user=user)))
    visible = Q(owner=user)
    if shares_inline:
        shared = list(
            CaseShare.objects.filter(user=user).values_list("case_id", flat=True)[: SHARED_INLINE_MAX + 1]
        )
        if len(shared) > SHARED_INLINE_MAX:
            visible |= shared_exists
        elif shared:
            visible |= Q(pk__in=shared)
    else:
        visible |= shared_exists
    if user.organisation_id is not None and user.has_role(AANDACHTSFUNCTIONARIS):
        visible |= Q(organisation_id=user.organisation_id)
    return visible


def cases_stuck(user: User, *, today: dt.date | None = None) -> QuerySet[Case]:
    """Open dossiers weighed `vermoeden` without an expert consultation whose `expert_due_on` has passed:
    the aandachtsfunctionaris's organisation-wide overview, or a professional's own."""
    # An aandachtsfunctionaris sees the whole organisation through cases_visible_to already.
    return cases_visible_to(user).filter(_stuck_condition(today or timezone.localdate()))


def case_is_stuck(case: Case, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        case.status == Status.OPEN
        and case.outcome == Outcome.VERMOEDEN
        and case.expert_consulted_at is None
        and case.expert_due_on is not None
        and case.expert_due_on < today
    )


@dataclass(frozen=True)
class StepProgress:
    step: int  # 1..5
    title: str
    done: bool
    missing: list[str]  # what is still needed, in plain Dutch; empty when done


@dataclass(frozen=True)
class CaseProgress:
    current_step: int  # the first step not done; 6 when all are done
    steps: list[StepProgress]


def case_progress(case: Case) -> CaseProgress:
    """Which step the dossier is in and what is missing, from its entries."""
    kinds = set(
        CaseEntry.objects.filter(
            case_id=case.pk, kind__in=[*meldcode.STEP_KINDS.values(), meldcode.OBSERVATION_KIND]
        )
        .values_list("kind", flat=True)
        .distinct()
    )
    done = meldcode.steps_done(has_indicators=bool(case.indicators), kinds=kinds)
    steps = [
        StepProgress(
            step=step.value,
            title=str(step.label),
            done=done[step.value],
            missing=[] if done[step.value] else [str(text) for text in MISSING[step.value]],
        )
        for step in Step
    ]
    return CaseProgress(current_step=meldcode.current_step(done), steps=steps)


def case_history(case: Case) -> QuerySet[CaseEntry]:
    """Every entry, oldest first, with its author."""
    return CaseEntry.objects.filter(case_id=case.pk).select_related("author").order_by("created_at", "pk")


def case_last_entry(case: Case, *, kind: str) -> CaseEntry | None:
    """The newest entry of this kind (models.EntryKind), or None when there is none."""
    return CaseEntry.objects.filter(case_id=case.pk, kind=kind).order_by("-created_at", "-pk").first()


def case_has_entry(case: Case, *, kind: str) -> bool:
    """Whether the dossier has an entry of this kind (models.EntryKind); nothing is decrypted."""
    return CaseEntry.objects.filter(case_id=case.pk, kind=kind).exists()


def case_shares(case: Case) -> list[CaseShare]:
    """Whom the dossier is shared with, oldest share first, with their accounts and organisations."""
    return list(
        CaseShare.objects.filter(case_id=case.pk)
        .select_related("user", "user__organisation")
        .order_by("created_at", "pk")
    )


def case_observations(case: Case, *, limit: int = OBSERVATIONS_READ_MAX) -> list[CaseEntry]:
    """The newest `limit` observations, oldest first. Their texts are decrypted on load: use them in the
    request, never log them."""
    newest = list(
        CaseEntry.objects.filter(case_id=case.pk, kind=EntryKind.OBSERVATION)
        .only("id", "data", "text", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )
    return newest[::-1]


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The date `days` Dutch working days after `start` (Mon–Fri, not a public holiday)."""
    return workdays.working_days_after(start, days)


def _stuck_condition(today: dt.date) -> Q:
    return Q(
        status=Status.OPEN,
        outcome=Outcome.VERMOEDEN,
        expert_consulted_at__isnull=True,
        expert_due_on__lt=today,
    )


# What each step still needs, in plain Dutch (issue 3 §2: "which step you are in and what is missing").
MISSING = {
    Step.SIGNALS: [
        _(
            "Nog geen signalen of waarnemingen vastgelegd. Vink aan wat je zag, "
            "of schrijf op wat je zag en wanneer."
        )
    ],
    Step.CONSULT: [
        _(
            "Nog geen overleg vastgelegd. Overleg met een collega of deskundige "
            "(Veilig Thuis, CoMensha, zorgcoördinator, aandachtsfunctionaris)."
        )
    ],
    Step.CONVERSATION: [
        _(
            "Nog geen gesprek met de cliënt vastgelegd. Schrijf op wat jullie bespraken, "
            "of waarom een gesprek niet kan (bijvoorbeeld omdat het de cliënt in gevaar brengt)."
        )
    ],
    Step.WEIGH: [_("Nog geen afweging gemaakt. Beantwoord de vijf afwegingsvragen van de meldcode.")],
    Step.DECIDE: [
        _(
            "Nog geen besluit vastgelegd. Beslis of je meldt, hulp organiseert of allebei, "
            "en schrijf op waarom."
        )
    ],
}
