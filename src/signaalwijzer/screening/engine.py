"""The weighing engine: observed indicators in, an explained `ScreeningResult` out.

Pure Python: no Django import. The rules themselves are in `rules.py`; this module counts and orders,
`explain.py` words the result and `guidance.py` finds the next questions and steps. Per knowledge
base an index is built once (`_index`), so one weighing does only dictionary and tuple work: no
pydantic access beyond what the index already holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from signaalwijzer.knowledge import KnowledgeBase, knowledge_base
from signaalwijzer.knowledge.schema import Dimension, Element, Indicator, Kind, Strength
from signaalwijzer.screening import rules
from signaalwijzer.screening.explain import FormFinding, explanation_for, warnings_for
from signaalwijzer.screening.guidance import GuideIndex, guide_index, next_questions_for, next_steps_for
from signaalwijzer.screening.result import FormPicture, ScreeningResult, Text, WeighedSignal

__all__ = ["UnknownIdsError", "screening_evaluate"]

# The vulnerability factor "younger than 18": ticking it and answering the minor question are one fact.
MINOR_ID = "minor"
ELEMENT_ORDER = (Element.handeling, Element.middel, Element.oogmerk)
ELEMENT_VALUES = tuple(e.value for e in ELEMENT_ORDER)
DIMENSION_ORDER = tuple(d.value for d in Dimension)
EXPLOITATION = rules.EXPLOITATION_DIMENSION.value
MEANS = frozenset(d.value for d in rules.MEANS_DIMENSIONS)
STRENGTH_VALUES = {rules.RANK[s]: s.value for s in Strength}


class UnknownIdsError(ValueError):
    """Indicator ids or a role that the knowledge base does not know; names every one of them."""

    def __init__(self, *, indicators: list[str], role: str | None, valid_roles: list[str] | None = None):
        self.indicators = indicators
        self.role = role
        self.valid_roles = valid_roles or []
        parts = []
        if indicators:
            parts.append(f"Unknown indicator id(s): {', '.join(indicators)}.")
        if role is not None:
            parts.append(f"Unknown role '{role}'; valid roles: {', '.join(self.valid_roles)}.")
        super().__init__(" ".join(parts))


@dataclass(frozen=True, slots=True)
class _Entry:
    """One indicator as the weighing needs it, read from the knowledge base once.

    Plain strings and ints only: enum hashing and `.value` are Python-level calls, too slow for the
    hot path. Tuples indexed by age hold the adult (0) and the minor (1) version (rule 1).
    """

    id: str
    kind: str
    is_signal: bool
    dimension: str
    elements: tuple[str, ...]  # in ELEMENT_ORDER
    acute: bool
    red_flag: bool
    title: Text
    weights: tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]  # (form, rank)
    forms: tuple[dict[str, str], dict[str, str]]  # form -> strength, as the result shows it
    strongest_rank: tuple[int, int]
    order: tuple[tuple[int, bool, str], tuple[int, bool, str]]  # rule 13


@dataclass(frozen=True)
class _Index:
    entries: dict[str, _Entry]
    form_titles: dict[str, Text]
    form_order: dict[str, int]
    role_meldcode: dict[str, bool]
    valid_roles: list[str]
    guides: GuideIndex


def _entry(ind: Indicator) -> _Entry:
    per_age = [rules.weights_for_person(ind.forms, ind.forms_minor, is_minor=m) for m in (False, True)]
    strongest = [max((s for _, s in pairs), key=rules.RANK.__getitem__) for pairs in per_age]
    adult, minor = per_age
    return _Entry(
        id=ind.id,
        kind=ind.kind.value,
        is_signal=ind.kind is Kind.indicator,
        dimension=ind.dimension.value,
        elements=tuple(e.value for e in ELEMENT_ORDER if e in ind.elements),
        acute=ind.acute,
        red_flag=ind.red_flag,
        title=Text(ind.title.nl, ind.title.en),
        weights=(
            tuple((f, rules.RANK[s]) for f, s in adult),
            tuple((f, rules.RANK[s]) for f, s in minor),
        ),
        forms=({f: s.value for f, s in adult}, {f: s.value for f, s in minor}),
        strongest_rank=(rules.RANK[strongest[0]], rules.RANK[strongest[1]]),
        order=(
            rules.signal_order(strongest=strongest[0], kind=ind.kind, indicator_id=ind.id),
            rules.signal_order(strongest=strongest[1], kind=ind.kind, indicator_id=ind.id),
        ),
    )


@cache
def _index(kb: KnowledgeBase) -> _Index:
    """Everything the weighing reads, built once per knowledge base (KnowledgeBase hashes by identity)."""
    return _Index(
        entries={ind_id: _entry(ind) for ind_id, ind in kb.indicators.items()},
        form_titles={f.id: Text(f.title.nl, f.title.en) for f in kb.forms.values()},
        form_order={form: n for n, form in enumerate(kb.forms)},
        role_meldcode={role.id: role.meldcode for role in kb.roles.values()},
        valid_roles=sorted(kb.roles),
        guides=guide_index(kb),
    )


def screening_evaluate(
    *,
    indicators: Iterable[str],
    role: str,
    minor: bool = False,
    kb: KnowledgeBase | None = None,
    coordinator: Mapping[str, str] | None = None,
) -> ScreeningResult:
    """Weigh what a professional observed, for their role. See `rules.py` for the rules.

    Deterministic and independent of the order of `indicators`; duplicates are ignored. Raises
    `UnknownIdsError` naming every unknown indicator id and an unknown role. `coordinator` is the
    deployment's settings (COORDINATOR_NAME, _PHONE, _EMAIL) for the route marked from_configuration.
    """
    index = _index(kb if kb is not None else knowledge_base())
    entries = index.entries
    # A single id passed as a plain string is one id, not a list of letters.
    ids = {indicators} if isinstance(indicators, str) else set(indicators)
    unknown = sorted(i for i in ids if i not in entries)
    role_meldcode = index.role_meldcode.get(role)
    if unknown or role_meldcode is None:
        raise UnknownIdsError(
            indicators=unknown,
            role=None if role_meldcode is not None else role,
            valid_roles=index.valid_roles,
        )
    # Ticking "younger than 18" and answering the minor question are the same fact, both ways.
    if MINOR_ID in ids:
        minor = True
    elif minor and MINOR_ID in entries:
        ids.add(MINOR_ID)
    age = 1 if minor else 0
    observed = [entries[i] for i in sorted(ids)]

    # Per form and dimension: [strong, medium, weak, signals, signals of at least medium strength].
    counts: dict[str, dict[str, list[int]]] = {}
    form_elements: dict[str, set[str]] = {}
    red_flags: dict[str, list[str]] = {}
    signal_count = 0
    vulnerability_count = 0
    acute = False
    strong_signal = False
    medium_signal = False
    for entry in observed:
        is_signal = entry.is_signal
        if is_signal:
            signal_count += 1
            rank = entry.strongest_rank[age]
            strong_signal |= rank == 3
            medium_signal |= rank >= 2
        else:
            vulnerability_count += 1
        # Rule 8: any observed indicator marked acute, factor or signal: safety first.
        acute |= entry.acute
        dimension = entry.dimension
        for form, rank in entry.weights[age]:
            dims = counts.get(form)
            if dims is None:
                dims = counts[form] = {}
            slot = dims.get(dimension)
            if slot is None:
                slot = dims[dimension] = [0, 0, 0, 0, 0]
            # Rule 1: count each indicator once per form, at its strength for this person.
            slot[3 - rank] += 1
            if is_signal:
                slot[3] += 1
                slot[4] += rank >= 2
                # Rule 9: elements come from signals only; a vulnerable position is not yet its abuse.
                form_elements.setdefault(form, set()).update(entry.elements)
                if entry.red_flag:
                    red_flags.setdefault(form, []).append(entry.id)

    pictures: list[FormPicture] = []
    findings: dict[str, FormFinding] = {}
    weight: dict[str, int] = {}
    for form, dims in counts.items():
        # Rule 2, per dimension; rule 7: only dimensions with a signal can show the structure.
        positive = [d for d in DIMENSION_ORDER if d in dims and rules.dimension_positive(*dims[d][:3])]
        evidence = {
            d for d in positive if rules.dimension_counts_as_evidence(signals_in_dimension=dims[d][3])
        }
        seen = {d for d, slot in dims.items() if slot[4]}
        exploitation_seen = EXPLOITATION in seen
        means_seen = not MEANS.isdisjoint(seen)
        exploitation_positive = EXPLOITATION in evidence
        means_positive = not MEANS.isdisjoint(evidence)
        red_flag = form in red_flags
        # Rule 4.
        visible = rules.structure_visible(
            exploitation_positive=exploitation_positive,
            exploitation_seen=exploitation_seen,
            means_positive=means_positive,
            means_seen=means_seen,
            minor=minor,
            red_flag=red_flag,
        )
        # Rule 7, for the explanation: would the picture be complete if vulnerability factors could
        # stand in for the abuse of a vulnerable position?
        capped = not visible and rules.structure_visible(
            exploitation_positive=EXPLOITATION in positive,
            exploitation_seen=exploitation_seen,
            means_positive=not MEANS.isdisjoint(positive),
            means_seen=means_seen,
            minor=minor,
            red_flag=red_flag,
        )
        elements = form_elements.get(form, ())
        weight[form] = sum(s * 9 + m * 3 + w for s, m, w, _, _ in dims.values())
        pictures.append(
            FormPicture(
                form=form,
                title=index.form_titles[form],
                positive_dimensions=positive,
                elements=[e for e in ELEMENT_VALUES if e in elements],
                # Rule 5.
                positive=bool(positive) or visible,
                structure_visible=visible,
            )
        )
        findings[form] = FormFinding(
            has_signal=form in form_elements,
            evidence=tuple(d for d in positive if d in evidence),
            exploitation_positive=exploitation_positive,
            means_positive=means_positive,
            means_seen=means_seen,
            red_flags=tuple(red_flags.get(form, ())),
            vulnerability_capped=capped,
        )
    # Strongest picture first, so the explanation and the questions start where the evidence is.
    form_order = index.form_order
    pictures.sort(
        key=lambda p: (not p.structure_visible, not p.positive, -weight[p.form], form_order.get(p.form, 99))
    )

    # Rule 6, then rule 7 as an explicit cap.
    outcome = rules.outcome_for(
        any_structure=any(p.structure_visible for p in pictures),
        any_positive_dimension=any(p.positive_dimensions for p in pictures),
        strong_signal=strong_signal,
        signal_count=signal_count,
        signal_with_vulnerability=medium_signal and vulnerability_count > 0,
        acute=acute,
    )
    outcome = rules.vulnerability_cap(outcome, signal_count=signal_count)

    # Rule 13.
    observed.sort(key=lambda e: e.order[age])
    weighed = [
        WeighedSignal(
            id=e.id,
            title=e.title,
            kind=e.kind,
            strongest=STRENGTH_VALUES[e.strongest_rank[age]],
            forms=dict(e.forms[age]),
            dimension=e.dimension,
            elements=list(e.elements),
            acute=e.acute,
            red_flag=e.red_flag,
        )
        for e in observed
    ]
    all_elements = set().union(*form_elements.values())
    titles = {e.id: e.title for e in observed}
    return ScreeningResult(
        outcome=outcome,
        role=role,
        minor=minor,
        acute=acute,
        signals=weighed,
        forms=pictures,
        elements=[e for e in ELEMENT_VALUES if e in all_elements],
        explanation=explanation_for(
            outcome=outcome,
            weighed=weighed,
            pictures=pictures,
            findings=findings,
            titles=titles,
            form_titles=index.form_titles,
            signal_count=signal_count,
            vulnerability_count=vulnerability_count,
            minor=minor,
            acute=acute,
        ),
        next_questions=next_questions_for(
            index.guides,
            role=role,
            minor=minor,
            observed=ids,
            forms=[p.form for p in pictures],
            findings=findings,
            structure={p.form: p.structure_visible for p in pictures},
        ),
        next_steps=next_steps_for(
            index.guides,
            role=role,
            outcome=outcome,
            minor=minor,
            acute=acute,
            role_meldcode=role_meldcode,
            coordinator=coordinator or {},
        ),
        meldcode_step=rules.meldcode_step_for(outcome, acute=acute, role_meldcode=role_meldcode),
        warnings=warnings_for(
            minor=minor,
            signal_count=signal_count,
            vulnerability_count=vulnerability_count,
            capped=any(f.vulnerability_capped for f in findings.values()),
        ),
    )
