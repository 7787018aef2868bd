"""Who may see a dossier (issue 3 §3): the owner, their organisation's aandachtsfunctionaris, and people the
owner shares with. Nobody else, whatever their role; the selector filters in SQL."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from signaalwijzer.accounts.roles import (
    AANDACHTSFUNCTIONARIS,
    BEHEERDER,
    BELEIDSMEDEWERKER,
    PROFESSIONAL,
    ZORGCOORDINATOR,
)
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases import selectors, services
from signaalwijzer.cases.models import EntryKind
from tests.accounts import factories as accounts
from tests.cases import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    wijkteam = accounts.organisation(name="Wijkteam Proefstad")
    other = accounts.organisation(name="School Voorbeeld", type="onderwijs")
    gemeente = accounts.organisation(name="Gemeente Proefstad", type="gemeente")
    owner = accounts.user(organisation_=wijkteam)
    people = {
        "owner": owner,
        "af_same_org": accounts.user(roles=(PROFESSIONAL, AANDACHTSFUNCTIONARIS), organisation_=wijkteam),
        "af_other_org": accounts.user(roles=(AANDACHTSFUNCTIONARIS,), organisation_=other),
        "shared": accounts.user(organisation_=other),
        "colleague_same_org": accounts.user(organisation_=wijkteam),
        "professional_other_org": accounts.user(organisation_=other),
        "zorgcoordinator": accounts.user(roles=(ZORGCOORDINATOR,), organisation_=gemeente),
        "beheerder": accounts.user(roles=(BEHEERDER,), organisation_=gemeente),
        "beleidsmedewerker": accounts.user(roles=(BELEIDSMEDEWERKER,), organisation_=gemeente),
    }
    case = factories.case(owner=owner)
    services.case_share(case=case, actor=owner, user=people["shared"])
    return case, people


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("owner", True),
        ("af_same_org", True),
        ("shared", True),
        ("af_other_org", False),
        ("colleague_same_org", False),
        ("professional_other_org", False),
        ("zorgcoordinator", False),
        ("beheerder", False),
        ("beleidsmedewerker", False),
    ],
)
def test_who_sees_a_dossier(world, who, sees):
    case, people = world
    user = people[who]
    assert (selectors.case_for_user(user, case.pk) is not None) is sees
    assert list(selectors.cases_visible_to(user).values_list("pk", flat=True)) == ([case.pk] if sees else [])


def test_anonymous_and_inactive_users_see_nothing(world):
    case, people = world
    assert not selectors.cases_visible_to(AnonymousUser()).exists()
    people["owner"].is_active = False
    assert selectors.case_for_user(people["owner"], case.pk) is None


def test_a_dossier_shared_with_several_people_is_listed_once(world):
    case, people = world
    services.case_share(case=case, actor=people["owner"], user=people["colleague_same_org"])
    services.case_share(case=case, actor=people["owner"], user=people["af_same_org"])
    assert selectors.cases_visible_to(people["af_same_org"]).count() == 1
    assert selectors.cases_visible_to(people["owner"]).count() == 1


def test_a_bad_id_is_simply_not_found(world):
    _case, people = world
    assert selectors.case_for_user(people["owner"], "12; DROP") is None
    assert selectors.case_for_user(people["owner"], 999_999) is None


def test_the_shared_person_and_the_aandachtsfunctionaris_may_write(world):
    case, people = world
    factories.observation(case, actor=people["shared"])
    factories.observation(case, actor=people["af_same_org"])
    assert case.entries.filter(kind=EntryKind.OBSERVATION).count() == 2


def test_someone_without_access_cannot_write_even_past_the_view(world):
    case, people = world
    with pytest.raises(services.CasePermissionError):
        factories.observation(case, actor=people["professional_other_org"])
    assert not case.entries.filter(kind=EntryKind.OBSERVATION).exists()


def test_only_the_owner_shares_and_not_with_themselves_or_an_inactive_account(world):
    case, people = world
    with pytest.raises(services.CasePermissionError):
        services.case_share(case=case, actor=people["shared"], user=people["colleague_same_org"])
    gone = accounts.user()
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)  # no service deactivates yet
    gone.refresh_from_db()
    for user, fragment in (
        (people["owner"], "eigen dossier"),
        (people["shared"], "al met deze persoon"),
        (gone, "niet actief"),
    ):
        with pytest.raises(services.CaseInputError) as error:
            services.case_share(case=case, actor=people["owner"], user=user)
        assert fragment in error.value.errors["user"]


def test_unsharing_takes_access_away_and_is_audited(world):
    case, people = world
    services.case_unshare(case=case, actor=people["owner"], user=people["shared"])
    assert selectors.case_for_user(people["shared"], case.pk) is None
    assert list(
        AuditEntry.objects.filter(action__in=["case.share", "case.unshare"])
        .order_by("position")
        .values_list("action", "detail")
    ) == [
        ("case.share", {"user_id": people["shared"].pk}),
        ("case.unshare", {"user_id": people["shared"].pk}),
    ]
    assert list(case.entries.values_list("kind", flat=True)) == ["created", "shared", "unshared"]
    with pytest.raises(services.CaseInputError):
        services.case_unshare(case=case, actor=people["owner"], user=people["shared"])


def test_the_shared_person_may_leave_but_not_remove_others(world):
    case, people = world
    services.case_share(case=case, actor=people["owner"], user=people["colleague_same_org"])
    with pytest.raises(services.CasePermissionError):
        services.case_unshare(case=case, actor=people["shared"], user=people["colleague_same_org"])
    services.case_unshare(case=case, actor=people["shared"], user=people["shared"])
    assert selectors.case_for_user(people["shared"], case.pk) is None


def test_a_refusal_is_audited(world):
    case, people = world
    services.case_access_refused(case_id=case.pk, actor=people["beheerder"])
    entry = AuditEntry.objects.get(action="case.access_denied")
    assert (entry.object_id, entry.actor_id) == (str(case.pk), people["beheerder"].pk)


@pytest.mark.django_db(transaction=True)
def test_a_refusal_commits_on_its_own():
    from django.db import connection

    from tests.audit.helpers import audit_log_emptied

    try:
        user = accounts.user()
        services.case_access_refused(case_id=424242, actor=user)
        assert connection.get_autocommit()
        assert AuditEntry.objects.filter(action="case.access_denied", object_id="424242").exists()
    finally:
        audit_log_emptied()


def test_the_list_takes_two_small_queries_and_the_detail_one(world, django_assert_num_queries):
    case, people = world
    user = people["af_same_org"]
    user.roles  # noqa: B018  (load the roles, as the login middleware would)
    with django_assert_num_queries(2):  # the shared ids, then the dossiers
        assert len(list(selectors.cases_visible_to(user))) == 1
    with django_assert_num_queries(1):
        assert selectors.case_for_user(user, case.pk) == case


def test_someone_with_very_many_shares_still_sees_exactly_their_dossiers(world, monkeypatch):
    case, people = world
    owner = people["owner"]
    other = factories.case(owner=owner)
    services.case_share(case=other, actor=owner, user=people["shared"])
    factories.case(owner=owner)  # not shared
    monkeypatch.setattr(selectors, "SHARED_INLINE_MAX", 1)  # the subquery form
    assert set(selectors.cases_visible_to(people["shared"]).values_list("pk", flat=True)) == {
        case.pk,
        other.pk,
    }
