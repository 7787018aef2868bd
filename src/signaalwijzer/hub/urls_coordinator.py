"""The zorgcoördinator's pages (views_coordinator.py), under /signalenhub/."""

from django.urls import path

from signaalwijzer.hub import views_coordinator as views

urlpatterns = [
    path("signalenhub/", views.hub_inbox, name="inbox"),
    path("signalenhub/nieuw/", views.hub_new_signals, name="new_signals"),
    path("signalenhub/clusters/<int:pk>/", views.hub_cluster, name="cluster"),
    path("signalenhub/clusters/<int:pk>/gegevens/", views.hub_cluster_reveal, name="cluster_reveal"),
    path("signalenhub/clusters/<int:pk>/koppeling/", views.hub_cluster_link, name="cluster_link"),
    path("signalenhub/clusters/<int:pk>/actie/<slug:kind>/", views.hub_cluster_action, name="cluster_action"),
]
