"""Test data for accounts, made through the services. Synthetic names only."""

from __future__ import annotations

import itertools
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalwijzer.accounts import services
from signaalwijzer.accounts.models import Organisation, OrganisationType, User

PASSWORD = "proef-wachtwoord-met-lengte"
_counter = itertools.count(1)


def organisation(
    *, name: str | None = None, type: str = OrganisationType.WIJKTEAM, region: str = ""
) -> Organisation:
    return services.organisation_create(
        name=name or f"Testorganisatie {next(_counter)}", type=type, region=region
    )


def user(
    *,
    roles: tuple[str, ...] = ("professional",),
    organisation_: Organisation | None = None,
    username: str | None = None,
    password: str = PASSWORD,
    **kwargs,
) -> User:
    number = next(_counter)
    return services.user_create(
        username=username or f"testgebruiker{number}",
        organisation=organisation_ or organisation(),
        password=password,
        first_name=kwargs.pop("first_name", "Proef"),
        last_name=kwargs.pop("last_name", f"Persoon {number}"),
        email=kwargs.pop("email", f"testgebruiker{number}@example.org"),
        roles=roles,
        **kwargs,
    )


def totp_device(user: User) -> TOTPDevice:
    """A confirmed authenticator app for `user`, as if they had enrolled."""
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def token_for(device_or_key: TOTPDevice | bytes, *, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now (or `offset_steps` time steps later)."""
    key = device_or_key.bin_key if isinstance(device_or_key, TOTPDevice) else device_or_key
    generator = TOTP(key, step=30, t0=0, digits=6)
    generator.time = time.time() + offset_steps * 30
    return f"{generator.token():06d}"
