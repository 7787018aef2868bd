"""Fixtures for the dossier tests: people in two organisations, and the browser fixtures of tests/browser."""

from __future__ import annotations

import pytest

from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, BELEIDSMEDEWERKER, PROFESSIONAL
from tests.accounts import factories as accounts
from tests.browser.conftest import (  # noqa: F401  (fixtures for test_dossier_in_browser.py)
    browser_context_args,
    browser_type_launch_args,
    guarded_page,
)


@pytest.fixture
def wijkteam(db):
    return accounts.organisation(name="Wijkteam Proefstad Zuid")


@pytest.fixture
def professional(wijkteam):
    return accounts.user(
        roles=(PROFESSIONAL,),
        organisation_=wijkteam,
        first_name="Pim",
        last_name="Proef",
        username="pim.proef",
    )


@pytest.fixture
def colleague(wijkteam):
    return accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam, first_name="Cor", last_name="Collega")


@pytest.fixture
def aandachtsfunctionaris(wijkteam):
    return accounts.user(
        roles=(PROFESSIONAL, AANDACHTSFUNCTIONARIS),
        organisation_=wijkteam,
        first_name="Anna",
        last_name="Aandacht",
    )


@pytest.fixture
def outsider(db):
    elders = accounts.organisation(name="Jeugdzorg Elders", type="jeugdzorg")
    return accounts.user(roles=(PROFESSIONAL,), organisation_=elders, first_name="Olaf", last_name="Elders")


@pytest.fixture
def beleidsmedewerker(db):
    gemeente = accounts.organisation(name="Gemeente Proefstad Beleid", type="gemeente")
    return accounts.user(roles=(BELEIDSMEDEWERKER,), organisation_=gemeente)


@pytest.fixture
def logged_in(client, professional):
    client.force_login(professional)
    return client
