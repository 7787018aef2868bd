from django.urls import path

from signaalwijzer.public import views

app_name = "public"

# Dutch URLs: they are read, said aloud and written down by Dutch professionals.
urlpatterns = [
    path("", views.home, name="home"),
    path("signaalwijzer/", views.screening_start, name="screening_start"),
    path("signaalwijzer/checklist/", views.screening_checklist, name="screening_checklist"),
    path("signaalwijzer/resultaat/", views.screening_result, name="screening_result"),
    path("rollen/", views.roles, name="roles"),
    path("rollen/<slug:role>/", views.role_guide, name="role_guide"),
    path("signalen/", views.indicators, name="indicators"),
    path("signalen/<slug:indicator_id>/", views.indicator, name="indicator"),
    path("hulp-en-melden/", views.routes, name="routes"),
    path("over/", views.about, name="about"),
]
