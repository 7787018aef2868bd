"""The Signalenhub in headless Chromium, axe-core on every page (issue 5, "Done means"):

(a) the zorgcoördinator logs in with the second factor, opens the inbox, opens the top cluster (one person
    seen by three partner organisations), reveals the identifiers, escalates it to the casusoverleg and
    sees that in the history; the partner who shared a signal then sees "Besproken in casusoverleg";
(b) a wijkteam professional sees only the wijkteam's signals on "Mijn signalen" (/mijn-signalen/) and gets 404 on /signalenhub/.

The signals are the demo's (hub/demo_signals.jsonl), ingested through services.signal_ingest.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from signaalwijzer.accounts.models import OrganisationType
from signaalwijzer.accounts.roles import PROFESSIONAL, ZORGCOORDINATOR
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub.demo_signals import DEMO_SOURCES, demo_signals_load
from signaalwijzer.hub.models import Signal, SignalStatus
from tests.accounts import factories as accounts
from tests.audit.helpers import audit_log_emptied
from tests.browser.conftest import axe_check, screenshot, tab_to

pytestmark = pytest.mark.browser

ORGANISATION_TYPES = {
    "wijkteam": OrganisationType.WIJKTEAM,
    "politie": OrganisationType.POLITIE,
    "schuldhulp": OrganisationType.SCHULDHULP,
    "woning": OrganisationType.WONINGCORPORATIE,
    "huisarts": OrganisationType.ZORG,
    "inspectie": OrganisationType.ARBEIDSINSPECTIE,
    "ggz": OrganisationType.GGZ,
    "jeugdzorg": OrganisationType.JEUGDZORG,
}


@pytest.fixture
def committed_db(transactional_db):
    """Data the live server can see; the audit log is emptied before pytest-django's flush."""
    yield
    audit_log_emptied()


@pytest.fixture
def demo_hub(committed_db):
    organisations = {
        key: accounts.organisation(name=f"{key.capitalize()} Proefstad", type=kind)
        for key, kind in ORGANISATION_TYPES.items()
    }
    demo_signals_load(organisations=organisations)
    gemeente = accounts.organisation(name="Gemeente Proefstad", type=OrganisationType.GEMEENTE)
    coordinator = accounts.user(
        roles=(ZORGCOORDINATOR,),
        organisation_=gemeente,
        username="zc.hub",
        first_name="Zoë",
        last_name="Voorbeeld",
    )
    device = accounts.totp_device(coordinator)
    return {"organisations": organisations, "coordinator": coordinator, "device": device}


def _log_in(page, base: str, username: str, device=None) -> None:
    page.goto(base + "/inloggen/")
    page.locator("#gebruikersnaam").fill(username)
    page.locator("#wachtwoord").fill(accounts.PASSWORD)
    page.locator("#wachtwoord").press("Enter")
    if device is not None:
        expect(page).to_have_url(re.compile(r"/inloggen/tweede-stap/"))
        page.locator("#code").fill(accounts.token_for(device))
        page.locator("#code").press("Enter")
    expect(page).to_have_url(re.compile(r"/account/$"))


def _log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").first.click()
    expect(page.locator("header")).to_contain_text("Inloggen")


def test_a_coordinator_follows_a_cluster_from_three_partners_to_the_casusoverleg(
    guarded_page, live_server, demo_hub
):
    page = guarded_page
    base = live_server.url
    _log_in(page, base, "zc.hub", demo_hub["device"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Signalenhub").click()
    expect(page).to_have_url(re.compile(r"/signalenhub/$"))
    expect(page.locator("h1")).to_have_text("Signalenhub")
    expect(page.locator("#clusters")).to_be_visible()
    # The flagged demo cluster says how long it has waited.
    expect(page.locator("main")).to_contain_text("Actie nodig:")
    axe_check(page)
    screenshot(page, "hub-inbox")

    clusters = page.locator("table", has=page.locator("#clusters-caption"))
    top = clusters.locator("tbody tr").first
    expect(top.locator("td").nth(1)).to_have_text("3")
    top.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/signalenhub/clusters/\d+/$"))
    cluster_pk = int(re.search(r"/clusters/(\d+)/", page.url).group(1))
    main = page.locator("main")
    for organisation in ("Schuldhulp Proefstad", "Woning Proefstad", "Huisarts Proefstad"):
        expect(main.get_by_role("heading", name=organisation)).to_be_visible()
    expect(main).to_contain_text("Er is een vermoeden van uitbuiting")
    expect(main.locator("svg[role='img']")).to_be_visible()
    expect(main).not_to_contain_text("Marek")
    axe_check(page)
    screenshot(page, "hub-cluster")

    # Keyboard only from here: reveal, open the escalation form, type, send.
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Toon gegevens'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(main).to_contain_text("Marek")
    expect(main).to_contain_text("Je ziet nu de gegevens")
    assert AuditEntry.objects.filter(action="hub.identifiers_viewed", object_id=str(cluster_pk)).count() == 1
    axe_check(page)

    tab_to(page, "el.tagName === 'SUMMARY' && el.textContent.trim() === 'Opschalen naar het casusoverleg'")
    page.keyboard.press("Enter")
    tab_to(page, "el.name === 'opschalen-text'")
    page.keyboard.type("Schulden, woning en letsel samen: dinsdag bespreken.")
    tab_to(page, "el.type === 'submit' && el.textContent.trim() === 'Opschalen'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/signalenhub/clusters/{cluster_pk}/#geschiedenis$"))
    expect(main).to_contain_text("Het cluster is opgeschaald naar het casusoverleg.")
    history = main.locator("section", has=page.locator("#geschiedenis"))
    expect(history).to_contain_text("Opgeschaald naar casusoverleg")
    expect(history).to_contain_text("Schulden, woning en letsel samen: dinsdag bespreken.")
    expect(main).not_to_contain_text("Marek")  # a new page: hidden again
    axe_check(page)

    escalated = Signal.objects.filter(person_cluster_id=cluster_pk)
    assert escalated.count() == 4
    assert set(escalated.values_list("status", flat=True)) == {SignalStatus.ESCALATED}

    # The partner who shared a signal sees the status, and only that.
    _log_out(page)
    accounts.user(
        roles=(PROFESSIONAL,), organisation_=demo_hub["organisations"]["huisarts"], username="ha.hub"
    )
    _log_in(page, base, "ha.hub")
    page.goto(base + reverse("hub:partner_signals"))
    expect(page.locator("main")).to_contain_text("HA-77120")
    expect(page.locator("main")).to_contain_text("Besproken in casusoverleg")
    expect(page.locator("main")).not_to_contain_text("Schulden, woning en letsel")
    axe_check(page)


def test_a_partner_sees_only_its_own_signals_and_not_the_hub(guarded_page, live_server, demo_hub):
    wijkteam = demo_hub["organisations"]["wijkteam"]
    accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam, username="wt.hub")
    own = set(
        Signal.objects.filter(source__slug=DEMO_SOURCES["wijkteam"]).values_list("external_id", flat=True)
    )
    others = set(
        Signal.objects.exclude(source__slug=DEMO_SOURCES["wijkteam"]).values_list("external_id", flat=True)
    )
    assert own and others
    page = guarded_page
    base = live_server.url
    _log_in(page, base, "wt.hub")
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Signalenhub")
    ).to_have_count(0)
    page.goto(base + reverse("hub:partner_signals"))
    main = page.locator("main")
    expect(main).to_contain_text("WN-4411")
    text = main.inner_text()
    assert not [external_id for external_id in others if external_id in text]
    axe_check(page)

    response = page.goto(base + "/signalenhub/")
    assert response.status == 404
    axe_check(page)
    response = page.goto(base + "/signalenhub/clusters/1/")
    assert response.status == 404
    assert AuditEntry.objects.filter(action="hub.access_denied", actor_username="wt.hub").count() == 2
