"""The forms of the coordinator's pages. They only check shapes; the rules live in actions.py.

Every action form has its own prefix, so that all of them can stand on the cluster page with unique ids
(`id_opschalen-text`) and an error summary can link to the field at fault.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.hub.actions import TEXT_MAX
from signaalwijzer.hub.models import DecisionKind, Level

LEVEL_CHOICES = [(Level.PERSON.value, _("Persoon")), (Level.NETWORK.value, _("Netwerk"))]
STATUS_CHOICES = [("open", _("Open")), ("gesloten", _("Gesloten")), ("alle", _("Alle"))]


class InboxFilterForm(forms.Form):
    niveau = forms.ChoiceField(label=_("Niveau"), choices=LEVEL_CHOICES, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    actie_nodig = forms.BooleanField(label=_("Alleen clusters waar actie nodig is"), required=False)
    meer_bronnen = forms.BooleanField(
        label=_("Alleen clusters met signalen van twee of meer organisaties"), required=False
    )

    def values(self) -> dict:
        """The filter, with defaults for anything missing or unknown (a bad link shows the default list)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "level": data.get("niveau") or Level.PERSON.value,
            "status": data.get("status") or "open",
            "flagged_only": bool(data.get("actie_nodig")),
            "several_sources": bool(data.get("meer_bronnen")),
        }


def _text(label, *, required: bool, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens; nu zijn het er %(show_value)d.")
        },
    )


class AssignForm(forms.Form):
    prefix = "toewijzen"
    assignee = forms.ModelChoiceField(
        label=_("Aan wie?"),
        queryset=None,
        empty_label=_("Kies een zorgcoördinator"),
        error_messages={
            "required": _("Kies een zorgcoördinator."),
            "invalid_choice": _("Kies een zorgcoördinator."),
        },
    )
    text = _text(_("Toelichting (mag leeg)"), required=False)

    def __init__(self, *args, coordinators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = coordinators
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class AskInfoForm(forms.Form):
    prefix = "info"
    source = forms.ModelChoiceField(
        label=_("Welke organisatie vraag je?"),
        queryset=None,
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies een organisatie die een signaal in dit cluster deelde."),
            "invalid_choice": _("Kies een organisatie die een signaal in dit cluster deelde."),
        },
    )
    text = _text(_("Wat wil je weten?"), required=True)

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda s: f"{s.organisation.name} ({s.slug})"
        self.fields["text"].error_messages["required"] = _("Schrijf wat je wilt weten.")


class EscalateForm(forms.Form):
    prefix = "opschalen"
    text = _text(_("Wat moet het casusoverleg bespreken?"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Schrijf wat het casusoverleg moet bespreken.")


class CloseForm(forms.Form):
    prefix = "sluiten"
    reason = _text(_("Waarom sluit je het cluster?"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Schrijf waarom je het cluster sluit.")


class ReopenForm(forms.Form):
    prefix = "heropenen"
    text = _text(_("Waarom open je het weer? (mag leeg)"), required=False)


class NoteForm(forms.Form):
    prefix = "notitie"
    text = _text(_("Notitie"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Schrijf een notitie.")


class LinkDecisionForm(forms.Form):
    signal_a = forms.IntegerField(widget=forms.HiddenInput)
    signal_b = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=DecisionKind.choices, widget=forms.HiddenInput)


ACTION_FORMS = {
    "toewijzen": AssignForm,
    "info": AskInfoForm,
    "opschalen": EscalateForm,
    "sluiten": CloseForm,
    "heropenen": ReopenForm,
    "notitie": NoteForm,
}
