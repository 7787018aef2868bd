"""Benchmark of the guided screening. Prints figures; asserts nothing.

1. The weighing engine: evaluations per second and latency per evaluation (target < 200 µs).
2. The result page as deployed (gunicorn, SQLite, DEBUG off) under 50 concurrent clients on loopback
   for 20 s: p50/p95 latency (target p95 < 50 ms).
3. Bytes transferred per page, HTML plus its CSS and JS, compressed as served (target < 100 KB).

Usage: .venv/bin/python bench/screening.py [--seconds 20] [--clients 50] [--workers 4] [--think 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from _common import app_prepared, deployed_env, gunicorn_started, percentile, server_stopped

ROOT = Path(__file__).resolve().parent.parent


def bench_engine(evaluations: int) -> None:
    from signaalwijzer.knowledge import knowledge_base
    from signaalwijzer.screening.engine import screening_evaluate

    kb = knowledge_base()
    ids = sorted(kb.indicators)
    roles = sorted(kb.roles)
    rng = random.Random(20261128)
    cases = [
        (rng.sample(ids, rng.randint(1, 8)), rng.choice(roles), rng.random() < 0.3)
        for _ in range(evaluations)
    ]
    for indicators, role, minor in cases[:200]:  # warm caches
        screening_evaluate(indicators=indicators, role=role, minor=minor, kb=kb)
    timings = []
    start = time.perf_counter()
    for indicators, role, minor in cases:
        t0 = time.perf_counter()
        screening_evaluate(indicators=indicators, role=role, minor=minor, kb=kb)
        timings.append((time.perf_counter() - t0) * 1e6)
    total = time.perf_counter() - start
    print("== Weighing engine (real knowledge base, 1-8 random signals per case)")
    print(f"   evaluations      {evaluations}")
    print(f"   per second       {evaluations / total:,.0f}")
    print(
        f"   latency µs       mean {statistics.fmean(timings):.1f}  p50 {percentile(timings, 50):.1f}  "
        f"p95 {percentile(timings, 95):.1f}  p99 {percentile(timings, 99):.1f}   (target < 200)"
    )


def start_server(workers: int) -> tuple[subprocess.Popen, str, Path]:
    var = Path(tempfile.mkdtemp(prefix="signaalwijzer-bench-"))
    env = deployed_env(var)  # SQLite, the embedded default
    app_prepared(env)
    server, base = gunicorn_started(env, workers)
    return server, base, var


WARM_UP_SECONDS = 3.0
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RESULT_FORM = {
    "role": "wijkteam",
    "minor": "nee",
    "indicators": [
        "documents_withheld",
        "works_excessive_hours",
        "debt_to_employer_or_recruiter",
        "housing_provided_by_employer",
    ],
}


async def client_loop(
    base: str,
    deadline: float,
    think: float,
    latencies: list[float],
    failures: list[str],
    seed: int,
    measure_from: float = 0.0,
) -> None:
    """One simulated professional: open the checklist once, then submit, read for a while, submit again."""
    rng = random.Random(seed)
    if think:
        # Professionals do not all press the button in the same millisecond.
        await asyncio.sleep(rng.uniform(0, think))
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        page = await client.get(f"/signaalwijzer/checklist/?rol={RESULT_FORM['role']}&minderjarig=nee")
        match = CSRF_INPUT.search(page.text)
        if not match:
            failures.append(f"no csrf token on the checklist page (HTTP {page.status_code})")
            return
        form = {
            "csrfmiddlewaretoken": match.group(1),
            "rol": RESULT_FORM["role"],
            "minderjarig": RESULT_FORM["minor"],
            "signaal": RESULT_FORM["indicators"],
        }
        headers = {"Referer": base + "/signaalwijzer/checklist/"}
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            response = await client.post("/signaalwijzer/resultaat/", data=form, headers=headers)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200 or "vermoeden" not in response.text.lower():
                failures.append(f"HTTP {response.status_code}")
                continue
            if t0 >= measure_from:
                latencies.append(elapsed)
            if think:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def load(base: str, clients: int, seconds: float, think: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    failures: list[str] = []
    start = time.perf_counter()
    # Warm-up: every client first loads the checklist and submits once; measure from then on.
    measure_from = start + WARM_UP_SECONDS
    await asyncio.gather(
        *(
            client_loop(base, measure_from + seconds, think, latencies, failures, n, measure_from)
            for n in range(clients)
        )
    )
    return latencies, failures, time.perf_counter() - measure_from


ASSET = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+\.(?:js|css))"')
PAGES = [
    "/",
    "/signaalwijzer/",
    "/signaalwijzer/checklist/?rol=wijkteam&minderjarig=nee",
    "/rollen/",
    "/rollen/wijkteam/",
    "/signalen/",
    "/signalen/documents_withheld/",
    "/hulp-en-melden/",
]


def page_weights(base: str) -> None:
    print("== Bytes transferred per page (HTML + CSS + JS, compressed as served; target < 100 KB)")
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip, br"}) as client:
        for path in PAGES:
            response = client.get(path)
            total = int(response.headers.get("content-length") or len(response.content))
            raw = response.num_bytes_downloaded
            total = raw or total
            assets = sorted(set(ASSET.findall(response.text)))
            for asset in assets:
                total += client.get(asset).num_bytes_downloaded
            print(
                f"   {path:<55} {total / 1024:6.1f} KB  ({len(assets)} assets, HTTP {response.status_code})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--evaluations", type=int, default=20000)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a client's submits")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalwijzer.config.settings")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    bench_engine(args.evaluations)
    server, base, _var = start_server(args.workers)
    try:
        page_weights(base)
        # Two loads: 50 professionals who each read the result for about a second before the next
        # submit (how the page is used), and the same 50 clients submitting back to back (saturation:
        # there latency is queueing, concurrency / throughput, not the time to build one page).
        for think, label in (
            (args.think, f"think time ~{args.think:g} s"),
            (0.0, "no think time (saturation)"),
        ):
            latencies, failures, wall = asyncio.run(load(base, args.clients, args.seconds, think))
            print(
                f"== Result page: gunicorn {args.workers} sync workers, SQLite, DEBUG off, "
                f"{args.clients} concurrent clients, {label}, {args.seconds:.0f} s on loopback "
                f"after {WARM_UP_SECONDS:.0f} s warm-up"
            )
            if latencies:
                print(
                    f"   requests         {len(latencies)}  ({len(latencies) / wall:,.0f}/s), "
                    f"failures {len(failures)}"
                )
                print(
                    f"   latency ms       p50 {percentile(latencies, 50):.1f}  "
                    f"p95 {percentile(latencies, 95):.1f}  p99 {percentile(latencies, 99):.1f}"
                    f"   (target p95 < 50)"
                )
            if failures:
                print(f"   first failures: {failures[:3]}")
    finally:
        server_stopped(server)


if __name__ == "__main__":
    main()
