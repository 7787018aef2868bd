"""Entries link into a hash chain that the verifier recomputes, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signaalwijzer.audit import chain
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.audit.selectors import audit_chain_verify
from signaalwijzer.audit.services import audit_record


def test_entries_link_from_the_genesis_hash_in_gapless_positions(record):
    entries = record(4)

    assert [entry.position for entry in entries] == [1, 2, 3, 4]
    assert entries[0].previous_hash == chain.GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    assert len({entry.entry_hash for entry in entries}) == 4


def test_a_stored_entry_hashes_to_the_same_value_after_the_database_round_trip(db, actor):
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8:0:0::1")
    written = audit_record(
        action="signal.identifiers_view",
        object_type="signal",
        object_id="wijkteam-noord:4411",
        actor=actor,
        request=request,
        detail={"fields": ["phone", "iban"], "reason": "matching", "count": 2, "nested": {"ok": True}},
    )

    stored = AuditEntry.objects.get(position=written.position)

    assert stored.ip_address in ("2001:db8::1", "2001:DB8::1")
    assert stored.hash_compute() == stored.entry_hash == written.entry_hash


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("position", 2),
        ("created_at", datetime(2026, 1, 1, 12, 0, 0, 1, tzinfo=UTC)),
        ("actor_id", 8),
        ("actor_username", "a.bakker"),
        ("actor_organisation", "Veilig Thuis"),
        ("ip_address", "203.0.113.8"),
        ("action", "case.update"),
        ("object_type", "signal"),
        ("object_id", "2"),
        ("detail", {"step": 2}),
        ("previous_hash", "f" * 64),
    ],
)
def test_every_recorded_field_is_covered_by_the_hash(field, other):
    fields = {
        "position": 1,
        "created_at": datetime(2026, 1, 1, 12, 0, 0, 0, tzinfo=UTC),
        "actor_id": 7,
        "actor_username": "p.devries",
        "actor_organisation": "Wijkteam Noord",
        "ip_address": "203.0.113.7",
        "action": "case.view",
        "object_type": "case",
        "object_id": "1",
        "detail": {"step": 1},
        "previous_hash": chain.GENESIS_HASH,
    }

    assert chain.entry_hash(fields) != chain.entry_hash({**fields, field: other})


def test_the_timestamp_is_hashed_in_utc_whatever_its_zone():
    utc = datetime(2026, 3, 1, 11, 0, 0, 123456, tzinfo=UTC)
    fields = dict.fromkeys(chain.HASHED_FIELDS, "") | {"position": 1, "created_at": utc, "ip_address": None}
    amsterdam = utc.astimezone(ZoneInfo("Europe/Amsterdam"))

    assert chain.entry_hash(fields) == chain.entry_hash({**fields, "created_at": amsterdam})
    assert b'"created_at":"2026-03-01T11:00:00.123456+00:00"' in chain.canonical_json(fields)
    assert chain.entry_hash(fields) != chain.entry_hash(
        {**fields, "created_at": utc + timedelta(microseconds=1)}
    )


def test_an_empty_log_verifies_clean(db):
    report = audit_chain_verify()

    assert report.ok
    assert (report.rows, report.last_position, report.last_hash) == (0, None, None)


def test_an_untouched_log_verifies_clean_across_batch_boundaries(record):
    entries = record(10)

    report = audit_chain_verify(batch_size=3)

    assert report.ok, report.problems
    assert (report.rows, report.last_position, report.last_hash) == (10, 10, entries[-1].entry_hash)


def test_progress_is_reported_per_batch(record):
    record(5)
    seen = []

    audit_chain_verify(batch_size=2, progress=lambda done, total: seen.append((done, total)))

    assert seen == [(2, 5), (4, 5), (5, 5)]


texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20)
details = st.dictionaries(
    st.sampled_from(["step", "fields", "reason", "count", "shared_with", "outcome"]),
    st.one_of(
        st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), texts, st.lists(texts, max_size=3)
    ),
    max_size=4,
)
records = st.lists(
    st.fixed_dictionaries(
        {
            "action": st.sampled_from(
                ["case.view", "case.update", "case.access_denied", "signal.identifiers_view"]
            ),
            "object_type": st.sampled_from(["case", "signal"]),
            "object_id": st.text("abc0123456789:-", min_size=1, max_size=12),
            "detail": details,
            "address": st.one_of(st.none(), st.ip_addresses().map(str)),
        }
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records)
def test_any_sequence_of_records_verifies_clean(db, actor, records):
    factory = RequestFactory()
    with transaction.atomic():
        for item in records:
            request = factory.get("/", REMOTE_ADDR=item["address"]) if item["address"] else None
            audit_record(
                action=item["action"],
                object_type=item["object_type"],
                object_id=item["object_id"],
                actor=actor,
                request=request,
                detail=item["detail"],
            )

        report = audit_chain_verify(batch_size=3)

        assert report.ok, report.problems
        assert report.rows == report.last_position == len(records)
        transaction.set_rollback(True)
