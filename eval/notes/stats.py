"""Validate the notes evaluation set and print its counts.

Usage, from the repository root:  python eval/notes/stats.py [NOTES.jsonl]

Checks every line against the schema in README.md: it parses, ids are unique, observers, forms and
indicator ids exist in the knowledge base (read straight from the YAML files, no Django), outcomes are
valid, and the labels agree with each other. Then prints the counts per part (development / held-out),
per outcome, form, observer and age. Exits 1 when any problem is found.

The split is fixed by a rule on the id, never by hand: see `part_of`.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NOTES_PATH = HERE / "notes.jsonl"
DATA_DIR = ROOT / "src" / "signaalwijzer" / "knowledge" / "data"

FIELDS = ("id", "observer", "text", "forms", "minor", "outcome", "indicators", "kind")
OUTCOMES = ("geen", "zorgelijk", "vermoeden")
PARTS = ("development", "heldout")
ID_PATTERN = re.compile(r"^n\d{3,}$")
MINOR_ID = "minor"


def part_of(note_id: str) -> str:
    """The fixed split: held-out when sha256(id) is divisible by 4 (about a quarter), else development."""
    return "heldout" if int(hashlib.sha256(note_id.encode()).hexdigest(), 16) % 4 == 0 else "development"


@dataclass(frozen=True)
class Vocabulary:
    """The ids the labels may use, read from the knowledge base's YAML files."""

    indicators: frozenset[str]
    forms: tuple[str, ...]
    roles: frozenset[str]


def vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    indicators: set[str] = set()
    for path in sorted((data_dir / "indicators").glob("*.yaml")):
        indicators.update(entry["id"] for entry in yaml.safe_load(path.read_text("utf-8"))["indicators"])
    forms = tuple(
        entry["id"] for entry in yaml.safe_load((data_dir / "forms.yaml").read_text("utf-8"))["forms"]
    )
    roles = {entry["id"] for entry in yaml.safe_load((data_dir / "roles.yaml").read_text("utf-8"))["roles"]}
    return Vocabulary(frozenset(indicators), forms, frozenset(roles))


def load(path: Path = NOTES_PATH) -> tuple[list[dict], list[str]]:
    """The notes, and a problem for every line that is not a JSON object."""
    notes, problems = [], []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"line {number}: empty line")
            continue
        try:
            note = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(note, dict):
            problems.append(f"line {number}: not a JSON object")
            continue
        notes.append(note)
    return notes, problems


def _note_problems(note: dict, vocab: Vocabulary) -> list[str]:
    where = f"note {note.get('id', '?')!s}"
    keys = set(note)
    if keys != set(FIELDS):
        missing, extra = sorted(set(FIELDS) - keys), sorted(keys - set(FIELDS))
        return [f"{where}: fields do not match the schema (missing {missing}, unexpected {extra})"]
    problems = []
    if not isinstance(note["id"], str) or not ID_PATTERN.match(note["id"]):
        problems.append(f"{where}: id must look like 'n001'")
    if note["observer"] is not None and note["observer"] not in vocab.roles:
        problems.append(f"{where}: unknown observer role {note['observer']!r}")
    if not isinstance(note["text"], str) or not note["text"].strip():
        problems.append(f"{where}: text is empty")
    if not isinstance(note["kind"], str) or not note["kind"].strip():
        problems.append(f"{where}: kind is empty")
    if note["minor"] not in (True, False, None):
        problems.append(f"{where}: minor must be true, false or null")
    if note["outcome"] not in OUTCOMES:
        problems.append(f"{where}: outcome {note['outcome']!r} is not one of {', '.join(OUTCOMES)}")
    for field, known in (("forms", set(vocab.forms)), ("indicators", vocab.indicators)):
        values = note[field]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(f"{where}: {field} must be a list of ids")
            continue
        if len(set(values)) != len(values):
            problems.append(f"{where}: {field} has duplicates")
        if unknown := sorted(set(values) - known):
            problems.append(f"{where}: unknown {field} id(s) {', '.join(unknown)}")
    if problems:
        return problems
    # The labels must agree with each other (README "Label guidelines").
    if (note["outcome"] == "geen") != (not note["forms"]):
        problems.append(f"{where}: forms must be empty exactly when the outcome is 'geen'")
    if (note["minor"] is True) != (MINOR_ID in note["indicators"]):
        problems.append(f"{where}: the indicator 'minor' is labelled exactly when minor is true")
    return problems


def validate(notes: list[dict], vocab: Vocabulary) -> list[str]:
    """Every problem with the notes, as readable lines; empty when the set is valid."""
    problems: list[str] = []
    for note in notes:
        problems.extend(_note_problems(note, vocab))
    ids = Counter(note.get("id") for note in notes)
    problems.extend(
        f"id {note_id!r} is used {n} times" for note_id, n in sorted(ids.items(), key=str) if n > 1
    )
    return problems


def coverage_problems(notes: list[dict], vocab: Vocabulary) -> list[str]:
    """Each part must hold every outcome and every form, so both can be measured on it."""
    problems = []
    for part in PARTS:
        in_part = [n for n in notes if part_of(n["id"]) == part]
        outcomes = {n["outcome"] for n in in_part}
        forms = {f for n in in_part for f in n["forms"]}
        if missing := [o for o in OUTCOMES if o not in outcomes]:
            problems.append(f"{part}: no note with outcome {', '.join(missing)}")
        if missing := [f for f in vocab.forms if f not in forms]:
            problems.append(f"{part}: no note with form {', '.join(missing)}")
    return problems


def _row(label: str, counter: Counter, keys, total: int | None = None) -> str:
    cells = "  ".join(f"{k}={counter.get(k, 0)}" for k in keys)
    return f"  {label:<22}{cells}" + (f"  (n={total})" if total is not None else "")


def report(notes: list[dict], vocab: Vocabulary) -> str:
    lines = [f"notes: {len(notes)}"]
    observers = sorted(vocab.roles) + [None]
    scopes = [("all", notes)] + [(part, [n for n in notes if part_of(n["id"]) == part]) for part in PARTS]
    for name, group in scopes:
        words = [len(n["text"].split()) for n in group]
        lines.append(
            f"\n[{name}] {len(group)} notes, words per note: median {statistics.median(words):g}, "
            f"min {min(words)}, max {max(words)}"
        )
        lines.append(_row("outcome", Counter(n["outcome"] for n in group), OUTCOMES))
        lines.append(_row("form (notes)", Counter(f for n in group for f in n["forms"]), vocab.forms))
        lines.append(
            _row("minor", Counter(str(n["minor"]).lower() for n in group), ("true", "false", "none"))
        )
        obs = Counter(n["observer"] for n in group)
        lines.append(
            "  observer              " + "  ".join(f"{o or 'null'}={obs.get(o, 0)}" for o in observers)
        )
        lines.append(f"  english (kind tag)    {sum('english' in n['kind'] for n in group)}")
        mentions = sum(len(n["indicators"]) for n in group)
        lines.append(f"  indicator labels      {mentions} ({mentions / len(group):.1f} per note)")
    used = Counter(i for n in notes for i in n["indicators"])
    lines.append(f"\nindicator ids used: {len(used)} of {len(vocab.indicators)} in the knowledge base")
    lines.append("most labelled: " + ", ".join(f"{i} {c}" for i, c in used.most_common(10)))
    if unused := sorted(vocab.indicators - set(used)):
        lines.append("never labelled: " + ", ".join(unused))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else NOTES_PATH
    vocab = vocabulary()
    notes, problems = load(path)
    problems += validate(notes, vocab)
    if not problems:
        problems += coverage_problems(notes, vocab)
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(report(notes, vocab))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
