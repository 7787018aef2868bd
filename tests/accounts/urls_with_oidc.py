"""The site's URLs as they are with SIGNAALWIJZER_OIDC_ENABLED=true (config/urls.py reads it at import)."""

from django.urls import include, path

from signaalwijzer.config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *site_urlpatterns]
