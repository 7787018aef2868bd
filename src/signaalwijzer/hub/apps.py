from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "signaalwijzer.hub"
    label = "hub"
    verbose_name = _("Signalenhub")
    default_auto_field = "django.db.models.BigAutoField"
