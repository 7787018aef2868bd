from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "signaalwijzer.public"
    label = "public"
