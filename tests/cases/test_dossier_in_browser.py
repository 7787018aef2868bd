"""Dossiers in headless Chromium, keyboard only, axe-core on every page (issue 3, "Done means"):

(a) a wijkteam professional turns a screening into a dossier and walks the five meldcode steps to a decision;
(b) the aandachtsfunctionaris sees the overview of the organisation's stuck dossiers;
(c) a professional of another organisation is refused with the 404 page, and the refusal is audited.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, PROFESSIONAL
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases.models import Case, CaseEntry, EntryKind
from tests.accounts import factories as accounts
from tests.audit.helpers import audit_log_emptied
from tests.browser.conftest import axe_check, screenshot, tab_to
from tests.cases import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def committed_db(transactional_db):
    """Data the live server can see; the audit log is emptied before pytest-django's flush."""
    yield
    audit_log_emptied()


@pytest.fixture
def wijkteam(committed_db):
    return accounts.organisation(name="Wijkteam Proefstad Oost")


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/inloggen/")
    tab_to(page, "el.id === 'gebruikersnaam'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(accounts.PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/account/$"))


def _choose(page, name: str, value: str) -> None:
    """Pick a radio button with the keyboard: Tab into the group, arrows to the value, Space."""
    tab_to(page, f"el.name === '{name}'")
    for _ in range(15):
        if page.evaluate("document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name='{name}'][value='{value}']")).to_be_checked()


def _type_into(page, name: str, words: str) -> None:
    tab_to(page, f"el.name === '{name}'")
    page.keyboard.type(words)


def _submit(page, label: str) -> None:
    tab_to(page, f"el.type === 'submit' && el.textContent.trim() === '{label}'")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _follow(page, href_end: str) -> None:
    tab_to(page, f"el.tagName === 'A' && el.getAttribute('href').endsWith('{href_end}')")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_wijkteam_professional_walks_the_five_steps_by_keyboard(guarded_page, live_server, wijkteam):
    accounts.user(
        roles=(PROFESSIONAL,),
        organisation_=wijkteam,
        username="pim.browser",
        first_name="Pim",
        last_name="Proef",
    )
    page = guarded_page
    base = live_server.url
    _log_in(page, base, "pim.browser")
    axe_check(page)

    # The screening, from the main navigation.
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '/signaalwijzer/'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/$"))
    _choose(page, "rol", "wijkteam")
    _choose(page, "minderjarig", "nee")
    tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/checklist/"))
    axe_check(page)
    for indicator in ("forced_to_commit_crimes", "documents_withheld"):
        tab_to(page, f"el.value === '{indicator}'")
        page.keyboard.press("Space")
    _submit(page, "Laat zien wat dit betekent")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/resultaat/$"))
    expect(page.locator("main")).to_contain_text("Er is niets opgeslagen.")
    axe_check(page)
    assert not Case.objects.exists()

    # "Maak een dossier": the signals, role and age answer come along.
    _submit(page, "Maak een dossier van deze uitkomst")
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/$"))
    case = Case.objects.get()
    assert sorted(case.indicators) == ["documents_withheld", "forced_to_commit_crimes"]
    main = page.locator("main")
    expect(main).to_contain_text("Het dossier is gemaakt.")
    expect(main).to_contain_text("Je bent bij stap 2: Collega of deskundige raadplegen.")
    expect(main).to_contain_text("Moet van iemand anders stelen, dealen of andere strafbare dingen doen")
    expect(main).to_contain_text("deskundig advies")
    axe_check(page)

    # Step 1: a dated observation in own words (the date is today unless changed).
    _follow(page, "/waarneming/")
    expect(page.locator("h1")).to_have_text("Stap 1: een waarneming vastleggen")
    axe_check(page)
    _type_into(
        page, "text", "Ze zei dat haar baas haar paspoort bewaart. Ze keek steeds naar de man bij de deur."
    )
    _submit(page, "Waarneming opslaan")
    expect(page.locator("main")).to_contain_text("De waarneming is opgeslagen.")

    # Step 2: consult Veilig Thuis. First forget the advice: the error summary takes the focus.
    _follow(page, "/overleg/")
    axe_check(page)
    _choose(page, "consulted_with", "veilig_thuis")
    _submit(page, "Overleg opslaan")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Schrijf op wat het advies was.")
    expect(page.locator("input[name='consulted_with'][value='veilig_thuis']")).to_be_checked()
    axe_check(page)
    page.keyboard.press("Tab")  # the summary's link takes you to the field
    page.keyboard.press("Enter")
    expect(page.locator("#id_advice")).to_be_focused()
    page.keyboard.type("Melden is nog niet nodig. Bied hulp bij de schuld en kijk over een week opnieuw.")
    _submit(page, "Overleg opslaan")
    expect(page.locator("main")).to_contain_text("Het overleg is opgeslagen.")
    expect(page.locator("main")).to_contain_text("Deskundig advies gevraagd op")

    # Step 3: the conversation was held.
    _follow(page, "/gesprek/")
    axe_check(page)
    _choose(page, "held", "ja")
    _type_into(page, "text", "Ze wil hulp bij de schuld, en wil niet dat haar baas het weet.")
    _submit(page, "Gesprek opslaan")
    expect(page.locator("main")).to_contain_text("Het gesprek is opgeslagen.")

    # Step 4: the five afwegingsvragen.
    _follow(page, "/afweging/")
    axe_check(page)
    for question, answer in (("q1", "ja"), ("q2", "nee"), ("q3", "ja"), ("q4", "ja")):
        _choose(page, question, answer)
    _type_into(page, "text", "Geen acuut gevaar; hulp is mogelijk en ze wil die.")
    _submit(page, "Afweging opslaan")
    expect(page.locator("main")).to_contain_text("De afweging is opgeslagen.")

    # Step 5: the decision; the page suggests what the weighing concluded.
    _follow(page, "/besluit/")
    expect(page.locator("main")).to_contain_text("Je afweging bij stap 4 wijst op")
    expect(page.locator("input[name='decision'][value='hulp']")).to_be_checked()
    expect(page.locator("main")).to_contain_text("0800-2000")
    axe_check(page)
    _type_into(page, "text", "Hulp via schuldhulp en het wijkteam; over een week opnieuw wegen.")
    _submit(page, "Besluit opslaan")
    expect(page.locator("main")).to_contain_text("Het besluit is opgeslagen.")
    expect(page.locator("main")).to_contain_text("Alle vijf stappen zijn gedaan.")
    expect(page.locator(".case-step-done")).to_have_count(5)
    axe_check(page)
    screenshot(page, "dossier-detail")

    kinds = list(
        CaseEntry.objects.filter(case=case).order_by("created_at", "pk").values_list("kind", flat=True)
    )
    assert kinds == [
        EntryKind.CREATED,
        EntryKind.OBSERVATION,
        EntryKind.CONSULTATION,
        EntryKind.CONVERSATION,
        EntryKind.WEIGHING,
        EntryKind.DECISION,
    ]

    # The pseudonymised print view, for anonymous advice.
    _follow(page, "/afdrukken/?variant=pseudoniem")
    expect(page.locator("main")).to_contain_text("Versie zonder herkenbare gegevens")
    axe_check(page)


def test_the_aandachtsfunctionaris_sees_the_stuck_dossiers(guarded_page, live_server, wijkteam):
    owner = accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam, first_name="Pim", last_name="Proef")
    accounts.user(
        roles=(PROFESSIONAL, AANDACHTSFUNCTIONARIS),
        organisation_=wijkteam,
        username="anna.browser",
        first_name="Anna",
        last_name="Aandacht",
    )
    stuck = [
        factories.case(owner=owner, indicators=factories.VERMOEDEN, label=f"Werkplaats {name}")
        for name in ("Noord", "Zuid")
    ]
    in_time = factories.case(owner=owner, indicators=factories.VERMOEDEN, label="Bakkerij West")
    Case.objects.filter(pk__in=[c.pk for c in stuck]).update(
        expert_due_on=timezone.localdate() - dt.timedelta(days=4)
    )
    page = guarded_page
    _log_in(page, live_server.url, "anna.browser")

    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '/dossiers/'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dossiers/$"))
    expect(page.locator("main")).to_contain_text("Bij 2 dossiers is deskundig advies te laat.")
    axe_check(page)
    _follow(page, "/dossiers/vastgelopen/")
    expect(page).to_have_url(re.compile(r"/dossiers/vastgelopen/$"))
    main = page.locator("main")
    for case in stuck:
        expect(main).to_contain_text(case.reference)
    expect(main).not_to_contain_text(in_time.reference)
    expect(main).to_contain_text("Wijkteam Proefstad Oost")
    expect(main).to_contain_text("4 dagen")
    axe_check(page)
    screenshot(page, "dossier-stuck-overview")

    # From the overview straight into a stuck dossier, which says what to do.
    _follow(page, f"/dossiers/{stuck[0].pk}/")
    expect(page.locator("main")).to_contain_text("Vraag deskundig advies: dit had uiterlijk")
    axe_check(page)


def test_a_professional_of_another_organisation_is_refused_and_it_is_audited(
    guarded_page, live_server, wijkteam
):
    owner = accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam)
    case = factories.client(factories.case(owner=owner, indicators=factories.VERMOEDEN))
    elders = accounts.organisation(name="Jeugdzorg Elders", type="jeugdzorg")
    outsider = accounts.user(roles=(PROFESSIONAL,), organisation_=elders, username="olaf.browser")
    page = guarded_page
    _log_in(page, live_server.url, "olaf.browser")

    response = page.goto(f"{live_server.url}/dossiers/{case.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Deze pagina bestaat niet")
    expect(page.locator("main")).not_to_contain_text("Vera")
    axe_check(page)
    refused = AuditEntry.objects.filter(action="case.access_denied", object_id=str(case.pk))
    assert refused.count() == 1
    assert refused.get().actor_id == outsider.pk
    assert not AuditEntry.objects.filter(action="case.view", object_id=str(case.pk)).exists()


def test_every_other_dossier_page_is_accessible_and_a_conflict_keeps_the_text(
    guarded_page, live_server, wijkteam
):
    owner = accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam, username="pim.axe")
    accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam, first_name="Cor", last_name="Collega")
    case = factories.client(factories.case_at_step(4, owner=owner))
    page = guarded_page
    base = live_server.url
    _log_in(page, base, "pim.axe")
    for path in (
        "/dossiers/",
        "/dossiers/nieuw/",
        "/dossiers/vastgelopen/",
        f"/dossiers/{case.pk}/signalen/",
        f"/dossiers/{case.pk}/client/",
        f"/dossiers/{case.pk}/delen/",
        f"/dossiers/{case.pk}/sluiten/",
        f"/dossiers/{case.pk}/afdrukken/",
    ):
        response = page.goto(base + path)
        assert response.status == 200, path
        axe_check(page)

    # Bad input on the client page: the summary gets the focus and names the field.
    page.goto(f"{base}/dossiers/{case.pk}/client/")
    page.locator("#id_bsn").fill("123456789")
    _submit(page, "Gegevens opslaan")
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#id_bsn")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    # Two people at once: the second save answers 409, keeps the text and shows what changed.
    page.goto(f"{base}/dossiers/{case.pk}/waarneming/")
    factories.observation(Case.objects.get(pk=case.pk), text="Een collega zag de man bij de deur.")
    _type_into(page, "text", "Mijn eigen waarneming blijft staan.")
    tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#conflict")).to_be_focused()
    expect(page.locator("#conflict")).to_contain_text("Iemand anders heeft dit dossier net opgeslagen.")
    expect(page.locator("#conflict")).to_contain_text("Een collega zag de man bij de deur.")
    expect(page.locator("#id_text")).to_have_value("Mijn eigen waarneming blijft staan.")
    axe_check(page)
    _submit(page, "Waarneming opslaan")
    expect(page.locator("main")).to_contain_text("De waarneming is opgeslagen.")

    # Closing and reopening.
    _follow(page, "/sluiten/")
    _type_into(page, "reason", "De hulp loopt.")
    _submit(page, "Dossier sluiten")
    expect(page.locator("main")).to_contain_text("Dit dossier is gesloten.")
    axe_check(page)
    _follow(page, "/heropenen/")
    axe_check(page)
    _type_into(page, "reason", "Nieuwe signalen.")
    _submit(page, "Dossier heropenen")
    expect(page.locator("main")).to_contain_text("Het dossier is weer open.")
