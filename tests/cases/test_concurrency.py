"""Concurrent edits never silently overwrite each other (issue 3 §3): optimistic locking on `Case.version`."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, CaseEntry
from tests.cases import factories


@pytest.mark.django_db
def test_a_save_on_a_stale_version_is_refused_and_writes_nothing():
    case = factories.case()
    stale = Case.objects.get(pk=case.pk)  # a second form opened at version 1
    factories.observation(case, text="Eerste waarneming.")
    entries = CaseEntry.objects.count()
    audits = AuditEntry.objects.count()
    with pytest.raises(services.CaseConflictError):
        services.case_observation_add(
            case=stale,
            actor=stale.owner,
            expected_version=stale.version,
            observed_on=case.created_at.date(),
            text="Tweede waarneming.",
        )
    assert (CaseEntry.objects.count(), AuditEntry.objects.count()) == (entries, audits)
    case.refresh_from_db()
    assert case.version == 2
    assert stale.version == 1  # the loser's object is untouched, so the form can show what was typed


@pytest.mark.django_db
def test_a_stale_signals_change_leaves_the_weighing_as_the_winner_saved_it():
    case = factories.case(indicators=factories.ZORGELIJK)
    stale = Case.objects.get(pk=case.pk)
    services.case_signals_update(
        case=case, actor=case.owner, expected_version=1, indicators=factories.VERMOEDEN, minor="nee"
    )
    with pytest.raises(services.CaseConflictError):
        services.case_signals_update(
            case=stale, actor=stale.owner, expected_version=1, indicators=[], minor="nee"
        )
    case.refresh_from_db()
    assert (case.indicators, case.outcome) == (list(factories.VERMOEDEN), "vermoeden")


@pytest.mark.django_db
def test_closing_in_between_is_reported_as_closed_not_as_a_conflict():
    case = factories.case()
    stale = Case.objects.get(pk=case.pk)
    factories.closed(case)
    with pytest.raises(services.CaseClosedError):
        services.case_weighing_record(
            case=stale, actor=stale.owner, expected_version=1, answers={"q1": False}, text=""
        )


@pytest.mark.django_db
def test_every_write_with_a_wrong_version_is_refused():
    case = factories.case()
    calls = [
        lambda v: factories.observation(_at(case, v)),
        lambda v: factories.consultation(_at(case, v)),
        lambda v: factories.conversation(_at(case, v)),
        lambda v: factories.weighing(_at(case, v)),
        lambda v: factories.decision(_at(case, v)),
        lambda v: factories.client(_at(case, v)),
        lambda v: factories.closed(_at(case, v)),
    ]
    for call in calls:
        with pytest.raises(services.CaseConflictError):
            call(case.version + 1)
    assert CaseEntry.objects.filter(case=case).count() == 1


def _at(case: Case, version: int) -> Case:
    copy = Case.objects.get(pk=case.pk)
    copy.version = version
    return copy


@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_on_one_version_give_one_winner_and_one_conflict():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs two connections to a server database; SQLite serialises writers")
    from tests.audit.helpers import audit_log_emptied

    try:
        case = factories.case()
        barrier = threading.Barrier(2)
        results: list[str] = []

        def save(text: str) -> None:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait()
            try:
                services.case_observation_add(
                    case=mine,
                    actor=mine.owner,
                    expected_version=1,
                    observed_on=mine.created_at.date(),
                    text=text,
                )
                results.append("saved")
            except services.CaseConflictError:
                results.append("conflict")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(f"Waarneming {n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results) == ["conflict", "saved"]
        case.refresh_from_db()
        assert case.version == 2
        assert CaseEntry.objects.filter(case=case, kind="observation").count() == 1
        assert AuditEntry.objects.filter(action="case.observation").count() == 1
    finally:
        audit_log_emptied()
