"""Verification names every changed, relinked or deleted row by its position (issue 3 §3)."""

from __future__ import annotations

from signaalwijzer.audit import chain
from signaalwijzer.audit.selectors import Problem, audit_chain_verify
from tests.audit.helpers import tampered


def test_a_changed_row_is_reported_with_its_position(record):
    record(6)

    tampered("UPDATE audit_auditentry SET actor_username = %s WHERE position = 3", ["iemand.anders"])
    report = audit_chain_verify(batch_size=2)

    assert report.problems == [Problem("changed", 3)]
    assert report.rows == 6


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next(record):
    entries = record(5)
    forged = entries[1].hash_fields() | {"object_id": "999"}
    forged_hash = chain.entry_hash(forged)

    tampered(
        "UPDATE audit_auditentry SET object_id = %s, entry_hash = %s WHERE position = 2", ["999", forged_hash]
    )
    report = audit_chain_verify()

    assert report.problems == [Problem("link", 3, expected=forged_hash, found=entries[1].entry_hash)]


def test_a_deleted_row_is_reported_with_its_position(record):
    record(6)

    tampered("DELETE FROM audit_auditentry WHERE position = 4")
    report = audit_chain_verify(batch_size=4)

    assert report.problems == [Problem("deleted", 4, through=4)]
    assert report.rows == 5


def test_deleted_rows_are_reported_as_one_span_also_at_the_start_and_across_batches(record):
    record(10)

    tampered("DELETE FROM audit_auditentry WHERE position IN (1, 5, 6, 7)")
    report = audit_chain_verify(batch_size=3)

    assert report.problems == [Problem("deleted", 1, through=1), Problem("deleted", 5, through=7)]


def test_a_row_moved_far_ahead_is_found_without_walking_the_empty_positions(record):
    record(4)

    tampered("UPDATE audit_auditentry SET position = 1000000000000 WHERE position = 4")
    report = audit_chain_verify(batch_size=2)

    assert report.problems == [
        Problem("deleted", 4, through=999_999_999_999),
        Problem("changed", 1_000_000_000_000),
    ]
    assert report.last_position == 1_000_000_000_000


def test_changes_and_deletions_are_all_reported_in_one_pass(record):
    record(8)

    tampered("UPDATE audit_auditentry SET detail = %s WHERE position IN (2, 7)", ['{"step": 5}'])
    tampered("DELETE FROM audit_auditentry WHERE position = 5")
    report = audit_chain_verify(batch_size=2)

    assert [(p.kind, p.position) for p in report.problems] == [("changed", 2), ("deleted", 5), ("changed", 7)]


def test_an_anchor_reveals_a_removed_tail_that_the_chain_cannot(record):
    entries = record(5)
    anchor = (5, entries[-1].entry_hash)

    tampered("DELETE FROM audit_auditentry WHERE position >= 4")

    assert audit_chain_verify().ok
    assert audit_chain_verify(anchors=[anchor]).problems == [
        Problem("anchor", 5, expected=entries[-1].entry_hash)
    ]


def test_an_anchor_that_no_longer_matches_is_reported(record):
    entries = record(3)

    report = audit_chain_verify(anchors=[(2, entries[1].entry_hash), (3, "a" * 64)])

    assert report.problems == [Problem("anchor", 3, expected="a" * 64, found=entries[2].entry_hash)]
