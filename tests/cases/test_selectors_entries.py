"""The reads the dossier pages use instead of querying entries and shares themselves."""

from __future__ import annotations

import pytest

from signaalwijzer.cases import selectors, services
from signaalwijzer.cases.models import EntryKind
from tests.accounts import factories as accounts
from tests.cases import factories

pytestmark = pytest.mark.django_db


def test_the_last_entry_of_a_kind_is_the_newest_and_none_before_any():
    case = factories.case()
    other = factories.case(owner=case.owner)
    assert selectors.case_last_entry(case, kind=EntryKind.WEIGHING) is None
    factories.weighing(case, answers=factories.ANSWERS_HULP)
    factories.weighing(case, answers=factories.ANSWERS_MELDEN)
    factories.weighing(other, answers=factories.ANSWERS_HULP)
    last = selectors.case_last_entry(case, kind=EntryKind.WEIGHING)
    assert last.case_id == case.pk
    assert last.data["answers"] == factories.ANSWERS_MELDEN


def test_has_entry_says_whether_one_of_that_kind_is_there():
    case = factories.case()
    other = factories.observation(factories.case(owner=case.owner))
    assert selectors.case_has_entry(other, kind=EntryKind.OBSERVATION)
    assert not selectors.case_has_entry(case, kind=EntryKind.OBSERVATION)
    factories.observation(case)
    assert selectors.case_has_entry(case, kind=EntryKind.OBSERVATION)


def test_shares_are_oldest_first_with_their_people_in_one_query(django_assert_num_queries):
    case = factories.case()
    organisation = case.organisation
    first = accounts.user(organisation_=organisation, first_name="Eva", last_name="Eerst")
    second = accounts.user(organisation_=organisation, first_name="Tom", last_name="Tweede")
    services.case_share(case=case, actor=case.owner, user=first)
    services.case_share(case=case, actor=case.owner, user=second)
    elsewhere = factories.case(owner=case.owner)
    services.case_share(case=elsewhere, actor=case.owner, user=second)
    with django_assert_num_queries(1):
        shares = selectors.case_shares(case)
        people = [(s.user.last_name, s.user.organisation.pk) for s in shares]
    assert people == [("Eerst", organisation.pk), ("Tweede", organisation.pk)]
