"""The SQL formulation of the batch link (for distributed engines) gives the same clusters as batch_link."""

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signaalwijzer.linkage import Decisions, batch_link
from signaalwijzer.linkage.sql import sql_batch_link, sqlite_connection
from tests.linkage.factories import keys, person_keys
from tests.linkage.test_cluster import signal

NAMES = ["Jan van den Berg", "J. van den Berg", "Berg Jan", "Jna van den Berg", "D. Berg", "Anna Proef", None]


@st.composite
def noisy(draw):
    if draw(st.booleans()):
        return draw(signal())
    person = {"name": draw(st.sampled_from(NAMES))}
    if draw(st.booleans()):
        person["birth_date"] = draw(st.sampled_from(["1990-05-01", "1990-01-05", "1990-05-07"]))
    if draw(st.booleans()):
        person["bsn"] = draw(st.sampled_from(["111222333", "123456782"]))
    if draw(st.booleans()):
        person["email"] = "a.proef@voorbeeld.nl"
    return keys(person=person)


def _decisions(data, ids):
    pairs = [(a, b) for a in ids for b in ids if a < b]
    if not pairs:
        return Decisions()
    chosen = data.draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    rows = [
        (data.draw(st.sampled_from(["person", "network"])), a, b, data.draw(st.booleans())) for a, b in chosen
    ]
    return Decisions(
        confirmed={(lv, a, b) for lv, a, b, c in rows if c},
        split={(lv, a, b) for lv, a, b, c in rows if not c},
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(noisy(), min_size=1, max_size=12), st.integers(min_value=2, max_value=5), st.data())
def test_sql_on_sqlite_equals_batch_link(signals, cap, data):
    records = [(str(i), k) for i, k in enumerate(signals)]
    decisions = _decisions(data, [sid for sid, _ in records])
    caps = dict.fromkeys(["bsn", "nd", "np", "phone", "email", "iban", "plate", "addr", "kvk", "empl"], cap)
    expected = batch_link(records, decisions, caps=caps)
    got = sql_batch_link(sqlite_connection(), records, decisions, caps=caps)
    assert (got.person, got.network) == (expected.person, expected.network)
    assert got.common == expected.common


def test_sql_on_duckdb_equals_batch_link():
    records = [
        ("1", person_keys("Jan van den Berg", "1990-05-01", phone="0612345678")),
        ("2", person_keys("Berg, van den, J.", "01-05-1990")),
        ("3", person_keys("Anna Proef", "1985-02-03", phone="06-12345678")),
        ("4", keys(person={"name": "Maria Voorbeeld"}, contacts=[{"phone": "+31612345678"}])),
        ("10", person_keys("Jan van den Bergh", "1990-01-05")),
        ("11", person_keys("Piet Los", "1970-07-07")),
    ]
    decisions = Decisions(split={("person", "1", "10")})
    expected = batch_link(records, decisions)
    got = sql_batch_link(duckdb.connect(), records, decisions)
    assert (got.person, got.network) == (expected.person, expected.network)
    assert got.person["2"] == "1" and got.network["4"] == "1"  # initials + birth date; a contact's phone
    assert got.person["10"] == "10"  # split from 1, and too far from 2 on its own
