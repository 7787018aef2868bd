"""Linking in the database: incremental == full re-link == linkage.batch_link; decisions survive a re-link."""

from __future__ import annotations

import random

import pytest

from signaalwijzer import linkage
from signaalwijzer.accounts.roles import PROFESSIONAL, ZORGCOORDINATOR
from signaalwijzer.hub import linking, services
from signaalwijzer.hub.errors import SignalForbidden
from signaalwijzer.hub.models import (
    ActionKind,
    Cluster,
    ClusterAction,
    ClusterStatus,
    Signal,
    Via,
)
from signaalwijzer.linkage import SignalKeys, batch_link
from tests.accounts import factories as accounts
from tests.hub import ingest_helpers as h

pytestmark = pytest.mark.django_db

ADDRESS = {"postcode": "1234 AB", "house_number": "12", "city": "Proefstad"}


def _lines() -> list[dict]:
    """Two persons (A: three partners, same BSN; B: two partners, same phone, name, birth date) who live at
    one address (one network), and a stranger C."""
    a = [h.person_line(src, f"{src}:a", 1) for src in ("wijkteam-noord", "schuldhulp", "woning")]
    a[1]["person"]["surname"] = "PROEF1"
    a[2]["address"] = ADDRESS
    b = []
    for src in ("politie", "wijkteam-noord"):
        line = h.person_line(src, f"{src}:b", 2)
        del line["person"]["bsn"]
        line["person"].update(given_names="Bea", surname="Voorbeeld", phone="06-22334455")
        b.append(line)
    b[1]["person"]["phone"] = "+31 6 2233 4455"
    b[0]["address"] = {**ADDRESS, "postcode": "1234ab"}
    c = h.person_line("schuldhulp", "schuldhulp:c", 3)
    c["person"].update(given_names="Cor", surname="Anders", birth_date="1975-02-03", phone="06-43218765")
    return [*a, *b, c]


@pytest.fixture
def sources():
    return {slug: h.source(slug) for slug in ("wijkteam-noord", "schuldhulp", "woning", "politie")}


def _ingest(lines, sources) -> dict[str, Signal]:
    out = {}
    for line in lines:
        signal, _ = services.signal_ingest(data=line, source=sources[line["source"]], via=Via.IMPORT)
        out[line["id"]] = signal
    return out


def _partition(level: str) -> set[frozenset[str]]:
    fk = "person_cluster__key" if level == "person" else "network_cluster__key"
    groups: dict[str, set[str]] = {}
    for key, external_id in Signal.objects.values_list(fk, "external_id"):
        groups.setdefault(key, set()).add(external_id)
    return {frozenset(g) for g in groups.values()}


def _stored_keys(level: str) -> dict[int, str]:
    fk = "person_cluster__key" if level == "person" else "network_cluster__key"
    return dict(Signal.objects.values_list("pk", fk))


def _batch_keys() -> tuple[dict[int, str], dict[int, str]]:
    records = [
        (linking.linker_id(pk), SignalKeys.from_json(k)) for pk, k in Signal.objects.values_list("pk", "keys")
    ]
    result = batch_link(records, linking.decisions_of(linking.LinkDecision.objects.all()))
    return (
        {int(k): str(v) for k, v in result.person.items()},
        {int(k): str(v) for k, v in result.network.items()},
    )


def test_incremental_link_gives_the_expected_clusters_and_equals_the_batch_link(sources):
    _ingest(_lines(), sources)
    assert _partition("person") == {
        frozenset({"wijkteam-noord:a", "schuldhulp:a", "woning:a"}),
        frozenset({"politie:b", "wijkteam-noord:b"}),
        frozenset({"schuldhulp:c"}),
    }
    assert _partition("network") == {
        frozenset({"wijkteam-noord:a", "schuldhulp:a", "woning:a", "politie:b", "wijkteam-noord:b"}),
        frozenset({"schuldhulp:c"}),
    }
    person, network = _batch_keys()
    assert _stored_keys("person") == person
    assert _stored_keys("network") == network


def test_a_full_relink_changes_nothing_after_incremental_linking(sources):
    _ingest(_lines(), sources)
    before = (_stored_keys("person"), _stored_keys("network"))
    report = services.signals_relink()
    assert report.moved == 0 and report.merged == 0
    assert (_stored_keys("person"), _stored_keys("network")) == before


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_order_of_arrival_does_not_change_the_clusters(sources, seed):
    lines = _lines()
    random.Random(seed).shuffle(lines)
    _ingest(lines, sources)
    person, network = _batch_keys()
    assert _stored_keys("person") == person and _stored_keys("network") == network
    assert len(_partition("person")) == 3 and len(_partition("network")) == 2


def test_cluster_rows_hold_the_ranking_facts(sources):
    signals = _ingest(_lines(), sources)
    a = signals["woning:a"].person_cluster
    a.refresh_from_db()
    assert (a.signal_count, a.source_count) == (3, 3)
    assert a.outcome in ("geen", "zorgelijk", "vermoeden") and "arbeid" in a.forms
    assert a.last_signal_at is not None
    network = Signal.objects.get(external_id="politie:b").network_cluster
    assert network.signal_count == 5 and network.source_count == 4
    # Rank: 10 x outcome level + 3 x sources (max 5) + recency 0..3.
    level = linking.OUTCOME_LEVEL[network.outcome]
    assert 10 * level + 12 <= network.rank <= 10 * level + 15


def test_a_signal_bridging_two_clusters_merges_them_and_the_absorbed_points_to_the_survivor(sources):
    lines = _lines()
    bridge = lines[0]  # person A at wijkteam-noord
    first = [line for line in lines if line["id"] not in ("woning:a", "politie:b")]
    _ingest(first, sources)  # A and B not yet connected: no shared address yet
    networks_before = set(Signal.objects.values_list("network_cluster_id", flat=True))
    _ingest([line for line in lines if line["id"] in ("woning:a", "politie:b")], sources)
    merged = Cluster.objects.filter(level="network", status=ClusterStatus.MERGED)
    assert merged.count() == 1
    absorbed = merged.get()
    assert absorbed.pk in networks_before and absorbed.merged_into is not None
    assert ClusterAction.objects.filter(cluster=absorbed.merged_into, kind=ActionKind.MERGED).exists()
    assert not Signal.objects.filter(network_cluster=absorbed).exists()
    assert bridge  # the lines are unchanged


def test_an_updated_signal_can_leave_its_cluster(sources):
    signals = _ingest(_lines(), sources)
    line = _lines()[1]  # schuldhulp:a, same BSN as the other two A signals
    line["person"] = {"given_names": "Daan", "surname": "Ander", "bsn": h.bsn(55), "birth_date": "1980-01-01"}
    services.signal_ingest(data=line, source=sources["schuldhulp"], via=Via.IMPORT)
    assert frozenset({"schuldhulp:a"}) in _partition("person")
    person, network = _batch_keys()
    assert _stored_keys("person") == person and _stored_keys("network") == network
    assert signals  # ingested


def test_split_and_confirm_decisions_survive_a_full_relink(sources):
    signals = _ingest(_lines(), sources)
    zc = accounts.user(roles=(ZORGCOORDINATOR,))
    b1, b2, c = signals["politie:b"], signals["wijkteam-noord:b"], signals["schuldhulp:c"]
    services.link_decide(user=zc, level="person", signal_a=b1, signal_b=b2, decision="split")
    assert frozenset({"politie:b"}) in _partition("person")
    services.link_decide(user=zc, level="network", signal_a=c, signal_b=b1, decision="confirmed")
    assert any({"schuldhulp:c", "politie:b"} <= group for group in _partition("network"))
    after_decisions = (_partition("person"), _partition("network"))
    assert ClusterAction.objects.filter(kind=ActionKind.SPLIT_LINK).exists()
    assert ClusterAction.objects.filter(kind=ActionKind.CONFIRM_LINK).exists()
    person, network = _batch_keys()
    assert _stored_keys("person") == person and _stored_keys("network") == network
    services.signals_relink()
    assert (_partition("person"), _partition("network")) == after_decisions


def test_only_a_coordinator_decides_about_links(sources):
    signals = _ingest(_lines(), sources)
    someone = accounts.user(roles=(PROFESSIONAL,))
    with pytest.raises(SignalForbidden):
        services.link_decide(
            user=someone,
            level="person",
            signal_a=signals["politie:b"],
            signal_b=signals["wijkteam-noord:b"],
            decision="split",
        )


def _address_line(source: str, ident: str, n: int, *, postcode: str = "4321 ZX", house: str = "7") -> dict:
    """Person n, with nothing but an address in common with the others."""
    line = h.line(source, ident)
    line["person"] = {
        "given_names": f"Naam{n}",
        "surname": f"Anders{n}",
        "birth_date": f"19{60 + n}-03-0{1 + n % 9}",
    }
    line["address"] = {"postcode": postcode, "house_number": house}
    return line


def test_a_token_that_becomes_common_unlinks_incrementally_as_in_batch(sources, monkeypatch):
    """Above its cap an address is a shelter or a big building, not a network (linkage.CAPS)."""
    monkeypatch.setitem(linkage.CAPS, "addr", 3)
    for n in range(3):
        _ingest([_address_line("politie", f"politie:{n}", n)], sources)
    assert len(_partition("network")) == 1
    _ingest([_address_line("woning", "woning:3", 3)], sources)  # the fourth: the address is common now
    assert len(_partition("network")) == 4
    person, network = _batch_keys()
    assert _stored_keys("network") == network and _stored_keys("person") == person
    # One of them moves out: the address is under its cap again, and links the three who stay.
    moved = _address_line("politie", "politie:0", 0, postcode="9999 AA", house="1")
    services.signal_ingest(data=moved, source=sources["politie"], via=Via.IMPORT)
    assert frozenset({"politie:1", "politie:2", "woning:3"}) in _partition("network")
    person, network = _batch_keys()
    assert _stored_keys("network") == network and _stored_keys("person") == person


GIVEN = ["Anna", "Bram", "Cor", "Dirk", "Eva", "Fleur", "Gijs", "Hanna", "Ivo", "Joke", "Kees", "Lotte"]
SURNAMES = [
    "Aalbers",
    "Bakker",
    "Claassen",
    "Dekker",
    "Evers",
    "Franssen",
    "Goossens",
    "Hendriks",
    "Jansen",
    "Kuipers",
    "Laan",
    "Mulder",
]


@pytest.mark.parametrize("seed", [11, 12])
def test_random_streams_link_incrementally_as_in_batch(sources, seed):
    """Many signals drawing on a small pool of people, phones, addresses and employers, in random order,
    with updates: after every step the stored clusters equal linkage.batch_link over the whole store."""
    rng = random.Random(seed)
    phones = ["06-1111 2222", "06-3333 4444", "+31 6 5555 6666", "0612121212"]
    addresses = [("1111 AA", "1"), ("2222 BB", "2"), ("3333 CC", "3a")]
    employers = [{"name": "Schoonmaak De Ster B.V.", "kvk": "12345678"}, {"name": "Kas Voorbeeld"}]
    lines = []
    for i in range(36):
        n = rng.randrange(12)
        line = h.person_line(rng.choice(list(sources)), f"r:{i}", n)
        line["person"].update(
            given_names=GIVEN[n], surname=SURNAMES[n], birth_date=f"{1960 + 3 * n}-{1 + n % 12:02d}-{10 + n}"
        )
        if rng.random() < 0.5:
            del line["person"]["bsn"]
        if rng.random() < 0.3:
            line["person"]["phone"] = rng.choice(phones)
        if rng.random() < 0.3:
            postcode, house = rng.choice(addresses)
            line["address"] = {"postcode": postcode, "house_number": house}
        if rng.random() < 0.2:
            line["employer"] = rng.choice(employers)
        if rng.random() < 0.15:
            line["contacts"] = [{"role": "handler", "phone": rng.choice(phones)}]
        lines.append(line)
    for step, line in enumerate(lines):
        _ingest([line], sources)
        if step % 9 == 8:
            changed = dict(rng.choice(lines[: step + 1]))
            changed["person"] = {**changed["person"], "phone": rng.choice(phones)}
            _ingest([changed], sources)
            person, network = _batch_keys()
            assert _stored_keys("person") == person and _stored_keys("network") == network
    person, network = _batch_keys()
    assert _stored_keys("person") == person and _stored_keys("network") == network
    report = services.signals_relink()
    assert report.moved == 0
    # Not a trivial stream: people recur, and networks join several of them.
    assert max(len(group) for group in _partition("person")) >= 2
    assert max(len(group) for group in _partition("network")) > max(
        len(group) for group in _partition("person")
    )


def test_token_counts_stop_at_the_limit_and_leave_out_unheld_tokens(sources, monkeypatch):
    lines = []
    for i in range(5):
        line = h.person_line("woning", f"woning:{i}", 60 + i)
        line["address"] = ADDRESS
        lines.append(line)
    stored = _ingest(lines, sources)
    address = next(t for t in SignalKeys.from_json(stored["woning:0"].keys).tokens if t.startswith("addr:"))
    assert linking.token_counts([address, "addr:nobody"]) == {address: 5}
    monkeypatch.setattr(linking, "COUNT_LIMIT", 3)
    assert linking.token_counts([address]) == {address: 3}
