"""`signaalwijzer demo load|code`: a demo municipality to try Signaalwijzer with (`make run` loads it).

`load` makes organisations of every kind, an account for every role and synthetic dossiers in every
meldcode step (operations/demo_data.yaml), and prints the accounts with their demo password. Running it
again changes nothing and prints the same table. `code USERNAME` prints the two-factor code a demo
account's authenticator app would show now. Both refuse to run with DEBUG off unless given --force: demo
passwords do not belong in a real deployment.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.operations.demo import DemoAccount, DemoError, demo_code, demo_load


class Command(BaseCommand):
    help = "Demo: laad een demogemeente met gebruikers en dossiers (load), of toon een tweestapscode (code)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load,code}")
        load = actions.add_parser(
            "load",
            help="Maak de demogemeente (organisaties, gebruikers, dossiers) en toon de demogebruikers.",
            description="Maak de demogemeente (organisaties, gebruikers, dossiers) en toon de demogebruikers. "
            "Staat de demo er al, dan verandert er niets.",
        )
        code = actions.add_parser(
            "code",
            help="Toon de tweestapscode van nu voor een demogebruiker (beheerder, zorgcoordinator).",
            description="Toon de code die de authenticator-app van een demogebruiker nu laat zien.",
        )
        code.add_argument("username", metavar="GEBRUIKERSNAAM")
        for sub in (load, code):
            sub.add_argument(
                "--force",
                action="store_true",
                help="Ook uitvoeren als DEBUG uit staat (alleen voor een demo-omgeving).",
            )

    def handle(self, *args: Any, action: str, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "De demo is alleen voor ontwikkelen en uitproberen, en DEBUG staat uit. Zet "
                "SIGNAALWIJZER_DEBUG=true, of gebruik --force als deze database echt een demo mag worden."
            )
        try:
            if action == "load":
                self._load()
            else:
                self._code(options["username"])
        except DemoError as error:
            raise CommandError(str(error)) from None

    def _load(self) -> None:
        result = demo_load()
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo geladen: {result.cases} dossiers, {result.stuck} vastgelopen.")
            )
        else:
            self.stdout.write(
                f"De demo staat er al ({result.cases} dossiers, {result.stuck} vastgelopen); niets veranderd."
            )
        self.stdout.write("")
        self.stdout.write(accounts_table(result.accounts))
        with_code = [account.username for account in result.accounts if account.totp_secret]
        if with_code:
            self.stdout.write("")
            self.stdout.write(
                "Tweestapsverificatie: zet de sleutel in een authenticator-app, of vraag de code van nu op met\n"
                f"  signaalwijzer demo code {with_code[0]}"
            )
        self.stdout.write("Alleen voor de demo: gebruik deze wachtwoorden en sleutels nooit echt.")

    def _code(self, username: str) -> None:
        code = demo_code(username)
        self.stdout.write(code.code)
        self.stderr.write(f"(nog {code.seconds_left} seconden geldig)")


def accounts_table(accounts: list[DemoAccount]) -> str:
    header = ("gebruikersnaam", "rol", "organisatie", "wachtwoord", "sleutel voor de authenticator-app")
    rows = [header] + [
        (a.username, a.roles, a.organisation, a.password, _groups(a.totp_secret)) for a in accounts
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in [*widths, len(header[-1])]))
    return "\n".join(lines)


def _groups(secret: str, size: int = 4) -> str:
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))
