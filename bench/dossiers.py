"""Benchmark of the dossier pages at 100,000 dossiers. Prints figures; asserts nothing.

1. Fills a fresh database (SQLite in a temp var dir, or PostgreSQL with --database-url, created and dropped
   here) with `--count` dossiers: ~20 organisations, ~2,000 professionals and one aandachtsfunctionaris per
   organisation; a skewed number of dossiers per professional, a few entries each (encrypted text, as the
   app writes it: EncryptedTextField encrypts in get_prep_value, so bulk_create stores tokens), ~5 %
   shared, ~2-3 % stuck (vermoeden, no expert, deadline passed). The measured aandachtsfunctionaris's
   organisation holds 1/20 of all dossiers (5,000 at 100,000).
2. Starts the app as deployed (gunicorn, DEBUG off) and logs in by making sessions directly (professionals
   and aandachtsfunctionarissen need no second factor).
3. Per page, one client, sequential requests on loopback after a warm-up: p50/p95/p99 of the dossier
   list (first page and the last page) and the detail page (a different visible dossier each time), for a
   professional and for an aandachtsfunctionaris, and the aandachtsfunctionaris's stuck overview
   (target p95 < 100 ms). Then the same pages mixed: --clients people, each with their own session,
   one request every ~--think seconds. The machine's load average is printed: other work on it skews
   the figures.

Usage: .venv/bin/python bench/dossiers.py [--count 100000] [--database-url postgres://...]
       [--requests 300] [--workers 4] [--clients 20] [--seconds 30] [--think 2] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from _common import (
    app_prepared,
    database_dropped,
    database_recreated,
    deployed_env,
    gunicorn_started,
    percentile,
    server_stopped,
)

ORGANISATIONS = 20
PROFESSIONALS = 2000
SHARED_FRACTION = 0.05
WARM_UP = 20
TARGET_MS = 100

ORGANISATION_TYPES = [
    "wijkteam",
    "politie",
    "onderwijs",
    "zorg",
    "jeugdzorg",
    "ggz",
    "schuldhulp",
    "gemeente",
    "woningcorporatie",
    "arbeidsinspectie",
]
OBSERVER_ROLES = {
    "wijkteam": "wijkteam",
    "politie": "wijkagent",
    "onderwijs": "school",
    "zorg": "medisch",
    "jeugdzorg": "jeugdzorg_ggz",
    "ggz": "jeugdzorg_ggz",
    "schuldhulp": "schuldhulp",
    "gemeente": "burgerzaken",
    "woningcorporatie": "woningcorporatie",
    "arbeidsinspectie": "arbeidsinspectie",
}
OBSERVATION = (
    "Cliënt vertelt dat hij zes dagen per week werkt en dat zijn paspoort bij de baas ligt. Hij woont met "
    "acht anderen in een huis van het uitzendbureau en betaalt veel voor een bed. Proefgegevens."
)
ADVICE = "Overleg met de zorgcoördinator mensenhandel; praat met de cliënt alleen. Proefgegevens."


@dataclass
class Population:
    professional_id: int = 0
    professional_cases: int = 0
    af_id: int = 0
    af_org_cases: int = 0
    af_stuck: int = 0
    cases: int = 0
    entries: int = 0
    shares: int = 0
    stuck: int = 0
    seconds: float = 0.0
    visible: dict[int, list[int]] = field(default_factory=dict)  # user id -> dossier ids for detail pages
    open_visible: dict[int, int] = field(
        default_factory=dict
    )  # user id -> open dossiers (the list's default)


@contextlib.contextmanager
def timestamps_as_given(*models):
    """bulk_create with our own created_at/updated_at: auto_now(_add) off for the duration (bench only)."""
    changed = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def populated(count: int, seed: int = 20261129) -> Population:
    from django.db import connection, transaction
    from django.utils import timezone

    from signaalwijzer.accounts.models import Organisation, RoleAssignment, User
    from signaalwijzer.cases.models import Case, CaseEntry, CaseShare
    from signaalwijzer.knowledge import knowledge_base

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    indicator_ids = sorted(knowledge_base().indicators)
    population = Population()

    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Benchorganisatie {n:02d}",
                    type=ORGANISATION_TYPES[n % len(ORGANISATION_TYPES)],
                    region="Gemeente Voorbeeld",
                )
                for n in range(ORGANISATIONS)
            ]
        )
        users = []
        for n in range(PROFESSIONALS):
            users.append(_user(f"prof{n:04d}", orgs[n % ORGANISATIONS]))
        for n, org in enumerate(orgs):
            users.append(_user(f"af{n:02d}", org))
        users = User.objects.bulk_create(users, batch_size=500)
        professionals = users[:PROFESSIONALS]
        afs = users[PROFESSIONALS:]
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role="professional") for u in professionals]
            + [RoleAssignment(user=u, role="aandachtsfunctionaris") for u in afs]
            + [RoleAssignment(user=u, role="professional") for u in afs],
            batch_size=1000,
        )
    by_org: dict[int, list] = {org.pk: [] for org in orgs}
    for user in professionals:
        by_org[user.organisation_id].append(user)
    # Some professionals write many dossiers, most a few (a lognormal spread of weights).
    weight = {user.pk: rng.lognormvariate(0, 0.8) for user in professionals}

    # The owners, organisation by organisation, each organisation 1/20 of the dossiers.
    owners = []
    for n in range(count):
        members = by_org[orgs[n % ORGANISATIONS].pk]
        owners.append(rng.choices(members, weights=[weight[u.pk] for u in members])[0])
    rng.shuffle(owners)

    case_ids: list[int] = []
    batch = 2000
    with timestamps_as_given(Case, CaseEntry):
        for start in range(0, count, batch):
            with transaction.atomic():
                cases = [
                    _case(rng, owner, now, today, indicator_ids) for owner in owners[start : start + batch]
                ]
                made = Case.objects.bulk_create(cases, batch_size=500)
                if made and made[0].pk is None:  # backends without RETURNING
                    made = list(Case.objects.order_by("-pk")[: len(cases)])[::-1]
                case_ids.extend(c.pk for c in made)
                entries = [entry for case in made for entry in _entries(rng, case)]
                CaseEntry.objects.bulk_create(entries, batch_size=500)
                population.entries += len(entries)
            done = start + len(cases)
            if done % 20000 == 0 or done == count:
                print(
                    f"   {done:>7,} dossiers, {population.entries:>8,} entries  ({time.perf_counter() - started:.0f} s)"
                )

    # Shares: with a colleague in the same or another organisation.
    shares = []
    seen = set()
    for case_id in rng.sample(case_ids, int(count * SHARED_FRACTION)):
        user = rng.choice(professionals)
        if (case_id, user.pk) not in seen:
            seen.add((case_id, user.pk))
            shares.append(CaseShare(case_id=case_id, user=user, created_by_id=user.pk))
    with transaction.atomic():
        CaseShare.objects.bulk_create(shares, batch_size=1000)
    # created_by should be the owner; one UPDATE instead of a lookup per share.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_caseshare SET created_by_id = "
            "(SELECT owner_id FROM cases_case WHERE cases_case.id = cases_caseshare.case_id)"
        )
        cursor.execute("ANALYZE")  # the statistics autovacuum (PostgreSQL) or PRAGMA optimize would gather

    af_org = orgs[0]
    af = afs[0]
    # The measured professional: the busiest of the aandachtsfunctionaris's organisation.
    busiest = max(by_org[af_org.pk], key=lambda u: weight[u.pk])
    from signaalwijzer.cases.selectors import cases_stuck, cases_visible_to

    busiest.roles_forget()
    af.roles_forget()
    population.professional_id = busiest.pk
    population.professional_cases = cases_visible_to(busiest).count()
    population.af_id = af.pk
    population.af_org_cases = cases_visible_to(af).count()
    population.af_stuck = cases_stuck(af).count()
    population.cases = Case.objects.count()
    population.shares = CaseShare.objects.count()
    population.stuck = Case.objects.filter(
        status="open", outcome="vermoeden", expert_consulted_at__isnull=True, expert_due_on__lt=today
    ).count()
    population.visible = {
        busiest.pk: list(cases_visible_to(busiest).values_list("pk", flat=True)),
        af.pk: list(cases_visible_to(af).values_list("pk", flat=True)),
    }
    population.open_visible = {
        user.pk: cases_visible_to(user).filter(status="open").count() for user in (busiest, af)
    }
    population.seconds = time.perf_counter() - started
    return population


def _user(username: str, org):
    from signaalwijzer.accounts.models import User

    # No password: the benchmark logs in with sessions it makes itself.
    return User(
        username=username,
        organisation=org,
        first_name="Proef",
        last_name=username,
        email=f"{username}@example.org",
        password="!bench",  # noqa: S106  (an unusable password: "!" never matches)
    )


def _case(rng: random.Random, owner, now: dt.datetime, today: dt.date, indicator_ids: list[str]):
    from signaalwijzer.cases.models import Case

    created = now - dt.timedelta(days=rng.uniform(0, 3 * 365))
    updated = created + (now - created) * rng.random() ** 3
    outcome = rng.choices(["geen", "zorgelijk", "vermoeden"], weights=[25, 40, 35])[0]
    closed = rng.random() < 0.2
    step = rng.randint(1, 6)
    minor = rng.choices(["ja", "nee", "onbekend"], weights=[30, 60, 10])[0]
    case = Case(
        owner=owner,
        organisation_id=owner.organisation_id,
        label=f"Proefdossier {rng.randint(1, 10**6)}",
        observer_role=OBSERVER_ROLES[owner.organisation.type],
        minor=minor,
        indicators=sorted(rng.sample(indicator_ids, rng.randint(1, 6))),
        outcome=outcome,
        acute=outcome == "vermoeden" and rng.random() < 0.1,
        step=step,
        status="closed" if closed else "open",
        created_at=created,
        updated_at=updated,
        closed_at=updated if closed else None,
    )
    if outcome == "vermoeden":
        since = created + (updated - created) * rng.random()
        case.vermoeden_since = since
        case.expert_due_on = since.date() + dt.timedelta(days=7)  # ~5 working days
        if rng.random() < 0.9 or step > 2:
            case.expert_consulted_at = since + dt.timedelta(days=rng.uniform(0, 6))
    if rng.random() < 0.7:
        case.client_name = f"Proef Voorbeeld {rng.randint(1, 9999)}"
    if rng.random() < 0.5:
        case.client_birth_date = (today - dt.timedelta(days=rng.randint(12 * 365, 60 * 365))).isoformat()
    if rng.random() < 0.2:
        case.client_bsn = "999910012"
    if rng.random() < 0.3:
        case.client_phone = "+31612345678"
    return case


def _entries(rng: random.Random, case) -> list:
    from signaalwijzer.cases.models import CaseEntry

    span = case.updated_at - case.created_at
    entries = [
        CaseEntry(
            case=case,
            kind="created",
            step=1,
            author_id=case.owner_id,
            created_at=case.created_at,
            data={"indicators": case.indicators, "minor": case.minor, "outcome": case.outcome},
        )
    ]
    # Most dossiers have a few entries; some have many.
    extra = min(40, int(rng.expovariate(1 / 2.5)))
    for n in range(extra):
        at = case.created_at + span * ((n + 1) / (extra + 1))
        kind = rng.choice(["observation", "observation", "consultation", "signals", "conversation"])
        text = {"observation": OBSERVATION, "consultation": ADVICE}.get(kind, "")
        entries.append(
            CaseEntry(
                case=case,
                kind=kind,
                step={"observation": 1, "signals": 1, "consultation": 2, "conversation": 3}[kind],
                author_id=case.owner_id,
                created_at=at,
                data={"on": at.date().isoformat()},
                text=text,
                consulted_name="Mw. Voorbeeld, Veilig Thuis" if kind == "consultation" else "",
            )
        )
    return entries


def session_cookie(user_id: int) -> str:
    """A logged-in session for this user, as django.contrib.auth.login would store it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from signaalwijzer.accounts.models import User

    user = User.objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


# --- Measuring ----------------------------------------------------------------------------------------------

PAGE_LINK = re.compile(r'href="[^"]*\?(?:[^"]*&(?:amp;)?)?(page|pagina)=(\d+)')


@dataclass
class Scenario:
    label: str
    user_id: int
    paths: list[str]
    expect: str  # a text the page must contain

    def path(self, n: int) -> str:
        return self.paths[n % len(self.paths)]


def last_page(client: httpx.Client, open_cases: int) -> str | None:
    """The list's last page (open dossiers, the default filter), with the page parameter that the first
    page links to; None when the first page has no pagination links."""
    from signaalwijzer.cases import views

    response = client.get("/dossiers/")
    names = {name for name, _number in PAGE_LINK.findall(response.text)}
    if not names:
        return None
    size = getattr(views, "PAGE_SIZE", 50)
    return f"/dossiers/?{names.pop()}={max(1, -(-open_cases // size))}"


def scenarios(base: str, population: Population, rng: random.Random) -> tuple[list[Scenario], dict[int, str]]:
    cookies = {
        population.professional_id: session_cookie(population.professional_id),
        population.af_id: session_cookie(population.af_id),
    }
    found = []
    for who, user_id in (
        ("professional", population.professional_id),
        ("aandachtsfunctionaris", population.af_id),
    ):
        with httpx.Client(base_url=base, cookies={"sessionid": cookies[user_id]}, timeout=30) as client:
            last = last_page(client, population.open_visible[user_id])
        found.append(Scenario(f"list, {who}", user_id, ["/dossiers/"], "D-"))
        if last:
            found.append(Scenario(f"list, last page ({last.split('=')[-1]}), {who}", user_id, [last], "D-"))
        ids = population.visible[user_id]
        sample = rng.sample(ids, min(len(ids), 1000))
        found.append(Scenario(f"detail, {who}", user_id, [f"/dossiers/{pk}/" for pk in sample], "D-"))
    found.append(
        Scenario("stuck overview, aandachtsfunctionaris", population.af_id, ["/dossiers/vastgelopen/"], "")
    )
    return found, cookies


def measure_sequential(
    base: str, scenario: Scenario, cookie: str, requests: int
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    failures: list[str] = []
    with httpx.Client(base_url=base, cookies={"sessionid": cookie}, timeout=30) as client:
        for n in range(WARM_UP + requests):
            path = scenario.path(n)
            t0 = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200 or scenario.expect not in response.text:
                failures.append(f"{path}: HTTP {response.status_code}")
                continue
            if n >= WARM_UP:
                latencies.append(elapsed)
    return latencies, failures


async def mixed_client(
    base: str,
    chosen: list[Scenario],
    cookies: dict[int, str],
    deadline: float,
    think: float,
    results: dict[str, list[float]],
    failures: list[str],
    seed: int,
) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, think))
    clients = {
        user_id: httpx.AsyncClient(base_url=base, cookies={"sessionid": cookie}, timeout=30)
        for user_id, cookie in cookies.items()
    }
    try:
        n = seed
        while time.perf_counter() < deadline:
            scenario = rng.choice(chosen)
            n += 1
            path = scenario.path(rng.randrange(10**6))
            t0 = time.perf_counter()
            response = await clients[scenario.user_id].get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                failures.append(f"{path}: HTTP {response.status_code}")
            else:
                results.setdefault(scenario.label, []).append(elapsed)
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    finally:
        for client in clients.values():
            await client.aclose()


async def measure_mixed(
    base: str,
    chosen: list[Scenario],
    sessions: list[dict[int, str]],
    seconds: float,
    think: float,
) -> tuple[dict[str, list[float]], list[str], float]:
    """One client per entry of `sessions` (its own session cookie per user, as separate people have)."""
    results: dict[str, list[float]] = {}
    failures: list[str] = []
    start = time.perf_counter()
    await asyncio.gather(
        *(
            mixed_client(base, chosen, cookies, start + seconds, think, results, failures, n)
            for n, cookies in enumerate(sessions)
        )
    )
    return results, failures, time.perf_counter() - start


def row(label: str, values: list[float], extra: str = "") -> str:
    if not values:
        return f"   {label:<48} no successful requests"
    p95 = percentile(values, 95)
    mark = "ok" if p95 < TARGET_MS else "OVER"
    return (
        f"   {label:<48} {len(values):>6} {percentile(values, 50):>8.1f} {p95:>8.1f} "
        f"{percentile(values, 99):>8.1f}  {mark}{extra}"
    )


def load_average() -> str:
    """Other work on the machine skews latencies: say how busy it was (1-minute load, 2 cores = 2.0)."""
    one, five, _fifteen = os.getloadavg()
    return f"   machine load average: {one:.2f} (1 min), {five:.2f} (5 min), on {os.cpu_count()} cores"


def server_errors(log: Path) -> None:
    """How many requests failed inside the app, and the last line of the first traceback."""
    if not log.exists():
        return
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    errors = [n for n, line in enumerate(lines) if line.startswith("Internal Server Error")]
    if errors:
        end = errors[1] if len(errors) > 1 else len(lines)
        cause = next((line for line in reversed(lines[errors[0] : end]) if line.strip()), "")
        print(
            f"   SERVER ERRORS: {len(errors)} requests failed in the app; first: {lines[errors[0]]}: {cause}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=100_000, help="dossiers to create (default 100,000)")
    parser.add_argument("--database-url", default="", help="PostgreSQL database to create, use and drop")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per page, one client")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--clients", type=int, default=20, help="concurrent clients of the mixed run (0: skip)"
    )
    parser.add_argument("--seconds", type=float, default=30, help="length of the mixed run")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a client's requests")
    parser.add_argument("--keep", action="store_true", help="keep the database and var dir afterwards")
    args = parser.parse_args()
    if args.count < ORGANISATIONS:
        parser.error(f"--count must be at least {ORGANISATIONS}")

    var = Path(tempfile.mkdtemp(prefix="signaalwijzer-bench-dossiers-"))
    env = deployed_env(var, args.database_url or None)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {database}")
    server = None
    try:
        if args.database_url:
            database_recreated(args.database_url)
        app_prepared(env)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "signaalwijzer.config.settings"
        import django

        django.setup()
        from django.db import connections

        print(f"== Filling the database with {args.count:,} dossiers")
        population = populated(args.count)
        print(
            f"   {population.cases:,} dossiers, {population.entries:,} entries, {population.shares:,} shares, "
            f"{population.stuck:,} stuck, in {population.seconds:.0f} s"
        )
        print(
            f"   professional: {population.professional_cases:,} visible dossiers (own and shared); "
            f"aandachtsfunctionaris: {population.af_org_cases:,} ({population.af_stuck:,} stuck)"
        )
        rng = random.Random(7)
        log = var / "gunicorn.log"
        server, base = gunicorn_started(env, args.workers, log)
        chosen, cookies = scenarios(base, population, rng)
        connections.close_all()
        if not any(s.label.startswith("list, last page") for s in chosen):
            print("   NOTE: no pagination links found on /dossiers/: is the list paginated?")

        print(
            f"== Dossier pages, one client, {args.requests} requests each after {WARM_UP} warm-up; "
            f"gunicorn {args.workers} sync workers, {database}, DEBUG off"
        )
        print(load_average())
        print(f"   {'page':<48} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  target p95 < {TARGET_MS}")
        for scenario in chosen:
            latencies, failures = measure_sequential(base, scenario, cookies[scenario.user_id], args.requests)
            print(
                row(
                    scenario.label,
                    latencies,
                    f"  ({len(failures)} failed: {failures[:2]})" if failures else "",
                )
            )

        if args.clients:
            user_ids = sorted(cookies)
            sessions = [
                {user_id: session_cookie(user_id) for user_id in user_ids} for _ in range(args.clients)
            ]
            connections.close_all()
            results, failures, wall = asyncio.run(
                measure_mixed(base, chosen, sessions, args.seconds, args.think)
            )
            total = sum(len(v) for v in results.values())
            print(load_average())
            print(
                f"== The same pages mixed: {args.clients} concurrent clients, think time ~{args.think:g} s, "
                f"{args.seconds:.0f} s ({total / wall:,.0f} requests/s, {len(failures)} failed)"
            )
            print(f"   {'page':<48} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
            for scenario in chosen:
                print(row(scenario.label, results.get(scenario.label, [])))
            if failures:
                print(f"   first failures: {failures[:3]}")
    finally:
        if server is not None:
            server_stopped(server)
            server_errors(var / "gunicorn.log")
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"kept: var dir {var}" + (f", database {args.database_url}" if args.database_url else ""))
        else:
            shutil.rmtree(var, ignore_errors=True)
            if args.database_url:
                database_dropped(args.database_url)


if __name__ == "__main__":
    main()
