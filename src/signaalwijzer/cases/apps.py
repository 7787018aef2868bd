from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "signaalwijzer.cases"
    label = "cases"
    verbose_name = _("Dossiers")
    default_auto_field = "django.db.models.BigAutoField"
