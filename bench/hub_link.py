"""Linking one new signal through the database into a large Signalenhub store (issue 5: p95 < 20 ms at 1M).

`bench/linkage.py` times the in-memory linker; this times what the hub does when a partner's signal arrives
through the API or the web form: `hub.services.signal_ingest` (check, normalise, keyed hashes, encrypt the
readable values, store the signal and its tokens, find the region of clusters it can touch through the token
index, link that region, write the changed clusters and their ranking facts, audit), each in its own
transaction, on a store built from the linkage bench's synthetic stream.

    .venv/bin/python bench/hub_link.py --signals 100000           # PostgreSQL database signaalwijzer_bench
    .venv/bin/python bench/hub_link.py --signals 1000000 --keep   # keep the store for another run
    .venv/bin/python bench/hub_link.py --signals 20000 --sqlite   # a SQLite file in the scratch directory

The store gets the first N - 1000 signals of the stream with `signals import` (one transaction, then one batch
link) into a database of its own (`..._store`, or a `-store` file), which is copied for the arrivals: the last 1000
arrive one at a time. Prints the import rate, then the p50 / p95 / p99 / max of one arrival and of the linking
step inside it, and the SQL statements per arrival. The store is made anew unless --keep finds one of the right size. Asserts nothing (STYLE.md:
benchmarks print figures).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

ARRIVALS = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signals", type=int, default=100_000)
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/signaalwijzer_bench")
    parser.add_argument("--keep", action="store_true", help="reuse a store of the right size if there is one")
    args = parser.parse_args()

    import linkage as stream_bench  # bench/linkage.py: the synthetic stream

    scratch = stream_bench.SCRATCH
    stream = stream_bench.write_stream(args.signals)
    store_file = scratch / f"hub-store-{args.signals}.jsonl"
    with stream.open() as src:
        rows = [json.loads(row)[0] for row in src]
    with store_file.open("w") as out:
        for line in rows[: len(rows) - ARRIVALS]:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    arrivals = rows[len(rows) - ARRIVALS :]
    del rows

    # The store is built once into its own database (file) and copied for the arrivals, so that --keep can time
    # arrivals into the same store again.
    if args.sqlite:
        db_path = scratch / f"hub-{args.signals}.sqlite3"
        store_path = scratch / f"hub-{args.signals}-store.sqlite3"
        url = f"sqlite:///{store_path}"
        if not args.keep and store_path.exists():
            store_path.unlink()
    else:
        name = args.pg.rsplit("/", 1)[1]
        admin = args.pg.rsplit("/", 1)[0] + "/postgres"
        url = f"{args.pg}_store"

        def psql(sql: str) -> None:
            subprocess.run(["psql", admin, "-qc", sql], check=True)

        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {name}_store")
        reachable = subprocess.run(["psql", url, "-qc", "SELECT 1"], capture_output=True, check=False)
        if reachable.returncode != 0:
            psql(f"CREATE DATABASE {name}_store")
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "signaalwijzer.config.settings",
            "SECRET_KEY": "bench-only-secret-key-not-for-use",
            "SIGNAALWIJZER_FIELD_KEYS": "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMtISE=",
            "SIGNAALWIJZER_LINK_KEY": "bench-only-link-key",
            "SIGNAALWIJZER_DEBUG": "false",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from signaalwijzer.hub.models import Signal, Source, Via
    from signaalwijzer.hub.services import signal_ingest, signals_import
    from signaalwijzer.linkage.cluster import usable_cores

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    stored = Signal.objects.count()
    if pending and stored:
        # A kept store made by an older version: the new tables filled by their migrations, then ANALYZE.
        print(f"store migrated ({len(pending)} migrations) in {time.perf_counter() - t0:.0f} s", flush=True)
        if not args.sqlite:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    if stored != args.signals - ARRIVALS:
        if stored:
            raise SystemExit(
                f"the store holds {stored} signals, not {args.signals - ARRIVALS}: run without --keep"
            )
        t0 = time.perf_counter()
        report = signals_import(path=store_file, create_sources=True, workers=usable_cores())
        seconds = time.perf_counter() - t0
        print(
            f"store: {report.created:,} signals imported in {seconds:.0f} s ({report.created / seconds:,.0f} lines/s,"
            f" linked: {report.linked})",
            flush=True,
        )
        if not args.sqlite:
            # As autovacuum would shortly after a large import: the planner's statistics of the new rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    else:
        print(f"store: {stored:,} signals kept from an earlier run", flush=True)
    connection.close()
    if args.sqlite:
        shutil.copyfile(store_path, db_path)
        connection.settings_dict["NAME"] = str(db_path)
    else:
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name} TEMPLATE {name}_store")
        connection.settings_dict["NAME"] = name
    from signaalwijzer.hub import linking

    # The linking step inside each arrival, timed on its own: region of the touched clusters through the token
    # index, batch link of that region, the changed clusters written with their ranking facts.
    link_times: list[float] = []
    signal_link = linking.signal_link

    def timed_link(*a, **kw):
        t = time.perf_counter()
        try:
            return signal_link(*a, **kw)
        finally:
            link_times.append((time.perf_counter() - t) * 1000)

    linking.signal_link = timed_link
    statements = [0]

    def counted(execute, sql, params, many, context):
        statements[0] += 1  # an executemany is one round of the driver, counted once
        return execute(sql, params, many, context)

    sources = {s.slug: s for s in Source.objects.all()}
    times = []
    with connection.execute_wrapper(counted):
        for line in arrivals:
            source = sources[line["source"]]
            t = time.perf_counter()
            signal_ingest(data=line, source=source, via=Via.API)
            times.append((time.perf_counter() - t) * 1000)
    linking.signal_link = signal_link
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    for label, values in (("one arrival", times), ("  of which linking", link_times)):
        values.sort()
        p = lambda q, v=values: v[int(q * (len(v) - 1))]  # noqa: E731 - a short local helper
        print(
            f"{label} into a store of {args.signals - ARRIVALS:,} ({engine}, {len(values)} arrivals, ms): "
            f"p50 {p(0.5):.1f}  p95 {p(0.95):.1f}  p99 {p(0.99):.1f}  max {values[-1]:.1f}  "
            f"mean {statistics.fmean(values):.1f}",
            flush=True,
        )
    # Transaction begin and commit are not statements Django executes, so they are not in this count.
    print(f"statements per arrival (mean): {statements[0] / len(arrivals):.1f}", flush=True)


if __name__ == "__main__":
    main()
