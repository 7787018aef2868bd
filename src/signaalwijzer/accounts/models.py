"""Organisations, users and their roles.

Writes go through services.py; reads for permissions through selectors.py.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.roles import ROLES_REQUIRING_TWO_FACTOR, Role, roles_checked


class OrganisationType(models.TextChoices):
    WIJKTEAM = "wijkteam", _("Wijkteam")
    POLITIE = "politie", _("Politie")
    ONDERWIJS = "onderwijs", _("Onderwijs")
    ZORG = "zorg", _("Zorg")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg")
    GGZ = "ggz", _("GGZ")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    GEMEENTE = "gemeente", _("Gemeente")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    ARBEIDSINSPECTIE = "arbeidsinspectie", _("Arbeidsinspectie")
    OVERIG = "overig", _("Overig")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort organisatie"), max_length=32, choices=OrganisationType.choices)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="accounts_organisation_name_unique")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    # PROTECT: an organisation with people in it is never deleted by accident. Empty only for a superuser
    # made with `createsuperuser` to set the instance up (checked by the database).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(is_superuser=True),
                name="accounts_user_organisation_required",
                violation_error_message=_("Kies de organisatie van deze gebruiker."),
            ),
            # OIDC matches people by e-mail address (oidc.py): one address, one account.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message=_("Er is al een account met dit e-mailadres."),
            ),
        ]

    @cached_property
    def roles(self) -> frozenset[str]:
        """This user's role codes. One query, or none when role_assignments was prefetched."""
        if self.pk is None:
            return frozenset()
        return frozenset(assignment.role for assignment in self.role_assignments.all())

    def has_role(self, role: str) -> bool:
        (checked,) = roles_checked([role])
        return checked in self.roles

    def has_any_role(self, *roles: str) -> bool:
        return bool(roles_checked(roles) & self.roles)

    @property
    def requires_two_factor(self) -> bool:
        return bool(self.roles & ROLES_REQUIRING_TWO_FACTOR)

    def roles_forget(self) -> None:
        """Drop the cached roles (services call this after changing them)."""
        self.__dict__.pop("roles", None)
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        prefetched.pop("role_assignments", None)

    def role_labels(self) -> list[str]:
        return [str(label) for value, label in Role.choices if value in self.roles]


class RoleAssignment(models.Model):
    """One role of one user. A row, not a list in a column, so that role checks are plain SQL joins."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("toegekend op"), auto_now_add=True)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_roleassignment_unique"),
        ]
        # aandachtsfunctionarissen_of, users_with_role: from the role to its users.
        indexes = [models.Index(fields=["role", "user"], name="accounts_role_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"
