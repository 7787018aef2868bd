"""The notes evaluation set (eval/notes/) is well formed and can measure both parts.

Runs the same validation as `python eval/notes/stats.py`; it never prints or inspects note texts, so
running it does not expose the held-out part.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

STATS_PATH = Path(__file__).resolve().parents[2] / "eval" / "notes" / "stats.py"


def _stats_module():
    spec = importlib.util.spec_from_file_location("eval_notes_stats", STATS_PATH)
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


stats = _stats_module()


@pytest.fixture(scope="module")
def vocab():
    return stats.vocabulary()


@pytest.fixture(scope="module")
def notes():
    loaded, problems = stats.load()
    assert problems == []
    return loaded


def test_every_line_is_a_json_object_with_the_schema_fields(notes):
    assert notes
    assert all(set(note) == set(stats.FIELDS) for note in notes)


def test_ids_are_unique(notes):
    ids = [note["id"] for note in notes]
    assert len(ids) == len(set(ids))


def test_labels_use_known_ids_and_valid_values(notes, vocab):
    assert stats.validate(notes, vocab) == []


def test_indicator_ids_exist_in_the_knowledge_base(notes, vocab):
    used = {i for note in notes for i in note["indicators"]}
    assert used <= vocab.indicators


def test_the_set_has_at_least_150_notes(notes):
    assert len(notes) >= 150


def test_both_parts_are_non_empty_and_hold_every_outcome(notes):
    for part in stats.PARTS:
        outcomes = {note["outcome"] for note in notes if stats.part_of(note["id"]) == part}
        assert outcomes == set(stats.OUTCOMES), part


def test_both_parts_hold_every_form(notes, vocab):
    assert stats.coverage_problems(notes, vocab) == []


def test_the_split_rule_is_the_sha256_rule():
    # Fixed once: changing it would silently move notes between the parts.
    assert [stats.part_of(f"n{n}") for n in (904, 905, 906, 907)] == [
        "development",
        "heldout",
        "development",
        "heldout",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_a_broken_line_is_reported_with_its_number(tmp_path, line, expected):
    good = {
        "id": "n001",
        "observer": None,
        "text": "x",
        "forms": [],
        "minor": None,
        "outcome": "geen",
        "indicators": [],
        "kind": "k",
    }
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps(good) + "\n" + line + "\n", encoding="utf-8")
    loaded, problems = stats.load(path)
    assert len(loaded) == 1
    assert len(problems) == 1
    assert problems[0].startswith("line 2:")
    assert expected in problems[0]


def test_validation_names_unknown_ids_and_inconsistent_labels(vocab):
    bad = [
        {
            "id": "n001",
            "observer": "bakker",
            "text": "x",
            "forms": ["arbeid"],
            "minor": True,
            "outcome": "misschien",
            "indicators": ["not_an_indicator"],
            "kind": "k",
        },
        {
            "id": "n002",
            "observer": None,
            "text": "x",
            "forms": ["arbeid"],
            "minor": False,
            "outcome": "geen",
            "indicators": ["minor"],
            "kind": "k",
        },
        {
            "id": "n002",
            "observer": None,
            "text": "x",
            "forms": [],
            "minor": None,
            "outcome": "geen",
            "indicators": [],
            "kind": "k",
        },
    ]
    problems = "\n".join(stats.validate(bad, vocab))
    assert "unknown observer role 'bakker'" in problems
    assert "outcome 'misschien'" in problems
    assert "unknown indicators id(s) not_an_indicator" in problems
    assert "forms must be empty exactly when the outcome is 'geen'" in problems
    assert "'minor' is labelled exactly when minor is true" in problems
    assert "id 'n002' is used 2 times" in problems
