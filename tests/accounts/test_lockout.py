"""django-axes locks a username out, from one address, after repeated wrong passwords."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY

from signaalwijzer.config import settings as production
from tests.accounts.conftest import password_login


def test_defaults_come_from_the_documented_environment_variables():
    assert production.AXES_FAILURE_LIMIT == 5
    assert production.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert production.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert production.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert production.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_wrong_password_n_times_shows_the_lockout_page(client, professional):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = password_login(client, "prof.test", "fout-wachtwoord")
        assert response.status_code == 200
    response = password_login(client, "prof.test", "fout-wachtwoord")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen is tijdelijk geblokkeerd" in html
    assert "over 15 minuten opnieuw" in html


def test_the_right_password_is_refused_while_locked_out(client, professional):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, "prof.test", "fout-wachtwoord")
    response = password_login(client, "prof.test")
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_lockout_is_per_username_and_address(client, professional):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, "prof.test", "fout-wachtwoord", REMOTE_ADDR="192.0.2.10")
    # The colleague at another address can still log in.
    response = password_login(client, "prof.test", REMOTE_ADDR="192.0.2.20")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(professional.pk)


def test_a_forwarded_for_header_does_not_escape_the_lockout(client, professional):
    for number in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, "prof.test", "fout-wachtwoord", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = password_login(client, "prof.test", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_lockout_page_in_english(client, professional):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = password_login(client, "prof.test", "fout-wachtwoord")
    assert response.status_code == 429
    assert "try again in 15 minutes" in response.content.decode()
