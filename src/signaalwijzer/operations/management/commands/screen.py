"""`signaalwijzer screen`: weigh a set of indicators from the command line."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate
from signaalwijzer.screening.result import ScreeningResult

OUTCOME_WORDS = {
    "nl": {"geen": "geen duidelijke aanwijzing", "zorgelijk": "zorgelijk", "vermoeden": "vermoeden"},
    "en": {"geen": "no clear indication", "zorgelijk": "concerning", "vermoeden": "suspicion"},
}
HEADINGS = {
    "nl": ("Uitkomst", "Waarom", "Signalen", "Wat weet je nog niet?", "Wat kun je nu doen?", "meldcode stap"),
    "en": ("Outcome", "Why", "Signals", "What don't you know yet?", "What can you do now?", "meldcode step"),
}


class Command(BaseCommand):
    help = "Weigh observed indicators for a role: outcome, explanation, next questions and next steps."

    def add_arguments(self, parser):
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

    def handle(self, *args, role, minor, indicator, json, language, **options):
        ids = [part.strip() for value in indicator for part in value.split(",") if part.strip()]
        if not ids:
            raise CommandError("Give at least one --indicator ID (see `signaalwijzer kennis stats`).")
        try:
            result = screening_evaluate(
                indicators=ids,
                role=role,
                minor=minor,
                kb=knowledge_base(),
                coordinator=settings.SIGNAALWIJZER,
            )
        except UnknownIdsError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(result.as_dict(language)))
        else:
            self.stdout.write(render_text(result, language))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_text(result: ScreeningResult, language: str) -> str:
    outcome_h, why_h, signals_h, questions_h, steps_h, step_word = HEADINGS[language]
    lines: list[str] = []
    if result.acute:
        lines.append(
            "!! " + ("Direct gevaar? Bel 112." if language == "nl" else "Immediate danger? Call 112.")
        )
    lines.append(f"{outcome_h}: {OUTCOME_WORDS[language][result.outcome.name]} ({result.outcome.name})")
    lines += ["", f"{why_h}:"] + [f"  - {t.get(language)}" for t in result.explanation]
    lines += ["", f"{signals_h}:"]
    for signal in result.signals:
        lines.append(f"  - [{signal.strongest}] {signal.title.get(language)} ({signal.id})")
    if result.next_questions:
        lines += ["", f"{questions_h}:"] + [f"  - {q.text.get(language)}" for q in result.next_questions]
    lines += ["", f"{steps_h}:"]
    for step in result.next_steps:
        prefix = f"({step_word} {step.meldcode_step}) " if step.meldcode_step else ""
        lines.append(f"  - {prefix}{step.text.get(language)}")
        for route in step.routes:
            contact = ", ".join(part for part in (route.phone, route.email, route.url) if part)
            lines.append(f"      {route.name.get(language)}: {contact or '-'}")
    for warning in result.warnings:
        lines.append(f"\n* {warning.get(language)}")
    return "\n".join(lines)
