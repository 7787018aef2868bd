from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "signaalwijzer.operations"
    label = "operations"
