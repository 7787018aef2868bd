"""The OpenAPI 3 schema is valid, lists every endpoint, and describes exactly what the endpoints return."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

PATHS = {
    "/api/v1/screenings",
    "/api/v1/analyses",
    "/api/v1/indicators",
    "/api/v1/indicators/{id}",
    "/api/v1/forms",
    "/api/v1/domains",
    "/api/v1/roles",
    "/api/v1/roles/{id}",
    "/api/v1/routes",
    "/api/v1/sources",
    "/api/v1/signals",
    "/api/v1/signals/{id}",
}


@pytest.fixture(scope="module")
def schema():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi_3_with_every_endpoint(schema):
    assert schema["openapi"].startswith("3")
    assert set(schema["paths"]) == PATHS
    validate_schema(schema)  # against the OpenAPI 3.0 meta-schema that drf-spectacular ships


def test_every_operation_documents_its_responses_and_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "200" in responses, (method, path)
            assert "$ref" in responses["200"]["content"]["application/json"]["schema"] or (
                responses["200"]["content"]["application/json"]["schema"]["type"] == "array"
            )
            assert responses["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorResponse"
            }, (method, path)


def test_no_interactive_docs_that_would_load_assets_from_a_cdn(api):
    for path in ("/api/v1/docs", "/api/v1/swagger", "/api/v1/redoc", "/api/v1/schema/swagger-ui/"):
        assert api.get(path).status_code == 404


def _as_json_schema(node):
    """OpenAPI 3.0 schema objects as strict JSON Schema: `nullable` becomes a null type, and objects
    with declared properties allow no others, so a response with an undocumented key fails."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    return node


def _validator(schema: dict, path: str, method: str, status: str) -> jsonschema.Validator:
    response_schema = schema["paths"][path][method]["responses"][status]["content"]["application/json"][
        "schema"
    ]
    document = {
        "components": _as_json_schema(copy.deepcopy(schema["components"])),
        **_as_json_schema(response_schema),
    }
    return jsonschema.Draft7Validator(document)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/api/v1/indicators", "/api/v1/indicators"),
        ("/api/v1/indicators?language=en&kind=vulnerability", "/api/v1/indicators"),
        ("/api/v1/indicators/documents_withheld", "/api/v1/indicators/{id}"),
        ("/api/v1/forms", "/api/v1/forms"),
        ("/api/v1/domains", "/api/v1/domains"),
        ("/api/v1/roles", "/api/v1/roles"),
        ("/api/v1/roles/wijkteam", "/api/v1/roles/{id}"),
        ("/api/v1/roles/school?language=en", "/api/v1/roles/{id}"),
        ("/api/v1/routes", "/api/v1/routes"),
        ("/api/v1/sources", "/api/v1/sources"),
    ],
)
def test_get_responses_match_the_schema(api, schema, url, path):
    response = api.client.get(url)

    assert response.status_code == 200
    _validator(schema, path, "get", "200").validate(response.json())


@pytest.mark.parametrize(
    "body",
    [
        {"role": "wijkteam", "indicators": ["documents_withheld", "works_excessive_hours"]},
        {"role": "school", "minor": True, "indicators": ["threats_or_violence", "runaway_or_missing_minor"]},
        {"role": "arbeidsinspectie", "indicators": ["lvb"], "language": "en"},
    ],
)
def test_screening_response_matches_the_schema(api, schema, body):
    response = api.post("/api/v1/screenings", body)

    assert response.status_code == 200
    _validator(schema, "/api/v1/screenings", "post", "200").validate(response.json())


def test_error_responses_match_the_schema(api, schema):
    validator = _validator(schema, "/api/v1/screenings", "post", "400")
    validator.validate(api.post("/api/v1/screenings", {"role": 1}).json())
    validator.validate(api.get("/api/v1/indicators/nope").json())
    validator.validate(api.get("/api/v1/nope").json())
