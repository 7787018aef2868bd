"""The share form: a professional shares a signal with the zorgcoördinator (issue 5 §1).

The form only collects; checking is the service's (`signal_share` → `interchange.signal_checked`), so the
web, the API and the file import refuse the same things with the same words. `FIELD_OF` maps the
interchange format's field paths back to the form's fields for error messages next to the field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

NOTE_MAX = 4000
TEXT_MAX = 200

# Interchange path -> form field.
FIELD_OF = {
    "observed_on": "observed_on",
    "note": "note",
    "person.name": "name",
    "person.birth_date": "birth_date",
    "person.bsn": "bsn",
    "person.phone": "phone",
    "person.email": "email",
    "person.iban": "iban",
    "address.street": "street",
    "address.postcode": "postcode",
    "address.house_number": "house_number",
    "address.house_number_suffix": "house_number_suffix",
    "address.city": "city",
    "employer.name": "employer_name",
    "employer.kvk": "employer_kvk",
    "vehicle_plate": "vehicle_plate",
    "contacts[0].phone": "contact_phone",
    "contacts[0].name": "contact_name",
}


def _text(label, *, max_length: int = TEXT_MAX) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, strip=True)


class ShareForm(forms.Form):
    """Everything is optional: share what you have. Identifiers are checked by the hub (elfproef, IBAN)."""

    # "start": the form was opened from a result or a dossier (only pre-filling, nothing stored).
    stap = forms.CharField(required=False, widget=forms.HiddenInput)
    dossier = forms.IntegerField(required=False, widget=forms.HiddenInput)
    indicators = forms.MultipleChoiceField(
        label=_("Signalen die je deelt"), required=False, widget=forms.CheckboxSelectMultiple
    )
    forms_ = forms.MultipleChoiceField(
        label=_("Welke vorm van uitbuiting denk je?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    observed_on = forms.DateField(
        label=_("Wanneer zag je dit?"), required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y"]
    )
    note = forms.CharField(
        label=_("Korte toelichting"), required=False, max_length=NOTE_MAX, widget=forms.Textarea, strip=True
    )
    name = _text(_("Naam"))
    birth_date = forms.DateField(
        label=_("Geboortedatum"), required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y"]
    )
    bsn = _text(_("BSN"), max_length=12)
    phone = _text(_("Telefoonnummer"), max_length=30)
    email = _text(_("E-mailadres"))
    iban = _text(_("Rekeningnummer (IBAN)"), max_length=40)
    street = _text(_("Straat"))
    house_number = _text(_("Huisnummer"), max_length=10)
    house_number_suffix = _text(_("Toevoeging"), max_length=10)
    postcode = _text(_("Postcode"), max_length=10)
    city = _text(_("Plaats"))
    employer_name = _text(_("Naam van de werkgever of het bureau"))
    employer_kvk = _text(_("KvK-nummer"), max_length=12)
    vehicle_plate = _text(_("Kenteken"), max_length=12)
    contact_name = _text(_("Naam van iemand die voor de persoon regelt of beslist"))
    contact_phone = _text(_("Telefoonnummer van die persoon"), max_length=30)

    def __init__(self, *args, indicator_choices=(), form_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = list(indicator_choices)
        self.fields["forms_"].choices = list(form_choices)

    def interchange_data(self) -> dict:
        """The cleaned form as the interchange format (without id and source; empty values dropped later)."""
        c = self.cleaned_data
        return {
            "observed_on": c["observed_on"].isoformat() if c.get("observed_on") else None,
            "forms": list(c.get("forms_") or []),
            "indicators": list(c.get("indicators") or []),
            "note": c.get("note"),
            "person": {
                "name": c.get("name"),
                "birth_date": c["birth_date"].isoformat() if c.get("birth_date") else None,
                "bsn": c.get("bsn"),
                "phone": c.get("phone"),
                "email": c.get("email"),
                "iban": c.get("iban"),
            },
            "address": {
                "street": c.get("street"),
                "postcode": c.get("postcode"),
                "house_number": c.get("house_number"),
                "house_number_suffix": c.get("house_number_suffix"),
                "city": c.get("city"),
            },
            "employer": {"name": c.get("employer_name"), "kvk": c.get("employer_kvk")},
            "vehicle_plate": c.get("vehicle_plate"),
            "contacts": [{"role": "regelaar", "name": c.get("contact_name"), "phone": c.get("contact_phone")}]
            if c.get("contact_name") or c.get("contact_phone")
            else [],
        }

    def problems_add(self, problems) -> None:
        """The service's problems next to the fields they name; anything else above the form."""
        for path, reason in problems:
            target = FIELD_OF.get(path)
            if target is None and path.startswith("indicators"):
                target = "indicators"
            elif target is None and path.startswith("forms"):
                target = "forms_"
            if target in self.fields:
                self.add_error(target, reason)
            else:
                self.add_error(None, f"{path}: {reason}" if path else reason)
