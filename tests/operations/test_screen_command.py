"""`signaalwijzer screen`: the weighing from the command line."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

SEEN = ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"]


def screen(*args: str) -> str:
    out = StringIO()
    call_command("screen", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_agreed_keys():
    data = json.loads(screen("--role", "wijkteam", *[f"--indicator={i}" for i in SEEN], "--json"))
    assert data["outcome"] == "vermoeden"
    assert "arbeid" in data["forms"]
    assert data["elements"] == ["middel", "oogmerk"]
    assert data["acute"] is False
    assert data["explanation"] and data["next_steps"]
    assert data["meldcode_step"] == 2


def test_comma_separated_indicators_and_minor_flag():
    data = json.loads(
        screen(
            "--role", "school", "--minor", "--indicator", "lvb,older_partner_with_money_and_gifts", "--json"
        )
    )
    assert data["minor"] is True
    assert data["outcome"] == "zorgelijk"


def test_human_output_in_dutch_and_english():
    dutch = screen("--role", "wijkagent", "--indicator", "threats_or_violence")
    assert dutch.startswith("!! Direct gevaar? Bel 112.")
    assert "Uitkomst: zorgelijk" in dutch
    english = screen("--role", "wijkagent", "--indicator", "threats_or_violence", "--language", "en")
    assert "Outcome: concerning" in english


def test_unknown_ids_and_role_are_named():
    with pytest.raises(CommandError) as caught:
        screen("--role", "astronaut", "--indicator", "documents_withheld", "--indicator", "no_such_signal")
    message = str(caught.value)
    assert "no_such_signal" in message
    assert "astronaut" in message and "wijkteam" in message


def test_at_least_one_indicator_is_needed():
    with pytest.raises(CommandError, match="at least one --indicator"):
        screen("--role", "wijkteam")


def test_console_script_exits_non_zero_on_unknown_id():
    env = {**os.environ, "SIGNAALWIJZER_DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "signaalwijzer", "screen", "--role", "wijkteam", "--indicator", "nope"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "nope" in done.stderr
