"""Roles are rows; who-may-do-what questions are queries that filter in SQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from signaalwijzer.accounts import selectors, services
from signaalwijzer.accounts.models import RoleAssignment, User
from signaalwijzer.accounts.roles import (
    AANDACHTSFUNCTIONARIS,
    BEHEERDER,
    PROFESSIONAL,
    ROLES_REQUIRING_TWO_FACTOR,
    ZORGCOORDINATOR,
    UnknownRoleError,
)
from signaalwijzer.audit.models import AuditEntry
from tests.accounts import factories


def test_has_role_and_two_factor_requirement(professional, zorgcoordinator, beheerder):
    assert professional.has_role(PROFESSIONAL) and not professional.has_role(ZORGCOORDINATOR)
    assert not professional.requires_two_factor
    assert zorgcoordinator.requires_two_factor and beheerder.requires_two_factor
    assert {ZORGCOORDINATOR, BEHEERDER} == ROLES_REQUIRING_TWO_FACTOR


def test_an_unknown_role_is_an_error_never_silently_false(professional):
    with pytest.raises(UnknownRoleError):
        professional.has_role("zorgcoördinator")
    with pytest.raises(UnknownRoleError):
        services.user_roles_set(user=professional, roles=["admin"])


def test_roles_set_adds_and_removes_and_is_idempotent(professional):
    services.user_roles_set(user=professional, roles=[PROFESSIONAL, AANDACHTSFUNCTIONARIS])
    assert professional.roles == {PROFESSIONAL, AANDACHTSFUNCTIONARIS}
    services.user_roles_set(user=professional, roles=[AANDACHTSFUNCTIONARIS])
    services.user_roles_set(user=professional, roles=[AANDACHTSFUNCTIONARIS])
    assert set(RoleAssignment.objects.filter(user=professional).values_list("role", flat=True)) == {
        AANDACHTSFUNCTIONARIS
    }
    assert User.objects.get(pk=professional.pk).roles == {AANDACHTSFUNCTIONARIS}


def test_a_role_is_held_once(professional):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=professional, role=PROFESSIONAL)


def test_the_beheerder_role_opens_the_admin_and_losing_it_closes_it(professional):
    services.user_roles_set(user=professional, roles=[PROFESSIONAL, BEHEERDER])
    assert User.objects.get(pk=professional.pk).is_staff
    services.user_roles_set(user=professional, roles=[PROFESSIONAL])
    assert not User.objects.get(pk=professional.pk).is_staff


def test_role_changes_are_in_the_audit_log(professional, beheerder):
    services.user_roles_set(user=professional, roles=[PROFESSIONAL, ZORGCOORDINATOR], actor=beheerder)
    entry = AuditEntry.objects.filter(action="user.roles_set", object_id=str(professional.pk)).last()
    assert entry.actor_username == "beheer.test"
    assert entry.detail == {
        "roles": [PROFESSIONAL, ZORGCOORDINATOR],
        "added": [ZORGCOORDINATOR],
        "removed": [],
    }


def test_a_user_needs_an_organisation_unless_superuser(db):
    with pytest.raises(ValidationError, match="organisatie"):
        services.user_create(username="zonder.org", organisation=None, password=factories.PASSWORD)
    admin = services.user_create(username="opzet", organisation=None, is_superuser=True)
    assert admin.is_staff and not admin.has_usable_password()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="rechtstreeks")


def test_one_account_per_email_address_whatever_the_case(professional):
    with pytest.raises(ValidationError, match="e-mailadres"):
        factories.user(email=professional.email.upper())


def test_users_in_organisation_and_aandachtsfunctionarissen_of(
    wijkteam, professional, aandachtsfunctionaris, django_assert_num_queries
):
    other = factories.organisation(name="Wijkteam Proefstad Zuid")
    factories.user(roles=(AANDACHTSFUNCTIONARIS,), organisation_=other)
    gone = factories.user(roles=(AANDACHTSFUNCTIONARIS,), organisation_=wijkteam)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    assert set(selectors.users_in_organisation(wijkteam)) == {professional, aandachtsfunctionaris}
    with django_assert_num_queries(2):  # the users, and their roles in one go
        found = list(selectors.aandachtsfunctionarissen_of(wijkteam))
        assert [u.roles for u in found] == [frozenset({PROFESSIONAL, AANDACHTSFUNCTIONARIS})]
    assert found == [aandachtsfunctionaris]
    assert set(selectors.users_with_role(AANDACHTSFUNCTIONARIS)) == {aandachtsfunctionaris} | set(
        selectors.aandachtsfunctionarissen_of(other)
    )


def test_selectors_filter_in_sql(wijkteam):
    sql = str(selectors.aandachtsfunctionarissen_of(wijkteam).query)
    assert "accounts_roleassignment" in sql and "organisation_id" in sql


def test_organisation_names_are_unique_whatever_the_case(wijkteam):
    with pytest.raises(ValidationError):
        factories.organisation(name=wijkteam.name.upper())


def test_an_organisation_with_people_cannot_be_deleted(professional):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        professional.organisation.delete()
