"""audit_record writes who, what, when and from which address, in the caller's transaction."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test import RequestFactory
from django.utils import timezone

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.audit.selectors import audit_chain_verify, audit_entries_for
from signaalwijzer.audit.services import AuditDetailError, audit_record
from tests.audit.conftest import StandInUser
from tests.audit.helpers import audit_log_emptied


def test_the_actor_is_recorded_as_values(db, actor):
    before = timezone.now()

    entry = audit_record(action="case.update", object_type="case", object_id=42, actor=actor)

    stored = AuditEntry.objects.get(position=entry.position)
    assert (stored.actor_id, stored.actor_username, stored.actor_organisation) == (
        7,
        "p.devries",
        "Wijkteam Noord",
    )
    assert (stored.action, stored.object_type, stored.object_id) == ("case.update", "case", "42")
    assert before <= stored.created_at <= timezone.now()
    assert stored.detail == {}


def test_the_system_and_anonymous_visitors_are_recorded_without_a_name(db):
    system = audit_record(action="case.retention_delete", object_type="case", object_id="1")
    anonymous = audit_record(
        action="case.access_denied", object_type="case", object_id="1", actor=AnonymousUser()
    )

    for entry in (system, anonymous):
        assert (entry.actor_id, entry.actor_username, entry.actor_organisation) == (None, "", "")


def test_without_an_actor_the_request_user_is_recorded(db, actor):
    request = RequestFactory().get("/dossiers/1/", REMOTE_ADDR="198.51.100.4")
    request.user = StandInUser(pk=9, username="a.bakker")

    entry = audit_record(action="case.view", object_type="case", object_id="1", request=request)

    assert (entry.actor_id, entry.actor_username, entry.actor_organisation) == (9, "a.bakker", "")
    assert entry.ip_address == "198.51.100.4"


@pytest.mark.parametrize(
    ("meta", "behind_proxy", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, False, "203.0.113.7"),
        # Without a proxy a client can write any X-Forwarded-For: ignored.
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "10.0.0.1"}, False, "203.0.113.7"),
        # Behind the proxy: the hop the proxy appended, not what the client put before it.
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}, True, "203.0.113.7"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7:51234"}, True, "203.0.113.7"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:443"}, True, "2001:db8::7"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "onzin"}, True, "10.0.0.2"),
        ({"REMOTE_ADDR": "10.0.0.2"}, True, "10.0.0.2"),
        ({"REMOTE_ADDR": "niet-een-adres"}, False, None),
    ],
)
def test_the_client_address(db, actor, settings, meta, behind_proxy, expected):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
    request = RequestFactory().get("/", **meta)

    entry = audit_record(action="case.view", object_type="case", object_id="1", actor=actor, request=request)

    assert AuditEntry.objects.get(position=entry.position).ip_address == expected
    assert audit_chain_verify().ok


@pytest.mark.parametrize(
    ("detail", "reason"),
    [
        ({"score": 0.5}, "float is not allowed"),
        ({"surname": "Jansen"}, "personal data"),
        ({"changed": {"bsn": "123456782"}}, "personal data"),
        ({"fields": ["x" * 3000]}, "bytes; at most"),
        ({"count": 2**60}, "too large"),
        ({1: "one"}, "keys must be text"),
    ],
)
def test_detail_holds_only_small_plain_values_and_no_personal_data(db, actor, detail, reason):
    with pytest.raises(AuditDetailError, match=reason):
        audit_record(action="case.update", object_type="case", object_id="1", actor=actor, detail=detail)

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("action", "object_type"),
    [
        ("view", "case"),
        ("Case.View", "case"),
        ("case.view", ""),
        ("case.view", "Case"),
        ("case view", "case"),
    ],
)
def test_action_and_object_type_are_short_codes(db, actor, action, object_type):
    with pytest.raises(ValueError, match="short lowercase code"):
        audit_record(action=action, object_type=object_type, object_id="1", actor=actor)


def test_an_entry_rolls_back_with_the_transaction_it_belongs_to(db, actor):
    audit_record(action="case.view", object_type="case", object_id="1", actor=actor)

    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="case.update", object_type="case", object_id="1", actor=actor)
        raise RuntimeError("the dossier write failed")

    assert list(AuditEntry.objects.values_list("position", "action")) == [(1, "case.view")]
    # The chain continues from the last committed entry: no gap where the rolled-back one was.
    assert audit_record(action="case.update", object_type="case", object_id="1", actor=actor).position == 2
    assert audit_chain_verify().ok


def test_a_failed_audit_write_cannot_be_caught_and_stepped_over(db, actor, monkeypatch):
    def save_fails(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEntry, "save", save_fails)

    with pytest.raises(TransactionManagementError), transaction.atomic():
        with contextlib.suppress(DatabaseError):
            audit_record(action="case.update", object_type="case", object_id="1", actor=actor)
        # The dossier write would come here: refused, the transaction can only roll back.
        AuditEntry.objects.exists()


def test_entries_for_one_object_newest_first_and_bounded(record, actor):
    record(3)
    for _ in range(4):
        audit_record(action="case.update", object_type="case", object_id="2", actor=actor)
    audit_record(action="signal.identifiers_view", object_type="signal", object_id="2", actor=actor)

    entries = list(audit_entries_for("case", "2", limit=3))

    assert [entry.position for entry in entries] == [7, 6, 5]
    assert len(audit_entries_for("case", 2)) == 5
    assert [e.position for e in audit_entries_for("signal", "2")] == [8]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_gapless():
    writers, per_writer = 6, 20
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        actor = StandInUser(pk=number, username=f"writer{number}")
        try:
            start.wait()
            for index in range(per_writer):
                audit_record(action="case.view", object_type="case", object_id=str(index), actor=actor)
        except BaseException as exc:  # noqa: BLE001  reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    try:
        assert errors == []
        report = audit_chain_verify()
        assert report.ok, report.problems
        assert report.rows == report.last_position == writers * per_writer
    finally:
        audit_log_emptied()
