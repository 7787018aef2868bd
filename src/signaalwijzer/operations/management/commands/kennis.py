"""`signaalwijzer kennis check|stats`: the operator's view of the knowledge base.

`check` validates every data file and lists every problem at once (file, entry, reason), so that a
content editor can fix them in one pass; it exits non-zero on any. `stats` counts what is there, for
content reviews and for the annual question "how much of this follows ILO–EC 2009".
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalwijzer.knowledge import KnowledgeBase, KnowledgeError, knowledge_load
from signaalwijzer.knowledge.loader import DATA_DIR
from signaalwijzer.knowledge.query import indicator_strongest
from signaalwijzer.knowledge.schema import Dimension, Element, Strength


class Command(BaseCommand):
    help = "Controleer de kennisbank (check) of tel wat erin staat (stats)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{check,stats}")
        check = actions.add_parser(
            "check",
            help="Valideer alle inhoud; toont elk probleem met bestand, item en reden.",
            description="Valideer alle inhoud; toont elk probleem met bestand, item en reden.",
        )
        stats = actions.add_parser(
            "stats",
            help="Tellingen: signalen per vorm, domein, rol, sterkte, dimensie en element; routes; bronnen.",
            description="Tellingen: signalen per vorm, domein, rol, sterkte, dimensie en element; routes; bronnen.",
        )
        stats.add_argument("--json", action="store_true", help="Druk een JSON-object af.")
        for sub in (check, stats):
            sub.add_argument(
                "--data-dir",
                type=Path,
                default=DATA_DIR,
                metavar="PATH",
                help="Map met de databestanden (standaard: de meegeleverde kennisbank).",
            )

    def handle(self, *args: Any, action: str, data_dir: Path, **options: Any) -> None:
        kb = self._load(data_dir)
        if action == "check":
            self.stdout.write(self.style.SUCCESS(_summary(kb)))
        else:
            stats = knowledge_stats(kb)
            if options["json"]:
                self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(_table(stats))

    def _load(self, data_dir: Path) -> KnowledgeBase:
        if not data_dir.is_dir():
            raise CommandError(f"{data_dir}: map bestaat niet")
        try:
            return knowledge_load(data_dir)
        except KnowledgeError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            count = len(exc.problems)
            word = "probleem" if count == 1 else "problemen"
            raise CommandError(f"{count} {word} in de kennisbank ({data_dir})") from None


def _summary(kb: KnowledgeBase) -> str:
    return (
        f"Kennisbank in orde: {len(kb.signals)} signalen, {len(kb.vulnerabilities)} kwetsbaarheden, "
        f"{len(kb.forms)} vormen, {len(kb.domains)} domeinen, {len(kb.roles)} rollen, "
        f"{len(kb.guides)} rolwijzers, {len(kb.routes)} routes, {len(kb.sources)} bronnen."
    )


def knowledge_stats(kb: KnowledgeBase) -> dict[str, Any]:
    """Counts over the knowledge base. Per-domain, per-dimension and per-strength counts sum to the total;
    per form, role and element do not, as one indicator can have several."""
    indicators = list(kb.indicators.values())

    def tally(values: Any, order: Any) -> dict[str, int]:
        counts = Counter(values)
        return {key: counts[key] for key in order}

    return {
        "indicators": len(indicators),
        "signals": len(kb.signals),
        "vulnerabilities": len(kb.vulnerabilities),
        "per_form": tally((form for ind in indicators for form in ind.forms), kb.forms),
        "per_domain": tally((ind.domain for ind in indicators), kb.domains),
        "per_role": tally((role for ind in indicators for role in ind.roles), kb.roles),
        # Each indicator once, by its strongest rating over all forms.
        "per_strength": tally(
            (indicator_strongest(ind).value for ind in indicators), [s.value for s in Strength]
        ),
        # Every (indicator, form) rating, adults' and minors' separately.
        "ratings_per_strength": tally(
            (s.value for ind in indicators for s in ind.forms.values()), [s.value for s in Strength]
        ),
        "minor_ratings_per_strength": tally(
            (s.value for ind in indicators for s in ind.forms_minor.values()), [s.value for s in Strength]
        ),
        "per_dimension": tally((ind.dimension.value for ind in indicators), [d.value for d in Dimension]),
        "per_element": tally(
            (element.value for ind in indicators for element in ind.elements), [e.value for e in Element]
        ),
        "forms": len(kb.forms),
        "domains": len(kb.domains),
        "roles": len(kb.roles),
        "routes": len(kb.routes),
        "role_guides": len(kb.guides),
        "sources": len(kb.sources),
        # The schema asks for at least one source per entry; counted anyway so the figure is on record.
        "without_source": {
            "indicators": sorted(ind.id for ind in indicators if not ind.sources),
            "forms": sorted(form.id for form in kb.forms.values() if not form.sources),
            "routes": sorted(route.id for route in kb.routes.values() if not route.sources),
            "role_guides": sorted(guide.role for guide in kb.guides.values() if not guide.sources),
        },
        # Where our strength deviates from ILO–EC 2009, or ILO has no such indicator.
        "strength_notes": sorted(ind.id for ind in indicators if ind.strength_note),
    }


_LABELS = {
    "per_form": "Per vorm van uitbuiting",
    "per_domain": "Per levensdomein",
    "per_role": "Per rol",
    "per_strength": "Per sterkste sterkte (ILO–EC 2009)",
    "ratings_per_strength": "Beoordelingen per sterkte (signaal × vorm)",
    "minor_ratings_per_strength": "Afwijkende beoordelingen voor minderjarigen",
    "per_dimension": "Per ILO-dimensie",
    "per_element": "Per element van art. 273f Sr",
}


def _table(stats: dict[str, Any]) -> str:
    def rows(pairs: list[tuple[str, Any]]) -> list[str]:
        width = max(len(label) for label, _ in pairs)
        return [f"  {label:<{width}}  {value:>5}" for label, value in pairs]

    lines = ["Kennisbank"]
    lines += rows(
        [
            ("signalen en kwetsbaarheden", stats["indicators"]),
            ("  signalen", stats["signals"]),
            ("  kwetsbaarheden", stats["vulnerabilities"]),
            ("vormen", stats["forms"]),
            ("domeinen", stats["domains"]),
            ("rollen", stats["roles"]),
            ("rolwijzers", stats["role_guides"]),
            ("routes", stats["routes"]),
            ("bronnen", stats["sources"]),
        ]
    )
    for key, label in _LABELS.items():
        if stats[key]:
            lines += ["", label, *rows(list(stats[key].items()))]
    missing = {what: ids for what, ids in stats["without_source"].items() if ids}
    lines += ["", "Zonder bron"]
    lines += [f"  {what}: {', '.join(ids)}" for what, ids in missing.items()] or ["  geen"]
    notes = stats["strength_notes"]
    lines += ["", f"Afwijkend van ILO–EC 2009 (strength_note): {len(notes)}"]
    lines += [f"  {ind_id}" for ind_id in notes]
    return "\n".join(lines)
