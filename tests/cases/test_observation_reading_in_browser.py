"""Reading a dossier's observations in headless Chromium, keyboard only, axe-core on every page (issue 4 §1):
save an observation and let Signaalwijzer read it, check the suggestions (highlighted, quoted, ticked),
take one away, and save the signals step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from signaalwijzer.accounts.roles import PROFESSIONAL
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases.models import Case, CaseEntry, EntryKind, Minor
from signaalwijzer.notes import note_suggest
from tests.accounts import factories as accounts
from tests.audit.helpers import audit_log_emptied
from tests.browser.conftest import axe_check, tab_to
from tests.cases import factories

pytestmark = pytest.mark.browser

NOTE = (
    "Meneer Proef vertelt: paspoort ligt bij de baas, werkt 12 uur per dag in de kas. "
    "Hij slaapt met negen collega's boven het uitzendbureau."
)


@pytest.fixture
def committed_db(transactional_db):
    """Data the live server can see; the audit log is emptied before pytest-django's flush."""
    yield
    audit_log_emptied()


def _submit(page, label: str) -> None:
    tab_to(page, f"el.type === 'submit' && el.textContent.trim() === '{label}'")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _follow(page, href_part: str) -> None:
    tab_to(page, f"el.tagName === 'A' && (el.getAttribute('href') || '').includes('{href_part}')")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_professional_lets_signaalwijzer_read_an_observation_by_keyboard(
    guarded_page, live_server, committed_db
):
    wijkteam = accounts.organisation(name="Wijkteam Proefstad West")
    owner = accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam, username="pim.leest")
    case = factories.case(owner=owner, minor=Minor.NO, label="Kas Proefstad")
    page = guarded_page
    base = live_server.url

    page.goto(base + "/inloggen/")
    tab_to(page, "el.id === 'gebruikersnaam'")
    page.keyboard.type("pim.leest")
    page.keyboard.press("Tab")
    page.keyboard.type(accounts.PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/account/$"))
    page.goto(f"{base}/dossiers/{case.pk}/")
    axe_check(page)

    # Step 1 in own words; "Opslaan en signalen zoeken" saves it and lets Signaalwijzer read it.
    _follow(page, "/waarneming/")
    axe_check(page)
    tab_to(page, "el.name === 'text'")
    page.keyboard.type(NOTE)
    _submit(page, "Opslaan en signalen zoeken")
    expect(page).to_have_url(re.compile(r"/signalen/\?lees=waarnemingen#uit-je-waarnemingen$"))
    found = page.locator("#uit-je-waarnemingen")
    expect(found).to_be_focused()
    expect(page.locator("main")).to_contain_text("De waarneming is opgeslagen.")
    expect(found).to_contain_text("Er is nog niets opgeslagen.")
    expect(found.locator("mark", has_text="12 uur per dag")).to_have_count(1)
    # What the analyser suggests (notes/data is tuned separately): each quoted by its box, and ticked.
    suggested = {s.id: s for s in note_suggest(NOTE).suggestions}
    assert {"documents_withheld", "works_excessive_hours"} <= set(suggested)
    for indicator, suggestion in suggested.items():
        expect(page.locator(f"#s-{indicator}")).to_be_checked()
        expect(page.locator(f"#s-{indicator}-tekst")).to_contain_text(f"‘{suggestion.quotes(NOTE)[0]}’")
    expect(page.locator("#id_minderjarig_1")).to_be_checked()
    axe_check(page)
    # Nothing recorded yet.
    assert Case.objects.get(pk=case.pk).indicators == []

    # The professional follows a suggestion's link to its checkbox and takes one suggestion away.
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '#s-works_excessive_hours'")
    page.keyboard.press("Enter")
    tab_to(page, "el.id === 's-works_excessive_hours'")
    page.keyboard.press("Space")
    expect(page.locator("#s-works_excessive_hours")).not_to_be_checked()
    _submit(page, "Signalen opslaan")
    expect(page).to_have_url(re.compile(rf"/dossiers/{case.pk}/#uitkomst$"))
    expect(page.locator("main")).to_contain_text("De signalen zijn opgeslagen en opnieuw gewogen.")
    axe_check(page)

    case.refresh_from_db()
    assert case.indicators == sorted(set(suggested) - {"works_excessive_hours"})
    entry = CaseEntry.objects.filter(case=case, kind=EntryKind.SIGNALS).get()
    assert entry.author_id == owner.pk
    actions = list(
        AuditEntry.objects.filter(object_id=str(case.pk)).order_by("position").values_list("action", "detail")
    )
    assert [a for a, _ in actions].count("case.signals") == 1
    assert "paspoort" not in repr(actions)

    # From the signals step: the button reads again and keeps what the page shows.
    _follow(page, f"/dossiers/{case.pk}/signalen/")
    tab_to(page, "el.type === 'submit' && el.textContent.trim() === 'Zoek signalen in mijn waarnemingen'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#uit-je-waarnemingen")).to_be_focused()
    expect(page.locator("#uit-je-waarnemingen")).to_contain_text("stond al aangevinkt")
    expect(page.locator("#s-works_excessive_hours")).to_be_checked()
    axe_check(page)
