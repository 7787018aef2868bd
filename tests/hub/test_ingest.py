"""signal_ingest: the one way a signal gets into the hub (web, API and file all end here)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub import services
from signaalwijzer.hub.errors import SignalInvalid
from signaalwijzer.hub.interchange import content_hash_of, signal_schema
from signaalwijzer.hub.models import Signal, SignalToken, Via
from tests.hub import ingest_helpers as h
from tests.hub.ingest_helpers import dutch  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch")]


@pytest.fixture
def wijkteam():
    return h.source("wijkteam-noord")


def test_a_new_signal_is_created_tokened_clustered_and_audited(wijkteam):
    signal, result = services.signal_ingest(
        data=h.person_line("wijkteam-noord", "wijkteam-noord:1", 1), source=wijkteam, via=Via.API
    )
    assert result == "created"
    assert signal.external_id == "wijkteam-noord:1"
    assert signal.indicators == ["housing_provided_by_employer"]
    assert signal.observed_on.isoformat() == "2026-10-03"
    assert SignalToken.objects.filter(signal=signal).count() >= 1
    assert signal.person_cluster is not None and signal.network_cluster is not None
    assert signal.person_cluster.signal_count == 1
    assert AuditEntry.objects.filter(action="hub.signal_create", object_id=str(signal.pk)).count() == 1


def test_the_same_line_again_changes_nothing_and_a_changed_line_updates(wijkteam):
    data = h.person_line("wijkteam-noord", "wijkteam-noord:1", 1)
    first, _ = services.signal_ingest(data=data, source=wijkteam, via=Via.API)
    reordered = json.loads(json.dumps(dict(reversed(list(data.items())))))
    again, result = services.signal_ingest(data=reordered, source=wijkteam, via=Via.API)
    assert (again.pk, result) == (first.pk, "unchanged")
    changed, result = services.signal_ingest(
        data={**data, "note": "Nu ook schulden bij de werkgever."}, source=wijkteam, via=Via.API
    )
    assert (changed.pk, result) == (first.pk, "updated")
    assert Signal.objects.count() == 1
    assert Signal.objects.get().note == "Nu ook schulden bij de werkgever."
    assert AuditEntry.objects.filter(action__startswith="hub.signal_").count() == 2


def test_identifiers_and_note_are_encrypted_at_rest(wijkteam):
    data = h.person_line("wijkteam-noord", "wijkteam-noord:1", 7, note="Geheime notitie over Voorbeeldstraat")
    services.signal_ingest(data=data, source=wijkteam, via=Via.API)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM hub_signal")
        raw = json.dumps([list(map(str, row)) for row in cursor.fetchall()])
    # The phone as written and as normalised (E.164); its bare digits could occur in the hex of a keyed hash.
    for plain in ("Proef7", h.bsn(7), "Geheime notitie", "Voorbeeldstraat", "06-10000007", "+31610000007"):
        assert plain not in raw
    stored = Signal.objects.get()
    assert "Voorbeeldstraat" in stored.note
    assert h.bsn(7) in stored.identifiers


def test_every_problem_is_named_and_nothing_is_written(wijkteam):
    data = h.person_line(
        "wijkteam-noord",
        "wijkteam-noord:1",
        1,
        indicators=["housing_provided_by_employer", "no_such_indicator"],
        forms=["arbeid", "sport"],
        observed_on="31-02-2026",
    )
    with pytest.raises(SignalInvalid) as caught:
        services.signal_ingest(data=data, source=wijkteam, via=Via.API)
    fields = dict(caught.value.problems)
    assert "no_such_indicator" in fields["indicators[1]"]
    assert "sport" in fields["forms[1]"]
    assert "datum bestaat niet" in fields["observed_on"]
    assert Signal.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="hub.").exists()


@pytest.mark.parametrize(
    ("person", "field"),
    [
        ({"bsn": "123456789"}, "person.bsn"),
        ({"iban": "NL00TEST0123456789"}, "person.iban"),
        ({"birth_date": "1990-13-45"}, "person.birth_date"),
    ],
)
def test_invalid_identifiers_are_refused_with_their_field(wijkteam, person, field):
    with pytest.raises(SignalInvalid) as caught:
        services.signal_ingest(
            data=h.line("wijkteam-noord", "x:1", person=person), source=wijkteam, via=Via.IMPORT
        )
    assert [f for f, _ in caught.value.problems] == [field]


def test_a_typo_in_a_field_name_is_caught_with_a_suggestion(wijkteam):
    with pytest.raises(SignalInvalid) as caught:
        services.signal_ingest(
            data=h.line("wijkteam-noord", "x:1", observed_at="2026-10-03", person={"surnam": "Proef"}),
            source=wijkteam,
            via=Via.API,
        )
    problems = dict(caught.value.problems)
    assert "observed_on" in problems["observed_at"]
    assert "surname" in problems["person.surnam"]


def test_only_id_and_source_are_required(wijkteam):
    signal, result = services.signal_ingest(
        data=h.line("wijkteam-noord", "kaal:1"), source=wijkteam, via=Via.API
    )
    assert result == "created" and signal.indicators == [] and signal.outcome == "geen"
    with pytest.raises(SignalInvalid) as caught:
        services.signal_ingest(data={"source": "wijkteam-noord"}, source=wijkteam, via=Via.API)
    assert caught.value.problems[0][0] == "id"


def test_a_line_for_another_source_is_refused(wijkteam):
    h.source("politie-basisteam")
    with pytest.raises(SignalInvalid) as caught:
        services.signal_ingest(data=h.line("politie-basisteam", "p:1"), source=wijkteam, via=Via.API)
    assert caught.value.problems[0][0] == "source"


def test_a_minor_is_recognised_from_the_birth_date(wijkteam):
    data = h.person_line("wijkteam-noord", "w:1", 1, observed_on="2026-10-03")
    data["person"]["birth_date"] = "2010-01-15"
    signal, _ = services.signal_ingest(data=data, source=wijkteam, via=Via.API)
    assert signal.minor is True
    adult, _ = services.signal_ingest(
        data=h.person_line("wijkteam-noord", "w:2", 2), source=wijkteam, via=Via.API
    )
    assert adult.minor is False


def test_the_content_hash_ignores_key_order_but_not_values():
    a = {"id": "1", "source": "s", "note": "x"}
    assert content_hash_of(a) == content_hash_of({"note": "x", "source": "s", "id": "1"})
    assert content_hash_of(a) != content_hash_of({**a, "note": "y"})


def test_the_schema_in_docs_is_the_one_the_hub_checks_with():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "signals.schema.json"
    assert json.loads(docs.read_text("utf-8")) == signal_schema()


_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.text(min_size=195, max_size=205),
)
_keys = st.sampled_from(
    [
        "id",
        "source",
        "note",
        "person",
        "address",
        "employer",
        "contacts",
        "forms",
        "indicators",
        "bsn",
        "phone",
        "name",
        "postcode",
        "house_number",
        "kvk",
        "role",
        "vehicle_plate",
        "observed_on",
        "typo",
    ]
)
_json = st.recursive(
    _leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "id": st.one_of(st.text(max_size=3), st.integers()),
            "source": st.sampled_from(["wijk-1", "x y", "", 5]),
        },
        optional={
            "person": st.one_of(st.none(), st.dictionaries(_keys, _leaf, max_size=4)),
            "address": st.dictionaries(_keys, _leaf, max_size=3),
            "contacts": st.lists(st.dictionaries(_keys, _leaf, max_size=3), max_size=3),
            "indicators": st.one_of(st.none(), st.lists(st.text(max_size=4), max_size=3), _json),
            "note": _leaf,
            "typo": _leaf,
        },
    )
)
def test_the_fast_shape_check_agrees_with_jsonschema(data):
    from signaalwijzer.hub.interchange import _inlined_schema, _shape_ok, _validator

    assert _shape_ok(data, _inlined_schema()) == (not list(_validator().iter_errors(data)))


def test_a_delivery_that_loses_a_race_with_the_same_signal_is_unchanged_not_an_error(wijkteam, monkeypatch):
    from django.db.models.query import QuerySet

    data = h.person_line("wijkteam-noord", "w:race", 1)
    services.signal_ingest(data=data, source=wijkteam, via=Via.API)
    real_first, missed = QuerySet.first, []

    def first(self):
        # The other delivery commits between this one's look-up and its insert.
        if self.model is Signal and not missed:
            missed.append(True)
            return None
        return real_first(self)

    monkeypatch.setattr(QuerySet, "first", first)
    signal, result = services.signal_ingest(data=data, source=wijkteam, via=Via.API)
    assert missed and result == "unchanged" and Signal.objects.count() == 1
