"""A professional pastes a note, checks the suggested signals, unticks one and sees the result: keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, tab_to

pytestmark = pytest.mark.browser

NOTE = (
    "Meneer werkt 12 uur per dag in de kas en woont met negen collega's boven het uitzendbureau. "
    "Zijn paspoort ligt 'veilig' bij de baas. Geen schulden."
)


def test_paste_a_note_check_the_suggestions_and_see_the_result(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/signaalwijzer/checklist/?rol=wijkteam&minderjarig=nee")
    axe_check(page)

    # Paste the note and ask for signals, with the keyboard only.
    tab_to(page, "el.id === 'id_notitie'")
    page.keyboard.insert_text(NOTE)
    tab_to(page, "el.type === 'submit' && el.value === 'zoek'")
    page.keyboard.press("Enter")

    # The page comes back with the suggestions ticked and the words marked; focus on what was found.
    expect(page).to_have_url(re.compile(r"/signaalwijzer/checklist/$"))
    found = page.locator("#uit-je-tekst")
    expect(found).to_be_focused()
    expect(found).to_contain_text("mogelijke signalen")
    expect(found.locator("mark").first).to_be_visible()
    expect(page.locator("#id_notitie")).to_have_value(NOTE)
    for indicator in ("documents_withheld", "works_excessive_hours", "many_people_registered_at_address"):
        expect(page.locator(f"#s-{indicator}")).to_be_checked()
    expect(page.locator("#s-debts")).not_to_be_checked()
    expect(page.locator("#s-works_excessive_hours-tekst")).to_contain_text("12 uur per dag")
    axe_check(page)

    # The professional does not agree with one suggestion and unticks it.
    tab_to(page, "el.id === 's-many_people_registered_at_address'")
    page.keyboard.press("Space")
    expect(page.locator("#s-many_people_registered_at_address")).not_to_be_checked()

    # The result is computed from what is ticked, and only from that.
    tab_to(page, "el.type === 'submit' && el.textContent.includes('Laat zien wat dit betekent')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/resultaat/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Heeft het eigen paspoort of ID-bewijs niet zelf")
    expect(main).not_to_contain_text("Veel mensen wonen of staan ingeschreven op één adres")
    axe_check(page)


def test_searching_an_empty_note_names_the_problem(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/signaalwijzer/checklist/?rol=school&minderjarig=ja")

    page.get_by_role("button", name="Zoek signalen in mijn tekst").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Plak of typ eerst je notitie")
    expect(page.locator("#id_notitie")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
