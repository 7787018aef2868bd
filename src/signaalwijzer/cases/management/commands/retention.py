"""`signaalwijzer retention apply [--apply] [--json]`: delete dossiers closed longer than the retention term.

A dry run unless `--apply`: it lists what would be deleted and writes nothing. With `--apply` every dossier
closed more than SIGNAALWIJZER_RETENTION_DAYS days ago is deleted with its history and shares; each
deletion leaves a row in the deletion log (CaseDeletion: number, organisation, dates, reason; no content)
and an audit entry `case.retention_delete`. Run it daily from cron; it exits 0 when there is nothing to do.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from signaalwijzer.cases.maintenance import RetentionItem, cases_retention_apply


class Command(BaseCommand):
    help = "Verwijder dossiers die langer dan de bewaartermijn gesloten zijn (proefdraai tenzij --apply)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{apply}")
        apply = actions.add_parser(
            "apply",
            help="Toon (of met --apply: verwijder) dossiers die langer dan de bewaartermijn gesloten zijn.",
            description=(
                "Zonder --apply een proefdraai: toont wat verwijderd zou worden en schrijft niets. "
                "Met --apply: verwijdert, met een regel in het verwijderlog en in het auditlog per dossier."
            ),
        )
        apply.add_argument("--apply", dest="do_apply", action="store_true", help="Verwijder echt.")
        apply.add_argument(
            "--json", dest="as_json", action="store_true", help="Druk het resultaat af als JSON."
        )

    def handle(self, *args: Any, action: str, do_apply: bool, as_json: bool, **options: Any) -> None:
        days = settings.CASE_RETENTION_DAYS
        total = 0

        def progress(_what: str, done: int, count: int) -> None:
            nonlocal total
            total = count
            if not as_json and count > 200:
                self.stderr.write(f"… {done} van {count} dossiers verwijderd")

        items = cases_retention_apply(apply=do_apply, progress=progress)
        if as_json:
            self.stdout.write(json.dumps(_as_dict(items, applied=do_apply, days=days), indent=2))
            return
        if not items:
            self.stdout.write(
                self.style.SUCCESS(f"Geen dossiers langer dan {days} dagen gesloten. Niets te doen.")
            )
            return
        count = len(items)
        word = "dossier" if count == 1 else "dossiers"
        if not do_apply:
            self.stdout.write(
                f"Proefdraai: {count} {word} langer dan {days} dagen gesloten; deze zouden worden verwijderd:"
            )
        for item in items:
            self.stdout.write(f"  {_line(item)}")
        if do_apply:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count} {word} verwijderd (bewaartermijn {days} dagen). "
                    "Elk staat in het verwijderlog en in het auditlog (case.retention_delete)."
                )
            )
        else:
            self.stdout.write("Er is niets verwijderd. Voer opnieuw uit met --apply om ze te verwijderen.")


def _reference(case_id: int) -> str:
    return f"D-{case_id:06d}"


def _line(item: RetentionItem) -> str:
    closed = timezone.localdate(item.closed_at).isoformat()
    return f"{_reference(item.case_id)}  gesloten op {closed}  {item.organisation}"


def _as_dict(items: list[RetentionItem], *, applied: bool, days: int) -> dict[str, Any]:
    return {
        "applied": applied,
        "retention_days": days,
        "count": len(items),
        "cases": [
            {
                "case_id": item.case_id,
                "reference": _reference(item.case_id),
                "organisation": item.organisation,
                "closed_at": item.closed_at.isoformat(),
            }
            for item in items
        ],
    }
