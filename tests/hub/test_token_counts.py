"""The token counts table (hub.TokenCount) equals a GROUP BY of the token index after every kind of write."""

from __future__ import annotations

import io
import random
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signaalwijzer.hub import linking, services, token_index
from signaalwijzer.hub.models import Signal, SignalToken, TokenCount, Via
from tests.audit.helpers import audit_log_emptied
from tests.hub import factories
from tests.hub import ingest_helpers as h

SOURCES = ("wijkteam-noord", "schuldhulp", "politie")
PHONES = ("06-1111 2222", "06-3333 4444", "06-5555 6666")
ADDRESSES = (("1111 AA", "1"), ("2222 BB", "2"))


@pytest.fixture
def sources():
    return {slug: h.source(slug) for slug in SOURCES}


def recount() -> dict[str, int]:
    rows = SignalToken.objects.values("token").annotate(n=Count("id")).values_list("token", "n")
    return dict(rows)


def stored() -> dict[str, int]:
    return dict(TokenCount.objects.values_list("token", "n"))


def person(n: int, variant: int, source: str) -> dict:
    """Person n as `source` knows them; another variant is a re-delivery with other identifiers. Phones and
    addresses come from small pools, so that tokens are shared and counts go above 1."""
    line = h.person_line(source, f"{source}:{n}", n)
    line["person"]["phone"] = PHONES[(n + variant) % len(PHONES)]
    if variant % 2:
        postcode, house = ADDRESSES[(n + variant) % len(ADDRESSES)]
        line["address"] = {"postcode": postcode, "house_number": house}
    if variant == 3:
        del line["person"]["bsn"]
        line["employer"] = {"name": "Schoonmaak De Ster B.V.", "kvk": "12345678"}
    return line


_line = st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from(SOURCES))
_operation = st.one_of(
    st.tuples(st.just("ingest"), _line),
    # One file: each (source, id) once, or the import refuses it.
    st.tuples(st.just("import"), st.lists(_line, min_size=1, max_size=5, unique_by=lambda x: (x[0], x[2]))),
    st.tuples(st.just("relink")),
    st.tuples(st.just("delete"), st.integers(0, 4)),
)


class _Rollback(Exception):
    """Leaves an example's transaction, so that every example starts from an empty store."""


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_operation, min_size=1, max_size=10))
def test_the_counts_equal_a_recount_of_the_index_after_any_sequence_of_writes(
    tmp_path_factory, monkeypatch, sources, operations
):
    # Files of three or more changed signals take the full link (which counts again), smaller ones the delta.
    monkeypatch.setattr(services.imports, "IMPORT_BATCH_LINK_FROM", 3)
    folder = tmp_path_factory.mktemp("counts")
    try:
        with transaction.atomic():
            for step, (kind, *args) in enumerate(operations):
                if kind == "ingest":
                    n, variant, source = args[0]
                    services.signal_ingest(
                        data=person(n, variant, source), source=sources[source], via=Via.API
                    )
                elif kind == "import":
                    path = h.jsonl(folder / f"{step}.jsonl", [person(*line) for line in args[0]])
                    services.signals_import(path=path)
                elif kind == "relink":
                    assert services.signals_relink().counts_fixed == 0
                else:
                    # No service deletes signals; one deleted by hand leaves its tokens counted, and
                    # `signals link` counts exactly those again.
                    gone = Signal.objects.filter(external_id__endswith=f":{args[0]}")
                    tokens = set(SignalToken.objects.filter(signal__in=gone).values_list("token", flat=True))
                    gone.delete()
                    assert services.signals_relink().counts_fixed == len(tokens)
                assert stored() == recount(), (step, kind)
            assert all(n > 0 for n in stored().values())
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.django_db
def test_a_redelivery_moves_the_counts_from_its_old_tokens_to_its_new_ones(sources):
    services.signal_ingest(data=person(1, 0, "politie"), source=sources["politie"], via=Via.API)
    services.signal_ingest(data=person(2, 2, "schuldhulp"), source=sources["schuldhulp"], via=Via.API)
    before = stored()
    shared = [token for token, n in before.items() if n == 2 and token.startswith("phone:")]  # the same phone
    assert before == recount() and shared
    services.signal_ingest(data=person(1, 1, "politie"), source=sources["politie"], via=Via.API)
    after = stored()
    assert after == recount()
    assert all(after[token] == 1 for token in shared)  # another phone now
    assert any(token.startswith("addr") for token in set(after) - set(before))  # and an address


@pytest.mark.django_db
def test_linking_reads_the_counts_up_to_the_limit(sources, monkeypatch):
    for i in range(4):
        services.signal_ingest(data=person(i, 1, "politie"), source=sources["politie"], via=Via.API)
    counts = recount()
    assert max(counts.values()) >= 3
    assert linking.token_counts([*counts, "addr:nobody"]) == counts
    monkeypatch.setattr(linking, "COUNT_LIMIT", 2)
    assert linking.token_counts(counts) == {token: min(n, 2) for token, n in counts.items()}


@pytest.mark.django_db
def test_a_decrement_without_a_count_is_refused():
    with pytest.raises(token_index.CountsOutOfStep):
        token_index.counts_change({"addr:nobody": -1})


@pytest.mark.django_db
def test_signals_link_says_when_it_had_to_count_again(sources):
    services.signal_ingest(data=person(1, 1, "politie"), source=sources["politie"], via=Via.API)
    Signal.objects.all().delete()  # by hand: the counts stay
    out, err = io.StringIO(), io.StringIO()
    call_command("signals", "link", "--workers", "1", stdout=out, stderr=err)
    assert "klopten niet" in err.getvalue()
    assert stored() == recount() == {}


@pytest.mark.django_db(transaction=True)
def test_signals_arriving_at_once_with_shared_tokens_keep_the_counts_exact():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs connections to a server database; SQLite serialises writers")
    try:
        sources = {slug: h.source(slug) for slug in SOURCES}
        barrier = threading.Barrier(3)
        errors: list[BaseException] = []

        def arrive(source: str, seed: int) -> None:
            # Each writer its own order of people and variants: the same phones and addresses, other orders.
            rng = random.Random(seed)
            lines = [person(n, rng.randrange(4), source) for n in rng.sample(range(5), 5)]
            barrier.wait()
            try:
                for line in lines:
                    services.signal_ingest(data=line, source=sources[source], via=Via.API)
            except BaseException as error:  # noqa: BLE001 - reported in the main thread
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=arrive, args=(s, i)) for i, s in enumerate(SOURCES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert Signal.objects.count() == 15
        assert stored() == recount()
    finally:
        audit_log_emptied()


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_the_tokens_already_stored():
    signals = [factories.signal() for _ in range(3)]
    token_index.tokens_add((s.pk, token) for s in signals for token in ("addr:a", f"bsn:{s.pk}"))
    token_index.tokens_add([(signals[0].pk, "phone:p"), (signals[1].pk, "phone:p")])
    expected = recount()
    assert expected["addr:a"] == 3 and expected["phone:p"] == 2 and len(expected) == 5
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("hub")
    try:
        executor.migrate([("hub", "0002_signal_minor")])
        executor.loader.build_graph()
        executor.migrate([("hub", "0003_tokencount")])
        assert stored() == expected
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'hub_tokencount'")
                assert [name for (name,) in cursor.fetchall() if name.endswith("_like")] == []
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)
        audit_log_emptied()  # this test commits: the flush after it may not find the log's entries
