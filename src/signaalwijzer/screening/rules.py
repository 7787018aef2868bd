"""The weighing rules, each stated once, with the source it comes from.

Pure Python: no Django import. The engine (`engine.py`) counts the observed indicators and applies
these functions; `explain.py` and `guidance.py` put the result into words and next steps. Tests state
every rule as a case on a small fixture knowledge base (`tests/screening/`, `tests/fixtures/knowledge/`).
See ADR 0003 for why these rules.

The rules, in the order the engine applies them:

1. Strength per indicator per form, for this person: ILO–EC 2009 strong / medium / weak, with the child
   sets for minors (`strength_for_person`).
2. A dimension is positive by the ILO–EC 2009 combination rule (`dimension_positive`).
3. The means (middelen) of art. 273f Sr are the deception, coercion and vulnerability dimensions
   (`MEANS_DIMENSIONS`); the purpose (oogmerk) is the exploitation dimension.
4. The structure of the offence is visible for a form (`structure_visible`).
5. A form's picture is positive when a dimension is positive or the structure is visible.
6. The outcome: vermoeden / zorgelijk / geen (`outcome_for`).
7. Vulnerability factors alone never give more than zorgelijk (`vulnerability_cap`, `dimension_counts_as_evidence`).
8. Acute danger: 112 first, then Veilig Thuis or the police (`acute_routes`).
9. The 273f elements shown are those of observed signals, never of vulnerability factors (engine).
10. The meldcode step (`meldcode_step_for`).
11. Next steps: the role guide's steps for this outcome and age (`step_applies`).
12. Next questions: what is still missing per form (`question_gaps`, `question_order`).
13. Signals are listed by weight (`signal_order`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from signaalwijzer.knowledge.schema import Dimension, Element, Kind, Strength
from signaalwijzer.screening.result import Outcome, Text

RANK = {Strength.strong: 3, Strength.medium: 2, Strength.weak: 1}


# --- 1. Strength per form, for this person -------------------------------------------------------------


def strength_for_person(adult: Strength | None, minor: Strength | None, *, is_minor: bool) -> Strength | None:
    """The strength of one indicator for one form (ILO–EC 2009, four indicator sets).

    For adults the adult set (`forms`). For minors the child set (`forms_minor`) where it rates the
    indicator differently, as `Indicator.strength_for` does, but never lighter than for an adult:
    ILO–EC 2009's child sets rate every indicator equal to or higher than the adult sets, except
    "no social protection", which the child set leaves out (domain-facts §1.3). Taking the stronger
    of the two keeps the weighing monotone: saying "this is a child" never lowers an outcome, even
    if the data had it the other way round.
    """
    if not is_minor:
        return adult
    if adult is None or minor is None:
        return adult or minor
    return adult if RANK[adult] >= RANK[minor] else minor


def weights_for_person(
    forms: Mapping[str, Strength], forms_minor: Mapping[str, Strength], *, is_minor: bool
) -> tuple[tuple[str, Strength], ...]:
    """An indicator's strength per form for this person (rule 1), forms in id order."""
    ids = sorted(set(forms) | set(forms_minor)) if is_minor else sorted(forms)
    pairs = (
        (form, strength_for_person(forms.get(form), forms_minor.get(form), is_minor=is_minor)) for form in ids
    )
    return tuple((form, strength) for form, strength in pairs if strength is not None)


# --- 2. When a dimension is positive ---------------------------------------------------------------------


def dimension_positive(strong: int, medium: int, weak: int) -> bool:
    """ILO–EC 2009 combination rule for one dimension (domain-facts §1.4, confidence medium).

    Positive with (a) 2 strong, (b) 1 strong + 1 medium or weak, (c) 3 medium, or (d) 2 medium + 1 weak.
    Weak indicators never make a dimension positive without a strong or medium one.
    """
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


# --- 3. Means and purpose ----------------------------------------------------------------------------------

# Art. 273f lid 1 Sr names abuse of a vulnerable position among the means (middelen), so the two
# vulnerability dimensions of ILO–EC 2009 count as means, like deception and coercion.
MEANS_DIMENSIONS = frozenset(
    {
        Dimension.deceptive_recruitment,
        Dimension.coercive_recruitment,
        Dimension.vulnerability_recruitment,
        Dimension.coercion_destination,
        Dimension.vulnerability_destination,
    }
)
# The purpose of exploitation (oogmerk), 273f lid 2 Sr.
EXPLOITATION_DIMENSION = Dimension.exploitation


def dimension_counts_as_evidence(*, signals_in_dimension: int) -> bool:
    """Only a dimension with at least one signal (kind indicator) can show the offence's structure.

    A dimension made positive by vulnerability factors alone (say three medium factors in
    "abuse of vulnerability at destination") shows a vulnerable position, not its abuse: art. 273f
    requires *misbruik* of a vulnerable position. Such a dimension is reported as positive (it makes
    the outcome at least zorgelijk), but it cannot be the means for a vermoeden. The same holds when
    data wrongly put a vulnerability factor in the exploitation dimension.
    """
    return signals_in_dimension > 0


# --- 4. The structure of the offence ---------------------------------------------------------------------


def structure_visible(
    *,
    exploitation_positive: bool,
    exploitation_seen: bool,
    means_positive: bool,
    means_seen: bool,
    minor: bool,
    red_flag: bool,
) -> bool:
    """The structure of the offence is visible for one form of exploitation.

    Art. 273f lid 1 sub 1 Sr: act (handeling) + means (middel) + purpose (oogmerk) of exploitation.
    Professionals rarely see the act itself (recruiting, housing), so we look for means plus purpose.

    - Exploitation positive by the ILO–EC rule plus a means dimension positive (ADR 0003); and, because
      the purpose is an intent and the exploitation need not be complete, also one of the two positive
      with the other clearly seen: a signal of at least medium strength in it. Without this, the
      textbook case "passport taken + debt to the employer + very long days" would stay zorgelijk.
    - 273f lid 1 sub 2 Sr: for a minor the means are not required, so a positive exploitation dimension
      is enough (domain-facts §2.3).
    - A red flag (an indicator that shows coercion and exploitation in one signal) pointing to the form.

    "Positive" here counts only dimensions with at least one signal (`dimension_counts_as_evidence`).
    """
    return (
        red_flag
        or (exploitation_positive and (means_seen or means_positive or minor))
        or (means_positive and exploitation_seen)
    )


# --- 6. The outcome ------------------------------------------------------------------------------------------


def outcome_for(
    *,
    any_structure: bool,
    any_positive_dimension: bool,
    strong_signal: bool,
    signal_count: int,
    signal_with_vulnerability: bool,
    acute: bool,
) -> Outcome:
    """The outcome from what the weighing found (DESIGN.md "Weighing"; ADR 0003).

    - vermoeden: the structure of the offence is visible for some form.
    - zorgelijk: something is positive but the picture is incomplete: a positive dimension, a signal
      that is strong for some form, two or more signals, or acute danger. Also a signal of at least
      medium strength in someone with a vulnerability factor: a vulnerable position makes that signal
      weigh heavier. Dutch policy wants a low threshold to consult (domain-facts §0, §2.5, §7).
    - geen: otherwise.
    `signal_count` counts distinct signals (kind indicator) only, never vulnerability factors.
    """
    if any_structure and signal_count:
        return Outcome.vermoeden
    if any_positive_dimension or strong_signal or signal_count >= 2 or signal_with_vulnerability or acute:
        return Outcome.zorgelijk
    return Outcome.geen


# --- 7. The vulnerability cap ------------------------------------------------------------------------------


def vulnerability_cap(outcome: Outcome, *, signal_count: int) -> Outcome:
    """Vulnerability factors alone never give more than `zorgelijk` (DESIGN.md "Weighing").

    A vulnerable position is not yet its abuse: without any signal of exploitation or coercion the
    outcome stays at most `zorgelijk`, whatever the data says about the factors' strength, dimension
    or red-flag mark. Stated separately from `outcome_for` so that it holds even if that rule changes.
    """
    if signal_count == 0 and outcome > Outcome.zorgelijk:
        return Outcome.zorgelijk
    return outcome


# --- 8. Acute danger ----------------------------------------------------------------------------------------

ACUTE_STEP = Text(
    "Is er nu direct gevaar? Bel 112. Bel daarna {then}, ook als je twijfelt.",
    "Is there immediate danger now? Call 112. Then call {then}, even if you are in doubt.",
)


def acute_routes(*, minor: bool, role_meldcode: bool) -> tuple[str, str]:
    """Danger now: 112 first, whatever the outcome (DESIGN.md "Weighing").

    Then Veilig Thuis for a minor (sexual exploitation of a child is child abuse, domain-facts §3.4) or
    when the professional works under the meldcode (acute unsafety means: report to Veilig Thuis,
    afwegingsvraag 2, §3.3); otherwise the police (adults outside the huiselijke kring, §3.4).
    """
    return ("alarm_112", "veilig_thuis" if minor or role_meldcode else "politie")


# --- 10. The meldcode step -----------------------------------------------------------------------------------


def meldcode_step_for(outcome: Outcome, *, acute: bool, role_meldcode: bool) -> int | None:
    """The meldcode step the professional is at after this screening (domain-facts §3.2–3.3).

    Only for roles whose organisations work under the Meldcode huiselijk geweld en kindermishandeling
    (`meldcode: true` in roles.yaml); otherwise None.
    - geen: step 1, keep mapping the signals.
    - zorgelijk: step 2, consult a colleague, the aandachtsfunctionaris or Veilig Thuis.
    - vermoeden: step 2 as well, not a later step: nobody weighs a suspicion of trafficking alone, and
      an expert (Veilig Thuis, the zorgcoördinator) can be consulted anonymously, today.
    - acute: step 4, because afwegingsvraag 2 (acute or structural unsafety) means: report now.
    """
    if not role_meldcode:
        return None
    if acute:
        return 4
    return 1 if outcome is Outcome.geen else 2


# --- 11. Next steps ------------------------------------------------------------------------------------------


def step_applies(
    *, step_outcomes: Collection[str], step_minor: bool | None, outcome: Outcome, minor: bool
) -> bool:
    """A role guide's step is shown for the outcomes it names, and for minors, adults or both."""
    return outcome.name in step_outcomes and (step_minor is None or step_minor == minor)


# --- 12. Next questions --------------------------------------------------------------------------------------

MAX_QUESTIONS = 5
# At most this many questions per missing piece of one form, so that several forms and gaps get a turn.
QUESTIONS_PER_GAP = 2

# Asking about coercion and deception, not about vulnerability: a question should find the abuse.
MEANS_QUESTION_DIMENSIONS = frozenset(
    {Dimension.coercion_destination, Dimension.coercive_recruitment, Dimension.deceptive_recruitment}
)


def question_gaps(
    *,
    exploitation_positive: bool,
    means_positive: bool,
    structure_visible: bool,
    minor: bool,
) -> list[str]:
    """What is still missing for one form, in the order to ask about it.

    - exploitation not positive: ask about exploitation (the purpose, oogmerk);
    - no means positive and an adult: ask about coercion and deception (273f lid 1 sub 1; for a minor
      the means are not required, sub 2);
    - the structure is visible: what is left is the act (handeling), how someone was recruited, moved
      or housed; asking about it helps the people who take it from here.
    """
    if structure_visible:
        return ["act"]
    gaps = []
    if not exploitation_positive:
        gaps.append("exploitation")
    if not means_positive and not minor:
        gaps.append("means")
    return gaps


def question_fits_gap(gap: str, *, kind: Kind, dimension: Dimension, elements: list[Element]) -> bool:
    if kind is not Kind.indicator:
        return False  # ask about signals; a vulnerability factor answers nothing about abuse
    if gap == "exploitation":
        return dimension is EXPLOITATION_DIMENSION
    if gap == "means":
        return dimension in MEANS_QUESTION_DIMENSIONS
    return Element.handeling in elements


def question_order(*, for_role: bool, strength: Strength, indicator_id: str) -> tuple[bool, int, str]:
    """Questions the observer's role is likely to be able to answer first, then the strongest, then by id."""
    return (not for_role, -RANK[strength], indicator_id)


# --- 13. Order of the signals --------------------------------------------------------------------------------


def signal_order(*, strongest: Strength, kind: Kind, indicator_id: str) -> tuple[int, bool, str]:
    """Heaviest first: strong > medium > weak, signals before vulnerability factors, then by id."""
    return (-RANK[strongest], kind is not Kind.indicator, indicator_id)


# --- Words ----------------------------------------------------------------------------------------------------

STRENGTH_WORDS = {
    Strength.strong: Text("sterk", "strong"),
    Strength.medium: Text("middelsterk", "medium"),
    Strength.weak: Text("zwak", "weak"),
}

# The six ILO–EC 2009 dimensions in plain words (B1), as the explanation uses them.
DIMENSION_WORDS = {
    Dimension.deceptive_recruitment: Text("misleiding bij het werven", "deception when recruited"),
    Dimension.coercive_recruitment: Text("dwang bij het werven", "coercion when recruited"),
    Dimension.vulnerability_recruitment: Text(
        "misbruik van kwetsbaarheid bij het werven", "abuse of vulnerability when recruited"
    ),
    Dimension.exploitation: Text(
        "uitbuiting (werk of diensten onder slechte voorwaarden)",
        "exploitation (work or services under bad conditions)",
    ),
    Dimension.coercion_destination: Text("dwang en controle nu", "coercion and control now"),
    Dimension.vulnerability_destination: Text("misbruik van kwetsbaarheid nu", "abuse of vulnerability now"),
}

QUESTION_WHY = {
    "exploitation": Text(
        "Dit helpt te zien of iemand wordt uitgebuit: werk, seks of klussen onder druk of voor bijna niets.",
        "This helps to see whether someone is exploited: work, sex or jobs under pressure or for next to "
        "nothing.",
    ),
    "means": Text(
        "Dit helpt te zien of er sprake is van dwang of misleiding.",
        "This helps to see whether there is coercion or deception.",
    ),
    "act": Text(
        "Dit helpt te zien hoe iemand hier kwam: geworven, vervoerd of ondergebracht door een ander.",
        "This helps to see how someone got here: recruited, moved or housed by someone else.",
    ),
    "start": Text(
        "Dit signaal zie je vaak in jouw werk; de vraag helpt je om het op te merken.",
        "People in your role often see this signal; the question helps you notice it.",
    ),
}
