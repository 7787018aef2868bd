"""Two-factor authentication where it is required, and wherever a user switched it on.

Runs after django_otp's OTPMiddleware. A session that has passed only the password step is not a full
session yet: until the second step is done, every page except the login steps, logging out, the
language switch and static files redirects to that step. Users who need nothing more (most
professionals) pass straight through, and so does every anonymous visitor, without a database query
when they have no session cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from signaalwijzer.accounts.selectors import user_second_step

SECOND_STEP_URL_NAMES = {"verify": "accounts:verify", "enrol": "accounts:two_factor"}


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    @cached_property
    def exempt_paths(self) -> tuple[str, ...]:
        names = [
            "accounts:login",
            "accounts:logout",
            "accounts:verify",
            "accounts:two_factor",
            "set_language",
        ]
        return tuple(reverse(name) for name in names)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = self._second_step(request)
        if step:
            return self._to_second_step(request, step)
        return self.get_response(request)

    def _second_step(self, request: HttpRequest) -> str:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return ""  # anonymous for sure; leave request.user unevaluated
        path = request.path_info
        if path.startswith(settings.STATIC_URL) or path in self.exempt_paths:
            return ""
        return user_second_step(request.user)

    def _to_second_step(self, request: HttpRequest, step: str) -> HttpResponse:
        url = reverse(SECOND_STEP_URL_NAMES[step])
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        if request.headers.get("HX-Request") == "true":
            # htmx would swap the redirect target into a fragment: ask it to load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        if next_url:
            return redirect_to_login(next_url, url)
        return HttpResponseRedirect(url)
