"""`signaalwijzer signals import`: all-or-nothing, every bad line named, idempotent, --skip-invalid, sources."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signaalwijzer.accounts.models import Organisation
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub import services
from signaalwijzer.hub.errors import ImportRejected
from signaalwijzer.hub.models import Cluster, PartnerToken, Signal, SignalToken, Source
from tests.hub import ingest_helpers as h
from tests.hub.ingest_helpers import dutch  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch")]


@pytest.fixture
def sources():
    return h.source("wijkteam-noord"), h.source("schuldhulp")


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("signals", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def good_lines(n: int = 5) -> list[dict]:
    return [h.person_line("wijkteam-noord" if i % 2 else "schuldhulp", f"s:{i}", i) for i in range(1, n + 1)]


def test_a_file_with_bad_lines_writes_nothing_and_lists_every_bad_line(tmp_path, sources):
    bad_bsn = h.person_line("wijkteam-noord", "b:1", 1)
    bad_bsn["person"]["bsn"] = h.bad_bsn()
    bad_iban = h.person_line("wijkteam-noord", "b:2", 2)
    bad_iban["person"]["iban"] = "NL00TEST0000000001"
    lines = [
        *good_lines(3),  # 1-3
        "{dit is geen json",  # 4
        bad_bsn,  # 5
        bad_iban,  # 6
        h.line("wijkteam-noord", "b:3", observed_on="2026-02-30"),  # 7
        h.line("wijkteam-noord", "b:4", indicators=["niet_bestaand"]),  # 8
        h.line("onbekende-bron", "b:5"),  # 9
        h.line("wijkteam-noord", "s:1"),  # 10: duplicate of line 1
    ]
    path = h.jsonl(tmp_path / "in.jsonl", lines)
    with pytest.raises(CommandError) as caught:
        run("import", str(path))
    assert "niets opgeslagen" in str(caught.value)
    assert Signal.objects.count() == 0 and SignalToken.objects.count() == 0 and Cluster.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="hub.").exists()
    with pytest.raises(ImportRejected) as rejected:
        services.signals_import(path=path)
    by_line = {number: dict(problems) for number, problems in rejected.value.rejected}
    assert sorted(by_line) == [4, 5, 6, 7, 8, 9, 10]
    assert "geen geldige JSON" in by_line[4][""]
    assert "person.bsn" in by_line[5]
    assert "person.iban" in by_line[6]
    assert "datum bestaat niet" in by_line[7]["observed_on"]
    assert "niet_bestaand" in by_line[8]["indicators[0]"]
    assert "onbekende-bron" in by_line[9]["source"]
    assert "regel 1" in by_line[10]["id"]


def test_the_command_prints_each_bad_line_with_number_field_and_reason(tmp_path, sources):
    bad = h.person_line("wijkteam-noord", "b:1", 1)
    bad["person"]["bsn"] = h.bad_bsn()
    path = h.jsonl(tmp_path / "in.jsonl", [*good_lines(2), bad])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("signals", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert "regel 3: person.bsn: " in err.getvalue()


def test_reimporting_the_same_file_changes_nothing_and_a_changed_line_updates(tmp_path, sources):
    lines = good_lines(6)
    path = h.jsonl(tmp_path / "in.jsonl", lines)
    first = services.signals_import(path=path)
    assert (first.created, first.updated, first.unchanged) == (6, 0, 0)
    snapshot = list(Signal.objects.order_by("pk").values_list("pk", "content_hash", "person_cluster_id"))
    again = services.signals_import(path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert (
        list(Signal.objects.order_by("pk").values_list("pk", "content_hash", "person_cluster_id")) == snapshot
    )
    lines[2] = {**lines[2], "note": "Aangepast: ook schulden."}
    changed = services.signals_import(path=h.jsonl(tmp_path / "in2.jsonl", lines))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 5)
    assert Signal.objects.count() == 6
    assert AuditEntry.objects.filter(action="hub.signals_import").count() == 2


def test_skip_invalid_imports_the_good_lines_and_writes_the_rejected_ones(tmp_path, sources):
    bad = h.line("wijkteam-noord", "b:1", indicators=["onzin"])
    path = h.jsonl(tmp_path / "in.jsonl", [*good_lines(3), bad, "[1, 2]"])
    rejected = tmp_path / "rejected.jsonl"
    out, err = run("import", str(path), "--skip-invalid", "--rejected", str(rejected))
    assert "3 nieuw" in out and "2 afgewezen" in out
    assert Signal.objects.count() == 3
    written = [json.loads(x) for x in rejected.read_text("utf-8").splitlines()]
    assert [item["line"] for item in written] == [4, 5]
    assert written[0]["errors"][0]["field"] == "indicators[0]"
    assert json.loads(written[0]["input"]) == bad
    assert "regel 4: indicators[0]" in err


def test_an_unknown_source_is_refused_unless_create_sources(tmp_path, sources):
    path = h.jsonl(tmp_path / "in.jsonl", [h.person_line("huisarts-west", "h:1", 1)])
    with pytest.raises(ImportRejected):
        services.signals_import(path=path)
    assert not Source.objects.filter(slug="huisarts-west").exists()
    report = services.signals_import(path=path, create_sources=True)
    assert report.created == 1 and report.sources_created == ["huisarts-west"]
    source = Source.objects.get(slug="huisarts-west")
    assert source.organisation.type == "overig"
    assert Organisation.objects.filter(name="huisarts-west").count() == 1


def test_export_clusters_writes_every_cluster_including_singletons(tmp_path, sources):
    same = h.person_line("schuldhulp", "s:99", 1)  # the same person as s:1 (same BSN)
    path = h.jsonl(tmp_path / "in.jsonl", [*good_lines(3), same])
    services.signals_import(path=path)
    out = tmp_path / "persons.jsonl"
    run("export-clusters", "--level", "person", str(out))
    clusters = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    members = sorted(sorted(c["signals"]) for c in clusters)
    assert members == [["s:1", "s:99"], ["s:2"], ["s:3"]]


def test_tokens_are_made_once_and_revoked_by_prefix(sources):
    organisation = sources[0].organisation
    out, err = run("token", "create", "--organisation", organisation.name.upper(), "--name", "Regsys")
    raw = out.strip()
    token = PartnerToken.objects.get()
    assert raw.startswith("swp_") and token.prefix == raw[:12] and raw not in token.digest
    assert "niet nog eens" in err
    run("token", "revoke", raw[:10])
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError):
        run("token", "revoke", raw[:10])


def test_a_large_import_links_in_one_batch_with_the_same_clusters_as_line_by_line(
    tmp_path, sources, monkeypatch
):
    lines = good_lines(8)
    lines.append(h.person_line("schuldhulp", "s:dup-of-1", 1))  # the same person as s:1
    lines.append({**h.person_line("wijkteam-noord", "s:net", 40), "contacts": [{"phone": "06-10000002"}]})
    path = h.jsonl(tmp_path / "in.jsonl", lines)

    def partitions():
        out = []
        for fk in ("person_cluster__key", "network_cluster__key"):
            groups: dict = {}
            for key, ident in Signal.objects.values_list(fk, "external_id"):
                groups.setdefault(key, set()).add(ident)
            out.append(sorted(sorted(g) for g in groups.values()))
        return out

    assert services.signals_import(path=path).linked == "incremental"
    incremental = partitions()
    Signal.objects.all().delete()
    Cluster.objects.all().delete()
    monkeypatch.setattr(services.imports, "IMPORT_BATCH_LINK_FROM", 2)  # read where the import runs
    assert services.signals_import(path=path).linked == "batch"
    assert partitions() == incremental
    assert ["s:1", "s:dup-of-1"] in incremental[0]
    assert any({"s:2", "s:net"} <= set(group) for group in incremental[1])  # a contact's phone: one network


def test_the_command_line_shares_a_full_link_over_processes_with_the_same_clusters(
    tmp_path, sources, monkeypatch
):
    from signaalwijzer.linkage import cluster

    lines = good_lines(12)
    lines += [h.person_line("schuldhulp", f"s:dup-of-{i}", i) for i in (1, 4, 7)]
    lines.append({**h.person_line("wijkteam-noord", "s:net", 40), "contacts": [{"phone": "06-10000002"}]})
    path = h.jsonl(tmp_path / "in.jsonl", lines)
    run("import", str(path))  # line by line
    before = sorted(Signal.objects.values_list("external_id", "person_cluster__key", "network_cluster__key"))
    monkeypatch.setattr(cluster, "PARALLEL_MIN", 0)  # processes even for this small store
    monkeypatch.setattr(cluster, "PARALLEL_BLOCK", 2)
    out, _ = run("link", "--workers", "3")
    assert "0 signalen van cluster veranderd" in out
    after = sorted(Signal.objects.values_list("external_id", "person_cluster__key", "network_cluster__key"))
    assert after == before
    assert len({person for _, person, _ in after}) == 13  # three people seen twice
    with pytest.raises(CommandError, match="--workers: 0 kan niet"):
        run("link", "--workers", "0")


_phones = st.sampled_from(["06-12345678", "+31 6 1234 5678", "0612345678", "0031612345678", None])
_postcodes = st.sampled_from(["1234 ab", "1234AB", "1234  Ab", None])
_names = st.sampled_from([("Jan", "van den Berg"), ("JAN", "Berg, van den"), ("Jan", "Bérg"), (None, "Berg")])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(_phones, _postcodes, _names, st.booleans()), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
)
def test_importing_any_file_twice_changes_nothing_the_second_time(tmp_path_factory, sources, rows, rng):
    run_id = uuid.uuid4().hex[:8]
    lines = []
    for n, (phone, postcode, (given_names, surname), with_bsn) in enumerate(rows):
        person = {"given_names": given_names, "surname": surname, "phone": phone}
        if with_bsn:
            person["bsn"] = h.bsn(n)
        line = h.line("wijkteam-noord", f"{run_id}:{n}", person=person)
        if postcode:
            line["address"] = {"postcode": postcode, "house_number": str(n + 1)}
        lines.append(line)
    folder = tmp_path_factory.mktemp("idempotent")
    first = services.signals_import(path=h.jsonl(folder / "a.jsonl", lines))
    assert (first.created, first.updated) == (len(lines), 0)
    state = list(
        Signal.objects.filter(external_id__startswith=run_id)
        .order_by("pk")
        .values_list("pk", "content_hash", "person_cluster_id", "network_cluster_id")
    )
    # The same lines in another order, with their keys in another order: still the same file.
    shuffled = [dict(reversed(list(line.items()))) for line in lines]
    rng.shuffle(shuffled)
    again = services.signals_import(path=h.jsonl(folder / "b.jsonl", shuffled))
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(lines))
    assert (
        list(
            Signal.objects.filter(external_id__startswith=run_id)
            .order_by("pk")
            .values_list("pk", "content_hash", "person_cluster_id", "network_cluster_id")
        )
        == state
    )
