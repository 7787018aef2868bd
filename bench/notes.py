"""Benchmark of note analysis on the evaluation set. Prints figures; asserts nothing.

For the development part and the held-out part separately (the split is fixed by a rule on the id,
see eval/notes/stats.py): indicator-level micro precision / recall / F1, form-level F1 (micro over
notes x forms), outcome accuracy and the confusion between outcomes, the number of notes labelled
`geen` that came out `vermoeden` (target 0), and minor accuracy. For reference, the outcome accuracy
the engine reaches when given the GOLD indicators: the ceiling for the analysis.

Speed: notes per second on one core, measured on (a) the development notes as they are, also
normalised to 150-word notes, and (b) 1000 synthetic notes of 150 words, each put together from random
sentences of the development notes. "cold" starts from an empty word cache (a fresh process), "warm"
is the steady state of a running server.

Usage: .venv/bin/python bench/notes.py [--part dev|heldout|both] [--notes eval/notes/notes.jsonl]
`--part dev` also prints every development note the analysis gets wrong (for tuning). Held-out notes
are only ever counted: no text, label or per-note error of them is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from signaalwijzer.knowledge import knowledge_base  # noqa: E402
from signaalwijzer.notes import lexicon_load, note_analyse, note_read_all  # noqa: E402
from signaalwijzer.screening.engine import screening_evaluate  # noqa: E402

OUTCOMES = ("geen", "zorgelijk", "vermoeden")
NOTES = ROOT / "eval" / "notes" / "notes.jsonl"
SYNTHETIC_WORDS = 150


def part_of(note_id: str) -> str:
    """The fixed split of eval/notes/stats.py: held-out when sha256(id) % 4 == 0."""
    return "heldout" if int(hashlib.sha256(note_id.encode()).hexdigest(), 16) % 4 == 0 else "dev"


def load(path: Path) -> dict[str, list[dict]]:
    parts: dict[str, list[dict]] = {"dev": [], "heldout": []}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            note = json.loads(line)
            parts[part_of(note["id"])].append(note)
    return parts


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def evaluate(notes: list[dict], kb, lexicon, *, show_errors: bool) -> dict:
    ind = Counter()
    form = Counter()
    outcome_hits = 0
    minor_hits = 0
    ceiling_hits = 0
    confusion = Counter()
    errors = []
    for note in notes:
        role = note.get("observer") if note.get("observer") in kb.roles else None
        reading = note_read_all(note["text"], lexicon=lexicon)
        analysis = note_analyse(note["text"], role=role, kb=kb, reading=reading)
        line = analysis.as_line(note["id"])
        predicted = {i["id"] for i in line["indicators"]}
        gold = set(note["indicators"])
        ind.update(tp=len(predicted & gold), fp=len(predicted - gold), fn=len(gold - predicted))
        p_forms, g_forms = set(line["forms"]), set(note["forms"])
        form.update(tp=len(p_forms & g_forms), fp=len(p_forms - g_forms), fn=len(g_forms - p_forms))
        confusion[(note["outcome"], line["outcome"])] += 1
        outcome_hits += line["outcome"] == note["outcome"]
        minor_hits += line["minor"] == note["minor"]
        ceiling = screening_evaluate(
            indicators=gold, role=role or "wijkteam", minor=note["minor"] is True, kb=kb
        ).outcome.name
        ceiling_hits += ceiling == note["outcome"]
        if show_errors and (
            predicted != gold
            or p_forms != g_forms
            or line["outcome"] != note["outcome"]
            or line["minor"] != note["minor"]
        ):
            errors.append((note, line, predicted, gold, ceiling))
    n = len(notes)
    return {
        "n": n,
        "indicators": f1(ind["tp"], ind["fp"], ind["fn"]),
        "forms": f1(form["tp"], form["fp"], form["fn"]),
        "outcome": outcome_hits / n if n else 0.0,
        "confusion": confusion,
        "geen_as_vermoeden": confusion[("geen", "vermoeden")],
        "minor": minor_hits / n if n else 0.0,
        "ceiling": ceiling_hits / n if n else 0.0,
        "errors": errors,
    }


def print_part(name: str, figures: dict) -> None:
    p, r, f = figures["indicators"]
    fp_, fr, ff = figures["forms"]
    print(f"\n[{name}] {figures['n']} notes")
    print(f"  indicators (micro)   precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(
        f"  forms (micro)        precision {fp_:.3f}  recall {fr:.3f}  F1 {ff:.3f}   (target on held-out >= 0.85)"
    )
    print(f"  outcome accuracy     {figures['outcome']:.3f}   (target on held-out >= 0.80)")
    print(f"  geen -> vermoeden    {figures['geen_as_vermoeden']}   (target 0)")
    print(f"  minor accuracy       {figures['minor']:.3f}")
    print(f"  ceiling: engine outcome accuracy with the gold indicators {figures['ceiling']:.3f}")
    print("  confusion (rows gold, columns predicted):")
    print("    " + " " * 10 + "".join(f"{o:>11}" for o in OUTCOMES))
    for gold in OUTCOMES:
        print(f"    {gold:<10}" + "".join(f"{figures['confusion'][(gold, pred)]:>11}" for pred in OUTCOMES))


def print_errors(errors: list) -> None:
    print(f"\n[dev] {len(errors)} notes with at least one difference:")
    for note, line, predicted, gold, ceiling in errors:
        text = note["text"]
        print(
            f"\n--- {note['id']} ({note['observer']}, {note['kind']}) outcome gold {note['outcome']} "
            f"pred {line['outcome']} (ceiling {ceiling}); minor gold {note['minor']} pred {line['minor']}; "
            f"forms gold {note['forms']} pred {line['forms']}"
        )
        print("    " + text.replace("\n", " / "))
        for item in line["indicators"]:
            mark = "  " if item["id"] in gold else "FP"
            quotes = [text[s:e] for s, e in item["evidence"]]
            print(f"    {mark} {item['id']} {item['confidence']} {quotes}")
        for missing in sorted(gold - predicted):
            print(f"    FN {missing}")


def synthetic_notes(notes: list[dict], count: int, seed: int = 20261129) -> list[str]:
    """Notes of about 150 words from random sentences of the given (development) notes."""
    sentences = [s.strip() for n in notes for s in re.split(r"(?<=[.!?])\s+|\n+", n["text"]) if s.strip()]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words: list[str] = []
        chosen = []
        while len(words) < SYNTHETIC_WORDS:
            sentence = rng.choice(sentences)
            chosen.append(sentence)
            words += sentence.split()
        out.append(" ".join(chosen))
    return out


def timed(texts: list[str], kb, *, fresh: bool, repeat: int = 1) -> float:
    """Notes per second for full analyses (reading + weighing), on this process's one core."""
    lexicon = lexicon_load(kb=kb) if fresh else None
    if lexicon is None:
        lexicon = lexicon_load(kb=kb)
        for text in texts:  # warm the word cache
            note_read_all(text, lexicon=lexicon)
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            note_analyse(text, kb=kb, reading=note_read_all(text, lexicon=lexicon))
    return len(texts) * repeat / (time.perf_counter() - start)


def bench_speed(dev: list[dict], kb) -> None:
    texts = [n["text"] for n in dev]
    words = statistics.mean(len(t.split()) for t in texts)
    print("\n[speed] one core, full analysis (reading + weighing) per note")
    cold = timed(texts, kb, fresh=True)
    warm = timed(texts, kb, fresh=False, repeat=5)
    print(f"  development notes (mean {words:.0f} words): cold {cold:,.0f} notes/s, warm {warm:,.0f} notes/s")
    print(
        f"    normalised to 150-word notes: cold {cold * words / SYNTHETIC_WORDS:,.0f}/s, "
        f"warm {warm * words / SYNTHETIC_WORDS:,.0f}/s"
    )
    synthetic = synthetic_notes(dev, 1000)
    s_words = statistics.mean(len(t.split()) for t in synthetic)
    cold = timed(synthetic, kb, fresh=True)
    warm = timed(synthetic, kb, fresh=False, repeat=3)
    print(
        f"  1000 synthetic notes of {s_words:.0f} words: cold {cold:,.0f} notes/s, warm {warm:,.0f} notes/s"
        f"   (target >= 200)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["dev", "heldout", "both"], default="both")
    parser.add_argument("--notes", type=Path, default=NOTES)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    kb = knowledge_base()
    lexicon = lexicon_load(kb=kb)
    parts = load(args.notes)
    if args.part in ("dev", "both"):
        figures = evaluate(parts["dev"], kb, lexicon, show_errors=args.part == "dev")
        print_part("development", figures)
    if args.part in ("heldout", "both"):
        # Never print anything per held-out note.
        print_part("held-out", evaluate(parts["heldout"], kb, lexicon, show_errors=False))
    if args.part == "dev":
        print_errors(figures["errors"])
    if not args.no_speed:
        bench_speed(parts["dev"], kb)


if __name__ == "__main__":
    main()
