"""Clusters: connected components of pair links, in one batch or one signal at a time (issue 5 §3).

- A *link* at a level is a candidate pair (sharing a blocking token that is not common) that `compare` links at
  that level, unless the coordinator split it; plus every pair the coordinator confirmed.
- Person links are network links too (same person => same network), so person clusters lie inside network
  clusters. A person split removes the person link; the pair can still be linked in the network through a
  shared address, phone and so on. A network split removes both.
- A split pair still ends up together when a third signal connects them: clusters are connected components.
  (The hub shows the remaining path.)
- Caps: a token held by more signals than CAPS allows for its kind is *common*: it no longer finds candidates
  nor counts as evidence (a big employer, a shelter's address, a call-centre number). Counts are over the whole
  store, identically in batch and incremental linking; pass `token_counts` when linking a part of a store.
- Cluster id: the smallest signal id in it, ordered by (length, text) so "9" comes before "10". Deterministic,
  and a cluster keeps its id when later (larger) ids join it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from signaalwijzer.linkage.compare import (
    Features,
    PairResult,
    candidate,
    compare_features,
    decide,
    decide_found,
    features,
)
from signaalwijzer.linkage.keys import SignalKeys

# Tokens shared by more signals than this are ignored (see module docstring and ADR 0010). Person blocks
# (surname or given name + birth date, given+surname pair) are capped to bound the pairs compared; network
# identifiers so that big legitimate employers and addresses do not join unrelated people.
CAPS: dict[str, int] = {
    "bsn": 100,
    "nd": 100,
    "np": 30,
    "phone": 100,
    "email": 100,
    "iban": 100,
    "plate": 100,
    "addr": 50,
    "kvk": 100,
    "empl": 100,
}
DEFAULT_CAP = 100
# The batch link uses more processes only from this many signals (forking costs more than it saves below it),
# in blocks of this many consecutive signals.
PARALLEL_MIN = 20_000
PARALLEL_BLOCK = 2048


def usable_cores() -> int:
    """The cores this process may run on (a container's limit included where the OS tells)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def cap_of(token: str, caps: Mapping[str, int] | None = None) -> int:
    kind = token.split(":", 1)[0]
    return (caps or CAPS).get(kind, DEFAULT_CAP)


def common_tokens(counts: Mapping[str, int], caps: Mapping[str, int] | None = None) -> frozenset[str]:
    """The tokens whose count (number of signals holding them) is above their cap."""
    return frozenset(t for t, n in counts.items() if n > cap_of(t, caps))


def cluster_key(signal_id: str) -> tuple[int, str]:
    return (len(signal_id), signal_id)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Decisions:
    """The coordinator's decisions: {(level, signal_a, signal_b)}, level "person" or "network", any order."""

    confirmed: frozenset | set = frozenset()
    split: frozenset | set = frozenset()

    def index(self) -> tuple[dict, dict]:
        """(confirmed, split) as {level: {pair}} with pairs in text order."""
        conf: dict[str, set] = {"person": set(), "network": set()}
        spl: dict[str, set] = {"person": set(), "network": set()}
        for target, rows in ((conf, self.confirmed), (spl, self.split)):
            for level, a, b in rows:
                if level not in target:
                    raise ValueError(f"unknown level {level!r} (person or network)")
                target[level].add(_pair(str(a), str(b)))
        return conf, spl


@dataclass(frozen=True, slots=True)
class Link:
    a: str
    b: str
    person: bool
    network: bool
    result: PairResult | None  # None for a confirmed pair that compare does not link
    decision: str = ""  # "confirmed" | "split" | "" (at either level)

    @property
    def evidence(self):
        return self.result.evidence if self.result else ()


@dataclass
class Clusters:
    person: dict[str, str]  # signal id -> cluster id (the smallest signal id in it)
    network: dict[str, str]
    links: tuple[Link, ...] = ()  # every linked pair with its evidence (empty when batch_link(links=False))
    common: frozenset[str] = field(default_factory=frozenset)

    def members(self, level: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for signal_id, cluster in getattr(self, level).items():
            out[cluster].append(signal_id)
        return {c: sorted(m, key=cluster_key) for c, m in out.items()}


@dataclass(frozen=True, slots=True)
class LinkResult:
    person_cluster: str
    network_cluster: str
    links: tuple[Link, ...]


@contextmanager
def _collector_paused():
    """Millions of small long-lived objects (a batch, its clusters): the cyclic garbage collector would scan
    them again and again for nothing (they hold no cycles) and, after a fork, write to every page they are on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _UnionFind:
    """Union-find over ints with the cluster id (smallest key) at each root."""

    __slots__ = ("parent", "label")

    def __init__(self):
        self.parent: list[int] = []
        self.label: list[tuple[int, str]] = []

    def add(self, key: tuple[int, str]) -> None:
        self.parent.append(len(self.parent))
        self.label.append(key)

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.label[rb] < self.label[ra]:
            ra, rb = rb, ra
        self.parent[rb] = ra  # the root keeps the smaller label: the cluster id
        return True

    def reset(self, x: int, key: tuple[int, str]) -> None:
        self.parent[x] = x
        self.label[x] = key


class Linker:
    """In-memory incremental linker: `add` one signal at a time; `clusters()` equals `batch_link` of everything
    added, with the same decisions and caps."""

    def __init__(self, decisions: Decisions | None = None, *, caps: Mapping[str, int] | None = None):
        self.caps = dict(caps or CAPS)
        self._confirmed, self._split = (decisions or Decisions()).index()
        self._decided: dict[str, set[str]] = defaultdict(set)
        for table in (self._confirmed, self._split):
            for pairs in table.values():
                for a, b in pairs:
                    self._decided[a].add(b)
                    self._decided[b].add(a)
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.feats: list[Features] = []
        self.holders: dict[str, list[int]] = {}
        self.common: set[str] = set()
        self.person = _UnionFind()
        self.network = _UnionFind()
        self._members: dict[int, list[int]] = {}  # network root -> members (for re-linking a region)

    # --- public ---------------------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        records: Iterable[tuple[str, SignalKeys | dict]],
        decisions: Decisions | None = None,
        *,
        token_counts: Mapping[str, int] | None = None,
        caps: Mapping[str, int] | None = None,
        links: list | None = None,
        workers: int = 1,
    ) -> Linker:
        """A linker holding `records`, linked in one batch (common tokens from the final counts); more signals
        can then be added one at a time. Appends every link with its evidence to `links` when given; without
        `links`, `workers` processes share the batch (the same clusters, see `_link_parallel`)."""
        linker = cls(decisions, caps=caps)
        with _collector_paused():
            linker._build(records, token_counts, links, workers)
        return linker

    def _build(self, records, token_counts, links, workers) -> None:
        linker = self
        for signal_id, keys in records:
            linker._register(str(signal_id), keys)
        # Common: held by more signals than the cap of its kind, here or in the store (`token_counts`). Only
        # tokens above the smallest cap can be: the rest (millions at 1M signals) are not counted at all.
        holders, caps, least = linker.holders, linker.caps, min((*linker.caps.values(), DEFAULT_CAP))
        common = set(common_tokens({t: len(h) for t, h in holders.items() if len(h) > least}, caps))
        if token_counts:
            common |= common_tokens({t: n for t, n in token_counts.items() if t in holders}, caps)
        linker.common = common
        if links is not None:
            for i in range(len(linker.ids)):
                links.extend(linker._link_one(i, explain=True))
        else:
            linker._link_all_fast(workers)

    def _link_all_fast(self, workers: int = 1) -> None:
        """The batch loop without evidence: the same components as linking one signal at a time, fewer objects.
        With `workers` > 1 the candidate pairs are decided in that many processes (forked, so they read the
        features without copying them in); the links come back as arrays and are joined here."""
        n = len(self.ids)
        if workers > 1 and n >= PARALLEL_MIN and "fork" in multiprocessing.get_all_start_methods():
            self._link_parallel(workers)
        else:
            self._scan(range(n), self.person.find, self._union)
        self._link_decided()

    def _scan(self, indices: Iterable[int], find, union) -> None:
        """Decide every candidate pair (j, i), j < i, of the signals in `indices`, and `union(i, j, person=...)`
        each link. Skips pairs already together (`find`) and pairs with a coordinator's decision
        (`_link_decided` does those)."""
        feats, holders, common, ids, decided = self.feats, self.holders, self.common, self.ids, self._decided
        for i in indices:
            fi = feats[i]
            mine = decided.get(ids[i]) if decided else None
            root = find(i)
            seen: set[int] = set()
            # Network identifiers first: a pair first met through a person block (name, birth date, BSN) then
            # shares no network identifier that is not common, so the pair rule need not intersect the tokens.
            net = fi.net
            for token in (*net, *(fi.tokens - net)) if net else fi.tokens:
                hs = holders[token]
                if len(hs) == 1 or token in common:
                    continue
                network = token in net
                for j in hs:
                    if j >= i:
                        break  # holders are in index order
                    if j in seen:
                        continue
                    seen.add(j)
                    if find(j) == root:
                        continue  # together at both levels already: the link changes nothing
                    if mine and ids[j] in mine:
                        continue
                    person, linked = decide_found(fi, feats[j], common, network=network)
                    if linked:
                        union(i, j, person=person)
                        root = find(i)

    def _link_decided(self) -> None:
        """The pairs with a coordinator's decision (confirmed or split), each once."""
        common, feats = self.common, self.feats
        for sid, others in self._decided.items():
            i = self.index.get(sid)
            if i is None:
                continue
            for other in others:
                j = self.index.get(other)
                if j is None or j >= i:
                    continue
                self._decide_pair(i, j, explain=False, candidate=candidate(feats[i], feats[j], common))

    def _link_parallel(self, workers: int) -> None:
        """`_scan` split over `workers` processes by interleaved blocks of signals (later signals have more
        earlier candidates, so blocks balance the work). Each child keeps its own union-find to skip pairs its
        own links already joined and sends its links back; this process scans its share with the real one."""
        n = len(self.ids)
        shares = [
            [
                i
                for b in range(w * PARALLEL_BLOCK, n, workers * PARALLEL_BLOCK)
                for i in range(b, min(b + PARALLEL_BLOCK, n))
            ]
            for w in range(workers)
        ]
        context = multiprocessing.get_context("fork")
        children = []
        for share in shares[1:]:
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_scan_child, args=(self, share, send), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        self._scan(shares[0], self.person.find, self._union)
        for child, receive in children:
            try:
                data = receive.recv_bytes()
            except EOFError:
                data = None
            child.join()
            if data is None or child.exitcode != 0:
                raise RuntimeError(f"a linking process failed (exit code {child.exitcode})")
            links = array("q")
            links.frombytes(data)
            union = self._union
            for k in range(0, len(links), 3):
                union(links[k], links[k + 1], person=bool(links[k + 2]))

    def add(self, signal_id: str, keys: SignalKeys | dict, *, explain: bool = True) -> LinkResult:
        signal_id = str(signal_id)
        if signal_id in self.index:
            raise ValueError(f"signal {signal_id!r} was already added")
        i = self._register(signal_id, keys)
        newly_common = [t for t in self.feats[i].tokens if self._count(t) == cap_of(t, self.caps) + 1]
        if newly_common:
            self.common.update(newly_common)
            region: set[int] = set()
            for token in newly_common:
                for h in self.holders[token]:
                    if h != i:
                        region.update(self._members[self.network.find(h)])
            self._relink(region)
        links = self._link_one(i, explain=explain)
        return LinkResult(
            self.person.label[self.person.find(i)][1],
            self.network.label[self.network.find(i)][1],
            tuple(links),
        )

    def clusters(self) -> Clusters:
        ids, out = self.ids, []
        with _collector_paused():
            for level in (self.person, self.network):
                find, label = level.find, level.label
                out.append(dict(zip(ids, [label[find(i)][1] for i in range(len(ids))], strict=True)))
        return Clusters(person=out[0], network=out[1], common=frozenset(self.common))

    # --- internals ------------------------------------------------------------------------------------------

    def _register(self, signal_id: str, keys: SignalKeys) -> int:
        i = len(self.ids)
        self.ids.append(signal_id)
        self.index[signal_id] = i
        f = features(keys)
        self.feats.append(f)
        key = cluster_key(signal_id)
        self.person.add(key)
        self.network.add(key)
        self._members[i] = [i]
        holders = self.holders
        for token in f.tokens:
            lst = holders.get(token)
            if lst is None:
                holders[token] = [i]
            else:
                lst.append(i)
        return i

    def _count(self, token: str) -> int:
        return len(self.holders.get(token, ()))

    def _union(self, a: int, b: int, *, person: bool) -> None:
        if person:
            self.person.union(a, b)
        ra, rb = self.network.find(a), self.network.find(b)
        if ra != rb:
            self.network.union(a, b)
            root = self.network.find(a)
            other = rb if root == ra else ra
            big, small = self._members[root], self._members.pop(other)
            if len(small) > len(big):
                big, small = small, big
            big.extend(small)
            self._members[root] = big

    def _link_one(self, i: int, *, explain: bool, within: set[int] | None = None) -> list[Link]:
        """Link signal i to the earlier signals (all, or those in `within`) it shares a token with."""
        fi = self.feats[i]
        sid = self.ids[i]
        seen: set[int] = set()
        links: list[Link] = []
        common = self.common
        for token in fi.tokens:
            if token in common:
                continue
            for j in self.holders[token]:
                if j >= i or j in seen or (within is not None and j not in within):
                    continue
                seen.add(j)
                links_here = self._decide_pair(i, j, explain=explain)
                if links_here is not None:
                    links.append(links_here)
        for other in self._decided.get(sid, ()):
            j = self.index.get(other)
            if j is None or j >= i or j in seen or (within is not None and j not in within):
                continue
            seen.add(j)
            link = self._decide_pair(i, j, explain=explain, candidate=False)
            if link is not None:
                links.append(link)
        return links

    def _decide_pair(self, i: int, j: int, *, explain: bool, candidate: bool = True) -> Link | None:
        a, b = self.ids[i], self.ids[j]
        pair = _pair(a, b)
        result = None
        if candidate:
            if explain:
                result = compare_features(self.feats[i], self.feats[j], common=self.common)
                person, network = result.person, result.network
            else:
                if self.person.find(i) == self.person.find(j):
                    return None  # already together at both levels: the link changes nothing
                person, network = decide(self.feats[i], self.feats[j], self.common)
        else:
            person = network = False
        decision = ""
        if pair in self._split["network"]:
            person = network = False
            decision = "split"
        elif pair in self._split["person"]:
            if person:
                # The person link goes; the pair stays linked in the network only through network evidence.
                _, network = decide_network_only(self.feats[i], self.feats[j], self.common)
            person = False
            decision = "split"
        if pair in self._confirmed["person"]:
            person = network = True
            decision = "confirmed"
        elif pair in self._confirmed["network"]:
            network = True
            decision = decision or "confirmed"
        if not (person or network):
            return None
        self._union(i, j, person=person)
        return Link(pair[0], pair[1], person, network, result, decision)

    def _relink(self, region: set[int]) -> None:
        """Re-link a closed region (whole network clusters) after a token became common: links can only go."""
        # The region is whole network clusters, so every root in it is reset with its members.
        for x in region:
            key = cluster_key(self.ids[x])
            self.person.reset(x, key)
            self.network.reset(x, key)
            self._members[x] = [x]
        for x in sorted(region):
            self._link_one(x, explain=False, within=region)


def _scan_child(linker: Linker, share: list[int], send) -> None:
    """A forked process of `Linker._link_parallel`: scans its share with its own union-find, sends the links
    as (i, j, person) triples."""
    own = _UnionFind()
    own.parent, own.label = list(range(len(linker.ids))), linker.person.label
    links = array("q")

    def union(a: int, b: int, *, person: bool) -> None:
        links.extend((a, b, 1 if person else 0))
        if person:
            own.union(a, b)

    linker._scan(share, own.find, union)
    send.send_bytes(links.tobytes())
    send.close()


def decide_network_only(fa: Features, fb: Features, common) -> tuple[bool, bool]:
    shared = (fa.net & fb.net) - common if common else (fa.net & fb.net)
    return False, bool(shared)


def batch_link(
    records: Iterable[tuple[str, SignalKeys | dict]],
    decisions: Decisions | None = None,
    *,
    token_counts: Mapping[str, int] | None = None,
    caps: Mapping[str, int] | None = None,
    links: bool = True,
    workers: int = 1,
) -> Clusters:
    """Link all records at once; keys as SignalKeys or as their stored JSON. `token_counts`: the store-wide
    number of signals per token, when `records` is only part of a store (a region around a new signal); tokens
    not in it are counted in `records`. `links=False` skips building the per-pair evidence (faster; clusters
    are the same) and lets `workers` processes share the work."""
    found: list[Link] = []
    linker = Linker.build(
        records,
        decisions,
        token_counts=token_counts,
        caps=caps,
        links=found if links else None,
        workers=workers,
    )
    result = linker.clusters()
    result.links = tuple(found)
    return result
