"""What to do next: the safe questions still open, and the role guide's next steps with their routes.

Pure Python: no Django import. The engine calls `guide_index` once per knowledge base and the two
`*_for` functions once per weighing; the rules they follow are in `rules.py` (rules 8, 11 and 12).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.knowledge.schema import AppliesTo, Kind
from signaalwijzer.screening import rules
from signaalwijzer.screening.result import NextQuestion, NextStep, Outcome, RouteRef, Text

GAPS = ("exploitation", "means", "act")


class Finding(Protocol):
    has_signal: bool
    exploitation_positive: bool
    means_positive: bool


@dataclass(frozen=True)
class _GuideStep:
    text: Text
    meldcode_step: int | None
    routes: tuple[str, ...]


@dataclass(frozen=True)
class GuideIndex:
    """Per knowledge base: questions per (form, minor, role, gap) in the order to ask them, the role
    guides' starting questions and steps, and the routes as the result shows them."""

    questions: dict[tuple[str, bool, str, str], tuple[tuple[str, Text], ...]]
    starting: dict[tuple[str, bool], tuple[tuple[str, Text], ...]]
    steps: dict[tuple[str, str, bool], tuple[_GuideStep, ...]]
    routes: dict[str, RouteRef]
    configured_routes: frozenset[str]


def _fits_age(applies_to: AppliesTo, minor: bool) -> bool:
    return applies_to is AppliesTo.both or applies_to is (AppliesTo.minors if minor else AppliesTo.adults)


def guide_index(kb: KnowledgeBase) -> GuideIndex:
    """Build the question pools, starting questions, steps and routes once per knowledge base."""
    questions: dict[tuple[str, bool, str, str], tuple[tuple[str, Text], ...]] = {}
    for minor in (False, True):
        usable = [ind for ind in kb.indicators.values() if _fits_age(ind.applies_to, minor)]
        for form in kb.forms:
            for gap in GAPS:
                pool = [
                    (ind, strength)
                    for ind in usable
                    for f, strength in rules.weights_for_person(ind.forms, ind.forms_minor, is_minor=minor)
                    if f == form
                    and rules.question_fits_gap(
                        gap, kind=ind.kind, dimension=ind.dimension, elements=ind.elements
                    )
                ]
                for role in kb.roles:
                    ordered = sorted(
                        pool,
                        key=lambda pair, r=role: rules.question_order(
                            for_role=r in pair[0].roles, strength=pair[1], indicator_id=pair[0].id
                        ),
                    )
                    questions[(form, minor, role, gap)] = tuple(
                        (ind.id, Text(ind.questions[0].nl, ind.questions[0].en)) for ind, _ in ordered
                    )
    starting: dict[tuple[str, bool], tuple[tuple[str, Text], ...]] = {}
    for guide in kb.guides.values():
        for minor in (False, True):
            typical = [kb.indicators[i] for i in guide.typical_indicators if i in kb.indicators]
            starting[(guide.role, minor)] = tuple(
                (ind.id, Text(ind.questions[0].nl, ind.questions[0].en))
                for ind in typical
                if ind.kind is Kind.indicator and _fits_age(ind.applies_to, minor)
            )
    # Rule 11, resolved once: per role, outcome and age, the guide's steps in guide order.
    steps: dict[tuple[str, str, bool], tuple[_GuideStep, ...]] = {}
    for guide in kb.guides.values():
        for outcome in Outcome:
            for minor in (False, True):
                steps[(guide.role, outcome.name, minor)] = tuple(
                    _GuideStep(
                        text=Text(step.text.nl, step.text.en),
                        meldcode_step=step.meldcode_step,
                        routes=tuple(step.routes),
                    )
                    for step in guide.next_steps
                    if rules.step_applies(
                        step_outcomes=step.outcomes, step_minor=step.minor, outcome=outcome, minor=minor
                    )
                )
    routes = {
        route.id: RouteRef(
            id=route.id,
            name=Text(route.name.nl, route.name.en),
            phone=route.contact.phone,
            email=route.contact.email,
            url=route.contact.url,
            when=Text(route.when.nl, route.when.en),
            acute=route.acute,
        )
        for route in kb.routes.values()
    }
    configured = frozenset(route.id for route in kb.routes.values() if route.from_configuration)
    return GuideIndex(questions, starting, steps, routes, configured)


def next_questions_for(
    guides: GuideIndex,
    *,
    role: str,
    minor: bool,
    observed: set[str],
    forms: list[str],
    findings: Mapping[str, Finding],
    structure: Mapping[str, bool],
) -> list[NextQuestion]:
    """Rule 12: per form with an observed signal (strongest form first), ask for what is missing."""
    asked: set[str] = set()
    questions: list[NextQuestion] = []

    def ask(pool: tuple[tuple[str, Text], ...], why: Text, limit: int) -> None:
        taken = 0
        for ind_id, text in pool:
            if len(questions) >= rules.MAX_QUESTIONS or taken >= limit:
                return
            if ind_id in observed or ind_id in asked:
                continue
            asked.add(ind_id)
            questions.append(NextQuestion(indicator=ind_id, text=text, why=why))
            taken += 1

    if not any(finding.has_signal for finding in findings.values()):
        # Nothing seen yet (or only vulnerability factors): the questions people in this role start with.
        ask(guides.starting.get((role, minor), ()), rules.QUESTION_WHY["start"], rules.MAX_QUESTIONS)
        return questions
    for form in forms:
        finding = findings[form]
        if not finding.has_signal:
            continue
        gaps = rules.question_gaps(
            exploitation_positive=finding.exploitation_positive,
            means_positive=finding.means_positive,
            structure_visible=structure[form],
            minor=minor,
        )
        for gap in gaps:
            ask(
                guides.questions.get((form, minor, role, gap), ()),
                rules.QUESTION_WHY[gap],
                rules.QUESTIONS_PER_GAP,
            )
        if len(questions) >= rules.MAX_QUESTIONS:
            break
    return questions


def route_ref(guides: GuideIndex, route_id: str, coordinator: Mapping[str, str]) -> RouteRef:
    """A route as the result shows it; the zorgcoördinator's contact comes from the deployment."""
    ref = guides.routes[route_id]
    if route_id not in guides.configured_routes or not coordinator:
        return ref
    name = coordinator.get("COORDINATOR_NAME", "")
    return replace(
        ref,
        name=Text(name, name) if name else ref.name,
        phone=coordinator.get("COORDINATOR_PHONE", "") or ref.phone,
        email=coordinator.get("COORDINATOR_EMAIL", "") or ref.email,
    )


def next_steps_for(
    guides: GuideIndex,
    *,
    role: str,
    outcome: Outcome,
    minor: bool,
    acute: bool,
    role_meldcode: bool,
    coordinator: Mapping[str, str],
) -> list[NextStep]:
    """Rule 8 (acute first) and rule 11 (the role guide's steps for this outcome and age, in guide order)."""
    steps: list[NextStep] = []
    if acute:
        ids = [r for r in rules.acute_routes(minor=minor, role_meldcode=role_meldcode) if r in guides.routes]
        refs = [route_ref(guides, r, coordinator) for r in ids]
        then = refs[-1].name if len(refs) > 1 else Text("hulp", "for help")
        steps.append(
            NextStep(
                text=Text(
                    rules.ACUTE_STEP.nl.format(then=then.nl),
                    rules.ACUTE_STEP.en.format(then=then.en),
                ),
                meldcode_step=4 if role_meldcode else None,
                routes=refs,
            )
        )
    for step in guides.steps.get((role, outcome.name, minor), ()):
        steps.append(
            NextStep(
                text=step.text,
                meldcode_step=step.meldcode_step,
                routes=[route_ref(guides, r, coordinator) for r in step.routes],
            )
        )
    return steps
