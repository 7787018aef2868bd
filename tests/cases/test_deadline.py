"""The deadline on expert advice: N Dutch working days after the weighing became vermoeden (issue 3 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, PROFESSIONAL
from signaalwijzer.cases import selectors, services
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.workdays import is_working_day, working_days_after
from tests.accounts import factories as accounts
from tests.cases import factories

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 27), 5, D(2026, 12, 4)),  # Friday: the weekend does not count
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # from a Saturday, Monday is the first working day
        (D(2026, 4, 24), 1, D(2026, 4, 28)),  # Monday 27 April 2026 is Koningsdag
        (D(2027, 4, 26), 1, D(2027, 4, 28)),  # Tuesday 27 April 2027 is Koningsdag
        (D(2026, 12, 24), 1, D(2026, 12, 28)),  # Christmas on Friday, then the weekend
        (D(2026, 12, 24), 5, D(2027, 1, 4)),  # ... and New Year's Day on Friday 1 January 2027
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Good Friday and Easter Monday
        (D(2026, 5, 13), 1, D(2026, 5, 15)),  # Ascension Day, Thursday 14 May 2026
        (D(2026, 11, 27), 0, D(2026, 11, 27)),
    ],
)
def test_working_days_skip_weekends_and_dutch_public_holidays(start, days, due):
    assert working_days_after(start, days) == due
    assert selectors.working_days_after(start, days) == due


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)), st.integers(min_value=1, max_value=30))
def test_the_due_date_is_a_working_day_with_exactly_n_working_days_after_the_start(start, days):
    due = working_days_after(start, days)
    assert is_working_day(due)
    between = [start + dt.timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(map(is_working_day, between)) == days


def test_a_negative_number_of_days_is_a_mistake():
    with pytest.raises(ValueError):
        working_days_after(D(2026, 1, 5), -1)


@pytest.mark.django_db
def test_the_deadline_starts_when_the_outcome_becomes_vermoeden(settings):
    settings.CASE_EXPERT_DEADLINE_WORKING_DAYS = 3
    case = factories.case(indicators=factories.ZORGELIJK)
    assert (case.vermoeden_since, case.expert_due_on) == (None, None)
    case = services.case_signals_update(
        case=case,
        actor=case.owner,
        expected_version=case.version,
        indicators=[*factories.ZORGELIJK, *factories.VERMOEDEN],
        minor="onbekend",
    )
    case.refresh_from_db()
    assert case.vermoeden_since is not None
    assert case.expert_due_on == working_days_after(timezone.localdate(), 3)


@pytest.mark.django_db
def test_the_deadline_does_not_restart_while_the_outcome_stays_vermoeden():
    case = factories.case(indicators=factories.VERMOEDEN)
    Case.objects.filter(pk=case.pk).update(expert_due_on=D(2026, 1, 2))
    case.refresh_from_db()
    case = services.case_signals_update(
        case=case,
        actor=case.owner,
        expected_version=case.version,
        indicators=[*factories.VERMOEDEN, *factories.ZORGELIJK],
        minor="nee",
    )
    case.refresh_from_db()
    assert case.expert_due_on == D(2026, 1, 2)


def stuck_ids(user, today):
    return set(selectors.cases_stuck(user, today=today).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_dossier_is_stuck_the_day_after_its_due_date_until_an_expert_is_consulted():
    case = factories.case(indicators=factories.VERMOEDEN)
    due = case.expert_due_on
    owner = case.owner
    assert stuck_ids(owner, due) == set()
    assert not selectors.case_is_stuck(case, today=due)
    assert stuck_ids(owner, due + dt.timedelta(days=1)) == {case.pk}
    assert selectors.case_is_stuck(case, today=due + dt.timedelta(days=1))
    case = factories.consultation(case)  # a colleague is not expert advice
    assert stuck_ids(owner, due + dt.timedelta(days=1)) == {case.pk}
    case = factories.consultation(case, with_="aandachtsfunctionaris")
    assert stuck_ids(owner, due + dt.timedelta(days=1)) == set()
    assert not selectors.case_is_stuck(case, today=due + dt.timedelta(days=1))


@pytest.mark.django_db
def test_a_closed_or_no_longer_vermoeden_dossier_is_not_stuck():
    later = timezone.localdate() + dt.timedelta(days=30)
    closed = factories.closed(factories.case(indicators=factories.VERMOEDEN))
    calmer = factories.case(indicators=factories.VERMOEDEN)
    calmer = services.case_signals_update(
        case=calmer, actor=calmer.owner, expected_version=calmer.version, indicators=[], minor="nee"
    )
    assert stuck_ids(closed.owner, later) == set()
    assert stuck_ids(calmer.owner, later) == set()
    assert not selectors.case_is_stuck(closed, today=later)


@pytest.mark.django_db
def test_the_aandachtsfunctionaris_sees_every_stuck_dossier_of_the_organisation_and_no_other():
    wijkteam = accounts.organisation()
    other = accounts.organisation()
    af = accounts.user(roles=(PROFESSIONAL, AANDACHTSFUNCTIONARIS), organisation_=wijkteam)
    alice = accounts.user(organisation_=wijkteam)
    bob = accounts.user(organisation_=wijkteam)
    outsider = accounts.user(organisation_=other)
    stuck_a = factories.case(owner=alice, indicators=factories.VERMOEDEN)
    stuck_b = factories.case(owner=bob, indicators=factories.VERMOEDEN)
    factories.case(owner=bob, indicators=factories.ZORGELIJK)
    factories.case(owner=outsider, indicators=factories.VERMOEDEN)
    later = timezone.localdate() + dt.timedelta(days=30)
    assert stuck_ids(af, later) == {stuck_a.pk, stuck_b.pk}
    assert stuck_ids(alice, later) == {stuck_a.pk}
    services.case_share(case=stuck_b, actor=bob, user=alice)
    assert stuck_ids(alice, later) == {stuck_a.pk, stuck_b.pk}
