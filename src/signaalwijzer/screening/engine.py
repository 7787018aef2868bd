"""The weighing engine: observed indicators in, an explained `ScreeningResult` out.

Pure Python: no Django import. The rules themselves are in `rules.py`; this module counts, orders and
words. Per knowledge base an index is built once, so one weighing does only dictionary work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from signaalwijzer.knowledge import KnowledgeBase, knowledge_base
from signaalwijzer.knowledge.schema import AppliesTo, Dimension, Element, Indicator, Kind, Strength
from signaalwijzer.screening import rules
from signaalwijzer.screening.explain import explanation_for, warnings_for
from signaalwijzer.screening.guidance import focus_forms, next_questions_for, next_steps_for
from signaalwijzer.screening.result import (
    FormPicture,
    ScreeningResult,
    WeighedSignal,
)
from signaalwijzer.screening.texts import as_text

MINOR_ID = "minor"
ELEMENT_ORDER = (Element.handeling, Element.middel, Element.oogmerk)


class UnknownIdsError(ValueError):
    """Indicator ids or a role that the knowledge base does not know; names every one of them."""

    def __init__(self, *, indicators: list[str], role: str | None, valid_roles: list[str]):
        self.indicators = indicators
        self.role = role
        parts = []
        if indicators:
            parts.append(f"Unknown indicator id(s): {', '.join(indicators)}.")
        if role is not None:
            parts.append(f"Unknown role '{role}'; valid roles: {', '.join(valid_roles)}.")
        super().__init__(" ".join(parts))


@dataclass(frozen=True)
class _Weights:
    """One indicator's strength per form, for adults and for minors."""

    adult: tuple[tuple[str, Strength], ...]
    minor: tuple[tuple[str, Strength], ...]


@dataclass(frozen=True)
class _Index:
    kb: KnowledgeBase
    weights: dict[str, _Weights]
    # Per form and dimension: unobserved-candidate signals for next questions, strongest first.
    candidates: dict[tuple[str, bool], list[Indicator]]
    form_order: dict[str, int]


@cache
def _index(kb: KnowledgeBase) -> _Index:
    weights = {}
    for ind in kb.indicators.values():
        adult = tuple(sorted(ind.forms.items()))
        forms = sorted(set(ind.forms) | set(ind.forms_minor))
        minor = tuple(
            (form, rules.stronger_for_minor(ind.forms.get(form), ind.forms_minor.get(form))) for form in forms
        )
        weights[ind.id] = _Weights(adult, minor)
    candidates: dict[tuple[str, bool], list[Indicator]] = {}
    for form in kb.forms:
        for minor in (False, True):
            usable = [
                ind
                for ind in kb.signals
                if form in ind.forms
                and ind.applies_to is not (AppliesTo.adults if minor else AppliesTo.minors)
            ]
            usable.sort(key=lambda ind, f=form: (-rules.RANK[ind.forms[f]], ind.id))
            candidates[(form, minor)] = usable
    return _Index(kb, weights, candidates, {form: n for n, form in enumerate(kb.forms)})


def screening_evaluate(
    *,
    indicators: Iterable[str],
    role: str,
    minor: bool = False,
    kb: KnowledgeBase | None = None,
    coordinator: Mapping[str, str] | None = None,
) -> ScreeningResult:
    """Weigh what a professional observed. Deterministic and independent of the order of `indicators`."""
    kb = kb or knowledge_base()
    index = _index(kb)
    ids = sorted(set(indicators))
    unknown = [i for i in ids if i not in kb.indicators]
    if unknown or role not in kb.roles:
        raise UnknownIdsError(
            indicators=unknown, role=None if role in kb.roles else role, valid_roles=sorted(kb.roles)
        )
    # Ticking "younger than 18" and answering the minor question are the same fact.
    if MINOR_ID in ids:
        minor = True
    elif minor and MINOR_ID in kb.indicators:
        ids = sorted([*ids, MINOR_ID])
    observed = [kb.indicators[i] for i in ids]
    signals = [ind for ind in observed if ind.kind is Kind.indicator]
    vulnerabilities = [ind for ind in observed if ind.kind is Kind.vulnerability]

    # Per form and dimension: [strong, medium, weak, signals]; the last counts kind=indicator entries.
    counts: dict[str, dict[Dimension, list[int]]] = {}
    # Per form: the dimensions where a signal of at least medium strength was seen.
    seen: dict[str, set[Dimension]] = {}
    weighed: list[WeighedSignal] = []
    for ind in observed:
        per_form = index.weights[ind.id].minor if minor else index.weights[ind.id].adult
        is_signal = ind.kind is Kind.indicator
        for form, strength in per_form:
            slot = counts.setdefault(form, {}).setdefault(ind.dimension, [0, 0, 0, 0])
            slot[3 - rules.RANK[strength]] += 1
            slot[3] += is_signal
            if is_signal and strength is not Strength.weak:
                seen.setdefault(form, set()).add(ind.dimension)
        strongest = max((s for _, s in per_form), key=rules.RANK.__getitem__)
        weighed.append(
            WeighedSignal(
                id=ind.id,
                title=as_text(ind.title),
                kind=ind.kind.value,
                strongest=strongest.value,
                forms={form: s.value for form, s in per_form},
                dimension=ind.dimension.value,
                elements=[e.value for e in ind.elements],
                acute=ind.acute,
                red_flag=ind.red_flag,
            )
        )
    weighed.sort(key=lambda s: (-rules.RANK[Strength(s.strongest)], s.kind != Kind.indicator.value, s.id))

    pictures: list[FormPicture] = []
    weight: dict[str, int] = {}
    all_elements: set[Element] = set()
    for form, dims in counts.items():
        positive = sorted(
            (dim for dim, (s, m, w, _) in dims.items() if rules.dimension_positive(s, m, w)),
            key=list(Dimension).index,
        )
        # A dimension built from vulnerability factors alone shows a vulnerable position, not its abuse:
        # it is reported, but only dimensions with at least one signal can show the offence's structure.
        with_signal = {dim for dim in positive if dims[dim][3]}
        form_seen = seen.get(form, set())
        visible = rules.structure_visible(
            exploitation_positive=Dimension.exploitation in with_signal,
            exploitation_seen=Dimension.exploitation in form_seen,
            means_positive=bool(with_signal & rules.MEANS_DIMENSIONS),
            means_seen=bool(form_seen & rules.MEANS_DIMENSIONS),
            minor=minor,
            red_flag=any(ind.red_flag and form in ind.forms for ind in signals),
        )
        elements = {e for ind in signals if form in ind.forms for e in ind.elements}
        all_elements |= elements
        weight[form] = sum(s * 9 + m * 3 + w for s, m, w, _ in dims.values())
        pictures.append(
            FormPicture(
                form=form,
                title=as_text(kb.forms[form].title),
                positive_dimensions=[d.value for d in positive],
                elements=[e.value for e in ELEMENT_ORDER if e in elements],
                positive=bool(positive) or visible,
                structure_visible=visible,
            )
        )
    # Strongest picture first, so the explanation and the questions start where the evidence is.
    pictures.sort(
        key=lambda p: (
            not p.structure_visible,
            not p.positive,
            -weight[p.form],
            index.form_order.get(p.form, 99),
        )
    )

    acute = any(ind.acute for ind in signals)
    strong_signal = any(
        s.kind == Kind.indicator.value and s.strongest == Strength.strong.value for s in weighed
    )
    signal_with_vulnerability = bool(vulnerabilities) and any(
        s.kind == Kind.indicator.value and s.strongest != Strength.weak.value for s in weighed
    )
    outcome = rules.outcome_for(
        any_structure=any(p.structure_visible for p in pictures),
        any_positive_dimension=any(p.positive_dimensions for p in pictures),
        strong_signal=strong_signal,
        signal_count=len(signals),
        signal_with_vulnerability=signal_with_vulnerability,
        acute=acute,
    )
    outcome = rules.vulnerability_cap(outcome, signal_count=len(signals))
    role_meldcode = kb.roles[role].meldcode

    return ScreeningResult(
        outcome=outcome,
        role=role,
        minor=minor,
        acute=acute,
        signals=weighed,
        forms=pictures,
        elements=[e.value for e in ELEMENT_ORDER if e in all_elements],
        explanation=explanation_for(kb, outcome, weighed, pictures, signals, vulnerabilities, minor, acute),
        next_questions=next_questions_for(
            index.candidates, kb, role, minor, ids, focus_forms(pictures, weight), signals
        ),
        next_steps=next_steps_for(kb, role, outcome, minor, acute, role_meldcode, coordinator or {}),
        meldcode_step=rules.meldcode_step_for(outcome, acute=acute, role_meldcode=role_meldcode),
        warnings=warnings_for(minor, signals, vulnerabilities),
    )
