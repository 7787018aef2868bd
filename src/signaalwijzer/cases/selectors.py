"""Reads of dossiers. CONTRACT STUBS: the signatures are fixed, the bodies are to be written.

Permissions are queries: `cases_visible_to(user)` filters in SQL and every list and detail view starts
from it, so no view can forget the check and lists stay fast at 100,000 dossiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.models import Case, CaseEntry


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The owner's dossiers, those shared with them, and, for an aandachtsfunctionaris, every dossier of
    their organisation. Nobody else (not a beheerder, not a beleidsmedewerker, not a zorgcoordinator)."""
    raise NotImplementedError


def case_for_user(user: User, case_id: int) -> Case | None:
    """One dossier if `user` may see it, else None (the view then answers 404 and audits the attempt)."""
    raise NotImplementedError


def cases_stuck(user: User, *, today: dt.date | None = None) -> QuerySet[Case]:
    """Open dossiers weighed `vermoeden` without an expert consultation whose `expert_due_on` has passed:
    the aandachtsfunctionaris's organisation-wide overview, or a professional's own."""
    raise NotImplementedError


def case_is_stuck(case: Case, *, today: dt.date | None = None) -> bool:
    raise NotImplementedError


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
    raise NotImplementedError


def case_history(case: Case) -> QuerySet[CaseEntry]:
    """Every entry, oldest first, with its author."""
    raise NotImplementedError


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The date `days` Dutch working days after `start` (Mon–Fri, not a public holiday)."""
    raise NotImplementedError
