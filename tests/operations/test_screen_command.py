"""`signaalwijzer screen`: the weighing from the command line.

Most cases run on the fixture knowledge base (patched in), so they state the command's behaviour
whatever the shipped content; the last ones use the shipped content and skip while it does not load.
"""

import json
import os
import subprocess
import sys
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from signaalwijzer.knowledge import KnowledgeError
from signaalwijzer.operations.management.commands import screen as screen_command
from tests.screening.knowledge import fixture_kb, real_kb, weigh

SEEN = ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"]


def screen(*args: str) -> str:
    out = StringIO()
    call_command("screen", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def fixture_content(monkeypatch):
    monkeypatch.setattr(screen_command, "knowledge_base", fixture_kb)


@pytest.fixture
def shipped_content():
    real_kb()  # skips while the shipped content does not load


def test_json_output_has_the_agreed_keys(fixture_content):
    out = screen(
        "--role",
        "wijkteam",
        "--indicator",
        "hours_strong",
        "--indicator=pay_medium,passport_strong",
        "--json",
    )
    data = json.loads(out)
    assert {"outcome", "forms", "elements", "acute", "explanation", "next_steps", "next_questions"} <= set(
        data
    )
    assert data["outcome"] == "vermoeden"
    assert data["forms"] == ["arbeid"]
    assert data["elements"] == ["middel", "oogmerk"]
    assert data["acute"] is False
    assert data["meldcode_step"] == 2
    assert [s["id"] for s in data["signals"]] == ["hours_strong", "passport_strong", "pay_medium"]


def test_json_is_utf8_not_escaped_and_follows_the_language(fixture_content):
    dutch = screen("--role", "wijkteam", "--indicator", "passport_strong", "--json")
    assert "‘Paspoort afgepakt (sterk)’" in dutch
    assert "\\u" not in dutch
    english = json.loads(
        screen("--role", "wijkteam", "--indicator", "passport_strong", "--json", "--language", "en")
    )
    assert english["explanation"][-1].startswith("This outcome supports your own judgement")


def test_minor_flag(fixture_content):
    data = json.loads(
        screen("--role", "wijkteam", "--minor", "--indicator", "hours_strong,pay_medium", "--json")
    )
    assert data["minor"] is True
    assert data["outcome"] == "vermoeden"


def test_coordinator_comes_from_the_settings(fixture_content, settings):
    settings.SIGNAALWIJZER = {**settings.SIGNAALWIJZER, "COORDINATOR_PHONE": "010-1234567"}
    data = json.loads(screen("--role", "wijkteam", "--indicator", "passport_strong", "--json"))
    routes = [r for step in data["next_steps"] for r in step["routes"] if r["id"] == "zorgcoordinator"]
    assert routes and routes[0]["phone"] == "010-1234567"


def test_human_output_puts_danger_first_then_outcome_why_signals_questions_and_steps(fixture_content):
    out = screen("--role", "wijkagent", "--indicator", "violence,conditions_weak")
    assert out.startswith("!! Direct gevaar? Bel 112.")
    for part in (
        "Uitkomst: zorgelijk",
        "Waarom:",
        "[sterk] Geweld (violence)",
        "Veilige vragen",
        "Wat kun je nu doen?",
    ):
        assert part in out
    assert "112: 112" in out and "Politie: 0900-8844" in out
    assert (
        out.index("Uitkomst")
        < out.index("Waarom")
        < out.index("Wat je zag")
        < out.index("Wat kun je nu doen")
    )


def test_human_output_in_english(fixture_content):
    out = screen("--role", "wijkagent", "--indicator", "violence", "--language", "en")
    assert out.startswith("!! Immediate danger? Call 112.")
    assert "Outcome: concerning (zorgelijk)" in out
    assert "not a verdict on a person" in out


def test_a_route_without_contact_says_where_to_ask(fixture_content):
    result = weigh("passport_strong", role="wijkagent")
    step = result.next_steps[0]
    bare = replace(step.routes[0], phone="", email="", url="")
    result = replace(result, next_steps=[replace(step, routes=[bare])])
    assert "Zorgcoördinator mensenhandel: contact via je gemeente" in screen_command.render_text(result, "nl")
    assert "contact through your municipality" in screen_command.render_text(result, "en")


def test_unknown_ids_and_role_are_all_named_with_the_valid_roles(fixture_content):
    with pytest.raises(CommandError) as caught:
        screen("--role", "astronaut", "--indicator", "hours_strong,foo", "--indicator", "bar")
    message = str(caught.value)
    assert "Unknown indicator id(s): bar, foo." in message
    assert "Unknown role 'astronaut'; valid roles: wijkagent, wijkteam." in message


def test_at_least_one_indicator_is_needed(fixture_content):
    with pytest.raises(CommandError, match="at least one --indicator"):
        screen("--role", "wijkteam")
    with pytest.raises(CommandError, match="at least one --indicator"):
        screen("--role", "wijkteam", "--indicator", " , ")


def test_content_that_does_not_load_is_a_clear_error(monkeypatch):
    def broken():
        raise KnowledgeError(["indicators/werk.yaml: x: bad"])

    monkeypatch.setattr(screen_command, "knowledge_base", broken)
    with pytest.raises(CommandError, match="kennis check"):
        screen("--role", "wijkteam", "--indicator", "x")


def test_shipped_content_textbook_case(shipped_content):
    data = json.loads(screen("--role", "wijkteam", *[f"--indicator={i}" for i in SEEN], "--json"))
    assert data["outcome"] == "vermoeden"
    assert "arbeid" in data["forms"]
    assert data["elements"] == ["middel", "oogmerk"]
    assert data["acute"] is False
    assert data["explanation"] and data["next_steps"]


def test_console_script_exits_non_zero_naming_the_unknown_id(shipped_content):
    env = {**os.environ, "SIGNAALWIJZER_DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "signaalwijzer", "screen", "--role", "wijkteam", "--indicator", "nope"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "Unknown indicator id(s): nope." in done.stderr
