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
from signaalwijzer.knowledge.schema import Text as KText
from signaalwijzer.screening import rules
from signaalwijzer.screening.result import (
    FormPicture,
    NextQuestion,
    NextStep,
    Outcome,
    RouteRef,
    ScreeningResult,
    Text,
    WeighedSignal,
)

MAX_QUESTIONS = 5
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


def _t(text: KText) -> Text:
    return Text(text.nl, text.en)


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
                title=_t(ind.title),
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
                title=_t(kb.forms[form].title),
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
        explanation=_explain(kb, outcome, weighed, pictures, signals, vulnerabilities, minor, acute),
        next_questions=_next_questions(index, role, minor, ids, _focus(pictures, weight), signals),
        next_steps=_next_steps(kb, role, outcome, minor, acute, role_meldcode, coordinator or {}),
        meldcode_step=rules.meldcode_step_for(outcome, acute=acute, role_meldcode=role_meldcode),
        warnings=_warnings(minor, signals, vulnerabilities),
    )


def _join(words: list[Text]) -> Text:
    def glue(items: list[str], last: str) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]

    return Text(glue([w.nl for w in words], "en"), glue([w.en for w in words], "and"))


def _explain(
    kb: KnowledgeBase,
    outcome: Outcome,
    weighed: list[WeighedSignal],
    pictures: list[FormPicture],
    signals: list[Indicator],
    vulnerabilities: list[Indicator],
    minor: bool,
    acute: bool,
) -> list[Text]:
    lines: list[Text] = []
    if acute:
        lines.append(
            Text(
                "Je zag geweld of dreiging. Veiligheid gaat voor alles: bij direct gevaar bel je 112.",
                "You saw violence or threats. Safety comes first: in immediate danger, call 112.",
            )
        )
    lines.append(
        Text(
            f"Je zag {len(signals)} {'signalen' if len(signals) != 1 else 'signaal'} en "
            f"{len(vulnerabilities)} {'dingen' if len(vulnerabilities) != 1 else 'ding'} "
            "die iemand kwetsbaarder maken.",
            f"You saw {len(signals)} signal{'s' if len(signals) != 1 else ''} and "
            f"{len(vulnerabilities)} thing{'s' if len(vulnerabilities) != 1 else ''} that make someone "
            "more vulnerable.",
        )
    )
    top = next((s for s in weighed if s.kind == Kind.indicator.value), None)
    if top is not None:
        word = rules.STRENGTH_WORDS[Strength(top.strongest)]
        forms = _join([_t(kb.forms[f].title) for f, s in top.forms.items() if s == top.strongest])
        lines.append(
            Text(
                f"Het zwaarste signaal is ‘{top.title.nl}’: {word.nl} bij {forms.nl.lower()}.",
                f"The heaviest signal is ‘{top.title.en}’: {word.en} for {forms.en.lower()}.",
            )
        )
    # One sentence per finding, naming every form it holds for, instead of one sentence per form.
    by_dims: dict[tuple[str, ...], list[Text]] = {}
    structure_forms: list[Text] = []
    minor_forms: list[Text] = []
    flags: dict[str, Indicator] = {}
    by_id = {ind.id: ind for ind in signals}
    for picture in pictures:
        if picture.positive_dimensions:
            by_dims.setdefault(tuple(picture.positive_dimensions), []).append(picture.title)
        if not picture.structure_visible:
            continue
        form_flags = [
            by_id[s.id] for s in weighed if s.red_flag and s.id in by_id and picture.form in by_id[s.id].forms
        ]
        if form_flags:
            flags.update((flag.id, flag) for flag in form_flags)
        elif Element.middel.value in picture.elements and Element.oogmerk.value in picture.elements:
            structure_forms.append(picture.title)
        else:
            minor_forms.append(picture.title)
    for dims, forms in by_dims.items():
        words = _join([rules.DIMENSION_WORDS[Dimension(d)] for d in dims])
        where = _join(forms)
        lines.append(
            Text(
                f"Bij {where.nl.lower()} zijn de signalen samen genoeg voor: {words.nl}.",
                f"For {where.en.lower()} the signals together are enough for: {words.en}.",
            )
        )
    if structure_forms:
        where = _join(structure_forms)
        lines.append(
            Text(
                f"Bij {where.nl.lower()} zie je zowel uitbuiting als dwang, misleiding of misbruik van een "
                "kwetsbare positie. Die combinatie past bij het patroon van mensenhandel "
                "(artikel 273f Wetboek van Strafrecht).",
                f"For {where.en.lower()} you see both exploitation and coercion, deception or abuse of a "
                "vulnerable position. That combination fits the pattern of human trafficking "
                "(article 273f of the Dutch Criminal Code).",
            )
        )
    if minor_forms:
        where = _join(minor_forms)
        lines.append(
            Text(
                f"Het gaat om iemand jonger dan 18 en je ziet uitbuiting ({where.nl.lower()}). Bij kinderen is "
                "geen dwang nodig om van mensenhandel te spreken (artikel 273f Wetboek van Strafrecht).",
                f"This is someone under 18 and you see exploitation ({where.en.lower()}). For children no "
                "coercion is needed for it to be human trafficking (article 273f of the Dutch Criminal Code).",
            )
        )
    for flag in flags.values():
        lines.append(
            Text(
                f"‘{flag.title.nl}’ laat in één signaal zowel dwang als uitbuiting zien.",
                f"‘{flag.title.en}’ shows both coercion and exploitation in one signal.",
            )
        )
    if outcome is Outcome.zorgelijk:
        lines.append(
            Text(
                "Er zijn zorgen, maar het beeld is nog niet compleet. De vragen hieronder helpen je verder.",
                "There are concerns, but the picture is not complete yet. The questions below help you on.",
            )
        )
    elif outcome is Outcome.geen and signals:
        lines.append(
            Text(
                "Wat je zag, wijst nu niet duidelijk op uitbuiting. Eén signaal zegt weinig: let op "
                "combinaties en op veranderingen.",
                "What you saw does not clearly point to exploitation now. One signal says little: look for "
                "combinations and changes.",
            )
        )
    if not signals and vulnerabilities:
        lines.append(
            Text(
                "Je vinkte alleen dingen aan die iemand kwetsbaarder maken. Dat is nog geen signaal van "
                "uitbuiting, maar wel een reden om goed op te letten.",
                "You only ticked things that make someone more vulnerable. That is not yet a signal of "
                "exploitation, but it is a reason to pay close attention.",
            )
        )
    lines.append(
        Text(
            "Deze uitkomst helpt je nadenken. Het is geen oordeel over een persoon: overleg met een collega "
            "of een expert.",
            "This outcome helps you think. It is not a verdict on a person: talk it over with a colleague "
            "or an expert.",
        )
    )
    return lines


def _focus(pictures: list[FormPicture], weight: dict[str, int]) -> list[FormPicture]:
    """The forms where the evidence is: at least half the weight of the heaviest form."""
    heaviest = max(weight.values(), default=0)
    return [p for p in pictures if weight[p.form] * 2 >= heaviest]


def _next_questions(
    index: _Index,
    role: str,
    minor: bool,
    observed_ids: list[str],
    pictures: list[FormPicture],
    signals: list[Indicator],
) -> list[NextQuestion]:
    kb = index.kb
    seen = set(observed_ids)
    questions: list[NextQuestion] = []

    def add(ind: Indicator, why: Text) -> None:
        if ind.id not in seen and len(questions) < MAX_QUESTIONS:
            seen.add(ind.id)
            questions.append(NextQuestion(indicator=ind.id, text=_t(ind.questions[0]), why=why))

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
                pool = [c for c in index.candidates[(picture.form, minor)] if Element.handeling in c.elements]
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
            pool = [c for c in index.candidates[(picture.form, minor)] if c.dimension in dimensions]
            # People in this role are the ones likely to see the answer; ask those questions first.
            pool.sort(key=lambda c: role not in c.roles)
            for candidate in pool[:2]:
                add(candidate, why)
    return questions


def _route(kb: KnowledgeBase, route_id: str, coordinator: Mapping[str, str]) -> RouteRef:
    route = kb.routes[route_id]
    name, phone, email = _t(route.name), route.contact.phone, route.contact.email
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
        when=_t(route.when),
        acute=route.acute,
    )


def _next_steps(
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
                routes=[_route(kb, r, coordinator) for r in ("alarm_112", second) if r in kb.routes],
            )
        )
    guide = kb.guides[role]
    for step in guide.next_steps:
        if outcome.name in step.outcomes and (step.minor is None or step.minor == minor):
            steps.append(
                NextStep(
                    text=_t(step.text),
                    meldcode_step=step.meldcode_step,
                    routes=[_route(kb, r, coordinator) for r in step.routes],
                )
            )
    return steps


def _warnings(minor: bool, signals: list[Indicator], vulnerabilities: list[Indicator]) -> list[Text]:
    out = []
    if minor:
        out.append(
            Text(
                "Het gaat om iemand jonger dan 18. Bij kinderen is geen dwang nodig om van mensenhandel te "
                "spreken, en seksuele uitbuiting is kindermishandeling: de meldcode geldt.",
                "This is someone under 18. For children no coercion is needed for it to be human trafficking, "
                "and sexual exploitation is child abuse: the meldcode applies.",
            )
        )
    if vulnerabilities and not signals:
        out.append(
            Text(
                "Kwetsbaarheid alleen is geen signaal van uitbuiting.",
                "Vulnerability alone is not a signal of exploitation.",
            )
        )
    return out
