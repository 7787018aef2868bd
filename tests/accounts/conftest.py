"""Fixtures for accounts: users per role (made through the services) and logging in as a person would."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from signaalwijzer.accounts.roles import (
    AANDACHTSFUNCTIONARIS,
    BEHEERDER,
    BELEIDSMEDEWERKER,
    PROFESSIONAL,
    ZORGCOORDINATOR,
)
from tests.accounts import factories
from tests.browser.conftest import (  # noqa: F401  (fixtures for test_accounts_in_browser.py)
    browser_context_args,
    browser_type_launch_args,
    guarded_page,
)


@pytest.fixture
def wijkteam(db):
    return factories.organisation(name="Wijkteam Proefstad Noord")


@pytest.fixture
def professional(wijkteam):
    return factories.user(roles=(PROFESSIONAL,), organisation_=wijkteam, username="prof.test")


@pytest.fixture
def aandachtsfunctionaris(wijkteam):
    return factories.user(roles=(PROFESSIONAL, AANDACHTSFUNCTIONARIS), organisation_=wijkteam)


@pytest.fixture
def zorgcoordinator(db):
    gemeente = factories.organisation(name="Gemeente Proefstad", type="gemeente")
    return factories.user(roles=(ZORGCOORDINATOR,), organisation_=gemeente, username="zc.test")


@pytest.fixture
def beheerder(db):
    gemeente = factories.organisation(name="Gemeente Proefstad ICT", type="gemeente")
    return factories.user(roles=(BEHEERDER,), organisation_=gemeente, username="beheer.test")


@pytest.fixture
def beleidsmedewerker(db):
    gemeente = factories.organisation(name="Gemeente Proefstad Beleid", type="gemeente")
    return factories.user(roles=(BELEIDSMEDEWERKER,), organisation_=gemeente)


def password_login(
    client: Client, username: str, password: str = factories.PASSWORD, next: str = "", **extra
):
    """The first step as a browser does it: POST the login form. `extra` goes into the WSGI environ."""
    data = {"username": username, "password": password, **({"next": next} if next else {})}
    return client.post(reverse("accounts:login"), data, **extra)


def full_login(client: Client, user, device=None):
    """Password plus, when the user has an app, the code from it. Returns the last response."""
    response = password_login(client, user.username)
    if device is not None:
        response = client.post(reverse("accounts:verify"), {"token": factories.token_for(device)})
    return response
