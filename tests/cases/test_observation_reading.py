"""Signaalwijzer reads a dossier's observations (issue 4 §1): the suggestions come back highlighted in the
text with the words they came from and ticked in the signals step, next to what was recorded; nothing is
saved until the professional saves the step, which goes through the signals service."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.utils import timezone

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases.models import Case, CaseEntry, EntryKind, Minor
from signaalwijzer.cases.observations import Observation, observations_read
from signaalwijzer.cases.views.reading import reading_role
from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.notes import note_suggest
from tests.accounts import factories as accounts
from tests.cases import factories
from tests.cases.helpers import audit_actions, text

pytestmark = pytest.mark.django_db

NOTE = "Meneer vertelt: paspoort ligt bij de baas, werkt 12 uur per dag in de kas."
READ = "?lees=waarnemingen"


def _quotes(note: str, indicator: str) -> str:
    """How the page quotes the analyser's words for `indicator` (notes/data is tuned separately: the
    tests follow the analyser's evidence instead of copying it)."""
    found = {s.id: s for s in note_suggest(note).suggestions}
    assert indicator in found, f"the analyser no longer suggests {indicator} for {note!r}"
    return ", ".join(f"‘{q}’" for q in dict.fromkeys(found[indicator].quotes(note)))


def _marked(page: str, words: str) -> bool:
    return re.search(r"<mark>[^<]*" + re.escape(words) + r"[^<]*</mark>", page) is not None


def _checked(page: str, indicator: str) -> bool:
    """Whether the checkbox of `indicator` is rendered ticked."""
    start = page.index(f'id="s-{indicator}"')
    return page[start : page.index(">", start)].endswith(" checked")


@pytest.fixture
def case(professional):
    case = factories.case(owner=professional, indicators=("sleeps_at_workplace",), minor=Minor.NO)
    return factories.observation(case, text=NOTE)


def test_the_observation_is_read_and_its_signals_are_ticked_with_the_words(logged_in, case):
    response = logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}")
    assert response.status_code == 200
    page = text(response)
    assert "Wat we in je waarnemingen vonden" in page
    # Highlighted in the text, quoted by the checkbox, and ticked; the recorded signal stays ticked.
    assert _marked(page, "paspoort") and _marked(page, "12 uur per dag")
    for indicator in ("documents_withheld", "works_excessive_hours"):
        quotes = _quotes(NOTE, indicator)
        assert f'id="s-{indicator}-tekst">Voorgesteld uit je waarneming: {quotes}</p>' in page
    for indicator in ("documents_withheld", "works_excessive_hours", "sleeps_at_workplace"):
        assert _checked(page, indicator), indicator
    assert not _checked(page, "forced_to_commit_crimes")
    assert f'<input type="hidden" name="version" value="{case.version}">' in page
    assert "Er is nog niets opgeslagen." in page
    # Reading changed nothing; the page view is audited as a read, like every dossier page.
    case.refresh_from_db()
    assert case.indicators == ["sleeps_at_workplace"]
    assert not CaseEntry.objects.filter(case=case, kind=EntryKind.SIGNALS).exists()
    assert audit_actions(case.pk)[-1] == "case.view"


def test_saving_the_step_records_what_the_professional_kept(logged_in, case):
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    assert _checked(page, "works_excessive_hours")
    # The professional keeps the passport and the long days, and unticks what was recorded before.
    response = logged_in.post(
        f"/dossiers/{case.pk}/signalen/",
        {
            "version": case.version,
            "minderjarig": "nee",
            "signaal": ["documents_withheld", "works_excessive_hours"],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.indicators == ["documents_withheld", "works_excessive_hours"]
    entry = CaseEntry.objects.filter(case=case, kind=EntryKind.SIGNALS).latest("created_at", "pk")
    assert entry.data["added"] == ["documents_withheld", "works_excessive_hours"]
    assert entry.data["removed"] == ["sleeps_at_workplace"]
    assert audit_actions(case.pk)[-1] == "case.signals"


def test_the_button_on_the_signals_step_keeps_what_was_ticked_and_answered(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/signalen/",
        {
            "version": case.version,
            "actie": "lees",
            "minderjarig": "onbekend",
            "signaal": ["debt_to_employer_or_recruiter"],
        },
    )
    assert response.status_code == 200
    page = text(response)
    for indicator in ("debt_to_employer_or_recruiter", "documents_withheld", "works_excessive_hours"):
        assert _checked(page, indicator), indicator
    # Unticked on the page before reading: stays unticked; the age answer on the page is kept.
    assert not _checked(page, "sleeps_at_workplace")
    assert 'value="onbekend" id="id_minderjarig_2" checked' in page
    case.refresh_from_db()
    assert case.indicators == ["sleeps_at_workplace"] and case.minor == Minor.NO


def test_save_then_read_from_the_observation_page(logged_in, professional):
    case = factories.case(owner=professional)
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/",
        {
            "version": case.version,
            "observed_on": timezone.localdate().isoformat(),
            "text": NOTE,
            "daarna": "signalen",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/signalen/{READ}#uit-je-waarnemingen"
    page = text(logged_in.get(response["Location"]))
    assert "De waarneming is opgeslagen." in page
    assert _checked(page, "documents_withheld")
    # Without the second button the observation page goes back to the dossier, as before.
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/",
        {
            "version": case.version + 1,
            "observed_on": timezone.localdate().isoformat(),
            "text": "Niets bijzonders.",
        },
    )
    assert response["Location"] == f"/dossiers/{case.pk}/#geschiedenis"
    detail = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert f'href="/dossiers/{case.pk}/signalen/{READ}#uit-je-waarnemingen"' in detail


def test_every_observation_is_read_and_negations_do_not_count(logged_in, professional):
    case = factories.case(owner=professional)
    case = factories.observation(case, text="Heeft geen schulden. Paspoort heeft hij zelf.")
    case = factories.observation(case, text="Hij slaapt op de bouwplaats in een container.")
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    assert not _checked(page, "documents_withheld")
    assert not _checked(page, "debts")
    assert _checked(page, "sleeps_at_workplace")
    # Only an observation with a suggestion is shown highlighted.
    assert page.count('<blockquote class="note-text">') == 1
    assert "Heeft geen schulden" not in page.split('id="uit-je-waarnemingen"')[1].split("</section>")[0]


def test_the_age_guess_is_a_hint_and_never_changes_the_answer(logged_in, professional):
    case = factories.case(owner=professional, minor=Minor.UNKNOWN)
    note = "De jongen van 15 zegt dat zijn paspoort bij de baas ligt."
    case = factories.observation(case, text=note)
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    reasons = ", ".join(r.nl for r in note_suggest(note).minor.reasons)
    assert "15" in reasons
    assert f"wijst op iemand jonger dan 18 ({reasons})" in page
    assert 'aria-describedby="id_minderjarig-hint"' in page
    assert 'value="onbekend" id="id_minderjarig_2" checked' in page
    # "Younger than 18" is not ticked behind the professional's back.
    assert not _checked(page, "minor")
    assert _checked(page, "documents_withheld")

    Case.objects.filter(pk=case.pk).update(minor=Minor.YES)
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    assert "wijst op iemand jonger dan 18" not in page
    assert _checked(page, "minor")


def test_a_dossier_without_observations_says_so(logged_in, professional):
    case = factories.case(owner=professional)
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    assert "Dit dossier heeft nog geen waarnemingen om te lezen." in page
    assert "Zoek signalen in mijn waarnemingen" not in page
    page = text(logged_in.get(f"/dossiers/{factories.observation(case).pk}/signalen/"))
    assert "Zoek signalen in mijn waarnemingen" in page


def test_the_weighing_uses_the_dossiers_role_else_the_organisations_else_wijkteam(professional, outsider):
    kb = knowledge_base()
    case = factories.case(owner=professional, observer_role="schuldhulp")
    assert reading_role(case, professional, kb) == "schuldhulp"
    case.observer_role = "verdwenen_rol"  # a role the knowledge base no longer has
    assert reading_role(case, outsider, kb) == "jeugdzorg_ggz"  # a jeugdzorg organisation
    assert reading_role(case, professional, kb) == "wijkteam"
    professional.organisation.type = "overig"
    assert reading_role(case, professional, kb) == "wijkteam"
    found = observations_read(
        [Observation(1, None, "Cliënt moet stelen voor de man die haar huisvest.")],
        kb=kb,
        role="schuldhulp",
        minor=False,
    )
    assert found.analysis.result.role == "schuldhulp"
    assert found.outcome == "vermoeden"


def test_suggestions_of_several_observations_are_put_together_with_their_own_words():
    kb = knowledge_base()
    observations = [
        Observation(1, None, "Paspoort ligt bij de baas."),
        Observation(2, None, "Geen schulden. Ze zegt: de baas heeft mijn paspoort, werkt 12 uur per dag."),
    ]
    found = observations_read(
        observations,
        kb=kb,
        role="wijkteam",
        minor=False,
        ticked=["sleeps_at_workplace"],
        recorded=["sleeps_at_workplace", "works_excessive_hours"],
    )
    by_id = {s.id: s for s in found.suggestions}
    assert {"documents_withheld", "works_excessive_hours"} <= set(by_id)
    assert "debts" not in by_id  # "Geen schulden"
    # The words of both observations, each once, in the order of the texts.
    first, second = (_quotes(o.text, "documents_withheld").split(", ") for o in observations)
    assert by_id["documents_withheld"].quotes == [q.strip("‘’") for q in dict.fromkeys(first + second)]
    assert by_id["works_excessive_hours"].quotes == ["12 uur per dag"]
    assert by_id["works_excessive_hours"].recorded and not by_id["documents_withheld"].recorded
    # Each observation keeps offsets into its own text.
    assert "12 uur per dag" in [observations[1].text[a:b] for a, b in found.readings[1].spans]
    # What was ticked first, then the suggestions in the order of the texts.
    assert found.ticked == ["sleeps_at_workplace", *(s.id for s in found.suggestions)]
    assert found.ticked[1] == "documents_withheld"
    assert found.analysis.weighed == found.ticked


def test_someone_without_access_gets_404_and_sees_no_text(client, case, outsider):
    client.force_login(outsider)
    response = client.get(f"/dossiers/{case.pk}/signalen/{READ}")
    assert response.status_code == 404
    assert "paspoort" not in text(response)
    response = client.post(f"/dossiers/{case.pk}/signalen/", {"actie": "lees", "version": case.version})
    assert response.status_code == 404
    assert "paspoort" not in text(response)
    assert audit_actions(case.pk)[-2:] == ["case.access_denied", "case.access_denied"]


def test_a_closed_dossier_is_not_read(logged_in, case):
    Case.objects.filter(pk=case.pk).update(status="closed")
    response = logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}")
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/"


def test_the_texts_never_reach_the_logs_or_the_audit_log(logged_in, case, caplog):
    caplog.set_level(logging.DEBUG)
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    assert _marked(page, "paspoort")
    logged_in.post(
        f"/dossiers/{case.pk}/signalen/",
        {"version": case.version, "actie": "lees", "minderjarig": "nee", "signaal": []},
    )
    logged_in.post(
        f"/dossiers/{case.pk}/signalen/",
        {"version": case.version, "minderjarig": "nee", "signaal": ["documents_withheld"]},
    )
    for words in ("paspoort", "bij de baas", "12 uur per dag"):
        assert words not in caplog.text
    details = json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert "paspoort" not in details and "baas" not in details
    assert audit_actions(case.pk)[-1] == "case.signals"


def test_an_aandachtsfunctionaris_of_the_organisation_may_read(client, case, aandachtsfunctionaris):
    client.force_login(aandachtsfunctionaris)
    page = text(client.get(f"/dossiers/{case.pk}/signalen/{READ}"))
    assert _checked(page, "documents_withheld")
    other = accounts.user(organisation_=aandachtsfunctionaris.organisation)
    client.force_login(other)
    assert client.get(f"/dossiers/{case.pk}/signalen/{READ}").status_code == 404


def test_the_reading_is_in_english_too(logged_in, case):
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/{READ}", HTTP_ACCEPT_LANGUAGE="en"))
    assert "What we found in your observations" in page
    assert "Nothing has been saved yet." in page
    quotes = _quotes(NOTE, "documents_withheld")
    assert f'id="s-documents_withheld-tekst">Suggested from your observation: {quotes}</p>' in page
    assert "If you save what is ticked now, the outcome of the weighing is: <strong>" in page
