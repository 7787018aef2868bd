"""The dossier list and the overview of stuck dossiers: who sees what, and what a list never shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from signaalwijzer.cases.models import Case
from tests.cases import factories
from tests.cases.helpers import text

pytestmark = pytest.mark.django_db


def _overdue(case: Case) -> Case:
    """Move the expert-advice deadline into the past, as if the working days went by."""
    Case.objects.filter(pk=case.pk).update(expert_due_on=timezone.localdate() - dt.timedelta(days=3))
    case.refresh_from_db()
    return case


def test_the_list_needs_a_login(client):
    response = client.get("/dossiers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/?next=/dossiers/")


def test_a_professional_sees_their_own_dossiers_and_no_one_elses(client, professional, colleague, outsider):
    mine = factories.case(owner=professional, label="Werkplaats Noord")
    theirs = factories.case(owner=colleague, label="Bakkerij Zuid")
    elsewhere = factories.case(owner=outsider, label="Kwekerij West")
    client.force_login(professional)
    page = text(client.get("/dossiers/"))
    assert mine.reference in page and "Werkplaats Noord" in page
    assert theirs.reference not in page and "Bakkerij Zuid" not in page
    assert elsewhere.reference not in page


def test_a_shared_dossier_is_in_the_colleagues_list(client, professional, colleague):
    shared = factories.case(owner=professional, label="Gedeeld dossier")
    from signaalwijzer.cases import services

    services.case_share(case=shared, actor=professional, user=colleague)
    client.force_login(colleague)
    page = text(client.get("/dossiers/"))
    assert shared.reference in page
    assert "Proef" in page  # the owner's name, since it is not the colleague's own dossier


def test_the_aandachtsfunctionaris_sees_every_dossier_of_the_organisation(
    client, professional, colleague, aandachtsfunctionaris, outsider
):
    ours = [factories.case(owner=professional), factories.case(owner=colleague)]
    elsewhere = factories.case(owner=outsider)
    client.force_login(aandachtsfunctionaris)
    page = text(client.get("/dossiers/"))
    for case in ours:
        assert case.reference in page
    assert elsewhere.reference not in page
    assert "alle dossiers van je organisatie" in page


def test_the_list_never_shows_client_details(logged_in, professional):
    case = factories.client(factories.case(owner=professional))
    page = text(logged_in.get("/dossiers/"))
    assert case.reference in page
    for detail in (
        "Vera",
        "Vera Voorbeeld",
        "111222333",
        "12345678",
        "vera.voorbeeld@example.org",
        "Proefstraat",
    ):
        assert detail not in page


def test_closed_dossiers_are_behind_the_status_filter(logged_in, professional):
    open_case = factories.case(owner=professional)
    closed_case = factories.closed(factories.case(owner=professional))
    default = text(logged_in.get("/dossiers/"))
    assert open_case.reference in default and closed_case.reference not in default
    closed = text(logged_in.get("/dossiers/?status=gesloten"))
    assert closed_case.reference in closed and open_case.reference not in closed
    everything = text(logged_in.get("/dossiers/?status=alle"))
    assert open_case.reference in everything and closed_case.reference in everything
    # An unknown filter is the default, not an error.
    assert logged_in.get("/dossiers/?status=<script>").status_code == 200


def test_the_list_pages_by_fifty_without_counting(logged_in, professional):
    from signaalwijzer.cases import views

    made = [factories.case(owner=professional) for _ in range(views.PAGE_SIZE + 2)]
    first = text(logged_in.get("/dossiers/"))
    assert "Volgende pagina" in first and "Vorige pagina" not in first
    second = text(logged_in.get("/dossiers/?pagina=2"))
    assert "Vorige pagina" in second and "Volgende pagina" not in second
    # Newest change first: the two oldest are on page two.
    assert made[0].reference in second and made[1].reference in second
    assert made[0].reference not in first
    assert logged_in.get("/dossiers/?pagina=abc").status_code == 200


def test_a_beleidsmedewerker_is_told_kindly_that_dossiers_are_not_for_them(
    client, beleidsmedewerker, professional
):
    factories.case(owner=professional)
    client.force_login(beleidsmedewerker)
    response = client.get("/dossiers/")
    assert response.status_code == 200
    page = text(response)
    assert "Met jouw rol werk je niet met dossiers." in page
    assert "D-0" not in page
    assert "Nieuw dossier" not in page


def test_the_list_says_how_many_dossiers_are_stuck(logged_in, professional):
    _overdue(factories.case(owner=professional, indicators=factories.VERMOEDEN))
    page = text(logged_in.get("/dossiers/"))
    assert "Bij 1 dossier is deskundig advies te laat." in page
    assert "advies te laat" in page


def test_the_aandachtsfunctionaris_sees_the_stuck_dossiers_of_the_organisation(
    client, professional, colleague, aandachtsfunctionaris, outsider
):
    stuck_one = _overdue(factories.case(owner=professional, indicators=factories.VERMOEDEN, label="Loods"))
    stuck_two = _overdue(factories.case(owner=colleague, indicators=factories.VERMOEDEN))
    in_time = factories.case(owner=professional, indicators=factories.VERMOEDEN)
    advised = _overdue(factories.case_at_step(3, owner=professional))
    Case.objects.filter(pk=advised.pk).update(expert_consulted_at=timezone.now())
    elsewhere = _overdue(factories.case(owner=outsider, indicators=factories.VERMOEDEN))
    client.force_login(aandachtsfunctionaris)
    response = client.get("/dossiers/vastgelopen/")
    assert response.status_code == 200
    page = text(response)
    assert stuck_one.reference in page and stuck_two.reference in page
    assert in_time.reference not in page and advised.reference not in page
    assert elsewhere.reference not in page
    assert "Wijkteam Proefstad Zuid" in page
    assert "3 dagen" in page


def test_a_professional_sees_only_their_own_stuck_dossiers(client, professional, colleague):
    mine = _overdue(factories.case(owner=professional, indicators=factories.VERMOEDEN))
    theirs = _overdue(factories.case(owner=colleague, indicators=factories.VERMOEDEN))
    client.force_login(professional)
    page = text(client.get("/dossiers/vastgelopen/"))
    assert mine.reference in page and theirs.reference not in page


def test_no_stuck_dossiers_is_said_in_words(logged_in):
    page = text(logged_in.get("/dossiers/vastgelopen/"))
    assert "Er zijn geen vastgelopen dossiers." in page


def test_the_header_has_a_dossiers_link_for_logged_in_people_only(client, professional):
    assert 'href="/dossiers/"' not in text(client.get("/"))
    client.force_login(professional)
    assert 'href="/dossiers/"' in text(client.get("/"))
    assert 'href="/dossiers/" aria-current="page"' in text(client.get("/dossiers/"))
