from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "signaalwijzer.api"
    label = "api"

    def ready(self) -> None:
        from signaalwijzer.api import checks  # noqa: F401  (registers the system check)
