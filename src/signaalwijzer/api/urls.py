from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from signaalwijzer.api import views
from signaalwijzer.hub import api as hub_api

app_name = "api"

urlpatterns = [
    path("screenings", views.ScreeningView.as_view(), name="screenings"),
    path("analyses", views.AnalysisView.as_view(), name="analyses"),
    path("indicators", views.IndicatorListView.as_view(), name="indicators"),
    path("indicators/<str:id>", views.IndicatorDetailView.as_view(), name="indicator"),
    path("forms", views.FormListView.as_view(), name="forms"),
    path("domains", views.DomainListView.as_view(), name="domains"),
    path("roles", views.RoleListView.as_view(), name="roles"),
    path("roles/<str:id>", views.RoleDetailView.as_view(), name="role"),
    path("routes", views.RouteListView.as_view(), name="routes"),
    path("sources", views.SourceListView.as_view(), name="sources"),
    # Partner systems deliver signals to the Signalenhub (hub/api.py), with a partner token.
    path("signals", hub_api.SignalCreateView.as_view(), name="signals"),
    path("signals/<path:id>", hub_api.SignalDetailView.as_view(), name="signal"),
    # The schema only; no Swagger UI, which would load its assets from a CDN (ADR 0004).
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
