"""Reading the knowledge base: search and filter indicators. Used by the web pages and the API alike."""

from __future__ import annotations

import unicodedata
from functools import cache

from signaalwijzer.knowledge.loader import KnowledgeBase
from signaalwijzer.knowledge.schema import Indicator, Strength

_STRENGTH_ORDER = {Strength.strong: 0, Strength.medium: 1, Strength.weak: 2}


def fold(text: str) -> str:
    """Lower case without diacritics, so that 'financiele' finds 'financiële'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _haystacks(kb: KnowledgeBase) -> dict[str, str]:
    """Per indicator id the folded text a search looks in; built once per knowledge base."""
    return {
        ind.id: fold(
            " ".join(
                [
                    ind.id.replace("_", " "),
                    ind.title.nl,
                    ind.title.en,
                    ind.description.nl,
                    ind.description.en,
                    *ind.keywords,
                ]
            )
        )
        for ind in kb.indicators.values()
    }


def indicator_strongest(indicator: Indicator) -> Strength:
    return min(indicator.forms.values(), key=_STRENGTH_ORDER.__getitem__)


def indicators_filter(
    kb: KnowledgeBase,
    *,
    q: str = "",
    form: str = "",
    domain: str = "",
    role: str = "",
    kind: str = "",
) -> list[Indicator]:
    """Indicators matching every given filter; every word of `q` must occur. Ordered by domain, then title."""
    words = fold(q).split()
    haystacks = _haystacks(kb)
    found = [
        ind
        for ind in kb.indicators.values()
        if (not form or form in ind.forms)
        and (not domain or ind.domain == domain)
        and (not role or role in ind.roles)
        and (not kind or ind.kind.value == kind)
        and all(word in haystacks[ind.id] for word in words)
    ]
    order = {d.id: d.order for d in kb.domains.values()}
    return sorted(found, key=lambda ind: (order.get(ind.domain, 99), fold(ind.title.nl)))
