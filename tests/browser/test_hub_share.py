"""Sharing a signal in headless Chromium, by keyboard, axe-core on every page: a wrong BSN is named next to
its field with what was typed kept, the corrected signal lands on 'Mijn signalen' with its status."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from signaalwijzer.accounts.roles import PROFESSIONAL
from signaalwijzer.hub.models import Signal
from tests.accounts import factories as accounts
from tests.audit.helpers import audit_log_emptied
from tests.browser.conftest import axe_check
from tests.hub import ingest_helpers as h

pytestmark = pytest.mark.browser


@pytest.fixture
def committed_db(transactional_db):
    yield
    audit_log_emptied()


def test_a_professional_shares_a_signal_and_sees_its_status(guarded_page, live_server, committed_db):
    organisation = accounts.organisation(name="Wijkteam Proefstad West")
    accounts.user(roles=(PROFESSIONAL,), organisation_=organisation, username="pim.deelt")
    page, base = guarded_page, live_server.url
    page.goto(base + "/inloggen/")
    page.locator("#gebruikersnaam").fill("pim.deelt")
    page.locator("#wachtwoord").fill(accounts.PASSWORD)
    page.locator("#wachtwoord").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/$"))

    page.get_by_role("link", name="Mijn signalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gedeelde signalen")
    axe_check(page)
    page.get_by_role("link", name="Deel een signaal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deel een signaal met de zorgcoördinator")
    axe_check(page)

    page.get_by_label("Arbeidsuitbuiting en gedwongen diensten").check()
    page.get_by_label("Korte toelichting").fill("Woont met acht anderen boven het bedrijf.")
    page.get_by_label("Naam", exact=True).fill("Vera Voorbeeld")
    page.get_by_label("BSN").fill(h.bad_bsn())
    page.get_by_label("Telefoonnummer", exact=True).fill("06-12345678")
    page.get_by_label("Telefoonnummer", exact=True).press("Enter")

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_contain_text("elfproef")
    expect(page.get_by_label("BSN")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Korte toelichting")).to_have_value("Woont met acht anderen boven het bedrijf.")
    axe_check(page)
    assert Signal.objects.count() == 0

    page.get_by_label("BSN").fill(h.bsn(3))
    page.get_by_label("BSN").press("Enter")
    expect(page).to_have_url(re.compile(r"/mijn-signalen/\d+/$"))
    expect(page.locator("body")).to_contain_text("Status: Ontvangen")
    axe_check(page)
    signal = Signal.objects.get()
    assert signal.shared_by.username == "pim.deelt" and signal.forms == ["arbeid"]
    page.get_by_role("link", name="Terug naar mijn gedeelde signalen").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    axe_check(page)
