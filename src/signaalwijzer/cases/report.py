"""The dossier as a report (issue 3 §2): one data structure for the print page and the PDF.

`case_report_data(case, pseudonymised=...)` gathers everything a consultation or a report needs, already
worded in the active language; `cases/print.html` renders it as HTML and `case_pdf` as a PDF, so both
always say the same thing. The history on the dossier page uses the same wording (`entry_view`).

The pseudonymised variant is for anonymous consultation (e.g. with Veilig Thuis or CoMensha): no name,
birth date (an age band instead), BSN, phone, e-mail or address; no working title (the reference instead);
no names of colleagues. In free text the client's name and each part of it, nine-digit (BSN-like) numbers,
phone numbers, e-mail addresses, Dutch IBANs and postcodes become "[weggelaten]" (pseudonymise.py). A
machine cannot find everything (other people's names, places, unusual details), so the report says at the
top that the professional must read the free text themselves before sharing it. The PDF: pdf.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import selectors
from signaalwijzer.cases.models import (
    Case,
    CaseEntry,
    ConsultedWith,
    Decision,
    EntryKind,
    Minor,
    NotHeldReason,
    Outcome,
    Status,
    Step,
)
from signaalwijzer.cases.pseudonymise import Pseudonymiser, age_band, age_on
from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.public import selectors as public_selectors

# Short names of the five afwegingsvragen, for the history and the report (forms.py has the questions).
QUESTION_SHORT = {
    "q1": gettext_lazy("1. Is er een vermoeden?"),
    "q2": gettext_lazy("2. Is het nu of steeds opnieuw onveilig?"),
    "q3": gettext_lazy("3. Kun je zelf hulp bieden of regelen?"),
    "q4": gettext_lazy("4. Willen de betrokkenen die hulp?"),
    "q5": gettext_lazy("5. Helpt de hulp genoeg?"),
}
# meldcode.weighing_conclusion codes, worded.
CONCLUSION_WORDS = {
    "afsluiten": gettext_lazy("Geen vermoeden meer: sluit het dossier en schrijf op waarom."),
    "melden": gettext_lazy("Melden bij Veilig Thuis."),
    "melden_en_hulp": gettext_lazy("Melden bij Veilig Thuis, en ook hulp bieden of regelen."),
    "hulp": gettext_lazy("Hulp bieden of regelen, en volgen of die werkt."),
    "hulp_en_volgen": gettext_lazy(
        "De hulp werkt: afsluiten, met afspraken over het volgen van de veiligheid."
    ),
}
CLIENT_FIELD_WORDS = {
    "label": gettext_lazy("werktitel"),
    "name": gettext_lazy("naam"),
    "birth_date": gettext_lazy("geboortedatum"),
    "bsn": gettext_lazy("BSN"),
    "phone": gettext_lazy("telefoonnummer"),
    "email": gettext_lazy("e-mailadres"),
    "address": gettext_lazy("adres"),
}


def _language() -> str:
    return get_language() or "nl"


def _date(value: dt.date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return date_format(value, "j F Y")


def _moment(value: dt.datetime | None) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i") if value else ""


def _yes_no(value: bool | None) -> str:
    return {True: _("ja"), False: _("nee")}.get(value, _("nog niet bekend"))


def _choice(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _person(user: User | None) -> str:
    if user is None:
        return _("onbekend")
    return user.get_full_name() or user.get_username()


# --- Knowledge base words ------------------------------------------------------------------------------------


def indicator_title(kb: KnowledgeBase, indicator_id: str, language: str | None = None) -> str:
    found = kb.indicators.get(indicator_id)
    return found.title.get(language or _language()) if found else indicator_id


def indicator_strength(kb: KnowledgeBase, indicator_id: str, *, minor: bool) -> str:
    """The strongest rating of an indicator over all forms (the child sets for a minor)."""
    found = kb.indicators.get(indicator_id)
    if found is None:
        return ""
    strengths = list(found.forms.values()) + (list(found.forms_minor.values()) if minor else [])
    ranked = sorted((s.value for s in strengths), key=lambda s: public_selectors.STRENGTH_RANK.get(s, 3))
    return ranked[0] if ranked else ""


def signals_view(kb: KnowledgeBase, indicators: Iterable[str], *, minor: bool) -> list[dict[str, str]]:
    """The ticked signals, strongest first, with the knowledge base's titles and a strength word."""
    rows = []
    for indicator_id in indicators:
        found = kb.indicators.get(indicator_id)
        vulnerable = found is not None and found.kind.value == "vulnerability"
        strength = indicator_strength(kb, indicator_id, minor=minor)
        rows.append(
            {
                "id": indicator_id,
                "title": indicator_title(kb, indicator_id),
                "strength": "weak" if vulnerable else strength,
                "label": str(public_selectors.KIND_WORDS["vulnerability"]).lower()
                if vulnerable
                else str(public_selectors.STRENGTH_WORDS.get(strength, "")),
                "vulnerable": vulnerable,
            }
        )
    rows.sort(
        key=lambda r: (r["vulnerable"], public_selectors.STRENGTH_RANK.get(r["strength"], 3), r["title"])
    )
    return rows


def route_name(kb: KnowledgeBase, route_id: str) -> str:
    found = kb.routes.get(route_id)
    return found.name.get(_language()) if found else route_id


# --- History -------------------------------------------------------------------------------------------------


def _fact(label, value) -> dict[str, str]:
    return {"label": str(label), "value": str(value)}


def entry_view(
    entry: CaseEntry,
    *,
    kb: KnowledgeBase,
    case: Case,
    users: dict[int, User],
    pseudonymise: Pseudonymiser | None = None,
) -> dict[str, Any]:
    """One history entry as plain strings: when, who, which step, what, the facts and the free text."""
    data = entry.data or {}
    kind = entry.kind
    facts: list[dict[str, str]] = []
    summary = ""
    text_label = _("Toelichting")
    minor = case.minor == Minor.YES

    def titles(ids) -> str:
        return "; ".join(indicator_title(kb, i) for i in ids or [])

    if kind == EntryKind.CREATED:
        if data.get("observer_role") in kb.roles:
            facts.append(_fact(_("Rol"), kb.roles[data["observer_role"]].title.get(_language())))
        facts.append(_fact(_("Signalen"), titles(data.get("indicators")) or _("nog geen")))
        if data.get("outcome"):
            facts.append(
                _fact(_("Uitkomst"), public_selectors.OUTCOME_WORDS.get(data["outcome"], data["outcome"]))
            )
    elif kind == EntryKind.SIGNALS:
        if data.get("added"):
            facts.append(_fact(_("Aangevinkt"), titles(data["added"])))
        if data.get("removed"):
            facts.append(_fact(_("Weggehaald"), titles(data["removed"])))
        if "minor" in data:
            facts.append(_fact(_("Jonger dan 18"), _choice(Minor, data["minor"])))
        if data.get("outcome"):
            facts.append(
                _fact(_("Uitkomst"), public_selectors.OUTCOME_WORDS.get(data["outcome"], data["outcome"]))
            )
    elif kind == EntryKind.OBSERVATION:
        facts.append(_fact(_("Datum"), _date(data.get("on"))))
        text_label = _("Wat is gezien of gehoord")
    elif kind == EntryKind.CONSULTATION:
        facts.append(_fact(_("Met"), _choice(ConsultedWith, data.get("with", ""))))
        name = getattr(entry, "consulted_name", "")
        if name and pseudonymise is None:
            facts.append(_fact(_("Naam"), name))
        facts.append(_fact(_("Datum"), _date(data.get("on"))))
        text_label = _("Advies")
    elif kind == EntryKind.CONVERSATION:
        facts.append(_fact(_("Gesprek gevoerd"), _yes_no(data.get("held"))))
        if data.get("held"):
            facts.append(_fact(_("Datum"), _date(data.get("on"))))
            text_label = _("Wat is er besproken")
        elif data.get("reason_not_held"):
            facts.append(_fact(_("Waarom niet"), _choice(NotHeldReason, data["reason_not_held"])))
    elif kind == EntryKind.WEIGHING:
        answers = data.get("answers") or {}
        for question, label in QUESTION_SHORT.items():
            if question in answers:
                facts.append(_fact(label, _yes_no(answers[question])))
        if data.get("conclusion"):
            summary = str(CONCLUSION_WORDS.get(data["conclusion"], data["conclusion"]))
            facts.append(_fact(_("Wat daaruit volgt"), summary))
    elif kind == EntryKind.DECISION:
        summary = _choice(Decision, data.get("decision", ""))
        facts.append(_fact(_("Besluit"), summary))
        if data.get("route"):
            facts.append(_fact(_("Gemeld bij"), route_name(kb, data["route"])))
            summary = _("%(decision)s, bij %(route)s") % {
                "decision": summary,
                "route": route_name(kb, data["route"]),
            }
        text_label = _("Waarom")
    elif kind == EntryKind.CLIENT:
        changed = [str(CLIENT_FIELD_WORDS.get(f, f)) for f in data.get("fields") or []]
        facts.append(_fact(_("Aangepast"), ", ".join(changed) or _("niets")))
    elif kind in (EntryKind.SHARED, EntryKind.UNSHARED):
        other = users.get(data.get("user_id"))
        facts.append(_fact(_("Met"), _("een collega") if pseudonymise else _person(other)))
    elif kind in (EntryKind.CLOSED, EntryKind.REOPENED):
        text_label = _("Reden")

    author = entry_author(entry, case=case, users=users, pseudonymised=pseudonymise is not None)
    text = entry.text or ""
    if pseudonymise is not None:
        text = pseudonymise(text)
    return {
        "id": entry.pk,
        "kind": kind,
        "kind_label": _choice(EntryKind, kind),
        "step": entry.step,
        "step_label": _choice(Step, entry.step) if entry.step else "",
        "when": _moment(entry.created_at),
        "when_iso": timezone.localtime(entry.created_at).isoformat() if entry.created_at else "",
        "author": author,
        "facts": facts,
        "summary": summary,
        "text": text,
        "text_label": text_label,
        "minor": minor,
    }


def entry_author(entry: CaseEntry, *, case: Case, users: dict[int, User], pseudonymised: bool) -> str:
    if pseudonymised:
        return _("de eigenaar") if entry.author_id == case.owner_id else _("een collega")
    return _person(users.get(entry.author_id))


def users_of(entries: list[CaseEntry]) -> dict[int, User]:
    """Authors and the people shared with, in one query."""
    ids = {e.author_id for e in entries}
    ids.update(e.data.get("user_id") for e in entries if isinstance(e.data, dict) and e.data.get("user_id"))
    return {u.pk: u for u in User.objects.filter(pk__in=[i for i in ids if isinstance(i, int)])}


# --- The report ----------------------------------------------------------------------------------------------


def deadline_view(case: Case, *, stuck: bool) -> dict[str, str]:
    """The expert-advice deadline (issue 3 §2) as one sentence, and whether it is overdue."""
    if case.outcome != Outcome.VERMOEDEN:
        return {}
    if case.expert_consulted_at:
        return {
            "state": "done",
            "text": _("Deskundig advies gevraagd op %(date)s.")
            % {"date": _date(timezone.localtime(case.expert_consulted_at).date())},
        }
    if not case.expert_due_on:
        return {}
    if stuck:
        return {
            "state": "overdue",
            "text": _("Vraag deskundig advies: dit had uiterlijk %(date)s gemoeten.")
            % {"date": _date(case.expert_due_on)},
        }
    return {
        "state": "due",
        "text": _(
            "Vraag uiterlijk %(date)s deskundig advies, bijvoorbeeld bij Veilig Thuis, CoMensha of de zorgcoördinator."
        )
        % {"date": _date(case.expert_due_on)},
    }


def client_view(case: Case, *, pseudonymised: bool) -> list[dict[str, str]]:
    from signaalwijzer.cases.services import phone_display

    if pseudonymised:
        return [_fact(_("Leeftijd"), age_band(case.client_birth_date, case.minor))]
    birth = ""
    age = age_on(case.client_birth_date) if case.client_birth_date else None
    if age is not None:
        birth = _("%(date)s (%(age)s jaar)") % {"date": _date(case.client_birth_date), "age": age}
    return [
        _fact(_("Naam"), case.client_name or "—"),
        _fact(_("Geboortedatum"), birth or "—"),
        _fact(_("BSN"), case.client_bsn or "—"),
        _fact(_("Telefoon"), phone_display(case.client_phone) or "—"),
        _fact(_("E-mail"), case.client_email or "—"),
        _fact(_("Adres"), case.client_address or "—"),
    ]


def pseudonymised_notice() -> str:
    return _(
        "Dit is de versie zonder gegevens die de cliënt herkenbaar maken. Weggelaten: naam, geboortedatum "
        "(alleen de leeftijdsgroep staat erin), BSN, telefoonnummer, e-mailadres, adres, de werktitel en de "
        "namen van medewerkers. In de vrije tekst staat [weggelaten] op de plaats van de naam van de cliënt, "
        "nummers van 9 cijfers (zoals een BSN), telefoonnummers, e-mailadressen, rekeningnummers en postcodes. "
        "Lees de vrije tekst zelf na voordat je dit deelt: namen van anderen, plaatsen en bijzondere details "
        "vinden we niet altijd."
    )


def case_report_data(
    case: Case,
    *,
    pseudonymised: bool,
    kb: KnowledgeBase | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the print page and the PDF show, worded in the active language.

    Pseudonymised: no identifying client details, no names of people, free text scrubbed (module doc).
    """
    kb = kb or public_selectors.kb()
    entries = list(selectors.case_history(case))
    users = users_of(entries)
    scrub = Pseudonymiser(case) if pseudonymised else None
    progress = selectors.case_progress(case)
    stuck = selectors.case_is_stuck(case, today=today)
    minor = case.minor == Minor.YES
    language = _language()
    role = kb.roles.get(case.observer_role)

    facts = [_fact(_("Dossiernummer"), case.reference)]
    if not pseudonymised:
        facts.append(_fact(_("Werktitel"), case.label or "—"))
        facts.append(_fact(_("Eigenaar"), _person(case.owner)))
    facts += [
        _fact(_("Organisatie"), case.organisation.name),
        _fact(_("Rol van de melder"), role.title.get(language) if role else case.observer_role),
        _fact(_("Jonger dan 18"), _choice(Minor, case.minor)),
        _fact(_("Status"), _choice(Status, case.status)),
        _fact(_("Begonnen op"), _moment(case.created_at)),
    ]
    if case.closed_at:
        facts.append(_fact(_("Gesloten op"), _moment(case.closed_at)))
    if not pseudonymised:
        shares = [_person(s.user) for s in case.shares.select_related("user").order_by("created_at")]
        if shares:
            facts.append(_fact(_("Gedeeld met"), ", ".join(shares)))

    history = [entry_view(e, kb=kb, case=case, users=users, pseudonymise=scrub) for e in entries]
    latest: dict[str, Any] = {}
    for entry in reversed(history):
        latest.setdefault(entry["kind"], entry)
    outcome = case.outcome
    return {
        "pseudonymised": pseudonymised,
        "notice": pseudonymised_notice() if pseudonymised else "",
        "title": _("Dossier %(reference)s") % {"reference": case.reference},
        "heading": case.reference if pseudonymised or not case.label else f"{case.label} ({case.reference})",
        "reference": case.reference,
        "made_at": _moment(timezone.now()),
        "facts": facts,
        "client": client_view(case, pseudonymised=pseudonymised),
        "outcome": {
            "value": outcome,
            "word": str(public_selectors.OUTCOME_WORDS.get(outcome, outcome)),
            "lead": str(public_selectors.OUTCOME_LEAD.get(outcome, "")),
        },
        "acute": case.acute,
        "deadline": deadline_view(case, stuck=stuck),
        "signals": signals_view(kb, case.indicators, minor=minor),
        "progress": {
            "current": progress.current_step,
            "steps": [
                {"step": s.step, "title": s.title, "done": s.done, "missing": list(s.missing)}
                for s in progress.steps
            ],
        },
        "latest_weighing": latest.get(EntryKind.WEIGHING),
        "latest_decision": latest.get(EntryKind.DECISION),
        "history": history,
    }
