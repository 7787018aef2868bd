"""Logging in as a person would, in headless Chromium: keyboard only, axe-core on every page.

Marked `browser` (runs with `make test-browser`); uses the guards and settings of tests/browser, whose
fixtures tests/accounts/conftest.py brings in.
"""

import base64
import re

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from playwright.sync_api import expect

from signaalwijzer.accounts.roles import PROFESSIONAL, ZORGCOORDINATOR
from tests.accounts import factories
from tests.audit.helpers import audit_log_emptied
from tests.browser.conftest import axe_check, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def committed_db(transactional_db):
    """Data the live server can see. The services write audit entries, which the append-only trigger
    keeps through pytest-django's flush on SQLite: empty the log first (tests/audit/helpers.py)."""
    yield
    audit_log_emptied()


def _type_login(page, username: str, password: str) -> None:
    tab_to(page, "el.id === 'gebruikersnaam'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def test_a_professional_logs_in_and_out_by_keyboard(guarded_page, live_server, committed_db):
    factories.user(roles=(PROFESSIONAL,), username="prof.browser", first_name="Proef", last_name="Browser")
    page = guarded_page
    page.goto(live_server.url + "/")
    axe_check(page)
    tab_to(page, "el.textContent.trim() === 'Inloggen'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    axe_check(page)
    _type_login(page, "prof.browser", "niet-goed")
    expect(page.locator(".error-summary")).to_be_focused()
    axe_check(page)
    page.locator("#wachtwoord").fill(factories.PASSWORD)
    page.locator("#wachtwoord").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.locator("main")).to_contain_text("Professional")
    axe_check(page)
    page.goto(live_server.url + "/signalen/")
    expect(page.locator("header")).to_contain_text("Proef Browser")
    axe_check(page)
    page.get_by_role("button", name="Uitloggen").first.click()
    expect(page.locator("header")).to_contain_text("Inloggen")


def test_a_zorgcoordinator_enrols_in_two_factor(guarded_page, live_server, committed_db):
    factories.user(roles=(ZORGCOORDINATOR,), username="zc.browser")
    page = guarded_page
    page.goto(live_server.url + "/inloggen/")
    _type_login(page, "zc.browser", factories.PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/"))
    qr = page.get_by_role("img", name=re.compile("QR-code"))
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('.qr-code img').naturalWidth") > 0
    axe_check(page)
    secret = page.locator("#sleutel").inner_text().replace(" ", "")
    generator = TOTP(base64.b32decode(secret), step=30, t0=0, digits=6)
    page.locator("#code").fill("000000" if generator.token() != 0 else "111111")
    page.locator("#code").press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Deze code klopt niet")
    axe_check(page)
    page.locator("#code").fill(f"{generator.token():06d}")
    page.locator("#code").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.locator("main")).to_contain_text("Tweestapsverificatie staat aan")
    axe_check(page)


def test_the_lockout_page_is_clean(guarded_page, live_server, committed_db):
    factories.user(roles=(PROFESSIONAL,), username="prof.blok")
    page = guarded_page
    page.goto(live_server.url + "/inloggen/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.locator("#gebruikersnaam").fill("prof.blok")
        page.locator("#wachtwoord").fill("fout-wachtwoord")
        page.locator("#wachtwoord").press("Enter")
        page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Inloggen is tijdelijk geblokkeerd")
    axe_check(page)
