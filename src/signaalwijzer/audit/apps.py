from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "signaalwijzer.audit"
    label = "audit"
    verbose_name = "Audit log"
