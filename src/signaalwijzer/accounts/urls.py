from django.urls import path

from signaalwijzer.accounts import views

app_name = "accounts"

# Dutch URLs, like the rest of the site.
urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/tweede-stap/", views.verify_view, name="verify"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/", views.account_view, name="account"),
    path("account/tweestapsverificatie/", views.two_factor_view, name="two_factor"),
]
