from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "signaalwijzer.api"
    label = "api"
