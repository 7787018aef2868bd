from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("signaalwijzer.api.urls")),
    path("beheer/", admin.site.urls),
    path("", include("signaalwijzer.accounts.urls")),
    path("", include("signaalwijzer.cases.urls")),
    path("", include("signaalwijzer.hub.urls")),
    path("", include("signaalwijzer.public.urls")),
]

if settings.SIGNAALWIJZER_OIDC_ENABLED:
    # mozilla-django-oidc reverses its own URL names without a namespace.
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))
