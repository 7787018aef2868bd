"""Linkage: which signals concern the same person, and which are connected in a network (issue 5 §2-§3).

Pure Python, no Django (ADR 0001, ADR 0010). Readable values in (`normalise_signal`), keyed hashes out
(`signal_keys`); linking reads keyed hashes only (`compare`, `batch_link`, `Linker`).
"""

from signaalwijzer.linkage.cluster import (
    CAPS,
    Clusters,
    Decisions,
    Link,
    Linker,
    LinkResult,
    batch_link,
    cluster_key,
    common_tokens,
)
from signaalwijzer.linkage.compare import Evidence, PairResult, compare
from signaalwijzer.linkage.keys import SignalKeys, signal_keys
from signaalwijzer.linkage.normalise import (
    REASONS,
    InvalidIdentifier,
    NormalisedName,
    NormalisedSignal,
    normalise_signal,
)

__all__ = [
    "CAPS",
    "REASONS",
    "Clusters",
    "Decisions",
    "Evidence",
    "InvalidIdentifier",
    "Link",
    "LinkResult",
    "Linker",
    "NormalisedName",
    "NormalisedSignal",
    "PairResult",
    "SignalKeys",
    "batch_link",
    "cluster_key",
    "common_tokens",
    "compare",
    "normalise_signal",
    "signal_keys",
]
