"""A dossier's home page: where you are, what is missing, the deadline, the client, the history; and who
may open it at all (everyone else gets a 404, and the attempt is in the audit log)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case
from tests.cases import factories
from tests.cases.helpers import audit_actions, text

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "signalen/",
    "waarneming/",
    "overleg/",
    "gesprek/",
    "afweging/",
    "besluit/",
    "client/",
    "delen/",
    "sluiten/",
    "heropenen/",
    "afdrukken/",
    "afdrukken/?variant=pseudoniem",
    "pdf/",
    "pdf/?variant=pseudoniem",
]


def test_the_page_says_which_step_you_are_in_and_what_is_missing(logged_in, professional):
    case = factories.case_at_step(3, owner=professional)
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert "Je bent bij stap 3: Gesprek met de cliënt." in page
    assert "Nog geen gesprek met de cliënt vastgelegd." in page
    # The step navigation says each state in words, and marks the current step for assistive technology.
    assert page.count(">klaar</span>") == 2
    assert ">hier ben je nu</span>" in page
    assert page.count(">nog te doen</span>") == 2
    assert 'class="case-step case-step-current" aria-current="step"' in page
    for path in ("signalen", "overleg", "gesprek", "afweging", "besluit"):
        assert f'href="/dossiers/{case.pk}/{path}/"' in page


def test_a_dossier_with_all_steps_done_says_so(logged_in, professional):
    case = factories.case_at_step(6, owner=professional)
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert "Alle vijf stappen zijn gedaan." in page
    assert "Laatste besluit (stap 5)" in page
    assert "Hulp organiseren" in page


def test_the_outcome_and_the_ticked_signals_use_the_knowledge_base(logged_in, professional):
    case = factories.case(owner=professional, indicators=factories.VERMOEDEN + factories.ZORGELIJK)
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert "Er is een vermoeden van uitbuiting" in page
    assert 'href="/signalen/forced_to_commit_crimes/"' in page
    assert "Moet van iemand anders stelen, dealen of andere strafbare dingen doen" in page
    assert 'href="/signalen/documents_withheld/"' in page


def test_a_stuck_dossier_asks_for_expert_advice_with_the_date(logged_in, professional):
    case = factories.case(owner=professional, indicators=factories.VERMOEDEN)
    due = timezone.localdate() - dt.timedelta(days=2)
    Case.objects.filter(pk=case.pk).update(expert_due_on=due)
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    expected = f"Vraag deskundig advies: dit had uiterlijk {date_format(due, 'j F Y')} gemoeten."
    assert expected in page
    assert 'class="deadline deadline-overdue" role="alert"' in page


def test_a_dossier_in_time_shows_the_date_advice_is_due(logged_in, professional):
    case = factories.case(owner=professional, indicators=factories.VERMOEDEN)
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert f"Vraag uiterlijk {date_format(case.expert_due_on, 'j F Y')} deskundig advies" in page
    assert "deadline-overdue" not in page


def test_expert_advice_lifts_the_flag(logged_in, professional):
    case = factories.consultation(
        factories.case(owner=professional, indicators=factories.VERMOEDEN), with_="veilig_thuis"
    )
    Case.objects.filter(pk=case.pk).update(expert_due_on=timezone.localdate() - dt.timedelta(days=2))
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    assert "Deskundig advies gevraagd op" in page
    assert "gemoeten" not in page


def test_the_client_details_are_on_the_dossier_page(logged_in, professional):
    case = factories.client(factories.case(owner=professional))
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    for detail in (
        "Vera Voorbeeld",
        "17 maart 2008",
        "111222333",
        "06 12345678",
        "vera.voorbeeld@example.org",
    ):
        assert detail in page
    assert "Proefstraat 1, 1234 AB Voorbeeldstad" in page


def test_the_history_shows_every_entry_newest_first_with_author_and_step(logged_in, professional):
    case = factories.observation(factories.case(owner=professional), text="Eerste waarneming.")
    case = factories.observation(case, text="Tweede waarneming.")
    page = text(logged_in.get(f"/dossiers/{case.pk}/"))
    history = page[page.index('id="geschiedenis-titel"') :]
    assert (
        history.index("Tweede waarneming.")
        < history.index("Eerste waarneming.")
        < history.index("Dossier aangemaakt")
    )
    assert "door Pim Proef" in history
    assert "stap 1" in history


def test_opening_a_dossier_is_audited(logged_in, professional):
    case = factories.case(owner=professional)
    logged_in.get(f"/dossiers/{case.pk}/")
    assert audit_actions(case.pk) == ["case.create", "case.view"]


def test_the_owner_the_aandachtsfunctionaris_and_a_colleague_it_is_shared_with_may_open_it(
    client, professional, colleague, aandachtsfunctionaris
):
    case = factories.case(owner=professional)
    services.case_share(case=case, actor=professional, user=colleague)
    for person in (professional, colleague, aandachtsfunctionaris):
        client.force_login(person)
        assert client.get(f"/dossiers/{case.pk}/").status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_someone_of_another_organisation_gets_a_404_and_the_attempt_is_audited(
    client, professional, outsider, path
):
    case = factories.case(owner=professional)
    client.force_login(outsider)
    response = client.get(f"/dossiers/{case.pk}/{path}")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in text(response)
    refused = AuditEntry.objects.get(action="case.access_denied")
    assert refused.object_id == str(case.pk)
    assert refused.actor_id == outsider.pk
    assert refused.ip_address == "127.0.0.1"
    assert "case.view" not in audit_actions(case.pk)


def test_a_colleague_of_the_same_organisation_is_refused_too(client, professional, colleague):
    case = factories.case(owner=professional)
    client.force_login(colleague)
    assert client.get(f"/dossiers/{case.pk}/").status_code == 404
    assert client.post(f"/dossiers/{case.pk}/waarneming/", {"version": 1}).status_code == 404
    assert audit_actions(case.pk) == ["case.create", "case.access_denied", "case.access_denied"]


def test_a_dossier_that_does_not_exist_is_the_same_404_and_audited(logged_in):
    assert logged_in.get("/dossiers/999999/").status_code == 404
    assert AuditEntry.objects.filter(action="case.access_denied", object_id="999999").exists()


def test_a_beleidsmedewerker_cannot_open_any_dossier(client, beleidsmedewerker, professional):
    case = factories.case(owner=professional)
    client.force_login(beleidsmedewerker)
    assert client.get(f"/dossiers/{case.pk}/").status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_every_dossier_page_needs_a_login(client, professional, path):
    case = factories.case(owner=professional)
    response = client.get(f"/dossiers/{case.pk}/{path}")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/?next=")
    assert audit_actions(case.pk) == ["case.create"]


def test_dossier_pages_are_never_cached(logged_in, professional):
    case = factories.case(owner=professional)
    for path in ("", "afdrukken/", "pdf/", "client/"):
        response = logged_in.get(f"/dossiers/{case.pk}/{path}")
        assert "no-store" in response["Cache-Control"], path


def test_the_dossier_pages_speak_english_too(client, professional):
    from django.conf import settings

    case = factories.case_at_step(3, owner=professional, indicators=factories.VERMOEDEN)
    client.force_login(professional)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client.get(f"/dossiers/{case.pk}/"))
    for words in (
        "Where are you?",
        "Outcome of the weighing",
        "Who can see this case file?",
        "History",
        "still to do",
    ):
        assert words in page
    assert "Waar sta je?" not in page
    listing = text(client.get("/dossiers/"))
    assert "Case files" in listing and "New case file" in listing
    weighing = text(client.get(f"/dossiers/{case.pk}/afweging/"))
    assert "Do the people involved want that help, and do they take part?" in weighing
