"""Optional OIDC login: off by default; when on, it matches existing accounts by e-mail and creates none."""

import subprocess
import sys
import time
from unittest import mock

import jwt
import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.oidc import OIDCBackend
from tests.accounts import factories

SECRET = "proef-geheim-van-de-client-0123456789"
OIDC = {
    "SIGNAALWIJZER_OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "signaalwijzer-test",
    "OIDC_RP_CLIENT_SECRET": SECRET,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "",
    "OIDC_RP_SIGN_ALGO": "HS256",
    "ROOT_URLCONF": "tests.accounts.urls_with_oidc",
}


def test_oidc_is_off_by_default(client, db):
    assert settings.SIGNAALWIJZER_OIDC_ENABLED is False
    assert "signaalwijzer.accounts.oidc.OIDCBackend" not in settings.AUTHENTICATION_BACKENDS
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    for path in ["/oidc/authenticate/", "/oidc/callback/"]:
        assert client.get(path).status_code == 404
    assert "Inloggen via je organisatie" not in client.get("/inloggen/").content.decode()


def _settings_in_a_fresh_process(env: dict) -> subprocess.CompletedProcess:
    code = "from signaalwijzer.config import settings as s; print(s.AUTHENTICATION_BACKENDS[-1])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"SIGNAALWIJZER_DEBUG": "true", "PATH": "", **env},
        capture_output=True,
        text=True,
    )


def test_switching_oidc_on_without_its_settings_is_a_clear_error():
    result = _settings_in_a_fresh_process({"SIGNAALWIJZER_OIDC_ENABLED": "true"})
    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_ID" in result.stderr and "OIDC_OP_JWKS_ENDPOINT" in result.stderr


def test_switching_oidc_on_adds_its_backend_after_axes():
    env = {
        k: str(v).lower() if isinstance(v, bool) else v
        for k, v in OIDC.items()
        if k.startswith(("OIDC", "SIG"))
    }
    result = _settings_in_a_fresh_process(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "signaalwijzer.accounts.oidc.OIDCBackend"


def _callback_request():
    request = RequestFactory().get("/oidc/callback/", {"code": "proef-code", "state": "proef-state"})
    request.session = {}
    return request


def _network(claims: dict, nonce: str = "proef-nonce"):
    """requests.post (token endpoint) and requests.get (userinfo) answered here, never sent."""
    id_token = jwt.encode(
        {"sub": "123", "nonce": nonce, "aud": OIDC["OIDC_RP_CLIENT_ID"], "exp": int(time.time()) + 60},
        SECRET,
        algorithm="HS256",
    )
    token_response = mock.Mock(status_code=200)
    token_response.json.return_value = {"id_token": id_token, "access_token": "proef-access-token"}
    user_response = mock.Mock(headers={"content-type": "application/json"})
    user_response.json.return_value = claims
    return (
        mock.patch("mozilla_django_oidc.auth.requests.post", return_value=token_response),
        mock.patch("mozilla_django_oidc.auth.requests.get", return_value=user_response),
    )


@override_settings(**OIDC)
def test_backend_logs_in_the_existing_account_with_that_email(db):
    person = factories.user(email="proef.persoon@example.org")
    post, get = _network({"email": "Proef.Persoon@example.org", "email_verified": True})
    with post as token_call, get as userinfo_call:
        found = OIDCBackend().authenticate(_callback_request(), nonce="proef-nonce")
    assert found == person
    assert token_call.call_args.args[0] == "https://idp.example.org/token"
    assert userinfo_call.call_args.args[0] == "https://idp.example.org/userinfo"


@override_settings(**OIDC)
def test_backend_never_creates_an_account(db):
    post, get = _network({"email": "onbekend@example.org", "email_verified": True})
    with post, get:
        assert OIDCBackend().authenticate(_callback_request(), nonce="proef-nonce") is None
    assert not User.objects.filter(email="onbekend@example.org").exists()


@override_settings(**OIDC)
def test_backend_refuses_an_unverified_email_and_a_switched_off_account(db):
    person = factories.user(email="proef.persoon@example.org")
    post, get = _network({"email": "proef.persoon@example.org", "email_verified": False})
    with post, get:
        assert OIDCBackend().authenticate(_callback_request(), nonce="proef-nonce") is None
    person.is_active = False
    person.save(update_fields=["is_active"])
    post, get = _network({"email": "proef.persoon@example.org", "email_verified": True})
    with post, get:
        assert OIDCBackend().authenticate(_callback_request(), nonce="proef-nonce") is None


@override_settings(**OIDC)
def test_login_page_offers_the_organisation_login_when_on(client, db):
    html = client.get("/inloggen/").content.decode()
    assert 'href="/oidc/authenticate/"' in html
