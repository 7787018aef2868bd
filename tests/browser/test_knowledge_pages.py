"""The knowledge pages: role guides, the indicator library with live filtering, routes, and English."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_check, screenshot


def test_role_guides_and_starting_a_screening_from_one(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/rollen/")
    axe_check(page)
    page.get_by_role("link", name=re.compile("Wijkteam")).first.click()
    expect(page).to_have_url(re.compile(r"/rollen/wijkteam/$"))
    expect(page.locator("main")).to_contain_text("meldcode")
    axe_check(page)
    screenshot(page, "role-guide")
    page.get_by_role("link", name=re.compile("Start de Signaalwijzer")).first.click()
    expect(page).to_have_url(re.compile(r"rol=wijkteam"))


def test_indicator_library_filters_as_you_type(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/signalen/")
    axe_check(page)
    results = page.locator("#resultaten, [aria-live='polite']").first
    page.locator("#q").fill("paspoort")
    expect(page).to_have_url(re.compile(r"q=paspoort"))
    expect(page.get_by_role("link", name=re.compile("paspoort", re.I)).first).to_be_visible()
    expect(results).to_contain_text(re.compile(r"\d+ signa"))
    screenshot(page, "library")
    page.get_by_role("link", name=re.compile("paspoort", re.I)).first.click()
    expect(page.locator("main")).to_contain_text(re.compile("Bron|Bronnen"))
    axe_check(page)


def test_routes_page_lists_acute_routes_first(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/hulp-en-melden/")
    axe_check(page)
    text = page.locator("main").inner_text()
    assert text.index("112") < text.index("CoMensha")
    expect(page.locator("a[href^='tel:']").first).to_be_visible()


def test_switching_to_english_on_any_page(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/signaalwijzer/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/$"))
    expect(page.locator("main")).to_contain_text("role")
    axe_check(page)
    page.goto(live_server.url + "/signalen/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_small_screen_and_error_pages(guarded_page, live_server):
    page = guarded_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/signaalwijzer/checklist/?rol=medisch&minderjarig=onbekend")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the checklist scrolls sideways on a phone ({width}px)"
    axe_check(page)
    response = page.goto(live_server.url + "/signalen/bestaat_niet/")
    assert response.status == 404
    axe_check(page)
