"""The loader reports every problem in broken content with its file, entry and reason.

Each test breaks one thing in a copy of the shipped data directory, so the rest stays realistic.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import yaml

from signaalwijzer.knowledge import KnowledgeError, knowledge_load, loader


@cache
def _shipped_problems() -> int:
    try:
        knowledge_load(loader.DATA_DIR)
    except KnowledgeError as exc:
        return len(exc.problems)
    return 0


def _skip_unless_shipped_content_loads() -> None:
    # Broken shipped content still fails the build: `make install` runs `signaalwijzer kennis check`.
    if count := _shipped_problems():
        pytest.skip(f"the shipped knowledge base does not load yet ({count} problems; see kennis check)")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A copy of the shipped data directory, checked to load cleanly before a test breaks it."""
    _skip_unless_shipped_content_loads()
    target = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, target)
    return target


def edit(path: Path, key: str, change: Callable[[list[dict]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data[key])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def indicator_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "indicators").glob("*.yaml"))


def file_with(data_dir: Path, indicator_id: str) -> Path:
    for path in indicator_files(data_dir):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]
        if any(entry["id"] == indicator_id for entry in entries):
            return path
    raise AssertionError(f"{indicator_id} is in no indicator file")


def first_indicator(path: Path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"][0]["id"]


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as failure:
        knowledge_load(data_dir)
    assert failure.value.problems
    return failure.value.problems


def test_a_copy_of_the_shipped_data_loads_with_the_same_content(data_dir):
    copy, shipped = knowledge_load(data_dir), knowledge_load()

    assert copy.indicators == shipped.indicators
    assert copy.guides == shipped.guides
    assert copy.routes == shipped.routes


def test_invalid_yaml_names_the_file(data_dir):
    (data_dir / "roles.yaml").write_text(
        "roles:\n  - id: wijkteam\n    title: {nl: [unclosed\n", encoding="utf-8"
    )

    assert any(p.startswith("roles.yaml: not valid YAML") for p in problems(data_dir))


def test_invalid_yaml_in_an_indicator_file_names_that_file(data_dir):
    path = indicator_files(data_dir)[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [broken\n", encoding="utf-8")

    assert any(p.startswith(f"{path.name}: not valid YAML") for p in problems(data_dir))


def test_a_missing_required_field_names_file_entry_and_field(data_dir):
    path = indicator_files(data_dir)[0]
    entry_id = first_indicator(path)
    edit(path, "indicators", lambda entries: entries[0].pop("title"))

    found = [p for p in problems(data_dir) if f"{path.name}: {entry_id}: title:" in p]
    assert found, problems(data_dir)
    assert "required" in found[0].lower()


def test_an_unknown_field_is_named(data_dir):
    path = indicator_files(data_dir)[0]
    entry_id = first_indicator(path)
    edit(path, "indicators", lambda entries: entries[0].update({"strenght": "strong"}))

    assert any(f"{path.name}: {entry_id}: strenght:" in p for p in problems(data_dir))


def test_a_bad_value_names_the_field_inside_the_entry(data_dir):
    path = indicator_files(data_dir)[0]
    entry_id = first_indicator(path)

    def break_strength(entries):
        form = next(iter(entries[0]["forms"]))
        entries[0]["forms"][form] = "very_strong"

    edit(path, "indicators", break_strength)

    found = [p for p in problems(data_dir) if f"{path.name}: {entry_id}: forms." in p]
    assert len(found) == 1, problems(data_dir)
    assert "'strong', 'medium' or 'weak'" in found[0]


def test_a_duplicate_id_is_reported(data_dir):
    files = indicator_files(data_dir)
    source, target = files[0], files[-1]
    entry_id = first_indicator(source)
    duplicate = yaml.safe_load(source.read_text(encoding="utf-8"))["indicators"][0]
    edit(target, "indicators", lambda entries: entries.append(duplicate))

    assert any(p.endswith(f"{entry_id}: duplicate id") for p in problems(data_dir))


def test_an_unknown_role_reference_is_reported(data_dir):
    path = indicator_files(data_dir)[0]
    entry_id = first_indicator(path)
    edit(path, "indicators", lambda entries: entries[0]["roles"].append("astronaut"))

    assert any(f"{entry_id}: roles: unknown id 'astronaut'" in p for p in problems(data_dir))


def test_an_unknown_route_in_a_role_guide_is_reported(data_dir):
    path = data_dir / "guides" / "wijkteam.yaml"
    if not path.exists():
        path = sorted((data_dir / "guides").glob("*.yaml"))[0]
    edit(path, "guides", lambda guides: guides[0]["routes"].append("teleport"))

    assert any("routes: unknown id 'teleport'" in p for p in problems(data_dir))


def test_a_missing_required_indicator_is_reported(data_dir):
    path = file_with(data_dir, "documents_withheld")
    edit(
        path,
        "indicators",
        lambda entries: entries.remove(next(e for e in entries if e["id"] == "documents_withheld")),
    )

    assert "indicators/: required indicator 'documents_withheld' is missing" in problems(data_dir)


def test_a_missing_file_is_reported(data_dir):
    (data_dir / "routes.yaml").unlink()

    assert any(p.startswith("routes.yaml: cannot be read") for p in problems(data_dir))


def test_every_problem_is_reported_at_once(data_dir):
    (data_dir / "sources.yaml").write_text("sources: {}\n", encoding="utf-8")
    path = indicator_files(data_dir)[0]
    entry_id = first_indicator(path)
    edit(path, "indicators", lambda entries: entries[0].update({"domain": "ruimtevaart"}))

    found = problems(data_dir)
    assert any("expected a top-level 'sources:' list" in p for p in found)
    assert any(f"{entry_id}: domain: unknown id 'ruimtevaart'" in p for p in found)
