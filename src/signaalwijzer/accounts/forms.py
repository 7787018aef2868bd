"""Forms of the login steps. They only validate; services.py changes things."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Username and password. Authentication goes through django-axes first (lock-out)."""

    error_messages = {
        "invalid_login": _(
            "Je gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is uitgezet. Vraag de beheerder van Signaalwijzer om hulp."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["username"].error_messages["required"] = _("Vul je gebruikersnaam in.")
        self.fields["password"].label = _("Wachtwoord")
        self.fields["password"].error_messages["required"] = _("Vul je wachtwoord in.")


class TokenForm(forms.Form):
    """The six-digit code from the authenticator app."""

    token = forms.CharField(
        label=_("Code uit je app"),
        max_length=12,
        error_messages={"required": _("Vul de code uit je app in.")},
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "").replace("-", "")
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(
                _("De code bestaat uit 6 cijfers. Kijk in je app en vul de code van nu in."), code="format"
            )
        return token
