"""Logging in and out, the second step, two-factor settings and "Mijn account".

The login steps are exempt from TwoFactorRequiredMiddleware; every other page a user sees after the
password step is only open once the second step is done (middleware.py).
"""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from datetime import timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from signaalwijzer.accounts import selectors, services
from signaalwijzer.accounts.forms import LoginForm, TokenForm

# The secret shown during enrolment, kept in the session until the user proves their app has it.
TOTP_KEY_SESSION_KEY = "accounts_totp_key"
SECOND_STEP_URL_NAMES = {"verify": "accounts:verify", "enrol": "accounts:two_factor"}


def _error_summary(form, anchors: dict[str, str]) -> list[tuple[str, str]]:
    """(anchor, message) for every error, in the order of the fields on the page."""
    out = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            out.append((anchors.get(name, ""), message))
    first = next(iter(anchors.values()), "")
    for message in form.non_field_errors():
        out.append((first, message))
    return out


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after this step: the `next` parameter when it stays on this site, else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _after_password(user, next_url: str) -> str:
    step = selectors.user_second_step(user)
    return _with_next(SECOND_STEP_URL_NAMES[step], next_url) if step else next_url


# --- Login and logout ----------------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request, settings.LOGIN_REDIRECT_URL)
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(_after_password(request.user, next_url))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        auth_login(request, form.get_user())
        return redirect(_after_password(request.user, next_url))
    context = {
        "form": form,
        "next": next_url,
        "errors": _error_summary(form, {"username": "gebruikersnaam", "password": "wachtwoord"}),
        "oidc_enabled": settings.SIGNAALWIJZER_OIDC_ENABLED,
        "oidc_failed": request.GET.get("oidc") == "mislukt",
    }
    return render(request, "accounts/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) when a username and address are locked out."""
    cooloff = settings.AXES_COOLOFF_TIME or timedelta(0)
    context = {"minutes": max(1, int(cooloff.total_seconds() // 60)), "errors": []}
    return render(request, "accounts/lockout.html", context, status=429)


# --- The second step and two-factor settings ----------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app. Throttled by django-otp after wrong codes."""
    next_url = _next_url(request, settings.LOGIN_REDIRECT_URL)
    device = selectors.user_totp_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_after_password(request.user, next_url))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "token",
                _("Je hebt te vaak een verkeerde code ingevuld. Wacht een minuut en probeer het opnieuw."),
            )
        elif verify_token(request.user, device.persistent_id, form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(next_url)
        else:
            form.add_error("token", _("Deze code klopt niet. Vul de code in die je app nu laat zien."))
    context = {"form": form, "next": next_url, "errors": _error_summary(form, {"token": "code"})}
    return render(request, "accounts/verify.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Switch two-factor on (scan, then prove with a code), or off when the user's roles allow that."""
    user = request.user
    next_url = _next_url(request, settings.LOGIN_REDIRECT_URL)
    device = selectors.user_totp_device(user)
    if device is not None:
        if not user.is_verified():
            return redirect(_with_next("accounts:verify", next_url))
        return _two_factor_on(request, device)

    key = request.session.get(TOTP_KEY_SESSION_KEY) or random_hex(20)
    request.session[TOTP_KEY_SESSION_KEY] = key
    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        device = services.totp_device_confirm(
            user=user, key=key, token=form.cleaned_data["token"], request=request
        )
        if device is not None:
            del request.session[TOTP_KEY_SESSION_KEY]
            otp_login(request, device)
            messages.success(request, _("Tweestapsverificatie staat aan. Je logt voortaan in met een code."))
            return redirect(next_url)
        form.add_error(
            "token",
            _(
                "Deze code klopt niet. Controleer of je de QR-code van deze pagina hebt gescand, "
                "en vul de code in die je app nu laat zien."
            ),
        )
    unsaved = TOTPDevice(user=user, key=key)
    context = {
        "form": form,
        "next": next_url,
        "errors": _error_summary(form, {"token": "code"}),
        "required": user.requires_two_factor,
        "qr_data_uri": _qr_data_uri(unsaved.config_url),
        "secret_groups": _groups(b32encode(unsaved.bin_key).decode("ascii")),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _two_factor_on(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    required = request.user.requires_two_factor
    if request.method == "POST" and request.POST.get("actie") == "uitzetten" and not required:
        services.totp_devices_remove(user=request.user, actor=request.user, request=request)
        messages.success(request, _("Tweestapsverificatie staat uit."))
        return redirect("accounts:account")
    return render(request, "accounts/two_factor_on.html", {"required": required, "device": device})


def _qr_data_uri(config_url: str) -> str:
    """The otpauth:// URL as a QR code: an SVG image inline in the page, made here (no external request)."""
    buffer = io.BytesIO()
    segno.make(config_url, error="m").save(buffer, kind="svg", scale=5, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _groups(secret: str, size: int = 4) -> list[str]:
    return [secret[i : i + size] for i in range(0, len(secret), size)]


# --- Mijn account --------------------------------------------------------------------------------------------


@never_cache
@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "account": user,
        "organisation": user.organisation,
        "role_labels": user.role_labels(),
        "two_factor_on": selectors.user_totp_device(user) is not None,
        "two_factor_required": user.requires_two_factor,
    }
    return render(request, "accounts/account.html", context)
