"""Logging in and out with username and password, and the header that leads there."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.accounts import factories
from tests.accounts.conftest import password_login

LOGIN = "/inloggen/"


def test_login_page_has_labels_and_autocomplete(client, db):
    html = client.get(LOGIN).content.decode()
    assert '<label class="label" for="gebruikersnaam">Gebruikersnaam</label>' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'type="password"' in html
    assert "<h1>Inloggen</h1>" in html


def test_login_with_the_right_password_opens_my_account(client, professional):
    response = password_login(client, "prof.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert client.session[SESSION_KEY] == str(professional.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200


def test_login_goes_back_to_the_page_asked_for_but_never_to_another_site(client, professional):
    response = password_login(client, "prof.test", next="/rollen/")
    assert response["Location"] == "/rollen/"
    client.post(reverse("accounts:logout"))
    response = password_login(client, "prof.test", next="https://elders.example/")
    assert response["Location"] == reverse("accounts:account")


def test_wrong_password_is_refused_with_an_error_summary(client, professional):
    response = password_login(client, "prof.test", "niet-het-wachtwoord")
    html = response.content.decode()
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert 'class="error-summary"' in html
    assert "Je gebruikersnaam of wachtwoord klopt niet" in html
    assert '<a href="#gebruikersnaam">' in html
    assert 'value="prof.test"' in html  # what was typed stays
    assert "niet-het-wachtwoord" not in html  # the password does not


def test_empty_form_names_both_fields(client, db):
    html = client.post(LOGIN, {}).content.decode()
    assert "Vul je gebruikersnaam in." in html
    assert "Vul je wachtwoord in." in html
    assert 'aria-describedby="wachtwoord-fout"' in html


def test_inactive_account_cannot_log_in(client, professional):
    professional.is_active = False
    professional.save(update_fields=["is_active"])
    response = password_login(client, "prof.test")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_my_account_needs_a_login(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/account/"


def test_my_account_shows_organisation_and_roles(client, aandachtsfunctionaris):
    client.force_login(aandachtsfunctionaris)
    html = client.get("/account/").content.decode()
    assert aandachtsfunctionaris.organisation.name in html
    assert "Wijkteam" in html
    assert "Aandachtsfunctionaris" in html and "Professional" in html


def test_logout_requires_post(client, professional):
    client.force_login(professional)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:home")
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_header_shows_the_login_link_to_anonymous_visitors(client):
    html = client.get("/").content.decode()
    assert '<a class="link-secondary" href="/inloggen/">Inloggen</a>' in html
    assert "Uitloggen" not in html


def test_header_shows_name_and_logout_form_when_logged_in(client, professional):
    client.force_login(professional)
    html = client.get("/").content.decode()
    assert professional.get_full_name() in html
    assert 'action="/uitloggen/" method="post"' in html
    assert ">Inloggen</a>" not in html


@pytest.mark.django_db
def test_anonymous_public_pages_make_no_queries_and_set_no_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_login_page_in_english(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(LOGIN).content.decode()
    assert "Log in" in html
    assert "Username" in html and "Password" in html


def test_factories_use_synthetic_example_addresses(db):
    user = factories.user()
    assert user.email.endswith("@example.org")
