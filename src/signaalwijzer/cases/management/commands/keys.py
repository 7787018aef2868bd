"""`signaalwijzer keys generate|rotate|status`: the keys that encrypt client details at rest (ADR 0007).

Rotation, step by step:
  1. `signaalwijzer keys generate` prints a new key.
  2. Put it FIRST in SIGNAALWIJZER_FIELD_KEYS, keep the old key after it, restart the app: new values are
     written with the new key, old values still read.
  3. `signaalwijzer keys rotate` re-encrypts every stored value with the first key, in batches, with
     progress. Safe to interrupt and to run again; the app can keep running.
  4. `signaalwijzer keys status` must then say that every value is under the first key (it exits non-zero
     while any is not). Only then remove the old key from SIGNAALWIJZER_FIELD_KEYS and restart.
"""

from __future__ import annotations

import json
from argparse import ArgumentTypeError
from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.cases.crypto import DecryptionError
from signaalwijzer.cases.maintenance import KeyStatus, case_fields_key_status, case_fields_rotate


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError("moet 1 of meer zijn")
    return number


class Command(BaseCommand):
    help = "Sleutels voor de versleutelde cliëntgegevens: maak (generate), roteer (rotate) of controleer (status)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{generate,rotate,status}")
        actions.add_parser(
            "generate",
            help="Druk een nieuwe sleutel af.",
            description="Druk een nieuwe sleutel af. Zet hem vooraan in SIGNAALWIJZER_FIELD_KEYS.",
        )
        rotate = actions.add_parser(
            "rotate",
            help="Versleutel elke opgeslagen waarde opnieuw met de eerste sleutel.",
            description=(
                "Versleutel elke opgeslagen waarde opnieuw met de eerste sleutel van SIGNAALWIJZER_FIELD_KEYS. "
                "Kan worden onderbroken en opnieuw gestart."
            ),
        )
        rotate.add_argument(
            "--batch-size",
            type=_positive,
            default=500,
            metavar="N",
            help="Rijen per transactie (standaard: %(default)s).",
        )
        status = actions.add_parser(
            "status",
            help="Tel de waarden die nog niet met de eerste sleutel zijn versleuteld; niet 0 als er zijn.",
            description="Tel de waarden die nog niet met de eerste sleutel zijn versleuteld.",
        )
        status.add_argument(
            "--json", dest="as_json", action="store_true", help="Druk het rapport af als JSON."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.stdout.write(Fernet.generate_key().decode("ascii"))
        elif action == "rotate":
            self._rotate(options["batch_size"])
        else:
            self._status(options["as_json"])

    def _rotate(self, batch_size: int) -> None:
        def progress(table: str, done: int, total: int) -> None:
            self.stderr.write(f"… {table}: {done} van {total} rijen bekeken")

        try:
            rewritten = case_fields_rotate(batch_size=batch_size, progress=progress)
        except DecryptionError as error:
            raise CommandError(
                f"Rotatie gestopt: {error}. Zet de sleutel waarmee die waarde is versleuteld terug in "
                "SIGNAALWIJZER_FIELD_KEYS en start opnieuw; wat al is gedaan, blijft gedaan."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Sleutelrotatie klaar: {rewritten} rijen opnieuw versleuteld met de eerste sleutel. "
                "Controleer met 'signaalwijzer keys status' voordat je een oude sleutel weghaalt."
            )
        )

    def _status(self, as_json: bool) -> None:
        status = case_fields_key_status()
        if as_json:
            self.stdout.write(json.dumps(_status_dict(status), indent=2))
        else:
            self.stdout.write(
                f"{status.values} versleutelde waarden; {status.current} met de eerste sleutel."
            )
            for column, count in sorted(status.old.items()):
                self.stdout.write(f"  {column}: {count} nog met een oudere sleutel")
            for column, count in sorted(status.unreadable.items()):
                self.stdout.write(f"  {column}: {count} met geen enkele ingestelde sleutel te lezen")
        if status.unreadable:
            raise CommandError(
                f"{sum(status.unreadable.values())} waarden zijn met geen enkele sleutel in "
                "SIGNAALWIJZER_FIELD_KEYS te lezen: zet de ontbrekende sleutel terug."
            )
        if status.old:
            raise CommandError(
                f"{sum(status.old.values())} waarden staan nog onder een oudere sleutel: "
                "voer 'signaalwijzer keys rotate' uit en haal de oude sleutel pas daarna weg."
            )
        if not as_json:
            self.stdout.write(
                self.style.SUCCESS("Alles staat onder de eerste sleutel; oudere sleutels mogen weg.")
            )


def _status_dict(status: KeyStatus) -> dict[str, Any]:
    return {
        "rotated": status.rotated,
        "values": status.values,
        "current": status.current,
        "old": dict(sorted(status.old.items())),
        "unreadable": dict(sorted(status.unreadable.items())),
    }
