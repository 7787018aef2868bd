"""The partner's pages. Not under /signalen/: that is the public list of signals (public/urls.py)."""

from django.urls import path

from signaalwijzer.hub import views_partner

urlpatterns = [
    path("mijn-signalen/", views_partner.partner_signals, name="partner_signals"),
    path("mijn-signalen/delen/", views_partner.signal_share, name="share"),
    path("mijn-signalen/<int:pk>/", views_partner.partner_signal, name="partner_signal"),
]
