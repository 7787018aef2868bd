"""`signaalwijzer analyse`: suggest indicators from a note, quote the words, and weigh them.

    signaalwijzer analyse --role wijkteam notitie.txt
    echo "Paspoort ligt bij de baas, werkt 14 uur per dag." | signaalwijzer analyse -
    signaalwijzer analyse --json notitie.txt
    signaalwijzer analyse --jsonl notes.jsonl > analyses.jsonl

The same core call as the web page and `POST /api/v1/analyses` (`note_analyse`); `--json` prints the
same JSON as the API. `--jsonl` reads one object per line, `{"id", "text", "observer"?}`, and writes one
line per analysed note, in order: `{"id", "minor", "indicators", "forms", "outcome"}`. An unknown observer
is ignored with a warning; a line that is not JSON or has no text is reported with its line number on
standard error, the other lines are still analysed, and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.knowledge import KnowledgeBase, KnowledgeError, knowledge_base
from signaalwijzer.notes import LexiconError, NoteAnalysis, lexicon_for, note_analyse, note_read_all
from signaalwijzer.operations.management.commands.screen import render_text
from signaalwijzer.screening.engine import UnknownIdsError

WORDS = {
    "nl": {
        "suggested": "Signalen in de tekst (voorstel: kijk zelf of ze kloppen)",
        "none": "Geen signalen gevonden in de tekst.",
        "confidence": "zekerheid",
        "minor": "Leeftijd",
        "minor_values": {
            True: "waarschijnlijk jonger dan 18",
            False: "waarschijnlijk 18 of ouder",
            None: "onbekend",
        },
        "forms": "Past bij",
        "no_forms": "geen vorm van uitbuiting",
        "capped": "Let op: de schrijver zegt zelf dat er geen aanwijzingen zijn; daarom is het voorstel "
        "'zorgelijk' en geen 'vermoeden'. Kijk er nog eens naar.",
        "weighing": "Weging van de voorgestelde signalen",
        "role_default": "Geen rol opgegeven; de weging gebruikt de rol wijkteam.",
    },
    "en": {
        "suggested": "Signals in the text (a suggestion: check them yourself)",
        "none": "No signals found in the text.",
        "confidence": "confidence",
        "minor": "Age",
        "minor_values": {True: "probably younger than 18", False: "probably 18 or older", None: "unknown"},
        "forms": "Fits",
        "no_forms": "no form of exploitation",
        "capped": "Note: the writer says there are no signs; so the suggestion is 'zorgelijk', not "
        "'vermoeden'. Please look again.",
        "weighing": "Weighing of the suggested signals",
        "role_default": "No role given; the weighing uses the role wijkteam.",
    },
}


class Command(BaseCommand):
    help = "Suggest indicators from a note (with the words they came from) and weigh them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="a text file with the note, or - for standard input")
        parser.add_argument("--role", help="observer role id, e.g. wijkteam (default for --jsonl lines too)")
        parser.add_argument("--json", action="store_true", help="print the analysis as JSON")
        parser.add_argument(
            "--jsonl", metavar="IN.jsonl", help="analyse one note per line (- for standard input)"
        )
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            kb = knowledge_base()
            lexicon_for(kb)
        except (KnowledgeError, LexiconError) as exc:
            raise CommandError(f"The knowledge base or the note lexicon does not load.\n{exc}") from None
        role = options["role"]
        if role is not None and role not in kb.roles:
            raise CommandError(f"Unknown role '{role}'; valid roles: {', '.join(kb.roles)}.")
        if options["jsonl"]:
            if options["file"]:
                raise CommandError("Give either a FILE or --jsonl IN.jsonl, not both.")
            self._jsonl(options["jsonl"], kb=kb, role=role)
            return
        if not options["file"]:
            raise CommandError("Give a FILE with the note, or - to read it from standard input.")
        text = _read(options["file"])
        if not text.strip():
            raise CommandError("The note is empty.")
        analysis = _analyse(text, kb=kb, role=role)
        language = options["language"]
        if options["json"]:
            self.stdout.write(json.dumps(analysis.as_dict(language, kb), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_analysis(analysis, kb, language))

    def _jsonl(self, path: str, *, kb: KnowledgeBase, role: str | None) -> None:
        failed = 0
        stream = sys.stdin if path == "-" else _open(path)
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                problem, note = _parse_line(line)
                if problem:
                    failed += 1
                    self.stderr.write(f"line {number}: {problem}")
                    continue
                observer = note.get("observer")
                line_role = role
                if observer is not None:
                    if isinstance(observer, str) and observer in kb.roles:
                        line_role = observer
                    else:
                        self.stderr.write(f"line {number}: unknown observer {observer!r} ignored")
                analysis = _analyse(note["text"], kb=kb, role=line_role)
                self.stdout.write(json.dumps(analysis.as_line(note.get("id")), ensure_ascii=False))
        finally:
            if stream is not sys.stdin:
                stream.close()
        if failed:
            raise CommandError(f"{failed} line(s) could not be analysed; see the messages above.")


def _open(path: str) -> TextIO:
    try:
        return Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise CommandError(f"Cannot read {path}: not UTF-8 text.") from None


def _parse_line(line: str) -> tuple[str, dict]:
    """("", note) for a usable line, or (the problem, {})."""
    try:
        note = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at column {exc.colno})", {}
    if not isinstance(note, dict):
        return "not a JSON object", {}
    if "text" not in note:
        return "no 'text'", {}
    if not isinstance(note["text"], str) or not note["text"].strip():
        return "'text' must be a non-empty string", {}
    return "", note


def _analyse(text: str, *, kb: KnowledgeBase, role: str | None) -> NoteAnalysis:
    try:
        return note_analyse(
            text,
            role=role,
            kb=kb,
            coordinator=getattr(settings, "SIGNAALWIJZER", {}),
            reading=note_read_all(text, lexicon=lexicon_for(kb)),
        )
    except UnknownIdsError as exc:
        raise CommandError(str(exc)) from None


def render_analysis(analysis: NoteAnalysis, kb: KnowledgeBase, language: str) -> str:
    """Suggestions with their quoted words, the age, the forms, then the weighing as `screen` prints it."""
    words = WORDS[language]
    text = analysis.text
    lines = [f"{words['suggested']}:"]
    if not analysis.suggestions:
        lines.append(f"  {words['none']}")
    for suggestion in analysis.suggestions:
        title = kb.indicators[suggestion.id].title.get(language)
        lines.append(f"  - {title} ({suggestion.id}; {words['confidence']} {suggestion.confidence:.2f})")
        lines.append("      " + ", ".join(f"“{quote}”" for quote in suggestion.quotes(text)))
    minor = analysis.minor
    reasons = "; ".join(reason.get(language) for reason in minor.reasons)
    lines += [
        "",
        f"{words['minor']}: {words['minor_values'][minor.value]}" + (f" ({reasons})" if reasons else ""),
    ]
    forms = ", ".join(kb.forms[f].title.get(language) for f in analysis.forms) or words["no_forms"]
    lines.append(f"{words['forms']}: {forms}")
    if analysis.capped:
        lines += ["", words["capped"]]
    lines += ["", f"== {words['weighing']} =="]
    if analysis.role is None:
        lines.append(words["role_default"])
    lines.append(render_text(analysis.result, language))
    return "\n".join(lines)
