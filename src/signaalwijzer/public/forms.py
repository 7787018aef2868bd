"""Forms of the public pages. They only validate; the weighing itself is the engine's job."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.notes import MAX_TEXT
from signaalwijzer.public.selectors import MINOR_CHOICES, role_choices

# More ids than the knowledge base could ever hold is not a checklist someone ticked.
MAX_TICKED = 300


class _RoleMixin:
    def _set_roles(self, base: KnowledgeBase, language: str) -> None:
        field = self.fields["rol"]
        field.choices = role_choices(base, language)


class ScreeningStartForm(_RoleMixin, forms.Form):
    """Step 1: who you are, and whether it is about a child."""

    rol = forms.ChoiceField(
        label=_("Wat is je rol?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies je rol."),
            "invalid_choice": _("Deze rol kennen we niet. Kies je rol uit de lijst."),
        },
    )
    minderjarig = forms.ChoiceField(
        label=_("Gaat het om iemand jonger dan 18?"),
        choices=MINOR_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, kb: KnowledgeBase, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_roles(kb, language)


class ChecklistForm(_RoleMixin, forms.Form):
    """Step 2: what you saw. Posted to the result page."""

    rol = forms.ChoiceField(
        label=_("Je rol"),
        error_messages={
            "required": _("Kies je rol."),
            "invalid_choice": _("De rol ‘%(value)s’ kennen we niet. Kies je rol uit de lijst."),
        },
    )
    minderjarig = forms.ChoiceField(
        label=_("Gaat het om iemand jonger dan 18?"),
        choices=MINOR_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of het gaat om iemand jonger dan 18."),
            "invalid_choice": _(
                "Kies ja, nee of weet ik niet bij de vraag of het gaat om iemand jonger dan 18."
            ),
        },
    )
    # Rendered by hand, grouped by life domain; validated against the knowledge base below.
    signaal = forms.Field(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kb: KnowledgeBase, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kb = kb
        self._set_roles(kb, language)

    def clean_signaal(self) -> list[str]:
        raw = self.cleaned_data.get("signaal") or []
        if isinstance(raw, str):
            raw = [raw]
        ids = list(dict.fromkeys(str(v).strip() for v in raw if str(v).strip()))[:MAX_TICKED]
        unknown = [i for i in ids if i not in self.kb.indicators]
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise forms.ValidationError(
                _("Deze signalen kennen we niet: %(ids)s. Haal ze weg of kies ze opnieuw uit de lijst."),
                code="unknown",
                params={"ids": shown},
            )
        if not ids:
            raise forms.ValidationError(_("Vink minstens één signaal aan."), code="required")
        return ids

    def ticked(self) -> set[str]:
        """What was ticked, valid or not, so that a page with errors keeps every box as it was."""
        if not self.is_bound:
            return set(self.initial.get("signaal", []))
        return set(self.data.getlist("signaal")) if hasattr(self.data, "getlist") else set()


class NoteForm(forms.Form):
    """The pasted note on the checklist page. Only read, never stored."""

    notitie = forms.CharField(
        label=_("Plak of typ je notitie"),
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea,
        error_messages={
            "required": _("Plak of typ eerst je notitie in het tekstvak."),
            "max_length": _("Je notitie is te lang: maximaal %(limit_value)d tekens, nu %(show_value)d."),
        },
    )

    def clean_notitie(self) -> str:
        text = self.cleaned_data["notitie"]
        if not text.strip():
            raise forms.ValidationError(self.fields["notitie"].error_messages["required"], code="required")
        return text
