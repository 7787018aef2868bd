"""The pattern lint catches the syntax traps of ADR 0008, and the lexicon data is free of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from signaalwijzer.notes.lexicon import DATA_DIR, pattern_lint


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("oudere|veel oudere vriend", "repeats the word next to it"),
        ("lacht het weg|weg", "word repeated in slot"),
        ("bang|angstig||bezorgd", "empty alternative in slot"),
        ("paspoort + ", "empty part"),
        ("kas / kas + werkt", "alternative repeated"),
    ],
)
def test_lint_flags_likely_wrong_patterns(pattern: str, says: str) -> None:
    assert any(says in problem for problem in pattern_lint(pattern))


def test_lint_advisory_flags_a_slash_alternative_that_repeats_another_part() -> None:
    pattern = "werkt + 7 dagen / werkt elke dag"
    assert pattern_lint(pattern) == []
    assert any("pattern of its own" in problem for problem in pattern_lint(pattern, advisory=True))


@pytest.mark.parametrize(
    "pattern", ["oudere vriend / veel oudere vriend", "bang|angstig + voor + baas", "#>=11 uur per dag"]
)
def test_lint_accepts_well_formed_patterns(pattern: str) -> None:
    assert pattern_lint(pattern) == []


def _patterns(node: object, key: str = ""):
    if isinstance(node, dict):
        for k, value in node.items():
            if k == "p" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value, k)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, str) and key in ("patterns", "unless"):
                yield value
            else:
                yield from _patterns(value, key)


def test_lexicon_data_has_no_pattern_traps() -> None:
    found = []
    for path in sorted(Path(DATA_DIR).glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for pattern in _patterns(data):
            found += [f"{path.name}: '{pattern}': {problem}" for problem in pattern_lint(pattern)]
    assert found == []
