"""TOTP two-factor: required for zorgcoordinator and beheerder, optional for everyone else."""

import base64
import re
from binascii import unhexlify

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalwijzer.accounts.views import TOTP_KEY_SESSION_KEY
from tests.accounts import factories
from tests.accounts.conftest import full_login, password_login

ENROL = "/account/tweestapsverificatie/"
VERIFY = "/inloggen/tweede-stap/"


def _enrolment_key(client) -> bytes:
    client.get(ENROL)
    return unhexlify(client.session[TOTP_KEY_SESSION_KEY])


def test_zorgcoordinator_without_two_factor_is_sent_to_enrolment_after_login(client, zorgcoordinator):
    response = password_login(client, "zc.test")
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)


def test_zorgcoordinator_without_two_factor_is_sent_to_enrolment_from_any_page(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    for path in ["/account/", "/", "/signalen/", "/beheer/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{ENROL}?next={path}", path


def test_beheerder_without_two_factor_is_sent_to_enrolment(client, beheerder):
    client.force_login(beheerder)
    response = client.get("/account/")
    assert response["Location"].startswith(ENROL)


def test_enrolment_page_shows_a_qr_code_image_and_the_secret(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    response = client.get(ENROL)
    html = response.content.decode()
    assert response.status_code == 200
    match = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"', html)
    assert match, "the QR code is an inline SVG image with a text alternative"
    svg = base64.b64decode(match.group(1)).decode()
    assert svg.startswith("<svg") and "<path" in svg
    secret = base64.b32encode(unhexlify(client.session[TOTP_KEY_SESSION_KEY])).decode()
    shown = re.search(r'<code class="secret" id="sleutel">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret
    assert 'autocomplete="one-time-code"' in html
    assert "verplicht" in html


def test_the_enrolment_secret_stays_the_same_on_reload(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    assert _enrolment_key(client) == _enrolment_key(client)


def test_enrolling_with_a_right_token_opens_the_site(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    key = _enrolment_key(client)
    response = client.post(
        ENROL + "?next=/account/", {"token": factories.token_for(key), "next": "/account/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    device = TOTPDevice.objects.get(user=zorgcoordinator)
    assert device.confirmed and device.bin_key == key
    assert DEVICE_ID_SESSION_KEY in client.session
    page = client.get("/account/")
    assert page.status_code == 200
    assert "Tweestapsverificatie staat aan" in page.content.decode()


def test_a_wrong_token_during_enrolment_is_refused_with_a_clear_message(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    key = _enrolment_key(client)
    wrong = factories.token_for(key, offset_steps=10)
    response = client.post(ENROL, {"token": wrong})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze code klopt niet" in html
    assert 'class="error-summary"' in html
    assert not TOTPDevice.objects.filter(user=zorgcoordinator).exists()
    assert client.get("/account/").status_code == 302


def test_a_token_that_is_not_six_digits_gets_a_format_message(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    html = client.post(ENROL, {"token": "12ab"}).content.decode()
    assert "De code bestaat uit 6 cijfers" in html


def test_next_login_asks_for_the_code_and_a_right_code_opens_the_site(client, zorgcoordinator):
    device = factories.totp_device(zorgcoordinator)
    response = password_login(client, "zc.test", next="/account/")
    assert response["Location"] == f"{VERIFY}?next=%2Faccount%2F"
    assert client.get("/account/")["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(VERIFY, {"token": factories.token_for(device), "next": "/account/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_a_wrong_code_at_login_is_refused_with_a_clear_message(client, zorgcoordinator):
    device = factories.totp_device(zorgcoordinator)
    password_login(client, "zc.test")
    response = client.post(VERIFY, {"token": factories.token_for(device, offset_steps=10)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze code klopt niet" in html
    assert '<a href="#code">' in html
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/account/").status_code == 302


def test_a_used_code_cannot_be_used_again(client, zorgcoordinator):
    device = factories.totp_device(zorgcoordinator)
    token = factories.token_for(device)
    full_login(client, zorgcoordinator, device)
    client.post(reverse("accounts:logout"))
    password_login(client, "zc.test")
    response = client.post(VERIFY, {"token": token})
    assert "Deze code klopt niet" in response.content.decode()


def test_after_wrong_codes_verification_is_throttled(client, zorgcoordinator):
    device = factories.totp_device(zorgcoordinator)
    password_login(client, "zc.test")
    for _ in range(3):
        client.post(VERIFY, {"token": factories.token_for(device, offset_steps=10)})
    response = client.post(VERIFY, {"token": factories.token_for(device)})
    assert "te vaak een verkeerde code" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_a_professional_can_use_the_site_without_two_factor(client, professional):
    response = password_login(client, "prof.test")
    assert response["Location"] == "/account/"
    for path in ["/account/", "/", "/signalen/"]:
        assert client.get(path).status_code == 200, path
    assert "Staat uit" in client.get("/account/").content.decode()


def test_a_professional_may_switch_two_factor_on_and_then_needs_it(client, professional):
    password_login(client, "prof.test")
    key = _enrolment_key(client)
    assert "Niet nu" in client.get(ENROL).content.decode()
    client.post(ENROL, {"token": factories.token_for(key)})
    device = TOTPDevice.objects.get(user=professional, confirmed=True)
    client.post(reverse("accounts:logout"))
    response = password_login(client, "prof.test")
    assert response["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": factories.token_for(device, offset_steps=1)})
    assert client.get("/account/").status_code == 200


def test_a_professional_may_switch_two_factor_off_again(client, professional):
    device = factories.totp_device(professional)
    full_login(client, professional, device)
    response = client.post(ENROL, {"actie": "uitzetten"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=professional).exists()


def test_a_zorgcoordinator_cannot_switch_two_factor_off(client, zorgcoordinator):
    device = factories.totp_device(zorgcoordinator)
    full_login(client, zorgcoordinator, device)
    html = client.post(ENROL, {"actie": "uitzetten"}).content.decode()
    assert "niet uitzetten" in html
    assert TOTPDevice.objects.filter(user=zorgcoordinator).exists()


def test_the_login_steps_themselves_stay_reachable(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    assert client.get(ENROL).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_htmx_requests_are_sent_to_the_second_step_as_a_whole_page(client, zorgcoordinator):
    client.force_login(zorgcoordinator)
    response = client.get("/signalen/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == ENROL
