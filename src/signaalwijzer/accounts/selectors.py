"""Reads about accounts. Permission questions are queries that filter in SQL, for every list and view."""

from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, roles_checked


def _users() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .select_related("organisation")
        .prefetch_related("role_assignments")
        .order_by("last_name", "first_name", "username")
    )


def users_in_organisation(organisation: Organisation) -> QuerySet[User]:
    """The active people of one organisation."""
    return _users().filter(organisation=organisation)


def users_with_role(role: str, *, organisation: Organisation | None = None) -> QuerySet[User]:
    """Active people with this role, in one organisation or in the whole deployment."""
    (role,) = roles_checked([role])
    users = _users().filter(role_assignments__role=role)
    if organisation is not None:
        users = users.filter(organisation=organisation)
    return users


def aandachtsfunctionarissen_of(organisation: Organisation) -> QuerySet[User]:
    """Whom an organisation's professionals consult about the meldcode, and who sees its stuck dossiers."""
    return users_with_role(AANDACHTSFUNCTIONARIS, organisation=organisation)


def organisations_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def user_totp_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they switched two-factor on."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def user_second_step(user: User) -> str:
    """What a logged-in user still has to do before the site is open to them.

    "verify": enter a code from their app (two-factor is on, this session is not verified yet);
    "enrol": switch two-factor on first (their role requires it); "": nothing.
    """
    if not user.is_authenticated or _is_verified(user):
        return ""
    if user_totp_device(user) is not None:
        return "verify"
    if user.requires_two_factor:
        return "enrol"
    return ""


def _is_verified(user: User) -> bool:
    # OTPMiddleware adds is_verified() to request.user; a user loaded elsewhere has not been verified.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
