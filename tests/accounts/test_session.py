"""Sessions end after a quiet spell (sliding) and when the browser closes."""

import subprocess
import sys

from django.conf import settings
from django.contrib.sessions.models import Session

from signaalwijzer.config import settings as production
from tests.accounts.conftest import password_login


def test_session_settings():
    assert production.SESSION_COOKIE_AGE == 30 * 60
    assert production.SESSION_SAVE_EVERY_REQUEST is True
    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert production.SESSION_COOKIE_HTTPONLY is True


def test_session_minutes_come_from_the_environment():
    code = "from signaalwijzer.config import settings as s; print(s.SESSION_COOKIE_AGE)"
    env = {"SIGNAALWIJZER_DEBUG": "true", "SIGNAALWIJZER_SESSION_MINUTES": "10", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "600"


def test_session_cookie_lives_until_the_browser_closes(client, professional):
    response = password_login(client, "prof.test")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


def test_every_request_moves_the_expiry_forward(client, professional):
    password_login(client, "prof.test")
    key = client.session.session_key
    first = Session.objects.get(pk=key).expire_date
    response = client.get("/account/")
    # Saved and sent again on every request: the half hour starts anew.
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert Session.objects.get(pk=key).expire_date >= first
