"""The hub's pages: the partner's own signals (urls_partner.py) and the coordinator's inbox (urls_coordinator.py)."""

from django.urls import include, path

app_name = "hub"

urlpatterns = [
    path("", include("signaalwijzer.hub.urls_partner")),
    path("", include("signaalwijzer.hub.urls_coordinator")),
]
