from django.urls import path

from signaalwijzer.cases import views

app_name = "cases"

# Dutch URLs, like the rest of the site; bench/ and the browser tests use them as they are.
urlpatterns = [
    path("dossiers/", views.case_list, name="list"),
    path("dossiers/nieuw/", views.case_create, name="create"),
    path("dossiers/vastgelopen/", views.case_stuck, name="stuck"),
    path("dossiers/<int:pk>/", views.case_detail, name="detail"),
    path("dossiers/<int:pk>/signalen/", views.case_signals, name="signals"),
    path("dossiers/<int:pk>/waarneming/", views.case_observation, name="observation"),
    path("dossiers/<int:pk>/overleg/", views.case_consultation, name="consultation"),
    path("dossiers/<int:pk>/gesprek/", views.case_conversation, name="conversation"),
    path("dossiers/<int:pk>/afweging/", views.case_weighing, name="weighing"),
    path("dossiers/<int:pk>/besluit/", views.case_decision, name="decision"),
    path("dossiers/<int:pk>/client/", views.case_client, name="client"),
    path("dossiers/<int:pk>/delen/", views.case_share, name="share"),
    path("dossiers/<int:pk>/sluiten/", views.case_close, name="close"),
    path("dossiers/<int:pk>/heropenen/", views.case_reopen, name="reopen"),
    path("dossiers/<int:pk>/afdrukken/", views.case_print, name="print"),
    path("dossiers/<int:pk>/pdf/", views.case_pdf, name="pdf"),
]
