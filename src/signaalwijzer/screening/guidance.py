"""What to do next: the safe questions still open, and the role guide's next steps with their routes.

Pure Python: no Django import. Called by the engine.
"""

from __future__ import annotations

from collections.abc import Mapping

from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.knowledge.schema import Dimension, Element, Indicator, Kind
from signaalwijzer.screening import rules
from signaalwijzer.screening.result import FormPicture, NextQuestion, NextStep, Outcome, RouteRef, Text
from signaalwijzer.screening.texts import as_text

MAX_QUESTIONS = 5


def focus_forms(pictures: list[FormPicture], weight: dict[str, int]) -> list[FormPicture]:
    """The forms where the evidence is: at least half the weight of the heaviest form."""
    heaviest = max(weight.values(), default=0)
    return [p for p in pictures if weight[p.form] * 2 >= heaviest]


def next_questions_for(
    candidates: Mapping[tuple[str, bool], list[Indicator]],
    kb: KnowledgeBase,
    role: str,
    minor: bool,
    observed_ids: list[str],
    pictures: list[FormPicture],
    signals: list[Indicator],
) -> list[NextQuestion]:
    seen = set(observed_ids)
    questions: list[NextQuestion] = []

    def add(ind: Indicator, why: Text) -> None:
        if ind.id not in seen and len(questions) < MAX_QUESTIONS:
            seen.add(ind.id)
            questions.append(NextQuestion(indicator=ind.id, text=as_text(ind.questions[0]), why=why))

    if not signals:
        guide = kb.guides.get(role)
        for ind_id in guide.typical_indicators if guide else []:
            ind = kb.indicators.get(ind_id)
            if ind is not None and ind.kind is Kind.indicator:
                add(ind, rules.STARTING_QUESTION_WHY)
        return questions

    for picture in pictures:
        if picture.structure_visible:
            # What is still unknown is the act: how the person was recruited, moved or housed.
            if Element.handeling.value not in picture.elements:
                pool = [c for c in candidates[(picture.form, minor)] if Element.handeling in c.elements]
                pool.sort(key=lambda c: role not in c.roles)
                for candidate in pool[:2]:
                    add(candidate, rules.ACT_QUESTION_WHY)
            continue
        dims = {Dimension(d) for d in picture.positive_dimensions}
        wanted: list[tuple[frozenset[Dimension], Text]] = []
        if Dimension.exploitation not in dims:
            wanted.append((frozenset({Dimension.exploitation}), rules.EXPLOITATION_QUESTION_WHY))
        if not minor and not dims & rules.MEANS_DIMENSIONS:
            wanted.append(
                (
                    frozenset(
                        {
                            Dimension.coercion_destination,
                            Dimension.coercive_recruitment,
                            Dimension.deceptive_recruitment,
                        }
                    ),
                    rules.MEANS_QUESTION_WHY,
                )
            )
        for dimensions, why in wanted:
            pool = [c for c in candidates[(picture.form, minor)] if c.dimension in dimensions]
            # People in this role are the ones likely to see the answer; ask those questions first.
            pool.sort(key=lambda c: role not in c.roles)
            for candidate in pool[:2]:
                add(candidate, why)
    return questions


def route_ref(kb: KnowledgeBase, route_id: str, coordinator: Mapping[str, str]) -> RouteRef:
    route = kb.routes[route_id]
    name, phone, email = as_text(route.name), route.contact.phone, route.contact.email
    if route.from_configuration:
        phone = coordinator.get("COORDINATOR_PHONE", "") or phone
        email = coordinator.get("COORDINATOR_EMAIL", "") or email
        configured = coordinator.get("COORDINATOR_NAME", "")
        if configured:
            name = Text(configured, configured)
    return RouteRef(
        id=route.id,
        name=name,
        phone=phone,
        email=email,
        url=route.contact.url,
        when=as_text(route.when),
        acute=route.acute,
    )


def next_steps_for(
    kb: KnowledgeBase,
    role: str,
    outcome: Outcome,
    minor: bool,
    acute: bool,
    role_meldcode: bool,
    coordinator: Mapping[str, str],
) -> list[NextStep]:
    steps: list[NextStep] = []
    if acute:
        second = "veilig_thuis" if (minor or role_meldcode) else "politie"
        steps.append(
            NextStep(
                text=Text(
                    "Is er nu direct gevaar? Bel 112. Daarna: bel Veilig Thuis of de politie, ook als je twijfelt.",
                    "Is there immediate danger now? Call 112. Then call Veilig Thuis or the police, even if in doubt.",
                ),
                meldcode_step=4 if role_meldcode else None,
                routes=[route_ref(kb, r, coordinator) for r in ("alarm_112", second) if r in kb.routes],
            )
        )
    guide = kb.guides[role]
    for step in guide.next_steps:
        if outcome.name in step.outcomes and (step.minor is None or step.minor == minor):
            steps.append(
                NextStep(
                    text=as_text(step.text),
                    meldcode_step=step.meldcode_step,
                    routes=[route_ref(kb, r, coordinator) for r in step.routes],
                )
            )
    return steps
