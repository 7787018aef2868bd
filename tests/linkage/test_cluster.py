"""Clusters: incremental linking equals batch linking, decisions survive a re-link, caps apply identically,
cluster ids are deterministic (issue 5 §3, Done means)."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.linkage import Decisions, Linker, batch_link
from tests.linkage.factories import keys, person_keys

JAN = ("Jan van den Berg", "1990-05-01")


def test_clusters_are_connected_components_with_the_smallest_id():
    records = [
        ("10", person_keys(*JAN)),
        ("9", person_keys("Berg, van den, J.", "01-05-1990")),
        ("11", person_keys("Anna Proef", "1985-02-03", phone="0612345678")),
        ("12", keys(person={"name": "Maria Voorbeeld"}, contacts=[{"phone": "06-12345678"}])),
        ("13", person_keys("Piet Los", "1970-07-07")),
    ]
    clusters = batch_link(records, Decisions())
    assert clusters.person == {"9": "9", "10": "9", "11": "11", "12": "12", "13": "13"}
    assert clusters.network == {"9": "9", "10": "9", "11": "11", "12": "11", "13": "13"}
    assert {(link.a, link.b) for link in clusters.links} == {("10", "9"), ("11", "12")}


def test_a_split_removes_the_link_and_survives_a_relink():
    records = [("1", person_keys(*JAN)), ("2", person_keys("Jan van den Bergh", "1990-05-01"))]
    decisions = Decisions(split={("person", "1", "2")})
    for _ in range(2):
        clusters = batch_link(records, decisions)
        assert clusters.person == {"1": "1", "2": "2"}
        assert clusters.network == {"1": "1", "2": "2"}  # no network evidence besides the person link


def test_a_person_split_keeps_network_evidence():
    address = {"postcode": "1234AB", "house_number": "1"}
    a = keys(person={"name": "Jan de Jong", "birth_date": "1990-05-01"}, address=address)
    b = keys(person={"name": "Jan de Jong", "birth_date": "1990-05-01"}, address=address)
    clusters = batch_link([("1", a), ("2", b)], Decisions(split={("person", "2", "1")}))
    assert clusters.person == {"1": "1", "2": "2"}
    assert clusters.network == {"1": "1", "2": "1"}


def test_a_confirmed_pair_is_linked_without_evidence():
    records = [
        ("1", person_keys("Anna Proef", "1990-05-01")),
        ("2", person_keys("Maria Voorbeeld", "1970-01-01")),
    ]
    clusters = batch_link(records, Decisions(confirmed={("person", "1", "2")}))
    assert clusters.person == {"1": "1", "2": "1"}
    assert clusters.network == {"1": "1", "2": "1"}
    assert clusters.links[0].decision == "confirmed"
    network_only = batch_link(records, Decisions(confirmed={("network", "1", "2")}))
    assert network_only.person == {"1": "1", "2": "2"} and network_only.network == {"1": "1", "2": "1"}


def test_a_split_pair_connected_through_a_third_stays_together():
    records = [("1", person_keys(*JAN)), ("2", person_keys(*JAN)), ("3", person_keys(*JAN))]
    clusters = batch_link(records, Decisions(split={("person", "1", "2")}))
    assert set(clusters.person.values()) == {"1"}


def test_a_common_token_connects_nobody_in_batch_and_incremental():
    employer = {"name": "Grote Kwekerij B.V.", "kvk": "12345678"}
    records = [(str(i), keys(person={"name": f"Persoon {chr(65 + i)}"}, employer=employer)) for i in range(5)]
    caps = {"kvk": 3, "empl": 3}
    batch = batch_link(records, caps=caps)
    assert len(set(batch.network.values())) == 5
    linker = Linker(caps=caps)
    results = [linker.add(sid, k) for sid, k in records]
    assert results[2].network_cluster == "0"  # three holders: under the cap, linked
    assert linker.clusters().network == batch.network  # the fourth made it common: the links went


def test_token_counts_from_the_store_apply_to_a_region():
    employer = {"kvk": "12345678"}
    records = [(str(i), keys(employer=employer)) for i in range(2)]
    token = [t for t in records[0][1].tokens if t.startswith("kvk:")][0]
    assert len(set(batch_link(records).network.values())) == 1
    assert len(set(batch_link(records, token_counts={token: 500}).network.values())) == 2


# --- incremental == batch -----------------------------------------------------------------------------------

GIVEN = ["Jan", "Anna", "Piotr", "Maria", "Ahmed"]
SURNAMES = ["de Jong", "Proef", "Nowak", "Voorbeeld", "Yilmaz"]
PHONES = ["06-12345678", "06-23456789", "06-34567890"]
POSTCODES = ["1234 AB", "2345 CD"]


@st.composite
def signal(draw):
    person = {}
    if draw(st.booleans()):
        person["given_names"] = draw(st.sampled_from(GIVEN))
    if draw(st.booleans()):
        person["surname"] = draw(st.sampled_from(SURNAMES))
    if draw(st.booleans()):
        person["birth_date"] = draw(st.sampled_from(["1990-05-01", "1990-01-05", "1990-05-02", "1980-03-04"]))
    if draw(st.booleans()):
        person["phone"] = draw(st.sampled_from(PHONES))
    kwargs = {"person": person}
    if draw(st.booleans()):
        kwargs["address"] = {"postcode": draw(st.sampled_from(POSTCODES)), "house_number": "1"}
    if draw(st.booleans()):
        kwargs["contacts"] = [{"phone": draw(st.sampled_from(PHONES))}]
    return keys(**kwargs)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(signal(), min_size=1, max_size=14),
    st.integers(min_value=2, max_value=6),
    st.randoms(use_true_random=False),
    st.data(),
)
def test_incremental_equals_batch(signals, cap, rnd, data):
    records = [(str(i), k) for i, k in enumerate(signals)]
    ids = [sid for sid, _ in records]
    pairs = [(a, b) for a in ids for b in ids if a < b]
    decided = data.draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    levels = data.draw(
        st.lists(st.sampled_from(["person", "network"]), min_size=len(decided), max_size=len(decided))
    )
    kinds = data.draw(st.lists(st.booleans(), min_size=len(decided), max_size=len(decided)))
    decisions = Decisions(
        confirmed={(lv, a, b) for (a, b), lv, k in zip(decided, levels, kinds, strict=True) if k},
        split={(lv, a, b) for (a, b), lv, k in zip(decided, levels, kinds, strict=True) if not k},
    )
    caps = dict.fromkeys(["bsn", "nd", "np", "phone", "email", "iban", "plate", "addr", "kvk", "empl"], cap)
    batch = batch_link(records, decisions, caps=caps)
    shuffled = records[:]
    rnd.shuffle(shuffled)
    linker = Linker(decisions, caps=caps)
    for sid, k in shuffled:
        linker.add(sid, k)
    incremental = linker.clusters()
    assert incremental.person == batch.person
    assert incremental.network == batch.network
    # Person clusters lie inside network clusters.
    for sid in ids:
        assert batch.network[batch.person[sid]] == batch.network[sid]
    # Without links the clusters are the same.
    fast = batch_link(records, decisions, caps=caps, links=False)
    assert (fast.person, fast.network) == (batch.person, batch.network)


def test_a_cluster_keeps_its_id_when_a_later_signal_joins():
    linker = Linker()
    first = linker.add("7", person_keys(*JAN))
    second = linker.add("12", person_keys("Berg, Jan van den", "1990-05-01"))
    assert first.person_cluster == second.person_cluster == "7"
    assert second.links and second.links[0].person


def test_batch_link_is_deterministic_in_input_order():
    records = [
        (str(i), person_keys(*JAN) if i % 2 else person_keys("Anna Proef", "1990-05-01")) for i in range(8)
    ]
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    assert batch_link(records).person == batch_link(shuffled).person


def test_stored_json_links_like_the_keys_themselves():
    records = [
        (str(i), person_keys(*JAN) if i % 2 else person_keys("Anna Proef", "1990-05-01")) for i in range(6)
    ]
    as_json = [(sid, k.to_json()) for sid, k in records]
    assert batch_link(as_json, links=False).person == batch_link(records).person


def test_processes_sharing_the_batch_find_the_same_clusters(monkeypatch):
    """The batch split over forked processes (each with its own union-find) gives the clusters of one process,
    decisions included; small blocks so every process gets signals that link to each other's."""
    from signaalwijzer.linkage import cluster

    monkeypatch.setattr(cluster, "PARALLEL_MIN", 0)
    monkeypatch.setattr(cluster, "PARALLEL_BLOCK", 3)
    rnd = random.Random(11)
    records = []
    for i in range(240):
        person = {
            "given_names": rnd.choice(GIVEN),
            "surname": rnd.choice(SURNAMES),
            "birth_date": rnd.choice(["1990-05-01", "1990-01-05", "1980-03-04"]),
        }
        kwargs = {"person": person}
        if rnd.random() < 0.3:
            kwargs["contacts"] = [{"phone": rnd.choice(PHONES)[:-1] + str(i % 7)}]
        if rnd.random() < 0.3:
            kwargs["address"] = {"postcode": rnd.choice(POSTCODES), "house_number": str(i % 9)}
        records.append((str(i), keys(**kwargs)))
    decisions = Decisions(
        confirmed={("person", "3", "200"), ("network", "5", "150")},
        split={("person", "7", "70"), ("network", "8", "88")},
    )
    caps = dict.fromkeys(["nd", "np", "phone", "addr"], 40)
    one = batch_link(records, decisions, caps=caps, links=False)
    assert len(set(one.person.values())) < 200 and len(set(one.network.values())) < len(
        set(one.person.values())
    )
    for workers in (2, 3):
        shared = batch_link(records, decisions, caps=caps, links=False, workers=workers)
        assert (shared.person, shared.network) == (one.person, one.network)
    explained = batch_link(records, decisions, caps=caps)
    assert (explained.person, explained.network) == (one.person, one.network)
