"""POST /api/v1/screenings: the CLI's weighing over HTTP, anonymous, with every bad input named."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.test import override_settings

URL = "/api/v1/screenings"
LABOUR = ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"]


def test_screening_returns_the_weighing(api):
    response = api.post(URL, {"role": "wijkteam", "indicators": LABOUR})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["outcome"] in {"geen", "zorgelijk", "vermoeden"}
    assert body["role"] == "wijkteam"
    assert body["minor"] is False  # the default
    assert {signal["id"] for signal in body["signals"]} == set(LABOUR)


def test_screening_equals_the_engine_result_in_the_requested_language(api, kb):
    from signaalwijzer.screening.engine import screening_evaluate

    response = api.post(URL, {"role": "school", "minor": True, "indicators": LABOUR, "language": "en"})

    expected = screening_evaluate(
        indicators=LABOUR, role="school", minor=True, kb=kb, coordinator=settings.SIGNAALWIJZER
    )
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(expected.as_dict("en")))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_screening_is_the_same_json_as_the_cli(api, language):
    if "screen" not in get_commands():
        pytest.skip("the `screen` management command does not exist yet")
    indicators = [*LABOUR, "housing_provided_by_employer"]
    out = StringIO()
    args = ["--role", "wijkteam", "--json", "--language", language]
    for indicator in indicators:
        args += ["--indicator", indicator]
    call_command("screen", *args, stdout=out)

    response = api.post(URL, {"role": "wijkteam", "indicators": indicators, "language": language})

    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_screening_next_steps_give_the_configured_zorgcoordinator(api, kb):
    configured = {route.id for route in kb.routes.values() if route.from_configuration}
    with override_settings(SIGNAALWIJZER={**settings.SIGNAALWIJZER, "COORDINATOR_PHONE": "088-1234567"}):
        body = api.post(URL, {"role": "wijkteam", "indicators": [*LABOUR, "threats_or_violence"]}).json()

    routes = [route for step in body["next_steps"] for route in step["routes"] if route["id"] in configured]
    if not routes:
        pytest.skip("the wijkteam's next steps for this case do not name the zorgcoördinator")
    assert {route["phone"] for route in routes} == {"088-1234567"}


def test_screening_stores_nothing(api):
    # No `db` fixture: pytest-django makes any database access in this test an error.
    response = api.post(URL, {"role": "wijkteam", "indicators": LABOUR})

    assert response.status_code == 200
    assert not response.cookies


def test_screening_response_is_utf8_without_escapes(api):
    response = api.post(URL, {"role": "wijkteam", "indicators": LABOUR})
    text = response.content.decode("utf-8")
    assert "\\u00" not in text
    assert json.loads(text) == response.json()


VALID = {"role": "wijkteam", "minor": False, "indicators": LABOUR, "language": "nl"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({k: v for k, v in VALID.items() if k != "role"}, ["role"], id="role missing"),
        pytest.param(
            {k: v for k, v in VALID.items() if k != "indicators"}, ["indicators"], id="indicators missing"
        ),
        pytest.param({**VALID, "indicators": []}, ["indicators"], id="no indicators"),
        pytest.param(
            {**VALID, "indicators": "documents_withheld"}, ["indicators"], id="indicators not a list"
        ),
        pytest.param(
            {**VALID, "indicators": ["documents_withheld", 7]}, ["indicators[1]"], id="id not a string"
        ),
        pytest.param({**VALID, "role": 5}, ["role"], id="role not a string"),
        pytest.param({**VALID, "role": ""}, ["role"], id="role blank"),
        pytest.param({**VALID, "minor": "yes"}, ["minor"], id="minor not a boolean"),
        pytest.param({**VALID, "minor": 1}, ["minor"], id="minor a number"),
        pytest.param({**VALID, "minor": None}, ["minor"], id="minor null"),
        pytest.param({**VALID, "language": "de"}, ["language"], id="unknown language"),
        pytest.param({**VALID, "notes": "x", "person": {}}, ["notes", "person"], id="unknown fields"),
        pytest.param(
            {"role": 1, "indicators": {}, "minor": "no"}, ["role", "minor", "indicators"], id="all wrong"
        ),
        pytest.param([VALID], ["body"], id="body a list"),
        pytest.param("null", ["body"], id="body null"),
        pytest.param('"wijkteam"', ["body"], id="body a string"),
        pytest.param("{'role': 'wijkteam'}", ["body"], id="body not JSON"),
        pytest.param('{"role": "wijkteam", "indicators": [', ["body"], id="body cut off"),
    ],
)
def test_bad_input_is_a_400_naming_each_field(api, error_fields, body, fields):
    response = api.post(URL, body)

    assert response.status_code == 400
    assert sorted(error_fields(response)) == sorted(fields)


def test_unknown_indicator_ids_are_named_at_their_position(api, error_fields, error_reason):
    response = api.post(URL, {"role": "wijkteam", "indicators": ["documents_withheld", "lvb", "foo", "bar"]})

    assert response.status_code == 400
    assert error_fields(response) == ["indicators[2]", "indicators[3]"]
    assert "unknown indicator id 'foo'" in error_reason(response, "indicators[2]")
    assert "'bar'" in error_reason(response, "indicators[3]")


def test_unknown_role_is_named_with_the_valid_roles(api, kb, error_fields, error_reason):
    response = api.post(URL, {"role": "x", "indicators": ["documents_withheld"]})

    assert response.status_code == 400
    assert error_fields(response) == ["role"]
    reason = error_reason(response, "role")
    assert "unknown role 'x'" in reason
    assert all(role in reason for role in kb.roles)


def test_unknown_role_and_indicator_are_reported_together(api, error_fields):
    response = api.post(URL, {"role": "x", "indicators": ["nope", "documents_withheld"]})

    assert response.status_code == 400
    assert sorted(error_fields(response)) == ["indicators[0]", "role"]


def test_a_form_encoded_body_is_refused_naming_the_body(api, error_fields):
    response = api.client.post(URL, {"role": "wijkteam", "indicators": "documents_withheld"})

    assert response.status_code == 415
    assert error_fields(response) == ["body"]


def test_get_is_not_allowed(api, error_fields):
    response = api.get(URL)

    assert response.status_code == 405
    assert error_fields(response) == [None]


def test_error_reasons_are_english_whatever_the_browser_language(api, error_reason):
    response = api.post(URL, {"indicators": LABOUR}, HTTP_ACCEPT_LANGUAGE="nl")

    assert error_reason(response, "role") == "This field is required."


def test_query_parameters_are_refused_as_the_input_is_the_body(api, error_fields):
    response = api.post(URL + "?language=en", {"role": "wijkteam", "indicators": LABOUR})

    assert response.status_code == 400
    assert error_fields(response) == ["language"]
