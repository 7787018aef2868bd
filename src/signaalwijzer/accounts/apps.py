from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "signaalwijzer.accounts"
    label = "accounts"
    verbose_name = _("Accounts en organisaties")
    default_auto_field = "django.db.models.BigAutoField"


class BeheerAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with /beheer/'s site as the default one, so that every app registers on it."""

    default = False
    default_site = "signaalwijzer.accounts.admin_site.BeheerAdminSite"
