"""`signaalwijzer screen`: weigh a set of indicators from the command line.

    signaalwijzer screen --role wijkteam --indicator documents_withheld --indicator works_excessive_hours
    signaalwijzer screen --role school --minor --indicator lvb,older_partner_with_money_and_gifts --json

The same engine call as the web page and the API (`screening_evaluate`); `--json` prints the same JSON
as `POST /api/v1/screenings`. Unknown ids or an unknown role end with a non-zero exit naming every one.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.knowledge import KnowledgeError, knowledge_base
from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate
from signaalwijzer.screening.result import ScreeningResult

OUTCOME_WORDS = {
    "nl": {"geen": "geen duidelijke aanwijzing", "zorgelijk": "zorgelijk", "vermoeden": "vermoeden"},
    "en": {"geen": "no clear indication", "zorgelijk": "concerning", "vermoeden": "suspicion"},
}
WORDS = {
    "nl": {
        "acute": "!! Direct gevaar? Bel 112.",
        "outcome": "Uitkomst",
        "why": "Waarom",
        "signals": "Wat je zag",
        "questions": "Wat weet je nog niet? Veilige vragen",
        "steps": "Wat kun je nu doen?",
        "step": "meldcode stap",
        "warnings": "Let op",
        "no_contact": "contact via je gemeente",
        "strength": {
            "strong": "sterk",
            "medium": "middelsterk",
            "weak": "zwak",
            "vulnerability": "kwetsbaar",
        },
    },
    "en": {
        "acute": "!! Immediate danger? Call 112.",
        "outcome": "Outcome",
        "why": "Why",
        "signals": "What you saw",
        "questions": "What don't you know yet? Safe questions",
        "steps": "What can you do now?",
        "step": "meldcode step",
        "warnings": "Note",
        "no_contact": "contact through your municipality",
        "strength": {"strong": "strong", "medium": "medium", "weak": "weak", "vulnerability": "vulnerable"},
    },
}


class Command(BaseCommand):
    help = "Weigh observed indicators for a role: outcome, explanation, next questions and next steps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", required=True, help="observer role id, e.g. wijkteam")
        parser.add_argument("--minor", action="store_true", help="the person is (probably) younger than 18")
        parser.add_argument(
            "--indicator",
            action="append",
            default=[],
            metavar="ID",
            help="an observed indicator id; repeat, or separate with commas",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = [part.strip() for value in options["indicator"] for part in value.split(",") if part.strip()]
        if not ids:
            raise CommandError(
                "Give at least one --indicator ID (repeat it, or separate ids with commas; "
                "see `signaalwijzer kennis stats` for the ids)."
            )
        try:
            kb = knowledge_base()
        except KnowledgeError as exc:
            raise CommandError(
                f"The knowledge base does not load; run `signaalwijzer kennis check`.\n{exc}"
            ) from None
        try:
            result = screening_evaluate(
                indicators=ids,
                role=options["role"],
                minor=options["minor"],
                kb=kb,
                coordinator=getattr(settings, "SIGNAALWIJZER", {}),
            )
        except UnknownIdsError as exc:
            raise CommandError(str(exc)) from None
        language = options["language"]
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(language), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(result, language))


def render_text(result: ScreeningResult, language: str) -> str:
    """The weighing as a plain-text summary: acute warning first, then outcome, why, signals, questions, steps."""
    words = WORDS[language]
    lines: list[str] = []
    if result.acute:
        lines.append(words["acute"])
    lines.append(
        f"{words['outcome']}: {OUTCOME_WORDS[language][result.outcome.name]} ({result.outcome.name})"
    )
    lines += ["", f"{words['why']}:"] + [f"  - {t.get(language)}" for t in result.explanation]
    lines += ["", f"{words['signals']}:"]
    for signal in result.signals:
        label = words["strength"][signal.strongest]
        if signal.kind == "vulnerability":
            label = f"{words['strength']['vulnerability']}, {label}"
        lines.append(f"  - [{label}] {signal.title.get(language)} ({signal.id})")
    if result.next_questions:
        lines += ["", f"{words['questions']}:"]
        for question in result.next_questions:
            lines.append(f"  - {question.text.get(language)}")
            lines.append(f"      {question.why.get(language)}")
    lines += ["", words["steps"]]
    for step in result.next_steps:
        prefix = f"({words['step']} {step.meldcode_step}) " if step.meldcode_step else ""
        lines.append(f"  - {prefix}{step.text.get(language)}")
        for route in step.routes:
            contact = ", ".join(part for part in (route.phone, route.email, route.url) if part)
            lines.append(f"      {route.name.get(language)}: {contact or words['no_contact']}")
    if result.warnings:
        lines += ["", f"{words['warnings']}:"] + [f"  * {w.get(language)}" for w in result.warnings]
    return "\n".join(lines)
