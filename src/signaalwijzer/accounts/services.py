"""The one write path for organisations, users, roles and second-factor devices.

Every change to who may do what is recorded in the audit log in the same transaction (ADR 0006):
the actor, the account and the role codes, never a name or an e-mail address.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalwijzer.accounts.models import Organisation, RoleAssignment, User
from signaalwijzer.accounts.roles import BEHEERDER, roles_checked
from signaalwijzer.audit.services import audit_record

TOTP_DEVICE_NAME = "app"


@transaction.atomic
def organisation_create(*, name: str, type: str, region: str = "", actor: User | None = None) -> Organisation:
    return _organisation_saved(Organisation(), name=name, type=type, region=region, actor=actor)


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, type: str, region: str = "", actor: User | None = None
) -> Organisation:
    return _organisation_saved(organisation, name=name, type=type, region=region, actor=actor)


def _organisation_saved(
    organisation: Organisation, *, name: str, type: str, region: str, actor: User | None
) -> Organisation:
    created = organisation.pk is None
    organisation.name, organisation.type, organisation.region = name.strip(), type, region.strip()
    organisation.full_clean()
    organisation.save()
    audit_record(
        action="organisation.create" if created else "organisation.update",
        object_type="accounts.organisation",
        object_id=organisation.pk,
        actor=actor,
        detail={"type": organisation.type},
    )
    return organisation


@transaction.atomic
def user_create(
    *,
    username: str,
    organisation: Organisation | None,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles: Iterable[str] = (),
    is_superuser: bool = False,
    actor: User | None = None,
) -> User:
    """A new account. Without a password it can only log in through OIDC (or after a reset).

    Raises django.core.exceptions.ValidationError for a taken username or e-mail address, a missing
    organisation (only a superuser may have none), and UnknownRoleError for an unknown role.
    """
    wanted = roles_checked(roles)
    user = User(
        username=username.strip(),
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=User.objects.normalize_email(email.strip()),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(action="user.create", object_type="accounts.user", object_id=user.pk, actor=actor)
    user_roles_set(user=user, roles=wanted, actor=actor)
    return user


@transaction.atomic
def user_roles_set(*, user: User, roles: Iterable[str], actor: User | None = None) -> frozenset[str]:
    """Give `user` exactly these roles. A beheerder gets access to /beheer/ (is_staff); losing the role
    takes it away again, except for superusers."""
    wanted = roles_checked(roles)
    current = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    removed, added = sorted(current - wanted), sorted(wanted - current)
    if removed:
        RoleAssignment.objects.filter(user=user, role__in=removed).delete()
    if added:
        RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in added])
    is_staff = user.is_superuser or BEHEERDER in wanted
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user.roles_forget()
    if removed or added:
        audit_record(
            action="user.roles_set",
            object_type="accounts.user",
            object_id=user.pk,
            actor=actor,
            detail={"roles": sorted(wanted), "added": added, "removed": removed},
        )
    return wanted


# --- Two-factor authentication (TOTP) -----------------------------------------------------------------------


def totp_token_matches(device: TOTPDevice, token: str) -> bool:
    """Check a token against a device without saving; on a match, remember its time step (no replay)."""
    token = token.strip().replace(" ", "")
    if not token.isdigit():
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.verify(int(token), device.tolerance, device.last_t + 1):
        device.last_t = totp.t()
        return True
    return False


@transaction.atomic
def totp_device_confirm(*, user: User, key: str, token: str, request: Any = None) -> TOTPDevice | None:
    """Switch two-factor on: the secret the user put in their app, proven by a token from it.

    Returns the new device, or None when the token does not match (nothing is saved then). Any earlier
    device of this user is removed: one phone, one secret.
    """
    device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
    if not totp_token_matches(device, token):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    audit_record(action="user.two_factor_on", object_type="accounts.user", object_id=user.pk, request=request)
    return device


@transaction.atomic
def totp_devices_remove(*, user: User, actor: User | None = None, request: Any = None) -> int:
    """Switch two-factor off (the user, when it is optional) or reset it (a beheerder, for a lost phone)."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    if count:
        audit_record(
            action="user.two_factor_off",
            object_type="accounts.user",
            object_id=user.pk,
            actor=actor,
            request=request,
        )
    return count
