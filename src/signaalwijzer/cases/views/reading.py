"""The signals step with suggestions from the dossier's observations (issue 4 §1).

Asked for with `?lees=waarnemingen` (after "Opslaan en signalen zoeken" on the observation page, or the
link on the dossier page) or with the signals form's button `actie=lees` (which keeps what was ticked
and answered on the page). The observations are decrypted in this request only, read by the note
analysis, and the suggestions come back ticked in the checklist, next to what was ticked already.
Nothing is written: the signals count once the professional saves the step, through
`services.case_signals_update` like any other change. Opening the page is audited as a read
(`case.view`), like every dossier page; reading the observations adds no record of its own, because
it shows nothing the dossier page does not show already.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from signaalwijzer.cases import selectors
from signaalwijzer.cases.forms import SignalsForm
from signaalwijzer.cases.models import Case, CaseEntry, Minor
from signaalwijzer.cases.observations import DossierReading, Observation, observations_read
from signaalwijzer.cases.views.common import language
from signaalwijzer.cases.views.lists import ORGANISATION_ROLE
from signaalwijzer.notes import DEFAULT_ROLE
from signaalwijzer.public import selectors as public_selectors

READ_PARAMETER = "lees"
READ_VALUE = "waarnemingen"
READ_ACTION = "lees"


def reading_role(case: Case, user, kb) -> str:
    """The role the suggestions are weighed for: the dossier's own, else the one its organisation's type
    maps to (as for a new dossier), else the general frontline role."""
    if case.observer_role in kb.roles:
        return case.observer_role
    mapped = ORGANISATION_ROLE.get(getattr(getattr(user, "organisation", None), "type", ""), "")
    return mapped if mapped in kb.roles else DEFAULT_ROLE


def _observed_on(entry: CaseEntry) -> dt.date | None:
    try:
        return dt.date.fromisoformat((entry.data or {}).get("on") or "")
    except ValueError:
        return None


def _version(raw: str | None, case: Case) -> int:
    """The version the form was opened on, so that a save after reading still notices a colleague's."""
    try:
        value = int(raw or "")
    except ValueError:
        return case.version
    return value if value >= 1 else case.version


def signals_preview(request: HttpRequest, case: Case) -> tuple[SignalsForm, dict[str, Any]] | None:
    """The signals form pre-ticked from the observations, and what the page shows about them; None when
    the request does not ask for a reading (then the page is the plain signals step)."""
    kb = public_selectors.kb()
    if request.method == "POST" and request.POST.get("actie") == READ_ACTION:
        posted = request.POST
        ticked = [i for i in posted.getlist("signaal") if i in kb.indicators]
        minor = posted.get("minderjarig") if posted.get("minderjarig") in Minor.values else case.minor
        version = _version(posted.get("version"), case)
    elif request.method == "GET" and request.GET.get(READ_PARAMETER) == READ_VALUE:
        ticked, minor, version = list(case.indicators), case.minor, case.version
    else:
        return None
    entries = selectors.case_observations(case)
    reading = observations_read(
        [Observation(e.pk, _observed_on(e), e.text) for e in entries],
        kb=kb,
        role=reading_role(case, request.user, kb),
        minor=minor == Minor.YES,
        ticked=ticked,
        recorded=case.indicators,
        coordinator=settings.SIGNAALWIJZER,
    )
    form = SignalsForm(initial={"version": version, "signaal": reading.ticked, "minderjarig": minor}, kb=kb)
    return form, {"reading": _reading_view(reading, kb, minor=minor, read=len(entries))}


def _minor_hint(reading: DossierReading, minor: str) -> str:
    """Which way the analyser's age guess points, when it differs from the answer; "" otherwise."""
    guess = reading.minor.value
    if guess is None or not reading.minor.reasons:
        return ""
    if guess and minor != Minor.YES:
        return "minor"
    if not guess and minor != Minor.NO:
        return "adult"
    return ""


def _reading_view(reading: DossierReading, kb, *, minor: str, read: int) -> dict[str, Any]:
    marked = [
        {
            "observed_on": r.observation.observed_on,
            "segments": public_selectors.note_segments(r.reading.text, r.spans),
        }
        for r in reading.readings
        if r.spans
    ]
    return {
        "read": read,
        "limit": selectors.OBSERVATIONS_READ_MAX,
        "suggestions": [
            {
                "id": s.id,
                "title": kb.indicators[s.id].title,
                "quotes": s.quotes,
                "recorded": s.recorded,
            }
            for s in reading.suggestions
            if s.id in kb.indicators
        ],
        "quotes": {s.id: s.quotes for s in reading.suggestions},
        "marked": marked,
        "minor_hint": _minor_hint(reading, minor),
        "minor_reasons": ", ".join(r.get(language()) for r in reading.minor.reasons),
        "outcome": reading.outcome,
        "outcome_word": public_selectors.OUTCOME_WORDS.get(reading.outcome, reading.outcome),
        "all_clear_quotes": reading.all_clear_quotes,
    }
