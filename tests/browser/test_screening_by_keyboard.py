"""A wijkteam professional completes a screening with the keyboard alone, then prints the result."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_check, screenshot, tab_to

SEEN = ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"]


def test_full_screening_by_keyboard_only(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/")
    axe_check(page)
    screenshot(page, "home")

    # Home -> start of the screening.
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '/signaalwijzer/'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/$"))
    axe_check(page)

    # Step 1: role and age, with arrow keys inside the radio groups.
    tab_to(page, "el.name === 'rol'")
    for _ in range(20):
        if page.evaluate("document.activeElement.value") == "wijkteam":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'minderjarig'")
    for _ in range(5):
        if page.evaluate("document.activeElement.value") == "nee":
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/signaalwijzer/checklist/\?.*rol=wijkteam"))
    axe_check(page)

    # Step 2: search the list, tick what was seen; ticked boxes stay ticked while filtering.
    tab_to(page, "el.id === 'zoek-in-lijst'")
    page.keyboard.type("paspoort")
    expect(page.locator("#s-works_excessive_hours")).to_be_hidden()
    tab_to(page, "el.value === 'documents_withheld'")
    page.keyboard.press("Space")
    page.locator("#zoek-in-lijst").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(page.locator("#s-works_excessive_hours")).to_be_visible()
    for indicator in SEEN[1:]:
        tab_to(page, f"el.value === '{indicator}'")
        page.keyboard.press("Space")
    for indicator in SEEN:
        expect(page.locator(f"#s-{indicator}")).to_be_checked()
    screenshot(page, "checklist")
    tab_to(page, "el.type === 'submit'")
    page.keyboard.press("Enter")

    # Step 3: the explained result, with next steps for the wijkteam.
    expect(page).to_have_url(re.compile(r"/signaalwijzer/resultaat/$"))
    main = page.locator("main")
    expect(main).to_contain_text("vermoeden")
    expect(main).to_contain_text("niets opgeslagen")
    expect(main).to_contain_text("0800-2000")  # Veilig Thuis among the routes for a wijkteam
    axe_check(page)
    screenshot(page, "result")

    # The print view hides navigation and forms.
    page.emulate_media(media="print")
    expect(page.locator("header nav").first).to_be_hidden()
    expect(main).to_contain_text("vermoeden")
    page.emulate_media(media="screen")


def test_unticked_checklist_keeps_role_and_names_the_problem(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/signaalwijzer/checklist/?rol=school&minderjarig=ja")
    page.get_by_role("button", name="Laat zien wat dit betekent").click()
    expect(page.locator("main")).to_contain_text("Vink minstens één signaal aan.")
    expect(page.locator("#id_rol")).to_have_value("school")
    expect(page.locator("#minderjarig-ja")).to_be_checked()
    axe_check(page)


def test_acute_danger_shows_112_first(guarded_page, live_server):
    page = guarded_page
    page.goto(live_server.url + "/signaalwijzer/checklist/?rol=wijkagent&minderjarig=nee")
    page.locator("#s-threats_or_violence").check()
    page.get_by_role("button", name="Laat zien wat dit betekent").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("112")
    expect(alert.locator("a[href='tel:112']")).to_be_visible()
    # The danger notice comes before the outcome itself.
    text = page.locator("main").inner_text()
    assert text.index("112") < text.index(page.locator("main h1").inner_text())
    axe_check(page)
