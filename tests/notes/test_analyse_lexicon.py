"""The lexicon is data, checked at load: every problem is named with its file, entry and reason."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.notes import LexiconError, lexicon_load
from signaalwijzer.notes.lexicon import DATA_DIR


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def _problems(data: Path) -> list[str]:
    with pytest.raises(LexiconError) as caught:
        lexicon_load(data, kb=knowledge_base())
    return caught.value.problems


def _add_entry(data: Path, block: str, *, replace: bool = False) -> None:
    """Append an entry to indicators_werk.yaml; with `replace`, first remove the shipped entry of that id."""
    entry_id = re.match(r"  - id: (\w+)", block).group(1)
    if replace:
        for other in data.glob("indicators_*.yaml"):
            text = other.read_text(encoding="utf-8")
            other.write_text(
                re.sub(rf"(?ms)^  - id: {entry_id}\n.*?(?=^  - id: |\Z)", "", text), encoding="utf-8"
            )
    path = data / "indicators_werk.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n" + block, encoding="utf-8")


def test_the_shipped_lexicon_loads_and_covers_every_indicator():
    kb = knowledge_base()
    lexicon = lexicon_load(kb=kb)

    covered = {p.key for p in lexicon.patterns if p.owner == "ind"}
    assert set(kb.indicators) - {"minor"} <= covered
    assert lexicon.patterns and lexicon.anchors


def test_an_unknown_indicator_id_is_named_with_file_and_entry(data):
    _add_entry(data, '  - id: passport_eaten_by_dog\n    patterns: ["paspoort + hond"]\n')

    problems = _problems(data)

    assert any(
        p.startswith("indicators_werk.yaml: passport_eaten_by_dog:") and "unknown indicator id" in p
        for p in problems
    ), problems


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("@nosuchclass + baas", "unknown word class '@nosuchclass'"),
        ("#>>3 uur", "bad number term"),
        ("%no_fact", "unknown fact"),
        ("pa* + baas", "too short for a wildcard"),
        ("_ baas", "cannot start with '_'"),
        ("paspoort +  + baas", "empty"),
    ],
)
def test_a_bad_pattern_is_named_with_its_position_and_reason(data, pattern, reason):
    _add_entry(data, f"  - id: debts\n    patterns: [{pattern!r}]\n".replace("'", '"'), replace=True)

    problems = _problems(data)

    assert any("debts: patterns[1]" in p and reason in p for p in problems), problems


def test_a_duplicate_entry_and_a_stale_skip_keyword_are_named(data):
    _add_entry(data, '  - id: works_excessive_hours\n    patterns: ["overuren"]\n')
    _add_entry(data, '  - id: debts\n    skip_keywords: ["not a keyword"]\n', replace=True)

    problems = _problems(data)

    assert any("works_excessive_hours: duplicate entry" in p for p in problems), problems
    assert any("debts: skip_keywords: 'not a keyword'" in p for p in problems), problems


def test_schema_errors_name_the_field(data):
    _add_entry(data, "  - id: debts\n    confidence: 1.5\n    colour: red\n", replace=True)

    problems = _problems(data)

    assert any("debts: confidence" in p for p in problems), problems
    assert any("debts: colour" in p for p in problems), problems


def test_unknown_ids_in_not_with_and_forms_are_named(data):
    _add_entry(data, "  - id: debts\n    not_with: [nope]\n", replace=True)
    forms = data / "forms.yaml"
    forms.write_text(
        forms.read_text(encoding="utf-8") + '  - {form: piracy, p: "piraat"}\n', encoding="utf-8"
    )

    problems = _problems(data)

    assert any("debts: not_with: unknown indicator id 'nope'" in p for p in problems), problems
    assert any("forms.yaml: cues[" in p and "unknown form 'piracy'" in p for p in problems), problems


def test_broken_yaml_is_named(data):
    (data / "language.yaml").write_text("fillers: [de, het\n", encoding="utf-8")

    problems = _problems(data)

    assert any(p.startswith("language.yaml: not valid YAML") for p in problems), problems
