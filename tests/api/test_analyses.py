"""POST /api/v1/analyses: a note in, suggested signals with their words and the weighing out; bad input named."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from signaalwijzer.notes import MAX_TEXT

URL = "/api/v1/analyses"
NOTE = (
    "Meneer werkt 12 uur per dag in de kas en woont met negen collega's boven het uitzendbureau. "
    "Zijn paspoort ligt 'veilig' bij de baas."
)


def test_analysis_suggests_signals_with_the_words_they_came_from(api):
    response = api.post(URL, {"text": NOTE, "role": "wijkteam"})

    assert response.status_code == 200
    body = response.json()
    by_id = {item["id"]: item for item in body["indicators"]}
    assert {"documents_withheld", "works_excessive_hours", "many_people_registered_at_address"} <= set(by_id)
    for item in body["indicators"]:
        assert 0 < item["confidence"] <= 1
        assert item["quotes"] == [NOTE[start:end] for start, end in item["evidence"]]
    assert "12 uur per dag" in by_id["works_excessive_hours"]["quotes"]
    assert body["minor"] is False
    assert body["outcome"] == body["weighing"]["outcome"] == "vermoeden"
    assert body["forms"] == ["arbeid"]
    assert body["role"] == "wijkteam"


def test_analysis_is_the_same_json_as_the_cli(api, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    out = StringIO()
    call_command("analyse", str(path), "--json", "--role", "school", "--language", "en", stdout=out)

    response = api.post(URL, {"text": NOTE, "role": "school", "language": "en"})

    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_analysis_without_role_weighs_for_the_default_role(api):
    body = api.post(URL, {"text": NOTE}).json()

    assert body["role"] is None
    assert body["weighing"]["role"] == "wijkteam"


def test_a_note_without_signals_gives_no_suggestions_and_geen(api):
    body = api.post(URL, {"text": "Mw. komt een nieuwe rijbewijs aanvragen. Alles in orde."}).json()

    assert body["indicators"] == []
    assert body["outcome"] == "geen"
    assert body["forms"] == []


def test_analysis_stores_nothing(api):
    # No `db` fixture: pytest-django makes any database access in this test an error.
    response = api.post(URL, {"text": NOTE})

    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({}, ["text"], id="text missing"),
        pytest.param({"text": ""}, ["text"], id="text empty"),
        pytest.param({"text": "   \n "}, ["text"], id="text only spaces"),
        pytest.param({"text": 5}, ["text"], id="text not a string"),
        pytest.param({"text": "x" * (MAX_TEXT + 1)}, ["text"], id="text too long"),
        pytest.param({"text": NOTE, "role": "nope"}, ["role"], id="unknown role"),
        pytest.param({"text": NOTE, "role": 3}, ["role"], id="role not a string"),
        pytest.param({"text": NOTE, "language": "de"}, ["language"], id="unknown language"),
        pytest.param({"text": NOTE, "note": "x"}, ["note"], id="unknown field"),
        pytest.param([NOTE], ["body"], id="body a list"),
        pytest.param("{'text': 1}", ["body"], id="body not JSON"),
    ],
)
def test_bad_input_is_a_400_naming_each_field(api, error_fields, body, fields):
    response = api.post(URL, body)

    assert response.status_code == 400
    assert sorted(error_fields(response)) == sorted(fields)


def test_too_long_and_unknown_role_say_why(api, error_reason, kb):
    too_long = api.post(URL, {"text": "x" * (MAX_TEXT + 1)})
    assert str(MAX_TEXT) in error_reason(too_long, "text")

    unknown = api.post(URL, {"text": NOTE, "role": "nope"})
    reason = error_reason(unknown, "role")
    assert "unknown role 'nope'" in reason
    assert all(role in reason for role in kb.roles)


def test_the_longest_allowed_note_is_analysed(api):
    text = (NOTE + " ") * (MAX_TEXT // (len(NOTE) + 1))
    assert len(text) <= MAX_TEXT

    response = api.post(URL, {"text": text})

    assert response.status_code == 200
    assert response.json()["indicators"]


def test_analysis_response_and_errors_match_the_openapi_schema(api):
    from django.test import Client

    from tests.api.test_openapi_schema import _validator

    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    ok = _validator(schema, URL, "post", "200")
    for text in (NOTE, "Jongen (15) wordt na school opgehaald door oudere jongens in een dure auto."):
        ok.validate(api.post(URL, {"text": text, "language": "en"}).json())
    _validator(schema, URL, "post", "400").validate(api.post(URL, {"text": ""}).json())
