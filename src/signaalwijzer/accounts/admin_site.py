"""The admin at /beheer/, for beheerders: organisations, accounts and roles.

One login for the whole site: /beheer/ sends people to /inloggen/ (lock-out and the second step
included) instead of the admin's own login form. Outside DEBUG the admin is only open to a verified
session (django-otp's OTPAdminSite), whatever the user's roles.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from signaalwijzer.accounts.selectors import user_totp_device


class BeheerAdminSite(OTPAdminSite):
    site_header = _("Signaalwijzer beheer")
    site_title = _("Signaalwijzer beheer")
    index_title = _("Organisaties, accounts en rollen")

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return settings.DEBUG or user.is_verified()

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("accounts:login"))
        if user.is_staff and not user.is_verified():
            step = "accounts:verify" if user_totp_device(user) else "accounts:two_factor"
            return redirect_to_login(next_url, reverse(step))
        raise PermissionDenied
