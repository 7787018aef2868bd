"""Every public page renders in Dutch and in English, with the words a visitor needs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

PAGES = [
    ("public:home", {}),
    ("public:screening_start", {}),
    ("public:roles", {}),
    ("public:indicators", {}),
    ("public:routes", {}),
    ("public:about", {}),
]

# (Dutch, English) pairs every page must show: the chrome of the site.
CHROME = [
    ("Naar de inhoud", "Skip to content"),
    ("Direct gevaar?", "Immediate danger?"),
    ("Signaalwijzer starten", "Start Signaalwijzer"),
    (
        "Signaalwijzer ondersteunt je oordeel, het is geen oordeel over een persoon.",
        "Signaalwijzer supports your judgement; it is not a judgement about a person.",
    ),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize(("language", "index"), [("nl", 0), ("en", 1)])
def test_page_renders_in_both_languages(client_for, name, kwargs, language, index):
    response = client_for(language).get(reverse(name, kwargs=kwargs))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    for pair in CHROME:
        assert escape(pair[index]) in html, pair[index]


def test_home_says_what_it_is_for(nl, en):
    html = nl.get(reverse("public:home")).content.decode()
    assert "Zag je iets dat niet klopt?" in html
    assert "Ook kleine signalen tellen." in html
    assert "Je hoeft het niet zeker te weten" in html
    assert reverse("public:screening_start") in html
    html_en = en.get(reverse("public:home")).content.decode()
    assert "Did you see something that is not right?" in html_en


def test_language_switch_marks_the_current_language(nl, en):
    html = nl.get(reverse("public:home")).content.decode()
    assert 'value="nl" lang="nl" aria-current="true"' in html
    html_en = en.get(reverse("public:home")).content.decode()
    assert 'value="en" lang="en" aria-current="true"' in html_en


def test_language_switch_sets_english_and_returns_to_the_page(nl):
    response = nl.post(reverse("set_language"), {"language": "en", "next": reverse("public:roles")})
    assert response.status_code == 302
    assert response["Location"] == reverse("public:roles")
    html = nl.get(reverse("public:roles")).content.decode()
    assert '<html lang="en">' in html
    assert "What is your role?" in html


def test_accept_language_header_picks_english(kb, client):
    html = client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html


def test_start_page_lists_every_role_with_its_description(kb, nl, en):
    html = nl.get(reverse("public:screening_start")).content.decode()
    assert "<legend" in html and "Gaat het om iemand jonger dan 18?" in html
    for role in kb.roles.values():
        assert f'value="{role.id}"' in html
        assert escape(role.title.nl) in html
        assert escape(role.description.nl) in html
    html_en = en.get(reverse("public:screening_start")).content.decode()
    for role in kb.roles.values():
        assert escape(role.title.en) in html_en
    assert escape("I don't know") in html_en


def test_roles_page_links_every_role_guide(kb, nl):
    html = nl.get(reverse("public:roles")).content.decode()
    for role in kb.roles.values():
        assert reverse("public:role_guide", args=[role.id]) in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_role_guide_shows_sections_steps_routes_and_start_button(kb, client_for, language):
    role_id = next(iter(kb.guides))
    guide, role = kb.guides[role_id], kb.roles[role_id]
    html = client_for(language).get(reverse("public:role_guide", args=[role_id])).content.decode()
    for section in guide.sections:
        assert escape(section.title.get(language)) in html
    for ind_id in guide.typical_indicators:
        assert reverse("public:indicator", args=[ind_id]) in html
    for route_id in guide.routes:
        assert escape(kb.routes[route_id].name.get(language)) in html
    assert f"{reverse('public:screening_checklist')}?rol={role_id}" in html
    start = "Start de Signaalwijzer als" if language == "nl" else "Start Signaalwijzer as"
    assert f"{start} {escape(role.title.get(language))}" in html


def test_unknown_role_guide_is_404_in_site_style(nl):
    response = nl.get(reverse("public:role_guide", args=["no_such_role"]))
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()
    assert "Naar de inhoud" in response.content.decode()


def test_unknown_indicator_is_404(nl):
    assert nl.get(reverse("public:indicator", args=["no_such_signal"])).status_code == 404


@pytest.mark.parametrize("language", ["nl", "en"])
def test_indicator_page_shows_forms_questions_roles_and_sources(kb, client_for, language):
    indicator = kb.indicators["documents_withheld"]
    html = client_for(language).get(reverse("public:indicator", args=[indicator.id])).content.decode()
    assert escape(indicator.title.get(language)) in html
    assert escape(indicator.description.get(language)) in html
    for form_id in indicator.forms:
        assert escape(kb.forms[form_id].title.get(language)) in html
    for question in indicator.questions:
        assert escape(question.get(language)) in html
    for role_id in indicator.roles:
        assert reverse("public:role_guide", args=[role_id]) in html
    for source_id in indicator.sources:
        assert escape(kb.sources[source_id].url) in html
    assert 'rel="noopener noreferrer"' in html


def test_indicator_with_a_child_rating_says_so(kb, nl):
    stronger = [
        i
        for i in kb.indicators.values()
        if any(
            selectors_rank(i.forms_minor[f]) < selectors_rank(i.forms[f])
            for f in i.forms_minor
            if f in i.forms
        )
    ]
    if not stronger:
        pytest.skip("no indicator is rated stronger for minors in the content")
    html = nl.get(reverse("public:indicator", args=[stronger[0].id])).content.decode()
    assert "sterker bij kinderen" in html


def selectors_rank(strength) -> int:
    from signaalwijzer.public.selectors import STRENGTH_RANK

    return STRENGTH_RANK[strength.value]


def test_routes_page_lists_acute_routes_first_with_phone_links(kb, nl):
    html = nl.get(reverse("public:routes")).content.decode()
    positions = {r.id: html.index(f'id="route-{r.id}"') for r in kb.routes.values()}
    acute = [positions[r.id] for r in kb.routes.values() if r.acute]
    other = [positions[r.id] for r in kb.routes.values() if not r.acute]
    assert max(acute) < min(other)
    assert 'href="tel:112"' in html
    assert 'href="tel:08002000"' in html  # Veilig Thuis, written 0800-2000


def test_routes_page_without_configured_coordinator_says_to_ask_the_municipality(nl, settings):
    settings.SIGNAALWIJZER = {**settings.SIGNAALWIJZER, "COORDINATOR_PHONE": "", "COORDINATOR_EMAIL": ""}
    html = nl.get(reverse("public:routes")).content.decode()
    assert "Vraag je gemeente naar de zorgcoördinator mensenhandel" in html


def test_routes_page_shows_the_configured_coordinator(nl, settings):
    settings.SIGNAALWIJZER = {
        **settings.SIGNAALWIJZER,
        "MUNICIPALITY": "Gemeente Zeewolde",
        "COORDINATOR_NAME": "Anna de Vries",
        "COORDINATOR_PHONE": "030 - 123 45 67",
        "COORDINATOR_EMAIL": "zorgcoordinator@example.org",
    }
    html = nl.get(reverse("public:routes")).content.decode()
    assert "Gemeente Zeewolde" in html
    assert "Anna de Vries" in html
    assert 'href="tel:0301234567"' in html
    assert 'href="mailto:zorgcoordinator@example.org"' in html


def test_server_error_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Er ging iets mis" in html
    assert "Bel 112" in html
