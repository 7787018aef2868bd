"""`signaalwijzer signals import|link|export-clusters|token`: the Signalenhub for operators.

    signals import FILE.jsonl [--create-sources] [--skip-invalid --rejected OUT.jsonl] [--workers N]
    signals link [--workers N]
    signals export-clusters --level person|network OUT.jsonl
    signals token create --organisation NAME --name TEXT
    signals token revoke PREFIX

`import` is all-or-nothing unless --skip-invalid: any bad line and nothing is written; every bad line is
listed as "regel N: veld: reden" and the command exits 1. See docs/signals-format.md.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.hub import services
from signaalwijzer.hub.errors import ImportRejected, SignalInvalid
from signaalwijzer.hub.models import Level
from signaalwijzer.hub.selectors import clusters_export
from signaalwijzer.linkage.cluster import PARALLEL_MIN, usable_cores


def _check_workers(workers: int) -> None:
    if workers < 1:
        raise CommandError(f"--workers: {workers} kan niet; geef 1 of meer processen op.")


STAGES = {"read": "lezen", "load": "sleutels laden", "link": "koppelen", "refresh": "clusters bijwerken"}


def problems_text(number: int, problems) -> list[str]:
    return [
        f"regel {number}: {field}: {reason}" if field else f"regel {number}: {reason}"
        for field, reason in problems
    ]


class Command(BaseCommand):
    help = "Signalen van partners: importeren, koppelen, clusters exporteren, API-sleutels beheren."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{import,link,export-clusters,token}"
        )
        imp = actions.add_parser(
            "import",
            help="Importeer een JSON Lines-bestand met signalen (alles of niets).",
            description=(
                "Controleert elke regel. Is er één fout, dan wordt niets opgeslagen en staat elke foute regel "
                "in de uitvoer. Opnieuw importeren verandert niets; een gewijzigde regel werkt het signaal bij."
            ),
        )
        imp.add_argument("file", metavar="FILE.jsonl")
        imp.add_argument(
            "--create-sources",
            action="store_true",
            help="Maak onbekende bronnen aan (met een organisatie van het type 'overig').",
        )
        imp.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Importeer de goede regels; schrijf de foute met hun reden naar --rejected.",
        )
        imp.add_argument("--rejected", metavar="OUT.jsonl", help="Bestand voor afgewezen regels.")
        link = actions.add_parser(
            "link",
            help="Koppel alle signalen opnieuw (met de besluiten van de zorgcoördinator).",
            description=(
                "Koppel alle signalen opnieuw (met de besluiten van de zorgcoördinator). Telt ook opnieuw hoeveel "
                "signalen elk token hebben, en meldt tellingen die niet klopten."
            ),
        )
        for sub in (imp, link):
            sub.add_argument(
                "--workers",
                type=int,
                default=usable_cores(),
                metavar="N",
                help="Processen die het koppelen van alles delen (standaard: de kernen van deze machine, "
                f"nu {usable_cores()}; pas vanaf {PARALLEL_MIN // 1000}.000 signalen).",
            )
        export = actions.add_parser(
            "export-clusters",
            help='Schrijf één regel per cluster: {"cluster": ..., "signals": [...]}.',
            description="Schrijf één regel per cluster, ook clusters van één signaal.",
        )
        export.add_argument("--level", choices=Level.values, required=True)
        export.add_argument("out", metavar="OUT.jsonl")
        token = actions.add_parser(
            "token", help="API-sleutels van partners.", description="API-sleutels van partners."
        )
        token_actions = token.add_subparsers(dest="token_action", required=True, metavar="{create,revoke}")
        create = token_actions.add_parser(
            "create", help="Maak een sleutel; die wordt één keer getoond.", description="Maak een sleutel."
        )
        create.add_argument("--organisation", required=True, help="Naam van de partnerorganisatie.")
        create.add_argument("--name", required=True, help="Omschrijving, bijvoorbeeld het systeem.")
        revoke = token_actions.add_parser(
            "revoke", help="Trek een sleutel in.", description="Trek de sleutel in die zo begint."
        )
        revoke.add_argument("prefix", metavar="PREFIX", help="De eerste tekens van de sleutel (minstens 8).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(**options)
        elif action == "link":
            self._link(**options)
        elif action == "export-clusters":
            self._export(**options)
        else:
            self._token(**options)

    def _progress(self):
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                unit = "B" if stage == "read" else " signalen"
                bar = bars[stage] = tqdm(
                    total=total,
                    desc=STAGES.get(stage, stage),
                    unit=unit,
                    unit_scale=stage == "read",
                    file=sys.stderr,
                    disable=None,  # quiet when stderr is not a terminal
                    leave=False,
                )
            bar.update(done - bar.n)

        return progress, bars

    def _import(
        self,
        *,
        file: str,
        create_sources: bool,
        skip_invalid: bool,
        rejected: str | None,
        workers: int,
        **_: Any,
    ):
        _check_workers(workers)
        if rejected and not skip_invalid:
            raise CommandError("--rejected hoort bij --skip-invalid.")
        if skip_invalid and not rejected:
            raise CommandError("Geef bij --skip-invalid ook --rejected OUT.jsonl op.")
        progress, bars = self._progress()
        try:
            report = services.signals_import(
                path=file,
                create_sources=create_sources,
                skip_invalid=skip_invalid,
                rejected_path=rejected,
                progress=progress,
                workers=workers,
            )
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {file}") from None
        except ImportRejected as error:
            for number, problems in error.rejected:
                for text in problems_text(number, problems):
                    self.stderr.write(text)
            count = len(error.rejected)
            raise CommandError(
                f"{count} van {error.lines} regels afgekeurd; er is niets opgeslagen. "
                "Verbeter de regels, of importeer de goede met --skip-invalid --rejected OUT.jsonl."
            ) from None
        finally:
            for bar in bars.values():
                bar.close()
        for number, problems in report.rejected:
            for text in problems_text(number, problems):
                self.stderr.write(text)
        if report.rejected:
            self.stderr.write(f"Afgewezen regels met hun reden staan in {rejected}.")
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _link(self, *, workers: int, **_: Any) -> None:
        _check_workers(workers)
        progress, bars = self._progress()
        try:
            report = services.signals_relink(progress=progress, workers=workers)
        finally:
            for bar in bars.values():
                bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.signals} signalen gekoppeld: {report.person_clusters} personen, "
                f"{report.network_clusters} netwerken; {report.moved} signalen van cluster veranderd, "
                f"{report.merged} clusters samengevoegd ({report.seconds:.1f} s)."
            )
        )
        if report.counts_fixed:
            # Only a write outside the hub's services (a signal deleted by hand) leaves them wrong.
            self.stderr.write(
                f"{report.counts_fixed} tellingen van de tokenindex klopten niet met de index en zijn opnieuw "
                "geteld. Zijn er signalen buiten de hub om verwijderd?"
            )

    def _export(self, *, level: str, out: str, **_: Any) -> None:
        count = 0
        with open(out, "w", encoding="utf-8") as handle:
            for item in clusters_export(level):
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} clusters ({level}) geschreven naar {out}."))

    def _token(self, *, token_action: str, **options: Any) -> None:
        try:
            if token_action == "create":  # noqa: S105  (a subcommand, not a secret)
                name = options["organisation"]
                organisation = Organisation.objects.filter(name__iexact=name.strip()).first()
                if organisation is None:
                    raise CommandError(
                        f"Organisatie niet gevonden: {name!r}. Maak die eerst aan in het beheer."
                    )
                token, raw = services.partner_token_create(organisation=organisation, name=options["name"])
                self.stdout.write(raw)
                self.stderr.write(
                    f"Sleutel {token.prefix}… voor {organisation.name}. Bewaar hem nu: hij wordt niet nog eens "
                    "getoond. Gebruik: Authorization: Bearer <sleutel>."
                )
            else:
                token = services.partner_token_revoke(prefix=options["prefix"])
                self.stdout.write(self.style.SUCCESS(f"Sleutel {token.prefix}… ingetrokken."))
        except SignalInvalid as error:
            raise CommandError("; ".join(reason for _field, reason in error.problems)) from None
