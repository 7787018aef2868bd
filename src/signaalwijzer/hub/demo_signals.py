"""The demo's partner signals (demo_signals.jsonl), loaded by `signaalwijzer demo load` (operations/demo.py).

The file is in the interchange format, written the way partner systems write ("06-12345678",
"+31 6 1234 5678", "1234 ab", "Proefberg, van den", "28-10-2026"), and builds what a coordinator should
see: one person across three organisations (debts, an overcrowded address, a GP visit), one network
(an address and a handler's phone connecting three persons from police, wijkteam and labour inspection),
a `vermoeden` two weeks old without any action (flagged), and singletons. Everything is synthetic: BSNs
in the test range 9999xxxxx that pass the elfproef, IBANs with the invented bank code TEST and valid
check digits, invented phone numbers.

Every signal goes through `services.signal_ingest`, so it is stored, linked and audited as a real one.
Like the demo dossiers, the dates are then moved (demo only, a queryset update): the file's dates are
relative to DEMO_DAY and become as many days before today, so the demo never goes stale and the flagged
cluster stays flagged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.hub.errors import SignalInvalid
from signaalwijzer.hub.models import Cluster, Signal, Source

DATA_FILE = Path(__file__).with_name("demo_signals.jsonl")
# The day the file's dates are written against: a signal observed DEMO_DAY - n is shown n days ago.
DEMO_DAY = dt.date(2026, 11, 1)
# The partner systems of the demo organisations (operations/demo_data.yaml keys -> source codes).
DEMO_SOURCES = {
    "wijkteam": "wijkteam-noord",
    "politie": "politie-basisteam",
    "schuldhulp": "schuldhulp",
    "woning": "woningcorporatie",
    "huisarts": "huisarts",
    "inspectie": "arbeidsinspectie",
    "ggz": "ggz",
    "jeugdzorg": "jeugdzorg",
}


class DemoSignalsError(Exception):
    pass


def demo_signal_lines(path: Path = DATA_FILE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _day(text: str) -> dt.date:
    if "-" in text and len(text.split("-")[0]) == 4:
        return dt.date.fromisoformat(text)
    day, month, year = (int(part) for part in text.split("-"))
    return dt.date(year, month, day)


def _shifted(line: dict, shift: dt.timedelta) -> dict:
    """The line with its observation date moved by `shift`, written the way the file wrote it."""
    text = line.get("observed_on")
    if not text:
        return line
    day = _day(text) + shift
    iso = len(text.split("-")[0]) == 4
    return {**line, "observed_on": day.isoformat() if iso else day.strftime("%d-%m-%Y")}


@transaction.atomic
def demo_signals_load(*, organisations: dict[str, Organisation], today: dt.date | None = None) -> int:
    """Make the demo sources and ingest the demo signals; returns how many were made (0 when they exist).

    `organisations` maps the keys of demo_data.yaml to the demo organisations.
    """
    from signaalwijzer.hub import linking, services
    from signaalwijzer.hub.models import Via

    today = today or timezone.localdate()
    lines = demo_signal_lines()
    sources: dict[str, Source] = {}
    for key, slug in DEMO_SOURCES.items():
        organisation = organisations.get(key)
        if organisation is None:
            raise DemoSignalsError(f"demo organisation {key!r} is missing for source {slug!r}")
        sources[slug], _ = Source.objects.get_or_create(slug=slug, defaults={"organisation": organisation})
    known = set(
        Signal.objects.filter(source__slug__in=DEMO_SOURCES.values()).values_list(
            "source__slug", "external_id"
        )
    )
    shift = today - DEMO_DAY
    made: list[tuple[int, dt.date | None]] = []
    for number, line in enumerate(lines, start=1):
        if (line["source"], line["id"]) in known:
            continue
        try:
            signal, _result = services.signal_ingest(
                data=_shifted(line, shift), source=sources[line["source"]], via=Via.IMPORT
            )
        except SignalInvalid as error:
            raise DemoSignalsError(f"{DATA_FILE.name} regel {number}: {error}") from None
        made.append((signal.pk, signal.observed_on))
    if not made:
        return 0
    # Demo only: received the day after it was seen, in office hours; clusters recomputed from those dates.
    for pk, observed in made:
        day = (observed or today) + dt.timedelta(days=1)
        at = timezone.make_aware(dt.datetime.combine(min(day, today), dt.time(10, 0)))
        Signal.objects.filter(pk=pk).update(received_at=at, updated_at=at)
    pks = [pk for pk, _ in made]
    clusters = set(Cluster.objects.filter(Q(person_signals__pk__in=pks) | Q(network_signals__pk__in=pks)))
    for cluster in clusters:
        linking.cluster_refresh(cluster)
    for cluster in Cluster.objects.filter(pk__in=[c.pk for c in clusters], outcome="vermoeden"):
        member = "person_cluster" if cluster.level == "person" else "network_cluster"
        # It became `vermoeden` when its last signal arrived (near enough for a demo).
        last = (
            Signal.objects.filter(**{member: cluster})
            .order_by("-received_at")
            .values_list("received_at", flat=True)
            .first()
        )
        Cluster.objects.filter(pk=cluster.pk).update(vermoeden_since=last, created_at=last)
    return len(made)
