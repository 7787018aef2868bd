"""`signaalwijzer audit verify|show`: the operator's view of the audit log.

`verify` recomputes the hash chain over every entry and lists every problem with its position; it exits
non-zero on any. Print its last line daily to a log outside this database (ADR 0006) and pass it back as
`--anchor` to also catch a rewritten or removed tail. `show` prints one object's entries, newest first.
"""

from __future__ import annotations

import json
import re
from argparse import ArgumentTypeError
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.audit.selectors import (
    ENTRIES_LIMIT_MAX,
    Problem,
    VerifyReport,
    audit_chain_verify,
    audit_entries_for,
)

ANCHOR_PATTERN = re.compile(r"(\d+):([0-9a-f]{64})")


def _anchor(value: str) -> tuple[int, str]:
    match = ANCHOR_PATTERN.fullmatch(value.strip().lower())
    if not match:
        raise ArgumentTypeError(f"{value!r}: verwacht POSITIE:HASH (64 hextekens)")
    return int(match[1]), match[2]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError("moet 1 of meer zijn")
    return number


class Command(BaseCommand):
    help = "Controleer de hashketen van het auditlog (verify) of toon de regels van één object (show)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{verify,show}")
        verify = actions.add_parser(
            "verify",
            help="Controleer elke regel; toont elk probleem met zijn positie.",
            description="Controleer elke regel; toont elk probleem met zijn positie.",
        )
        verify.add_argument(
            "--json", dest="as_json", action="store_true", help="Druk het rapport af als JSON."
        )
        verify.add_argument(
            "--anchor",
            type=_anchor,
            action="append",
            default=[],
            metavar="POSITIE:HASH",
            help="Een eerder buiten de database bewaarde hash; controleert dat die regel nog zo bestaat.",
        )
        verify.add_argument(
            "--batch-size",
            type=_positive,
            default=5000,
            metavar="N",
            help="Regels per databasequery (standaard: %(default)s).",
        )
        verify.add_argument(
            "--progress-every",
            type=_positive,
            default=100_000,
            metavar="N",
            help="Meld de voortgang op stderr na elke N regels (standaard: %(default)s).",
        )
        show = actions.add_parser(
            "show",
            help="Toon de regels van één object, nieuwste eerst.",
            description="Toon de regels van één object, nieuwste eerst.",
        )
        show.add_argument("--object-type", required=True, help="Bijvoorbeeld: case, signal.")
        show.add_argument("--object-id", required=True)
        show.add_argument(
            "--limit",
            type=_positive,
            default=100,
            help=f"Hoogstens zoveel regels (standaard: %(default)s, max {ENTRIES_LIMIT_MAX}).",
        )
        show.add_argument("--json", dest="as_json", action="store_true", help="Eén JSON-object per regel.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self._verify(**options)
        else:
            self._show(**options)

    def _verify(
        self, *, as_json: bool, anchor: list[tuple[int, str]], batch_size: int, progress_every: int, **_: Any
    ) -> None:
        reported = 0

        def progress(done: int, total: int) -> None:
            nonlocal reported
            if done - reported >= progress_every or (done == total and reported):
                self.stderr.write(f"… {done} van {total} regels gecontroleerd")
                reported = done

        report = audit_chain_verify(batch_size=batch_size, anchors=anchor, progress=progress)
        if as_json:
            self.stdout.write(json.dumps(_report_dict(report), indent=2))
        if report.ok:
            if not as_json:
                self.stdout.write(self.style.SUCCESS(_summary(report)))
            return
        if not as_json:
            for problem in report.problems:
                self.stderr.write(problem_text(problem))
        count = len(report.problems)
        word = "probleem" if count == 1 else "problemen"
        raise CommandError(
            f"Auditlog beschadigd: {count} {word} in {report.rows} regels (posities: {_positions(report.problems)})"
        )

    def _show(self, *, object_type: str, object_id: str, limit: int, as_json: bool, **_: Any) -> None:
        entries = list(audit_entries_for(object_type, object_id, limit=limit))
        for entry in entries:
            if as_json:
                self.stdout.write(json.dumps(_entry_dict(entry), ensure_ascii=False))
            else:
                who = entry.actor_username or "(systeem)"
                if entry.actor_organisation:
                    who += f" ({entry.actor_organisation})"
                detail = f"  {json.dumps(entry.detail, ensure_ascii=False)}" if entry.detail else ""
                self.stdout.write(
                    f"#{entry.position}  {timezone.localtime(entry.created_at).isoformat(timespec='seconds')}  {entry.action}  "
                    f"{who}  {entry.ip_address or '-'}{detail}"
                )
        if not entries and not as_json:
            self.stdout.write(f"Geen auditregels voor {object_type} {object_id}.")


def _report_dict(report: VerifyReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "rows": report.rows,
        "last_position": report.last_position,
        "last_hash": report.last_hash,
        "problems": [
            {key: value for key, value in asdict(problem).items() if value not in ("", None)}
            | {"position": problem.position, "text": problem_text(problem)}
            for problem in report.problems
        ],
    }


def _entry_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "position": entry.position,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "actor_organisation": entry.actor_organisation,
        "ip_address": entry.ip_address,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": entry.detail,
        "entry_hash": entry.entry_hash,
    }


def _positions(problems: list[Problem], shown: int = 20) -> str:
    spans = []
    for problem in problems:
        if problem.position is None:
            continue
        through = problem.through or problem.position
        span = str(problem.position) if through == problem.position else f"{problem.position}–{through}"
        if span not in spans:
            spans.append(span)
    if not spans:
        return "geen"
    return ", ".join(spans[:shown]) + (f" en {len(spans) - shown} meer" if len(spans) > shown else "")


def _summary(report: VerifyReport) -> str:
    if not report.rows:
        return "Auditlog in orde: 0 regels, nog geen hash (het log is leeg)."
    return (
        f"Auditlog in orde: {report.rows} regels, laatste hash {report.last_hash} "
        f"(positie {report.last_position})."
    )


def problem_text(problem: Problem) -> str:
    position = problem.position
    match problem.kind:
        case "changed":
            return f"positie {position}: gewijzigd (de inhoud past niet meer bij de hash)"
        case "link":
            return (
                f"positie {position}: schakel gebroken (vorige hash {problem.found} is niet de hash "
                f"{problem.expected} van positie {position - 1}; een van beide is herschreven)"
            )
        case "deleted" if problem.through == position:
            return f"positie {position}: verwijderd (ontbreekt)"
        case "deleted":
            return f"posities {position}–{problem.through}: verwijderd ({problem.through - position + 1} regels ontbreken)"
        case "anchor" if not problem.found:
            return f"positie {position}: ontbreekt, maar is eerder bewaard met hash {problem.expected} (einde verwijderd)"
        case "anchor":
            return (
                f"positie {position}: hash {problem.found} wijkt af van de bewaarde hash {problem.expected}"
            )
        case _:
            return f"beveiliging ontbreekt: trigger {problem.trigger} bestaat niet of staat uit"
