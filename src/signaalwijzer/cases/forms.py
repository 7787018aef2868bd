"""Forms of the dossier pages. They check the shape of what was typed; the rules live in services.py.

Every step form carries the `version` of the dossier it was opened on (optimistic locking): the service
refuses a stale one with `CaseConflictError`, and the page shows what changed while keeping the text.
Field names follow the service arguments, so a `CaseInputError` maps onto the field it names
(`SERVICE_FIELDS` translates the few that differ).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import meldcode
from signaalwijzer.cases.models import ConsultedWith, Decision, Minor, NotHeldReason
from signaalwijzer.knowledge import KnowledgeBase

# More ids than the knowledge base could ever hold is not a checklist someone ticked.
MAX_TICKED = 300
MAX_TEXT = 10_000
YES, NO = "ja", "nee"
YES_NO = [(YES, _("Ja")), (NO, _("Nee"))]
# Decisions that report: a route must be chosen (domain-facts §4).
REPORTING = frozenset({Decision.REPORT, Decision.BOTH})


def _date_not_in_future(value: dt.date | None, message) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message, code="future")
    return value


def _text_field(label, *, required: bool = True, required_message=None, max_length: int = MAX_TEXT):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea,
        error_messages={
            "required": required_message or _("Vul dit veld in."),
            "max_length": _("Dit is te lang: maximaal %(limit_value)s tekens (nu %(show_value)s)."),
        },
    )


def _date_field(label, *, required: bool = True, required_message=None):
    return forms.DateField(
        label=label,
        required=required,
        error_messages={
            "required": required_message or _("Vul een datum in."),
            "invalid": _("Vul een bestaande datum in, zoals 20-11-2026."),
        },
    )


def indicators_cleaned(raw, kb: KnowledgeBase) -> list[str]:
    """Ticked ids in the order given, without duplicates; unknown ids are an error naming them."""
    if isinstance(raw, str):
        raw = [raw]
    ids = list(dict.fromkeys(str(v).strip() for v in raw or [] if str(v).strip()))[:MAX_TICKED]
    unknown = [i for i in ids if i not in kb.indicators]
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise forms.ValidationError(
            _("Deze signalen kennen we niet: %(ids)s. Kies ze opnieuw uit de lijst."),
            code="unknown",
            params={"ids": shown},
        )
    return ids


class _ListField(forms.Field):
    """A repeated field (`signaal=a&signaal=b`), rendered by hand as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if value in (None, ""):
            return []
        return [value] if isinstance(value, str) else list(value)


class VersionedForm(forms.Form):
    """A form that changes a dossier: it says which version of the dossier it was filled in on."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("Dit formulier mist het versienummer van het dossier. Open de pagina opnieuw."),
            "invalid": _("Dit formulier mist het versienummer van het dossier. Open de pagina opnieuw."),
            "min_value": _("Dit formulier mist het versienummer van het dossier. Open de pagina opnieuw."),
        },
    )


# --- A new dossier -------------------------------------------------------------------------------------------


class CaseCreateForm(forms.Form):
    """An empty dossier, or one from a screening result (which posts rol, minderjarig and signaal)."""

    werktitel = forms.CharField(
        label=_("Werktitel"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Maak de werktitel korter: maximaal %(limit_value)s tekens.")},
    )
    rol = forms.ChoiceField(
        label=_("Je rol"),
        error_messages={
            "required": _("Kies je rol."),
            "invalid_choice": _("De rol ‘%(value)s’ kennen we niet. Kies je rol uit de lijst."),
        },
    )
    minderjarig = forms.ChoiceField(
        label=_("Gaat het om iemand jonger dan 18?"),
        choices=Minor.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
    )
    signaal = _ListField(required=False)

    def __init__(self, *args, kb: KnowledgeBase, role_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.kb = kb
        self.fields["rol"].choices = role_choices

    def clean_minderjarig(self) -> str:
        return self.cleaned_data.get("minderjarig") or Minor.UNKNOWN

    def clean_signaal(self) -> list[str]:
        return indicators_cleaned(self.cleaned_data.get("signaal"), self.kb)

    def ticked(self) -> list[str]:
        """What came in, valid or not: the page keeps it when something else needs fixing."""
        if not self.is_bound:
            return list(self.initial.get("signaal", []))
        return self.data.getlist("signaal") if hasattr(self.data, "getlist") else []


# --- Step 1 --------------------------------------------------------------------------------------------------


class SignalsForm(VersionedForm):
    minderjarig = forms.ChoiceField(
        label=_("Gaat het om iemand jonger dan 18?"),
        choices=Minor.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of het gaat om iemand jonger dan 18."),
            "invalid_choice": _(
                "Kies ja, nee of weet ik niet bij de vraag of het gaat om iemand jonger dan 18."
            ),
        },
    )
    signaal = _ListField(required=False)

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)
        self.kb = kb

    def clean_signaal(self) -> list[str]:
        return indicators_cleaned(self.cleaned_data.get("signaal"), self.kb)

    def ticked(self) -> set[str]:
        if not self.is_bound:
            return set(self.initial.get("signaal", []))
        return set(self.data.getlist("signaal")) if hasattr(self.data, "getlist") else set()


class ObservationForm(VersionedForm):
    observed_on = _date_field(_("Wanneer zag of hoorde je het?"), required_message=_("Vul de datum in."))
    text = _text_field(_("Wat zag of hoorde je?"), required_message=_("Schrijf op wat je zag of hoorde."))

    def clean_observed_on(self):
        return _date_not_in_future(
            self.cleaned_data.get("observed_on"),
            _("De datum ligt in de toekomst. Vul de dag in waarop je het zag."),
        )


# --- Step 2 --------------------------------------------------------------------------------------------------


class ConsultationForm(VersionedForm):
    consulted_with = forms.ChoiceField(
        label=_("Met wie heb je overlegd?"),
        choices=ConsultedWith.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies met wie je overlegde."),
            "invalid_choice": _("Kies met wie je overlegde uit de lijst."),
        },
    )
    consulted_name = forms.CharField(
        label=_("Naam of afdeling (mag leeg)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Maak dit korter: maximaal %(limit_value)s tekens.")},
    )
    consulted_on = _date_field(
        _("Wanneer was het overleg?"), required_message=_("Vul de datum van het overleg in.")
    )
    advice = _text_field(_("Wat was het advies?"), required_message=_("Schrijf op wat het advies was."))

    def clean_consulted_on(self):
        return _date_not_in_future(
            self.cleaned_data.get("consulted_on"),
            _("De datum ligt in de toekomst. Vul de dag in waarop je overlegde."),
        )


# --- Step 3 --------------------------------------------------------------------------------------------------


class ConversationForm(VersionedForm):
    held = forms.ChoiceField(
        label=_("Heb je met de cliënt gepraat?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of het gesprek er was."),
            "invalid_choice": _("Kies ja of nee."),
        },
    )
    held_on = _date_field(_("Wanneer was het gesprek?"), required=False)
    reason_not_held = forms.ChoiceField(
        label=_("Waarom was er geen gesprek?"),
        choices=NotHeldReason.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een reden uit de lijst.")},
    )
    # Required when the conversation was held, or when the reason is "anders" (services.py).
    text = _text_field(_("Wat is er besproken? Of: leg uit waarom er geen gesprek was"), required=False)

    def clean_held_on(self):
        return _date_not_in_future(
            self.cleaned_data.get("held_on"),
            _("De datum ligt in de toekomst. Vul de dag van het gesprek in."),
        )

    def clean(self):
        data = super().clean()
        held = data.get("held")
        if held == YES:
            if not data.get("held_on") and "held_on" not in self.errors:
                self.add_error("held_on", _("Vul de datum van het gesprek in."))
            if not data.get("text") and "text" not in self.errors:
                self.add_error("text", _("Schrijf kort op wat er besproken is."))
            data["reason_not_held"] = ""
        elif held == NO:
            reason = data.get("reason_not_held")
            if not reason and "reason_not_held" not in self.errors:
                self.add_error("reason_not_held", _("Kies waarom er geen gesprek was."))
            elif reason == NotHeldReason.OTHER and not data.get("text") and "text" not in self.errors:
                self.add_error(
                    "text", _("Je koos ‘een andere reden’: schrijf op waarom er geen gesprek was.")
                )
            data["held_on"] = None
        return data


# --- Step 4: the afwegingskader (2019) -----------------------------------------------------------------------

# The five afwegingsvragen in our own plain words (domain-facts §3.3), with what each answer leads to.
WEIGHING_QUESTIONS = [
    (
        "q1",
        _("Denk je, na alles wat je zag, hoorde en besprak, dat er iets mis is?"),
        _(
            "Bijvoorbeeld uitbuiting, huiselijk geweld of kindermishandeling, of de dreiging daarvan. "
            "Nee? Dan sluit je het dossier en schrijf je op waarom."
        ),
    ),
    (
        "q2",
        _("Is de persoon nu in gevaar, of is het al lang of steeds opnieuw onveilig?"),
        _(
            "Bijvoorbeeld: er is nu geweld of dreiging, of het onveilige komt steeds terug. Ja? Dan meld je "
            "bij Veilig Thuis. De vragen hierna beantwoord je dan samen met Veilig Thuis."
        ),
    ),
    (
        "q3",
        _("Kun jij, of je organisatie, hulp bieden of regelen die het gevaar weghaalt?"),
        _("Nee? Dan meld je."),
    ),
    (
        "q4",
        _("Willen de mensen om wie het gaat die hulp, en doen ze mee?"),
        _("Nee? Dan meld je."),
    ),
    (
        "q5",
        _("Helpt de hulp genoeg? Wordt het veilig en gaat het beter, binnen de tijd die je afsprak?"),
        _(
            "Nee? Dan meld je (opnieuw). Ja? Dan sluit je af, met afspraken over hoe je de veiligheid "
            "blijft volgen. Weet je het nog niet? Kies dan ‘nog niet bekend’ en weeg later opnieuw."
        ),
    ),
]
QUESTION_IDS = [q for q, _question, _hint in WEIGHING_QUESTIONS]
NOT_YET = ""
OPEN_CHOICES = [*YES_NO, (NOT_YET, _("Nog niet bekend, of niet nodig"))]


class WeighingForm(VersionedForm):
    text = _text_field(_("Leg je afweging uit"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, (question, label, _hint) in enumerate(WEIGHING_QUESTIONS, 1):
            first = number == 1
            self.fields[question] = forms.ChoiceField(
                label=label,
                choices=YES_NO if first else OPEN_CHOICES,
                required=first,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Beantwoord vraag %(n)s met ja of nee.") % {"n": number},
                    "invalid_choice": _("Kies een antwoord bij vraag %(n)s.") % {"n": number},
                },
            )
        # The questions first, the explanation last.
        self.order_fields([*QUESTION_IDS, "text", "version"])

    def clean(self):
        data = super().clean()
        answers = {q: {YES: True, NO: False}.get(data.get(q) or "") for q in QUESTION_IDS}
        # Where the afwegingskader stops (domain-facts §3.3), later answers do not count: the page says so.
        for question, problem in meldcode.weighing_problems(answers).items():
            if problem == meldcode.NOT_ASKED:
                answers[question] = None
            elif problem == meldcode.MISSING and question not in self.errors:
                number = QUESTION_IDS.index(question) + 1
                self.add_error(question, _("Beantwoord vraag %(n)s met ja of nee.") % {"n": number})
        data["answers"] = answers
        return data


# --- Step 5 --------------------------------------------------------------------------------------------------


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label=_("Wat besluit je?"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat je besluit."),
            "invalid_choice": _("Kies een besluit uit de lijst."),
        },
    )
    route = forms.ChoiceField(
        label=_("Waar meld je?"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een meldpunt uit de lijst.")},
    )
    text = _text_field(_("Waarom besluit je dit?"), required_message=_("Schrijf op waarom je dit besluit."))

    def __init__(self, *args, route_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", _("Nog geen meldpunt")), *route_choices]

    def clean(self):
        data = super().clean()
        if data.get("decision") in REPORTING and not data.get("route") and "route" not in self.errors:
            self.add_error("route", _("Je besluit te melden: kies waar je meldt."))
        return data


# --- Client details, sharing, closing ------------------------------------------------------------------------


class ClientForm(VersionedForm):
    label = forms.CharField(
        label=_("Werktitel"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Maak de werktitel korter: maximaal %(limit_value)s tekens.")},
    )
    name = forms.CharField(label=_("Naam"), required=False, max_length=200)
    birth_date = _date_field(_("Geboortedatum"), required=False)
    bsn = forms.CharField(label=_("BSN"), required=False, max_length=20)
    phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mailadres"), required=False, max_length=254)
    address = forms.CharField(label=_("Adres"), required=False, max_length=500, widget=forms.Textarea)

    def clean_birth_date(self):
        return _date_not_in_future(
            self.cleaned_data.get("birth_date"), _("De geboortedatum ligt in de toekomst. Kijk de datum na.")
        )


class ShareForm(forms.Form):
    """The owner shares with a colleague: one of their organisation, or anyone by user name."""

    collega = forms.ModelChoiceField(
        label=_("Collega uit je organisatie"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Kies een collega uit de lijst.")},
    )
    gebruikersnaam = forms.CharField(
        label=_("Of: de gebruikersnaam van iemand van een andere organisatie"),
        required=False,
        max_length=150,
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collega"].queryset = colleagues

    def clean(self):
        data = super().clean()
        colleague, username = data.get("collega"), (data.get("gebruikersnaam") or "").strip()
        if self.errors:
            return data
        if colleague and username:
            self.add_error(
                "gebruikersnaam", _("Kies een collega óf vul een gebruikersnaam in, niet allebei.")
            )
        elif not colleague and not username:
            self.add_error("collega", _("Kies een collega, of vul een gebruikersnaam in."))
        elif username:
            found = User.objects.filter(username__iexact=username, is_active=True).first()
            if found is None:
                self.add_error("gebruikersnaam", _("We vinden geen actief account met deze gebruikersnaam."))
            data["user"] = found
        else:
            data["user"] = colleague
        return data


class ReasonForm(VersionedForm):
    reason = _text_field(_("Waarom?"), required_message=_("Schrijf kort op waarom."), max_length=2000)
