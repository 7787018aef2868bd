"""`signaalwijzer analyse`: one note as text or JSON, many notes as JSON Lines; bad lines named, not fatal."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

NOTE = "Meneer werkt 12 uur per dag in de kas. Zijn paspoort ligt 'veilig' bij de baas. Geen schulden."


def run(*args, stdin: str | None = None, monkeypatch=None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("analyse", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_text_output_quotes_the_words_and_weighs_in_dutch(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")

    out, _ = run(str(path), "--role", "wijkteam")

    assert "Signalen in de tekst" in out
    assert "“12 uur per dag”" in out
    assert "(documents_withheld;" in out
    assert "Uitkomst:" in out
    assert "debts" not in out


def test_reads_the_note_from_standard_input(monkeypatch):
    out, _ = run("-", "--json", stdin=NOTE, monkeypatch=monkeypatch)

    body = json.loads(out)
    assert {"documents_withheld", "works_excessive_hours"} <= {i["id"] for i in body["indicators"]}
    for item in body["indicators"]:
        assert item["quotes"] == [NOTE[s:e] for s, e in item["evidence"]]


def test_jsonl_writes_one_line_per_note_in_order(tmp_path):
    lines = [
        {"id": "a", "text": NOTE, "observer": "wijkagent"},
        {"id": 7, "text": "Jongen (15) brengt pakketjes weg voor oudere jongens."},
        {"id": "c", "text": "Mw. vraagt een nieuwe ID-kaart aan."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")

    out, err = run("--jsonl", str(path))

    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["id"] for row in rows] == ["a", 7, "c"]
    assert all(set(row) == {"id", "minor", "indicators", "forms", "outcome"} for row in rows)
    assert rows[0]["outcome"] in {"zorgelijk", "vermoeden"} and rows[0]["forms"] == ["arbeid"]
    assert rows[1]["minor"] is True
    assert rows[2]["outcome"] == "geen" and rows[2]["forms"] == []
    assert err == ""


def test_jsonl_bad_lines_are_named_and_the_others_still_analysed(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok1", "text": NOTE}),
                "{not json",
                json.dumps({"id": "no-text"}),
                json.dumps(["a", "list"]),
                json.dumps({"id": "empty", "text": "  "}),
                "",
                json.dumps({"id": "ok2", "text": NOTE, "observer": "astronaut"}),
            ]
        ),
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="4 line"):
        call_command("analyse", "--jsonl", str(path), stdout=out, stderr=err)

    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["ok1", "ok2"]
    messages = err.getvalue()
    assert "line 2: not valid JSON" in messages
    assert "line 3: no 'text'" in messages
    assert "line 4: not a JSON object" in messages
    assert "line 5: 'text' must be a non-empty string" in messages
    assert "line 7: unknown observer 'astronaut' ignored" in messages


def test_unknown_observer_only_warns(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": NOTE, "observer": "nope"}) + "\n", encoding="utf-8")

    out, err = run("--jsonl", str(path))

    assert json.loads(out)["id"] == "x"
    assert "unknown observer 'nope' ignored" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give a FILE"),
        (("--role", "astronaut", "x.txt"), "Unknown role 'astronaut'"),
        (("does-not-exist.txt",), "Cannot read does-not-exist.txt"),
        (("--jsonl", "missing.jsonl"), "Cannot read missing.jsonl"),
    ],
)
def test_usage_errors_exit_non_zero_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("analyse", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_exit_code_of_the_console_script_is_non_zero_for_bad_lines(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "Werkt 14 uur per dag."}\nnope\n', encoding="utf-8")

    done = subprocess.run(
        [sys.executable, "-m", "signaalwijzer", "analyse", "--jsonl", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode != 0
    assert len(done.stdout.splitlines()) == 1
    assert "line 2" in done.stderr
