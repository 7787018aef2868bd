"""The roles a user can have: the one place other apps import them from.

A user can have several roles (an aandachtsfunctionaris is usually a professional too). Roles are stored
as rows of `RoleAssignment`, so that "who has role X in organisation Y" is a query (selectors.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Aandachtsfunctionaris")
    ZORGCOORDINATOR = "zorgcoordinator", _("Zorgcoördinator mensenhandel")
    # Sees aggregates only (monitor); never a dossier or a signal.
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    BEHEERDER = "beheerder", _("Beheerder")


PROFESSIONAL = Role.PROFESSIONAL.value
AANDACHTSFUNCTIONARIS = Role.AANDACHTSFUNCTIONARIS.value
ZORGCOORDINATOR = Role.ZORGCOORDINATOR.value
BELEIDSMEDEWERKER = Role.BELEIDSMEDEWERKER.value
BEHEERDER = Role.BEHEERDER.value

ALL_ROLES: frozenset[str] = frozenset(Role.values)

# Issue 3 §1: the zorgcoördinator sees signals of many partners, the beheerder manages every account;
# both log in with a second factor. Everyone else may switch it on.
ROLES_REQUIRING_TWO_FACTOR: frozenset[str] = frozenset({ZORGCOORDINATOR, BEHEERDER})


class UnknownRoleError(ValueError):
    pass


def roles_checked(roles) -> frozenset[str]:
    """The roles as a set of known role codes; an unknown code is an error, never silently dropped."""
    found = frozenset(str(role) for role in roles)
    unknown = sorted(found - ALL_ROLES)
    if unknown:
        raise UnknownRoleError(
            f"unknown role(s): {', '.join(unknown)}; known: {', '.join(sorted(ALL_ROLES))}"
        )
    return found
