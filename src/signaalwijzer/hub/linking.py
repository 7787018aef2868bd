"""Linking in the database: the clusters of the pure `linkage` core, kept on `Signal` and `Cluster` rows.

Links are never stored (ADR 0011). A signal's clusters are those of `linkage.batch_link` over the stored
keys and the coordinator's decisions. Two ways to get there, with the same result (tests/hub/test_linking*):

- **incremental** (`signal_link`, on every web, API and small import write): a cluster is a connected
  component, so a new or changed signal can only join, merge or split the network clusters of the
  signals it shares a blocking token with (`SignalToken`), of its decision partners, and its own old
  clusters. That region is closed under links; `batch_link` over it gives exactly the components the full
  link would give there. Person clusters lie inside network clusters, so the same region serves both. The
  store-wide counts of its tokens (is a token common?) are read from `TokenCount` (hub/token_index.py).
- **batch** (`signals_relink_all`, `signaalwijzer signals link`, large imports): `batch_link` over every
  stored signal.

Either way `clusters_apply` writes the outcome: each signal's cluster per level, a `Cluster` row per
cluster id (the linker's deterministic id), and for a cluster that disappears because its signals now
belong to another one: status `samengevoegd`, `merged_into` the cluster that holds most of its signals,
and a `samengevoegd` action on that survivor. Then the ranking facts of every touched cluster are
recomputed (`cluster_refresh`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, reduce
from types import MappingProxyType

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from signaalwijzer import linkage
from signaalwijzer.hub import token_index
from signaalwijzer.hub.bulk import SMALL, rows_insert, rows_update
from signaalwijzer.hub.models import (
    ActionKind,
    Cluster,
    ClusterAction,
    ClusterStatus,
    DecisionKind,
    Level,
    LinkDecision,
    Signal,
    SignalToken,
)
from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.linkage.cluster import CAPS, DEFAULT_CAP, cap_of
from signaalwijzer.screening.engine import screening_evaluate

LEVELS = (Level.PERSON.value, Level.NETWORK.value)
FK = {Level.PERSON.value: "person_cluster_id", Level.NETWORK.value: "network_cluster_id"}
# The screening engine needs a role; it changes the next steps, never the outcome. Signals come from many
# roles, so the combined weighing uses the general one.
WEIGHING_ROLE = "wijkteam"
OUTCOME_LEVEL = {"geen": 0, "zorgelijk": 1, "vermoeden": 2}
RECENCY_DAYS = 90
BATCH = 2000

Progress = Callable[[str, int, int], None]


# Fixed key of the PostgreSQL advisory lock that serialises linking ("SWlink01"): two signals arriving at
# once must not both create or merge the same cluster rows. SQLite serialises writers already.
LINK_LOCK_KEY = 0x53576C696E6B3031


def _link_lock() -> None:
    """Held until the caller's transaction ends (every linking entry point runs inside one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINK_LOCK_KEY])


def linker_id(pk: int) -> str:
    """The id a signal has inside the linkage core (its primary key, as text)."""
    return str(pk)


# --- incremental -------------------------------------------------------------------------------------------


def signal_link(signal: Signal, *, old_tokens: Iterable[str] = (), created: bool = False) -> set[int]:
    """Link one new or changed signal (its keys and tokens already stored) into the stored clusters.

    `old_tokens`: the tokens of its keys before a change, which may have stopped being common; `created`: the
    signal was stored in this transaction (it has no clusters or decisions yet, so they are not looked up).
    Returns the clusters whose ranking facts were recomputed (those whose members changed); sets the signal's
    clusters.
    """
    _link_lock()
    tokens = set(linkage.SignalKeys.from_json(signal.keys).tokens) | set(old_tokens)
    counts = token_counts(tokens)
    placed: dict[int, dict[str, int]] = {}
    fresh = {signal.pk: signal.keys} if created else {}
    region = _region_of({signal.pk}, counts=counts, fresh=fresh)
    refreshed = _region_link(region, known_counts=counts, placed=placed, fresh=fresh)
    for level, cluster_pk in placed[signal.pk].items():
        setattr(signal, FK[level], cluster_pk)
    return refreshed


def signals_link(
    pks: Iterable[int],
    *,
    old_tokens: dict[int, Iterable[str]] | None = None,
    progress: Progress | None = None,
) -> None:
    """Link several new or changed signals one by one (each sees the clusters the previous ones made)."""
    _link_lock()
    pks = list(pks)
    old_tokens = old_tokens or {}
    tokens_of: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(pks), BATCH):
        rows = SignalToken.objects.filter(signal_id__in=pks[start : start + BATCH]).values_list(
            "signal_id", "token"
        )
        for pk, token in rows:
            tokens_of[pk].add(token)
    for done, pk in enumerate(pks, 1):
        counts = token_counts(tokens_of.get(pk, set()) | set(old_tokens.get(pk, ())))
        _region_link(_region_of({pk}, counts=counts), known_counts=counts)
        if progress:
            progress("link", done, len(pks))


def decision_relink(signal_a: Signal, signal_b: Signal) -> None:
    """After a coordinator's decision about a pair: the clusters of both, linked again."""
    _link_lock()
    _region_link(_region_of({signal_a.pk, signal_b.pk}, counts={}))


# Counting stops here: callers only ask whether a count is above a cap or at most one over it, and a big
# employer's or a shelter's token may be held by tens of thousands of signals.
COUNT_LIMIT = max((*CAPS.values(), DEFAULT_CAP)) + 2


def token_counts(tokens: Iterable[str]) -> dict[str, int]:
    """How many stored signals hold each token (the store-wide counts the core's caps are about), up to
    COUNT_LIMIT; tokens nobody holds are left out. Read from `TokenCount`: one index lookup per token."""
    return {token: min(n, COUNT_LIMIT) for token, n in token_index.counts_read(sorted(set(tokens)))}


def signal_tokens_store(signal_pk: int, tokens: Iterable[str], *, replace: bool) -> None:
    """A signal's tokens into the index (`replace`: instead of those it had), and the counts with them.

    Takes the link lock first, so that the counts are written by one transaction at a time (token_index)."""
    _link_lock()
    tokens = sorted(set(tokens))
    delta = Counter(tokens)
    if replace:
        delta.subtract(token_index.tokens_remove([signal_pk]))
    token_index.tokens_add((signal_pk, token) for token in tokens)
    token_index.counts_change(delta)


def token_counts_change(delta: Mapping[str, int]) -> None:
    """The counts after token rows were written by someone else (a file import), under the link lock."""
    _link_lock()
    token_index.counts_change(delta)


def _region_of(
    seeds: set[int], *, counts: dict[str, int], fresh: Mapping[int, dict] = MappingProxyType({})
) -> set[int]:
    """The seeds, and every signal of a network cluster a seed could join, merge with or leave.

    A token held by more signals than one over its cap (linkage.CAPS) was common before this change and is
    common after it: it links nobody, so its holders are not looked at. A token at its cap plus one may just
    have become common (links through it go), one at or under its cap may just have stopped being common
    (links through it come): their holders' clusters are in the region. `counts`: the store-wide holders of
    the seeds' tokens (`token_counts`); `fresh`: seeds stored in this transaction (pk -> keys), which have no
    decisions or clusters yet.
    """
    live = [t for t, n in counts.items() if n <= cap_of(t) + 1]
    candidates: set[int] = set(seeds)
    for start in range(0, len(live), 500):
        candidates.update(
            SignalToken.objects.filter(token__in=live[start : start + 500]).values_list(
                "signal_id", flat=True
            )
        )
    known = seeds - set(fresh)
    if known:
        partners = LinkDecision.objects.filter(
            Q(signal_a_id__in=known) | Q(signal_b_id__in=known)
        ).values_list("signal_a_id", "signal_b_id")
        for a, b in partners:
            candidates.update((a, b))
    # The candidates' network clusters, then their signals: two statements with their values written out, so
    # the planner sees a handful of clusters (as a subquery it guessed hundreds and scanned the table).
    clusters: set[int] = set()
    candidate_list = sorted(candidates - set(fresh))
    for start in range(0, len(candidate_list), BATCH):
        clusters.update(
            Signal.objects.filter(
                pk__in=candidate_list[start : start + BATCH], network_cluster__isnull=False
            ).values_list("network_cluster_id", flat=True)
        )
    region = set(candidates)
    cluster_list = sorted(clusters)
    for start in range(0, len(cluster_list), BATCH):
        region.update(
            Signal.objects.filter(network_cluster_id__in=cluster_list[start : start + BATCH]).values_list(
                "pk", flat=True
            )
        )
    return region


def _region_link(
    region: set[int],
    *,
    known_counts: dict[str, int] | None = None,
    placed: dict[int, dict[str, int]] | None = None,
    fresh: Mapping[int, dict] = MappingProxyType({}),
) -> set[int]:
    """batch_link over a closed region, with the store-wide token counts (`known_counts`: those already
    counted), and the outcome stored. Returns the clusters whose ranking facts were recomputed; fills `placed`
    (signal pk -> level -> cluster pk) when given. `fresh`: signals of the region stored in this transaction
    (pk -> keys): no clusters or decisions yet, keys not read again."""
    records = [(linker_id(pk), linkage.SignalKeys.from_json(keys)) for pk, keys in fresh.items()]
    current: dict[str, dict[int, int | None]] = {level: dict.fromkeys(fresh) for level in LEVELS}
    pks = sorted(region - set(fresh))
    for start in range(0, len(pks), BATCH):
        rows = Signal.objects.filter(pk__in=pks[start : start + BATCH]).values_list(
            "pk", "keys", FK[LEVELS[0]], FK[LEVELS[1]]
        )
        for pk, keys, first, second in rows:
            records.append((linker_id(pk), linkage.SignalKeys.from_json(keys)))
            current[LEVELS[0]][pk], current[LEVELS[1]][pk] = first, second
    known = known_counts or {}
    counts = dict(known)
    counts.update(token_counts(t for _id, keys in records for t in keys.tokens if t not in known))
    # Decisions about pairs outside the region are ignored by the core; a small region asks only for its own.
    # Both signals of a decision were stored before it, so fresh ones have none.
    rows = LinkDecision.objects.all()
    if len(pks) <= BATCH:
        rows = rows.filter(signal_a_id__in=pks, signal_b_id__in=pks)
    decisions = decisions_of(rows) if len(pks) >= 2 else linkage.Decisions()
    result = linkage.batch_link(records, decisions, token_counts=counts, links=False)
    refreshed: set[int] = set()
    clusters_apply(
        {level: _by_pk(getattr(result, level)) for level in LEVELS},
        refreshed=refreshed,
        current=current,
        placed=placed,
    )
    return refreshed


# --- batch -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelinkReport:
    signals: int
    person_clusters: int
    network_clusters: int
    moved: int  # signals whose person or network cluster changed
    merged: int  # clusters absorbed into another
    seconds: float
    counts_fixed: int = 0  # token counts that did not follow the token index (see token_index)


def signals_relink_all(*, progress: Progress | None = None, workers: int = 1) -> RelinkReport:
    """Every stored signal linked again with `linkage.batch_link`, decisions applied; `workers` processes
    share the link (the command line uses the machine's cores; a web request keeps to one)."""
    _link_lock()
    started = timezone.now()
    # Counted again from the token index: the batch link below counts in memory and needs none of them, but
    # an import large enough to come here wrote its tokens without counts, and `signals link` is the repair.
    counts_fixed = token_index.counts_rebuild()
    total = Signal.objects.count()
    decisions = decisions_of(LinkDecision.objects.all())

    def records():
        # The stored keys go to the linker as they come (its features read the JSON): none is kept here.
        rows = Signal.objects.values_list("pk", "keys").iterator(chunk_size=BATCH)
        for done, (pk, keys) in enumerate(rows, 1):
            yield linker_id(pk), keys
            if progress and (done % BATCH == 0 or done == total):
                progress("load", done, total)

    result = linkage.batch_link(records(), decisions, links=False, workers=workers)
    if progress:
        progress("link", total, total)
    moved, merged = clusters_apply(
        {level: _by_pk(getattr(result, level)) for level in LEVELS}, progress=progress
    )
    return RelinkReport(
        signals=len(result.person),
        person_clusters=len(set(result.person.values())),
        network_clusters=len(set(result.network.values())),
        moved=moved,
        merged=merged,
        seconds=(timezone.now() - started).total_seconds(),
        counts_fixed=counts_fixed,
    )


def decisions_of(rows) -> linkage.Decisions:
    """LinkDecision rows as the core's Decisions (pairs of linker ids, in text order)."""
    confirmed: set[tuple[str, str, str]] = set()
    split: set[tuple[str, str, str]] = set()
    for level, a, b, decision in rows.values_list("level", "signal_a_id", "signal_b_id", "decision"):
        first, second = sorted((linker_id(a), linker_id(b)))
        (confirmed if decision == DecisionKind.CONFIRMED else split).add((level, first, second))
    return linkage.Decisions(confirmed=confirmed, split=split)


def _by_pk(assignment: dict[str, str]) -> dict[int, str]:
    return {int(signal_id): str(cluster_id) for signal_id, cluster_id in assignment.items()}


# --- writing the outcome -----------------------------------------------------------------------------------


def clusters_apply(
    assignment: dict[str, dict[int, str]],
    *,
    progress: Progress | None = None,
    refreshed: set[int] | None = None,
    current: dict[str, dict[int, int | None]] | None = None,
    placed: dict[int, dict[str, int]] | None = None,
) -> tuple[int, int]:
    """Store these signals' clusters (level -> signal pk -> cluster key). Returns (moved signals, merged);
    adds the clusters whose ranking facts it recomputed to `refreshed`. `current`: the signals' clusters now
    (level -> pk -> cluster pk), when the caller read them already; `placed`: filled with where each signal
    ends up (pk -> level -> cluster pk)."""
    moved_signals: set[int] = set()
    merged = 0
    touched: set[int] = set()
    if current is None:
        current = {level: {} for level in LEVELS}
        pks = list(assignment[LEVELS[0]])
        for start in range(0, len(pks), BATCH):
            rows = Signal.objects.filter(pk__in=pks[start : start + BATCH]).values_list(
                "pk", FK[LEVELS[0]], FK[LEVELS[1]]
            )
            for pk, first, second in rows:
                current[LEVELS[0]][pk], current[LEVELS[1]][pk] = first, second
    rows_of = _cluster_rows({level: set(assignment[level].values()) for level in LEVELS})
    known = {row.pk: row for rows in rows_of.values() for row in rows}
    # Rows that were merged away earlier and now hold signals again are live again.
    revived = [row for row in known.values() if row.status == ClusterStatus.MERGED]
    for row in revived:
        row.status, row.merged_into = ClusterStatus.NEW, None
    if revived:
        Cluster.objects.bulk_update(revived, ["status", "merged_into"])
    target: dict[str, dict[int, int]] = {}  # level -> signal pk -> its cluster pk from now on
    before: dict[str, dict[int, list[int]]] = {}  # level -> old cluster pk -> its signals in this set
    for level in LEVELS:
        by_key = {row.key: row.pk for row in rows_of[level]}
        now = current[level]
        target[level] = {pk: by_key[key] for pk, key in assignment[level].items()}
        before[level] = defaultdict(list)
        for pk, new in target[level].items():
            old = now.get(pk)
            if old is not None:
                before[level][old].append(pk)
            if old != new:
                moved_signals.add(pk)
                touched.update(x for x in (old, new) if x is not None)
    if placed is not None:
        for pk in target[LEVELS[0]]:
            placed[pk] = {level: target[level][pk] for level in LEVELS}
    # One statement, many rows, both levels: a full re-link may move every signal.
    rows_update(
        Signal,
        [FK[level] for level in LEVELS],
        [(*(target[level][pk] for level in LEVELS), pk) for pk in sorted(moved_signals)],
    )
    # An old cluster none of whose signals kept it: absorbed by the cluster that holds most of them.
    for level in LEVELS:
        gone = [pk for pk in before[level] if pk not in known and not _has_members(level, pk)]
        for old in Cluster.objects.filter(pk__in=gone) if gone else ():
            survivor_pk = Counter(target[level][pk] for pk in before[level][old.pk]).most_common(1)[0][0]
            survivor = known[survivor_pk]
            old.status, old.merged_into = ClusterStatus.MERGED, survivor
            old.save(update_fields=["status", "merged_into", "updated_at"])
            ClusterAction.objects.create(
                cluster=survivor, kind=ActionKind.MERGED, text=f"{old.level}:{old.key}"
            )
            merged += 1
        touched.difference_update(gone)
    clusters_refresh(touched, progress=progress, known=known)
    if refreshed is not None:
        refreshed.update(touched)
    return len(moved_signals), merged


def _cluster_rows(keys: dict[str, set[str]]) -> dict[str, list[Cluster]]:
    """The Cluster rows of these keys per level, made where missing. A few (one signal arriving): one select
    for both levels and one insert that returns the new rows; many: in chunks, new rows by COPY."""
    rows: dict[str, list[Cluster]] = {level: [] for level in keys}
    if sum(len(k) for k in keys.values()) <= SMALL:
        where = [Q(level=level, key__in=sorted(k)) for level, k in keys.items() if k]
        for row in Cluster.objects.filter(reduce(operator.or_, where, Q(pk__in=[]))):
            rows[row.level].append(row)
    else:
        for level, level_keys in keys.items():
            keys_list = sorted(level_keys)
            for start in range(0, len(keys_list), BATCH):
                rows[level].extend(
                    Cluster.objects.filter(level=level, key__in=keys_list[start : start + BATCH])
                )
    missing = [
        Cluster(level=level, key=key)
        for level, level_keys in keys.items()
        for key in sorted(level_keys - {row.key for row in rows[level]})
    ]
    if missing and len(missing) <= SMALL and connection.features.can_return_rows_from_bulk_insert:
        for row in Cluster.objects.bulk_create(missing):
            rows[row.level].append(row)
    elif missing:
        rows_insert(Cluster, missing)
        for level in keys:
            new_keys = sorted(c.key for c in missing if c.level == level)
            for start in range(0, len(new_keys), BATCH):
                rows[level].extend(
                    Cluster.objects.filter(level=level, key__in=new_keys[start : start + BATCH])
                )
    return rows


def _has_members(level: str, cluster_pk: int) -> bool:
    return Signal.objects.filter(**{FK[level]: cluster_pk}).exists()


# --- the ranking facts -------------------------------------------------------------------------------------


def cluster_refresh(cluster: Cluster) -> None:
    """Recompute a cluster's signal_count, source_count, combined outcome, forms, dates and rank.

    See `cluster_rank` for the rank formula.
    """
    clusters_refresh([cluster.pk])
    cluster.refresh_from_db()


FACTS = (
    "signal_count",
    "source_count",
    "outcome",
    "forms",
    "rank",
    "vermoeden_since",
    "last_signal_at",
    "updated_at",
)


def clusters_refresh(
    cluster_pks: Iterable[int], *, progress: Progress | None = None, known: dict[int, Cluster] | None = None
) -> None:
    """The ranking facts of these clusters, recomputed from their signals (in chunks of BATCH). `known`: rows
    read in this transaction already (pk -> Cluster), not read again."""
    pks = sorted(set(cluster_pks))
    now = timezone.now()
    known = known or {}
    for start in range(0, len(pks), BATCH):
        part = pks[start : start + BATCH]
        chunk = [known[pk] for pk in part if pk in known]
        unknown = [pk for pk in part if pk not in known]
        if unknown:
            chunk += Cluster.objects.filter(pk__in=unknown)
        members: dict[int, list[tuple]] = defaultdict(list)
        ids = {level: {c.pk for c in chunk if c.level == level} for level in LEVELS}
        # The signals of both levels' clusters; a signal counts for each of its clusters here. A few clusters
        # (one signal arriving): one statement. Many: one per level, as PostgreSQL rechecks both long lists of
        # an OR on every row it reads (19k store, 2 x 1,000 clusters: 18.7 ms as one, 4.1 ms as two).
        conditions = {level: Q(**{f"{FK[level]}__in": sorted(ids[level])}) for level in LEVELS if ids[level]}
        if len(part) <= SMALL and conditions:
            queries = [(reduce(operator.or_, conditions.values()), tuple(conditions))]
        else:
            queries = [(condition, (level,)) for level, condition in conditions.items()]
        for condition, levels in queries:
            rows = Signal.objects.filter(condition).values_list(
                FK[LEVELS[0]],
                FK[LEVELS[1]],
                "indicators",
                "forms",
                "minor",
                "received_at",
                "source__organisation_id",
            )
            for first, second, *facts in rows:
                for level, cluster_pk in ((LEVELS[0], first), (LEVELS[1], second)):
                    if level in levels and cluster_pk in ids[level]:
                        members[cluster_pk].append(tuple(facts))
        for cluster in chunk:
            _facts_set(cluster, members.get(cluster.pk, []), now=now)
        rows_update(Cluster, FACTS, [(*(getattr(c, name) for name in FACTS), c.pk) for c in chunk])
        if progress:
            progress("refresh", min(start + BATCH, len(pks)), len(pks))


def _facts_set(cluster: Cluster, members: list[tuple], *, now: dt.datetime) -> None:
    indicators: set[str] = set()
    forms: set[str] = set()
    minor = False
    organisations = set()
    last = None
    for signal_indicators, signal_forms, signal_minor, received_at, organisation in members:
        indicators.update(signal_indicators or ())
        forms.update(signal_forms or ())
        minor |= bool(signal_minor)
        organisations.add(organisation)
        last = received_at if last is None or received_at > last else last
    outcome, positive = weighing(frozenset(indicators), minor)
    cluster.signal_count = len(members)
    cluster.source_count = len(organisations)
    was = cluster.outcome
    cluster.outcome = outcome
    cluster.forms = sorted(forms | set(positive))
    cluster.last_signal_at = last
    if outcome == "vermoeden" and (was != "vermoeden" or cluster.vermoeden_since is None):
        cluster.vermoeden_since = now
    elif outcome != "vermoeden":
        cluster.vermoeden_since = None
    cluster.rank = cluster_rank(
        outcome=outcome, source_count=cluster.source_count, last_signal_at=last, now=now
    )
    cluster.updated_at = now


@lru_cache(maxsize=4096)
def weighing(indicators: frozenset[str], minor: bool) -> tuple[str, tuple[str, ...]]:
    """The screening engine's outcome and positive forms for these indicators together."""
    if not indicators:
        return "geen", ()
    result = screening_evaluate(
        indicators=sorted(indicators),
        role=WEIGHING_ROLE,
        minor=minor,
        kb=knowledge_base(),
        coordinator=settings.SIGNAALWIJZER,
    )
    return result.outcome.name, tuple(result.positive_forms)


def cluster_rank(
    *, outcome: str, source_count: int, last_signal_at: dt.datetime | None, now: dt.datetime
) -> float:
    """What a cluster says together, as one number: higher first in the coordinator's inbox.

        rank = 10 × outcome level (geen 0, zorgelijk 1, vermoeden 2)
             +  3 × independent sources (partner organisations), counted up to 5
             +  recency: 3 for a signal today, falling linearly to 0 at 90 days

    So the combined weighing comes first, then how many organisations saw something (five weak signals
    from five partners outrank one), then how recent it is. Recency is as of the last refresh (a signal
    joining, or `signals link`).
    """
    recency = 0.0
    if last_signal_at is not None:
        age_days = max((now - last_signal_at).total_seconds() / 86400, 0.0)
        recency = 3.0 * max(0.0, 1.0 - age_days / RECENCY_DAYS)
    return round(10 * OUTCOME_LEVEL.get(outcome, 0) + 3 * min(source_count, 5) + recency, 4)
