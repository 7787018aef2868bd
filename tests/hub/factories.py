"""Hub test data made directly as rows: sources, signals, clusters. Synthetic only ("Proef", "Voorbeeld").

For tests of the coordinator's pages and actions, which need clusters in a known state without running
the linker. Tests of ingest and linking go through hub.services.signal_ingest instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json

from django.utils import timezone

from signaalwijzer.accounts.models import Organisation, OrganisationType
from signaalwijzer.accounts.roles import ZORGCOORDINATOR
from signaalwijzer.hub.models import Cluster, Level, Signal, SignalStatus, Source, Via
from tests.accounts import factories as accounts

_counter = itertools.count(1)


def source(*, slug: str | None = None, organisation: Organisation | None = None, **org) -> Source:
    number = next(_counter)
    organisation = organisation or accounts.organisation(
        name=org.pop("name", f"Partner Proef {number}"), type=org.pop("type", OrganisationType.WIJKTEAM)
    )
    return Source.objects.create(slug=slug or f"partner-proef-{number}", organisation=organisation)


def cluster(*, level: str = Level.PERSON, key: str | None = None, **fields) -> Cluster:
    return Cluster.objects.create(level=level, key=key or f"{level}-proef-{next(_counter)}", **fields)


def identifiers(
    *,
    given_names: str = "Piet",
    surname: str = "Proef",
    birth_date: str = "1990-05-01",
    phone: str = "+31612345678",
    postcode: str = "",
    house_number: str = "",
    employer: str = "",
    kvk: str = "",
    plate: str = "",
    contacts: list[dict] | None = None,
) -> dict:
    """Normalised identifiers in the shape of the interchange format (what the page reads)."""
    data: dict = {"person": {"given_names": given_names, "surname": surname, "birth_date": birth_date}}
    if phone:
        data["person"]["phone"] = phone
    if postcode:
        data["address"] = {"postcode": postcode, "house_number": house_number}
    if employer or kvk:
        data["employer"] = {"name": employer, **({"kvk": kvk} if kvk else {})}
    if plate:
        data["vehicle_plate"] = plate
    if contacts:
        data["contacts"] = contacts
    return data


def signal(
    *,
    source_: Source | None = None,
    external_id: str | None = None,
    person_cluster: Cluster | None = None,
    network_cluster: Cluster | None = None,
    indicators: list[str] | None = None,
    forms: list[str] | None = None,
    outcome: str = "zorgelijk",
    observed_on: dt.date | None = None,
    identifiers_: dict | None = None,
    note: str = "",
    status: str = SignalStatus.RECEIVED,
    received_at: dt.datetime | None = None,
    keys: dict | None = None,
) -> Signal:
    source_ = source_ or source()
    external_id = external_id or f"{source_.slug}:{next(_counter)}"
    made = Signal.objects.create(
        source=source_,
        external_id=external_id,
        observed_on=observed_on,
        forms=forms if forms is not None else ["arbeid"],
        indicators=indicators if indicators is not None else ["housing_provided_by_employer"],
        outcome=outcome,
        note=note,
        identifiers=json.dumps(identifiers_ if identifiers_ is not None else identifiers()),
        keys=keys or {},
        content_hash=hashlib.sha256(external_id.encode()).hexdigest(),
        via=Via.IMPORT,
        status=status,
        person_cluster=person_cluster,
        network_cluster=network_cluster,
    )
    if received_at is not None:
        Signal.objects.filter(pk=made.pk).update(received_at=received_at)
        made.received_at = received_at
    return made


def cluster_with_signals(
    *, sources: int = 3, level: str = Level.PERSON, outcome: str = "vermoeden", **fields
) -> tuple[Cluster, list[Signal]]:
    """One cluster with one signal from each of `sources` partner organisations."""
    now = timezone.now()
    made = cluster(
        level=level,
        outcome=outcome,
        signal_count=sources,
        source_count=sources,
        forms=["arbeid"],
        last_signal_at=now,
        vermoeden_since=now if outcome == "vermoeden" else None,
        **fields,
    )
    member = "person_cluster" if level == Level.PERSON else "network_cluster"
    signals = [
        signal(source_=source(), observed_on=dt.date(2026, 10, n + 1), **{member: made})
        for n in range(sources)
    ]
    return made, signals


def coordinator(**kwargs):
    gemeente = kwargs.pop("organisation_", None) or accounts.organisation(
        name=f"Gemeente Proefstad {next(_counter)}", type=OrganisationType.GEMEENTE
    )
    return accounts.user(roles=(ZORGCOORDINATOR,), organisation_=gemeente, **kwargs)


def verified_login(client, user):
    """Log a zorgcoördinator in with password and second factor, as the middleware demands."""
    from tests.accounts.conftest import full_login

    device = accounts.totp_device(user)
    full_login(client, user, device)
    return client
