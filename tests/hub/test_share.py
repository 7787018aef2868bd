"""Sharing from the web: from a screening result and from a dossier, errors per field, typed input kept."""

from __future__ import annotations

import pytest

from signaalwijzer.accounts.roles import BELEIDSMEDEWERKER, PROFESSIONAL
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases import services as case_services
from signaalwijzer.hub import services
from signaalwijzer.hub.errors import SignalForbidden
from signaalwijzer.hub.models import Signal, Source
from tests.accounts import factories as accounts
from tests.cases import factories as case_factories
from tests.hub import ingest_helpers as h

pytestmark = pytest.mark.django_db
SHARE = "/mijn-signalen/delen/"


@pytest.fixture
def professional():
    organisation = accounts.organisation(name="Wijkteam Proefstad Noord")
    return accounts.user(
        roles=(PROFESSIONAL,), organisation_=organisation, first_name="Pim", last_name="Proef"
    )


def _posted(**fields) -> dict:
    base = {"indicators": ["documents_withheld"], "forms_": ["arbeid"], "note": "Paspoort ligt bij de baas."}
    base.update(fields)
    return base


def test_signal_share_uses_the_organisations_source_and_keeps_who_shared(professional):
    signal = services.signal_share(
        user=professional,
        data={"indicators": ["documents_withheld"], "person": {"name": "Vera Voorbeeld", "phone": ""}},
    )
    assert signal.via == "web" and signal.shared_by == professional
    assert signal.source.organisation == professional.organisation
    assert Source.objects.filter(organisation=professional.organisation).count() == 1
    again = services.signal_share(user=professional, data={"indicators": ["documents_withheld"]})
    assert again.source == signal.source and again.pk != signal.pk
    assert AuditEntry.objects.filter(action="hub.signal_create", actor_id=professional.pk).count() == 2


def test_a_beleidsmedewerker_cannot_share(db):
    policy = accounts.user(roles=(BELEIDSMEDEWERKER,))
    with pytest.raises(SignalForbidden):
        services.signal_share(user=policy, data={})


def test_the_result_page_offers_sharing_to_a_logged_in_professional(client, professional):
    client.force_login(professional)
    body = {
        "rol": "wijkteam",
        "minderjarig": "nee",
        "signaal": ["documents_withheld", "works_excessive_hours"],
    }
    page = client.post("/signaalwijzer/resultaat/", body).content.decode()
    assert 'action="/mijn-signalen/delen/"' in page
    client.logout()
    anonymous = client.post("/signaalwijzer/resultaat/", body).content.decode()
    assert "/mijn-signalen/delen/" not in anonymous


def test_opening_the_form_from_a_result_prefills_and_stores_nothing(client, professional):
    client.force_login(professional)
    response = client.post(
        SHARE, {"stap": "start", "signaal": ["documents_withheld"], "minderjarig": "ja", "vorm": ["arbeid"]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'value="documents_withheld" id="ind-documents_withheld" aria-describedby="indicators-hint" checked'
        in page
    )
    assert 'value="minor"' in page
    assert 'id="vorm-arbeid" checked' in page
    assert Signal.objects.count() == 0


def test_sharing_stores_the_signal_and_shows_it_with_its_status(client, professional):
    client.force_login(professional)
    response = client.post(SHARE, _posted(name="Vera Voorbeeld", phone="06-12345678", postcode="1234 ab"))
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mijn-signalen/{signal.pk}/"
    assert signal.indicators == ["documents_withheld"] and signal.forms == ["arbeid"]
    assert "+31612345678" in signal.identifiers  # normalised to E.164, stored encrypted
    page = client.get(response["Location"]).content.decode()
    assert "Ontvangen" in page and "Vera" not in page


def test_bad_identifiers_are_named_next_to_their_field_and_typed_input_is_kept(client, professional):
    client.force_login(professional)
    response = client.post(SHARE, _posted(bsn=h.bad_bsn(), iban="NL00TEST0000000001", note="Mijn notitie"))
    page = response.content.decode()
    assert response.status_code == 200
    assert Signal.objects.count() == 0
    assert 'href="#id_bsn"' in page  # the error summary links to the field
    assert 'id="id_bsn-fout"' in page and 'aria-invalid="true"' in page
    assert h.bad_bsn() in page and "Mijn notitie" in page


def test_sharing_from_a_dossier_prefills_its_signals_and_client(client, professional):
    case = case_factories.case(owner=professional, indicators=("documents_withheld",))
    case = case_services.case_client_update(
        case=case, actor=professional, expected_version=case.version, details=case_factories.CLIENT
    )
    client.force_login(professional)
    page = client.get(f"{SHARE}?dossier={case.pk}").content.decode()
    assert 'value="documents_withheld"' in page
    assert 'value="Vera Voorbeeld"' in page and 'value="111222333"' in page
    response = client.post(SHARE, {**_posted(), "dossier": case.pk})
    signal = Signal.objects.get()
    assert response.status_code == 302 and signal.case_id == case.pk


def test_someone_elses_dossier_is_404(client, professional):
    other = accounts.user(roles=(PROFESSIONAL,))
    case = case_factories.case(owner=other, indicators=("documents_withheld",))
    client.force_login(professional)
    assert client.get(f"{SHARE}?dossier={case.pk}").status_code == 404
    assert client.post(SHARE, {**_posted(), "dossier": case.pk}).status_code == 404
    assert Signal.objects.count() == 0


def test_only_sharing_roles_reach_the_form(client):
    policy = accounts.user(roles=(BELEIDSMEDEWERKER,))
    client.force_login(policy)
    assert client.get(SHARE).status_code == 403
    client.logout()
    assert client.get(SHARE).status_code == 302  # to the login page


def test_the_dossier_page_links_to_sharing(client, professional):
    case = case_factories.case(owner=professional, indicators=("documents_withheld",))
    client.force_login(professional)
    page = client.get(f"/dossiers/{case.pk}/").content.decode()
    assert f'href="/mijn-signalen/delen/?dossier={case.pk}"' in page
