"""The step pages: each saves through its service, bad input gets a clear error by the field and keeps what
was typed, a concurrent save answers 409 with the typed text and the changes, a closed dossier refuses."""

from __future__ import annotations

import pytest
from django.utils import timezone

from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, CaseEntry, EntryKind, Status
from tests.cases import factories
from tests.cases.helpers import audit_actions, text

pytestmark = pytest.mark.django_db

TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731
CONFLICT = "Iemand anders heeft dit dossier net opgeslagen. Je tekst staat er nog; bekijk de wijzigingen hieronder en sla opnieuw op."


@pytest.fixture
def case(professional):
    return factories.case(owner=professional, indicators=factories.ZORGELIJK)


def _last(case, kind):
    return CaseEntry.objects.filter(case=case, kind=kind).latest("created_at", "pk")


def test_every_step_form_carries_the_version(logged_in, case):
    for path in ("signalen", "waarneming", "overleg", "gesprek", "afweging", "besluit", "client", "sluiten"):
        page = text(logged_in.get(f"/dossiers/{case.pk}/{path}/"))
        assert f'<input type="hidden" name="version" value="{case.version}">' in page, path


def test_step_1_the_signals_are_saved_and_weighed_again(logged_in, case):
    page = text(logged_in.get(f"/dossiers/{case.pk}/signalen/"))
    assert 'id="s-documents_withheld" aria-describedby="s-documents_withheld-hint" checked' in page
    response = logged_in.post(
        f"/dossiers/{case.pk}/signalen/",
        {
            "version": case.version,
            "minderjarig": "nee",
            "signaal": ["forced_to_commit_crimes", "documents_withheld"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/#uitkomst"
    case.refresh_from_db()
    assert case.outcome == "vermoeden" and case.minor == "nee"
    assert _last(case, EntryKind.SIGNALS).data["added"] == ["forced_to_commit_crimes"]


def test_step_1_unknown_signals_and_a_missing_age_answer_are_errors(logged_in, case):
    response = logged_in.post(f"/dossiers/{case.pk}/signalen/", {"version": case.version, "signaal": ["nep"]})
    page = text(response)
    assert "Deze signalen kennen we niet: nep." in page
    assert "Kies of het gaat om iemand jonger dan 18." in page
    assert 'href="#id_minderjarig_0"' in page
    assert not CaseEntry.objects.filter(case=case, kind=EntryKind.SIGNALS).exists()


def test_step_1_an_observation_is_saved_with_its_date(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/",
        {
            "version": case.version,
            "observed_on": TODAY(),
            "text": "Ze zei dat haar baas haar paspoort heeft.",
        },
    )
    assert response.status_code == 302
    entry = _last(case, EntryKind.OBSERVATION)
    assert entry.text == "Ze zei dat haar baas haar paspoort heeft."
    assert entry.data["on"] == TODAY()
    assert audit_actions(case.pk)[-1] == "case.observation"


def test_an_observation_without_text_keeps_the_date_and_says_what_is_missing(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/", {"version": case.version, "observed_on": "20-11-2025"}
    )
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_text">Schrijf op wat je zag of hoorde.</a>' in page
    assert 'value="20-11-2025"' in page
    assert 'aria-invalid="true" aria-describedby="id_text-hint id_text-fout"' in page


def test_a_date_in_the_future_is_refused(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/",
        {"version": case.version, "observed_on": "2999-01-01", "text": "Iets"},
    )
    assert "De datum ligt in de toekomst." in text(response)
    assert ">Iets</textarea>" in text(response)


def test_step_2_a_consultation_with_veilig_thuis_counts_as_expert_advice(logged_in, professional):
    case = factories.case(owner=professional, indicators=factories.VERMOEDEN)
    response = logged_in.post(
        f"/dossiers/{case.pk}/overleg/",
        {
            "version": case.version,
            "consulted_with": "veilig_thuis",
            "consulted_name": "Mw. Voorbeeld",
            "consulted_on": TODAY(),
            "advice": "Melden, en samen een veiligheidsplan maken.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.expert_consulted_at is not None
    entry = _last(case, EntryKind.CONSULTATION)
    assert entry.consulted_name == "Mw. Voorbeeld"
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert "Veilig Thuis" in page and "Mw. Voorbeeld" in page


def test_step_2_needs_whom_when_and_what(logged_in, case):
    page = text(logged_in.post(f"/dossiers/{case.pk}/overleg/", {"version": case.version}))
    assert '<a href="#id_consulted_with_0">Kies met wie je overlegde.</a>' in page
    assert "Vul de datum van het overleg in." in page
    assert "Schrijf op wat het advies was." in page


def test_step_3_a_conversation_that_was_held(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/gesprek/",
        {"version": case.version, "held": "ja", "held_on": TODAY(), "text": "Ze wil hulp bij de schuld."},
    )
    assert response.status_code == 302
    entry = _last(case, EntryKind.CONVERSATION)
    assert entry.data["held"] is True and entry.text == "Ze wil hulp bij de schuld."


def test_step_3_no_conversation_for_safety_needs_no_text(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/gesprek/",
        {"version": case.version, "held": "nee", "reason_not_held": "veiligheid", "held_on": TODAY()},
    )
    assert response.status_code == 302
    entry = _last(case, EntryKind.CONVERSATION)
    assert entry.data == {"held": False, "on": None, "reason_not_held": "veiligheid"}


def test_step_3_errors_follow_the_answer(logged_in, case):
    held = text(logged_in.post(f"/dossiers/{case.pk}/gesprek/", {"version": case.version, "held": "ja"}))
    assert "Vul de datum van het gesprek in." in held
    assert "Schrijf kort op wat er besproken is." in held
    other = text(
        logged_in.post(
            f"/dossiers/{case.pk}/gesprek/",
            {"version": case.version, "held": "nee", "reason_not_held": "anders"},
        )
    )
    assert "Je koos ‘een andere reden’: schrijf op waarom er geen gesprek was." in other


def test_step_4_the_five_questions_follow_the_afwegingskader(logged_in, case):
    page = text(logged_in.get(f"/dossiers/{case.pk}/afweging/"))
    assert "Is de persoon nu in gevaar, of is het al lang of steeds opnieuw onveilig?" in page
    response = logged_in.post(
        f"/dossiers/{case.pk}/afweging/",
        {
            "version": case.version,
            "q1": "ja",
            "q2": "nee",
            "q3": "ja",
            "q4": "ja",
            "q5": "",
            "text": "Hulp lukt.",
        },
    )
    assert response.status_code == 302
    entry = _last(case, EntryKind.WEIGHING)
    assert entry.data["answers"] == {"q1": True, "q2": False, "q3": True, "q4": True, "q5": None}
    assert entry.data["conclusion"] == "hulp"
    # Weighing again starts from the last answers.
    page = text(logged_in.get(f"/dossiers/{case.pk}/afweging/"))
    assert 'name="q3" value="ja" id="id_q3_0" checked' in page


def test_step_4_answers_after_a_stop_do_not_count(logged_in, case):
    logged_in.post(
        f"/dossiers/{case.pk}/afweging/",
        {"version": case.version, "q1": "ja", "q2": "nee", "q3": "nee", "q4": "ja", "q5": "ja"},
    )
    entry = _last(case, EntryKind.WEIGHING)
    assert entry.data["answers"] == {"q1": True, "q2": False, "q3": False, "q4": None, "q5": None}
    assert entry.data["conclusion"] == "melden"


def test_step_4_a_missing_answer_is_named(logged_in, case):
    page = text(logged_in.post(f"/dossiers/{case.pk}/afweging/", {"version": case.version, "q1": "ja"}))
    assert '<a href="#id_q2_0">Beantwoord vraag 2 met ja of nee.</a>' in page
    page = text(logged_in.post(f"/dossiers/{case.pk}/afweging/", {"version": case.version}))
    assert "Beantwoord vraag 1 met ja of nee." in page


def test_step_5_reporting_needs_a_route_and_shows_the_phone_numbers(logged_in, case):
    page = text(logged_in.get(f"/dossiers/{case.pk}/besluit/"))
    assert "0800-2000" in page and "033-448 11 86" in page
    page = text(
        logged_in.post(
            f"/dossiers/{case.pk}/besluit/",
            {"version": case.version, "decision": "melden", "text": "Te zorgelijk."},
        )
    )
    assert "Je besluit te melden: kies waar je meldt." in page
    assert ">Te zorgelijk.</textarea>" in page
    response = logged_in.post(
        f"/dossiers/{case.pk}/besluit/",
        {"version": case.version, "decision": "melden", "route": "veilig_thuis", "text": "Te zorgelijk."},
    )
    assert response.status_code == 302
    assert _last(case, EntryKind.DECISION).data == {"decision": "melden", "route": "veilig_thuis"}


def test_step_5_suggests_what_the_weighing_concluded(logged_in, professional):
    case = factories.weighing(factories.case_at_step(4, owner=professional), answers=factories.ANSWERS_MELDEN)
    page = text(logged_in.get(f"/dossiers/{case.pk}/besluit/"))
    assert "Je afweging bij stap 4 wijst op: Melden bij Veilig Thuis." in page
    assert 'name="decision" value="melden" id="id_decision_1" checked' in page
    assert 'value="veilig_thuis" id="id_route_1" aria-describedby="id_route_1-hint" checked' in page


def test_the_client_details_are_saved_and_shown_normalised(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/client/",
        {
            "version": case.version,
            "label": "Proef V.",
            "name": "Vera Voorbeeld",
            "birth_date": "2008-03-17",
            "bsn": "111 222 333",
            "phone": "06-12345678",
            "email": "vera.voorbeeld@example.org",
            "address": "Proefstraat 1, 1234 AB Voorbeeldstad",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#client")
    case.refresh_from_db()
    assert case.client_bsn == "111222333" and case.client_phone == "+31612345678"
    page = text(logged_in.get(f"/dossiers/{case.pk}/client/"))
    assert 'value="06 12345678"' in page and 'value="2008-03-17"' in page


def test_a_bsn_that_fails_the_elfproef_is_shown_by_the_field_with_everything_kept(logged_in, case):
    response = logged_in.post(
        f"/dossiers/{case.pk}/client/",
        {"version": case.version, "name": "Vera Voorbeeld", "bsn": "123456789", "phone": "12"},
    )
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_bsn">Dit BSN klopt niet (de elfproef faalt). Kijk de cijfers na.</a>' in page
    assert 'href="#id_phone">Dit telefoonnummer klopt niet.' in page
    assert 'value="Vera Voorbeeld"' in page and 'value="123456789"' in page
    case.refresh_from_db()
    assert case.client_name == ""


def test_a_concurrent_save_answers_409_keeps_the_text_and_shows_the_change(
    client, logged_in, case, colleague
):
    page = text(logged_in.get(f"/dossiers/{case.pk}/waarneming/"))
    opened = case.version
    assert f'name="version" value="{opened}"' in page
    # Meanwhile someone else saves an observation.
    factories.observation(case, text="Een collega zag de man bij de deur.")
    case.refresh_from_db()
    typed = "Mijn eigen waarneming, die niet verloren mag gaan."
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/", {"version": opened, "observed_on": TODAY(), "text": typed}
    )
    assert response.status_code == 409
    page = text(response)
    assert CONFLICT in page
    assert f">{typed}</textarea>" in page
    assert "Een collega zag de man bij de deur." in page
    assert f'name="version" value="{case.version}"' in page
    assert CaseEntry.objects.filter(case=case, kind=EntryKind.OBSERVATION).count() == 1
    # Saving again now works.
    again = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/", {"version": case.version, "observed_on": TODAY(), "text": typed}
    )
    assert again.status_code == 302
    assert CaseEntry.objects.filter(case=case, kind=EntryKind.OBSERVATION).count() == 2


def test_a_conflict_on_the_signals_keeps_the_ticks(logged_in, case):
    opened = case.version
    factories.observation(case)
    response = logged_in.post(
        f"/dossiers/{case.pk}/signalen/",
        {"version": opened, "minderjarig": "ja", "signaal": ["forced_to_commit_crimes"]},
    )
    assert response.status_code == 409
    page = text(response)
    assert 'id="s-forced_to_commit_crimes" aria-describedby="s-forced_to_commit_crimes-hint" checked' in page
    assert 'id="s-documents_withheld" aria-describedby="s-documents_withheld-hint" checked' not in page
    assert 'name="minderjarig" value="ja" id="id_minderjarig_0" checked' in page


def test_a_form_without_a_version_is_refused(logged_in, case):
    page = text(logged_in.post(f"/dossiers/{case.pk}/waarneming/", {"observed_on": TODAY(), "text": "Iets"}))
    assert "Dit formulier mist het versienummer van het dossier. Open de pagina opnieuw." in page


def test_closing_and_reopening(logged_in, case):
    page = text(logged_in.post(f"/dossiers/{case.pk}/sluiten/", {"version": case.version}))
    assert "Schrijf kort op waarom." in page
    response = logged_in.post(
        f"/dossiers/{case.pk}/sluiten/", {"version": case.version, "reason": "Hulp loopt."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    detail = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert "Dit dossier is gesloten." in detail and "Dossier heropenen" in detail
    # A step page of a closed dossier sends you back with a message, and saves nothing.
    response = logged_in.post(
        f"/dossiers/{case.pk}/waarneming/", {"version": case.version, "observed_on": TODAY(), "text": "x"}
    )
    assert response.status_code == 302
    assert "Dit dossier is gesloten. Heropen het als je iets wilt toevoegen." in text(
        logged_in.get(response["Location"])
    )
    response = logged_in.post(
        f"/dossiers/{case.pk}/heropenen/", {"version": case.version, "reason": "Nieuwe signalen."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert audit_actions(case.pk)[-1] == "case.reopen"


def test_reopening_on_a_stale_version_answers_409_and_keeps_the_reason(logged_in, case):
    factories.closed(case)
    opened = case.version
    # Meanwhile someone else reopens and closes it again.
    services.case_reopen(case=case, actor=case.owner, expected_version=case.version, reason="Even kijken.")
    factories.closed(case, reason="Toch klaar.")
    typed = "Er zijn nieuwe signalen."
    response = logged_in.post(f"/dossiers/{case.pk}/heropenen/", {"version": opened, "reason": typed})
    assert response.status_code == 409
    page = text(response)
    assert f">{typed}</textarea>" in page
    assert "Toch klaar." in page
    assert f'name="version" value="{case.version}"' in page
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
    again = logged_in.post(f"/dossiers/{case.pk}/heropenen/", {"version": case.version, "reason": typed})
    assert again.status_code == 302
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_a_dossier_closed_while_the_form_was_open_keeps_the_text(logged_in, case):
    opened = case.version
    services.case_close(case=case, actor=case.owner, expected_version=case.version, reason="Klaar.")
    fresh = Case.objects.get(pk=case.pk)
    response = logged_in.post(
        f"/dossiers/{fresh.pk}/waarneming/", {"version": opened, "observed_on": TODAY(), "text": "x"}
    )
    # The dossier is closed now: the step page sends back to the dossier, nothing is saved.
    assert response.status_code == 302
    assert not CaseEntry.objects.filter(case=case, kind=EntryKind.OBSERVATION).exists()


def test_sharing_with_a_colleague_and_stopping(logged_in, case, colleague, professional):
    page = text(logged_in.get(f"/dossiers/{case.pk}/delen/"))
    assert f'<option value="{colleague.pk}">Cor Collega</option>' in page
    response = logged_in.post(f"/dossiers/{case.pk}/delen/", {"actie": "delen", "collega": colleague.pk})
    assert response.status_code == 302
    assert case.shares.filter(user=colleague).exists()
    assert "Gedeeld met Cor Collega." in text(logged_in.get(response["Location"]))
    response = logged_in.post(f"/dossiers/{case.pk}/delen/", {"actie": "stoppen", "gebruiker": colleague.pk})
    assert response.status_code == 302
    assert not case.shares.exists()
    assert audit_actions(case.pk)[-1] == "case.unshare"


def test_sharing_by_user_name_and_its_errors(logged_in, case, outsider):
    page = text(logged_in.post(f"/dossiers/{case.pk}/delen/", {"actie": "delen"}))
    assert "Kies een collega, of vul een gebruikersnaam in." in page
    page = text(
        logged_in.post(f"/dossiers/{case.pk}/delen/", {"actie": "delen", "gebruikersnaam": "bestaat.niet"})
    )
    assert "We vinden geen actief account met deze gebruikersnaam." in page
    page = text(
        logged_in.post(f"/dossiers/{case.pk}/delen/", {"actie": "delen", "gebruikersnaam": "pim.proef"})
    )
    assert "Dit is je eigen dossier" in page
    response = logged_in.post(
        f"/dossiers/{case.pk}/delen/", {"actie": "delen", "gebruikersnaam": outsider.username}
    )
    assert response.status_code == 302
    assert case.shares.filter(user=outsider).exists()


def test_only_the_owner_shares(client, case, colleague, aandachtsfunctionaris):
    client.force_login(aandachtsfunctionaris)
    page = text(client.get(f"/dossiers/{case.pk}/delen/"))
    assert "Delen met een collega" not in page
    response = client.post(f"/dossiers/{case.pk}/delen/", {"actie": "delen", "collega": colleague.pk})
    assert response.status_code == 403
    assert not case.shares.exists()
