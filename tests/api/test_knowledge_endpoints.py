"""GET endpoints of the knowledge base: indicators (searched as on the web pages), forms, domains, roles
with their guides, routes with the configured zorgcoördinator, sources."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from signaalwijzer.knowledge.query import indicators_filter

INDICATOR_KEYS = {
    "id",
    "kind",
    "title",
    "description",
    "domain",
    "forms",
    "forms_minor",
    "dimension",
    "elements",
    "applies_to",
    "roles",
    "questions",
    "acute",
    "red_flag",
    "sources",
}


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()]


def test_indicators_lists_the_whole_knowledge_base_in_search_order(api, kb):
    response = api.get("/api/v1/indicators")

    assert response.status_code == 200
    assert ids(response) == [ind.id for ind in indicators_filter(kb)]
    assert len(ids(response)) == len(kb.indicators)
    assert all(set(item) == INDICATOR_KEYS for item in response.json())


def test_indicator_texts_follow_the_language(api, kb):
    indicator = kb.indicators["documents_withheld"]

    dutch = next(i for i in api.get("/api/v1/indicators").json() if i["id"] == indicator.id)
    english = next(i for i in api.get("/api/v1/indicators", language="en").json() if i["id"] == indicator.id)

    assert dutch["title"] == indicator.title.nl
    assert english["title"] == indicator.title.en
    assert english["description"] == indicator.description.en
    assert english["questions"] == [question.en for question in indicator.questions]
    assert english["forms"] == {form: strength.value for form, strength in indicator.forms.items()}


@pytest.mark.parametrize(
    "params",
    [
        {"form": "arbeid"},
        {"domain": "werk"},
        {"role": "school"},
        {"kind": "vulnerability"},
        {"kind": "indicator", "form": "seksueel", "role": "wijkteam"},
        {"form": "", "domain": ""},
    ],
)
def test_indicator_filters_are_those_of_the_web_pages(api, kb, params):
    response = api.get("/api/v1/indicators", **params)

    assert response.status_code == 200
    assert ids(response) == [ind.id for ind in indicators_filter(kb, **params)]


def test_indicator_search_finds_by_title_words(api, kb):
    indicator = kb.indicators["documents_withheld"]
    word = max(indicator.title.nl.split(), key=len)

    response = api.get("/api/v1/indicators", q=word)

    assert response.status_code == 200
    assert indicator.id in ids(response)
    assert ids(response) == [ind.id for ind in indicators_filter(kb, q=word)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"form": "xyz"}, "form"),
        ({"domain": "xyz"}, "domain"),
        ({"role": "xyz"}, "role"),
        ({"kind": "xyz"}, "kind"),
        ({"language": "de"}, "language"),
        ({"rol": "school"}, "rol"),
    ],
)
def test_unknown_filter_values_are_a_400_naming_the_parameter(api, error_fields, error_reason, params, field):
    response = api.get("/api/v1/indicators", **params)

    assert response.status_code == 400
    assert error_fields(response) == [field]
    assert ("unknown query parameter" if field == "rol" else repr(params[field])) in error_reason(
        response, field
    )


def test_one_indicator(api, kb):
    response = api.get("/api/v1/indicators/documents_withheld", language="en")

    assert response.status_code == 200
    assert set(response.json()) == INDICATOR_KEYS
    assert response.json()["title"] == kb.indicators["documents_withheld"].title.en


def test_unknown_indicator_is_a_404_naming_the_id(api, error_fields, error_reason):
    response = api.get("/api/v1/indicators/no_such_thing")

    assert response.status_code == 404
    assert error_fields(response) == ["id"]
    assert "no_such_thing" in error_reason(response, "id")


def test_forms(api, kb):
    response = api.get("/api/v1/forms", language="en")

    assert response.status_code == 200
    assert ids(response) == list(kb.forms)
    assert response.json()[0]["title"] == next(iter(kb.forms.values())).title.en


def test_domains_in_checklist_order(api, kb):
    response = api.get("/api/v1/domains")

    assert response.status_code == 200
    assert ids(response) == [d.id for d in sorted(kb.domains.values(), key=lambda d: d.order)]


def test_roles(api, kb):
    response = api.get("/api/v1/roles")

    assert response.status_code == 200
    assert ids(response) == list(kb.roles)
    assert {item["id"]: item["meldcode"] for item in response.json()} == {
        role.id: role.meldcode for role in kb.roles.values()
    }


def test_role_includes_its_guide(api, kb):
    guide = kb.guides["wijkteam"]

    response = api.get("/api/v1/roles/wijkteam", language="en")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "wijkteam"
    assert body["summary"] == guide.summary.en
    assert [section["id"] for section in body["sections"]] == [section.id for section in guide.sections]
    assert [ind["id"] for ind in body["typical_indicators"]] == list(guide.typical_indicators)
    assert [step["text"] for step in body["next_steps"]] == [step.text.en for step in guide.next_steps]
    assert [route["id"] for route in body["routes"]] == list(guide.routes)


def test_unknown_role_is_a_404_naming_the_id(api, error_fields):
    response = api.get("/api/v1/roles/astronaut")

    assert response.status_code == 404
    assert error_fields(response) == ["id"]


def test_routes(api, kb):
    response = api.get("/api/v1/routes")

    assert response.status_code == 200
    assert ids(response) == list(kb.routes)
    for item, route in zip(response.json(), kb.routes.values(), strict=True):
        if not route.from_configuration:
            assert item["contact"]["phone"] == route.contact.phone


def test_zorgcoordinator_route_has_the_configured_contact(api, kb):
    configured = [route.id for route in kb.routes.values() if route.from_configuration]
    assert configured, "the knowledge base has no route for the regional zorgcoördinator"
    deployment = {
        **settings.SIGNAALWIJZER,
        "COORDINATOR_PHONE": "088-1234567",
        "COORDINATOR_EMAIL": "zorgcoordinator@example.nl",
        "COORDINATOR_ORGANISATION": "Zorg- en Veiligheidshuis Voorbeeld",
        "COORDINATOR_NAME": "Zorgcoördinator Regio Voorbeeld",
    }

    with override_settings(SIGNAALWIJZER=deployment):
        routes = {item["id"]: item for item in api.get("/api/v1/routes").json()}

    for route_id in configured:
        assert routes[route_id]["name"] == "Zorgcoördinator Regio Voorbeeld"
        contact = routes[route_id]["contact"]
        assert contact["phone"] == "088-1234567"
        assert contact["email"] == "zorgcoordinator@example.nl"
        assert contact["organisation"] == "Zorg- en Veiligheidshuis Voorbeeld"


def test_zorgcoordinator_in_a_role_guide_has_the_configured_phone(api, kb):
    configured = {route.id for route in kb.routes.values() if route.from_configuration}
    role = next((g.role for g in kb.guides.values() if configured & set(g.routes)), None)
    if role is None:
        pytest.skip("no role guide lists the zorgcoördinator route")

    with override_settings(SIGNAALWIJZER={**settings.SIGNAALWIJZER, "COORDINATOR_PHONE": "088-7654321"}):
        body = api.get(f"/api/v1/roles/{role}").json()

    phones = {route["id"]: route["contact"]["phone"] for route in body["routes"]}
    assert all(phones[route_id] == "088-7654321" for route_id in configured & set(phones))


def test_sources(api, kb):
    response = api.get("/api/v1/sources")

    assert response.status_code == 200
    assert ids(response) == list(kb.sources)


@pytest.mark.parametrize("path", ["/api/v1/sources", "/api/v1/forms", "/api/v1/roles/wijkteam"])
def test_unknown_query_parameters_are_named(api, error_fields, path):
    response = api.get(path, page="2")

    assert response.status_code == 400
    assert error_fields(response) == ["page"]


def test_unknown_endpoint_is_a_404_in_the_error_shape(api, error_fields):
    response = api.get("/api/v1/bestaat-niet")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert error_fields(response) == [None]


@pytest.mark.parametrize("path", ["/api/v1/routes", "/api/v1/roles", "/api/v1/indicators"])
def test_responses_are_utf8_json_without_escapes(api, path):
    response = api.get(path)

    text = response.content.decode("utf-8")
    assert "\\u00" not in text
    assert response["Content-Type"].startswith("application/json")
