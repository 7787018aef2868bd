"""A new dossier: empty from the form, or from a screening result with its signals carried over."""

from __future__ import annotations

import pytest

from signaalwijzer.cases.models import Case, CaseEntry, EntryKind, Outcome
from tests.cases.helpers import audit_actions, text

pytestmark = pytest.mark.django_db

SCREENING = {
    "rol": "wijkteam",
    "minderjarig": "ja",
    "signaal": ["forced_to_commit_crimes", "documents_withheld"],
}


def test_the_new_dossier_form_guesses_the_role_from_the_organisation(logged_in):
    response = logged_in.get("/dossiers/nieuw/")
    assert response.status_code == 200
    page = text(response)
    assert '<option value="wijkteam" selected>' in page
    assert 'name="werktitel"' in page


def test_an_empty_dossier_is_made_and_opens_at_step_1(logged_in, professional):
    response = logged_in.post("/dossiers/nieuw/", {"werktitel": "Werkplaats Noord", "rol": "wijkteam"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/"
    assert case.owner == professional
    assert case.label == "Werkplaats Noord"
    assert case.indicators == [] and case.step == 1
    assert case.minor == "onbekend"
    assert audit_actions(case.pk) == ["case.create"]
    page = text(logged_in.get(response["Location"]))
    assert "Het dossier is gemaakt." in page
    assert "Je bent bij stap 1" in page


def test_a_screening_result_becomes_a_dossier_with_everything_carried_over(logged_in, professional):
    response = logged_in.post("/dossiers/nieuw/", SCREENING)
    case = Case.objects.get()
    assert response["Location"] == f"/dossiers/{case.pk}/"
    assert sorted(case.indicators) == sorted(SCREENING["signaal"])
    assert case.minor == "ja" and case.observer_role == "wijkteam"
    assert case.outcome == Outcome.VERMOEDEN
    created = CaseEntry.objects.get(case=case)
    assert created.kind == EntryKind.CREATED
    page = text(logged_in.get(response["Location"]))
    assert "Moet van iemand anders stelen, dealen of andere strafbare dingen doen" in page
    assert "Er is een vermoeden van uitbuiting" in page


def test_a_role_that_does_not_exist_is_refused_and_keeps_the_signals(logged_in):
    response = logged_in.post("/dossiers/nieuw/", {**SCREENING, "rol": "astronaut"})
    assert response.status_code == 200
    page = text(response)
    assert "De rol ‘astronaut’ kennen we niet." in page
    assert 'class="error-summary"' in page
    # The ticked signals are still in the form, as hidden fields, and named on the page.
    assert page.count('name="signaal"') == 2
    assert "Moet van iemand anders stelen" in page
    assert not Case.objects.exists()


def test_unknown_signals_are_named_and_nothing_is_made(logged_in):
    response = logged_in.post("/dossiers/nieuw/", {**SCREENING, "signaal": ["bestaat_niet"]})
    assert "Deze signalen kennen we niet: bestaat_niet." in text(response)
    assert not Case.objects.exists()


def test_a_missing_role_is_an_error_next_to_the_field(logged_in):
    response = logged_in.post("/dossiers/nieuw/", {"werktitel": "Iets"})
    page = text(response)
    assert '<a href="#id_rol">Kies je rol.</a>' in page
    assert 'aria-invalid="true"' in page
    assert 'value="Iets"' in page


def test_nobody_makes_a_dossier_without_logging_in(client):
    response = client.post("/dossiers/nieuw/", SCREENING)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert not Case.objects.exists()


def test_a_beleidsmedewerker_cannot_make_a_dossier(client, beleidsmedewerker):
    client.force_login(beleidsmedewerker)
    response = client.post("/dossiers/nieuw/", SCREENING)
    assert response.status_code == 403
    assert "Met jouw rol maak je geen dossiers" in text(response)
    assert not Case.objects.exists()


# --- The screening result page ------------------------------------------------------------------------------


def test_the_result_page_offers_a_dossier_to_a_logged_in_professional(logged_in):
    response = logged_in.post("/signaalwijzer/resultaat/", SCREENING)
    page = text(response)
    assert "Maak een dossier van deze uitkomst" in page
    assert 'action="/dossiers/nieuw/"' in page
    form = page[page.index('action="/dossiers/nieuw/"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="rol" value="wijkteam">' in form
    assert '<input type="hidden" name="minderjarig" value="ja">' in form
    for indicator in SCREENING["signaal"]:
        assert f'<input type="hidden" name="signaal" value="{indicator}">' in form
    # Showing the result stored nothing: only the button does.
    assert not Case.objects.exists()


def test_the_result_page_tells_a_visitor_that_nothing_is_kept(client):
    page = text(client.post("/signaalwijzer/resultaat/", SCREENING))
    assert "Maak een dossier van deze uitkomst" not in page
    assert "Ingelogde professionals kunnen een uitkomst in een dossier bewaren." in page
    assert "Er is niets opgeslagen." in page


def test_the_result_page_offers_no_dossier_to_a_beleidsmedewerker(client, beleidsmedewerker):
    client.force_login(beleidsmedewerker)
    page = text(client.post("/signaalwijzer/resultaat/", SCREENING))
    assert "Maak een dossier van deze uitkomst" not in page
