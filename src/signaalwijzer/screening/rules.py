"""The weighing rules, each stated once, with the source it comes from.

Pure Python: no Django import. The engine (`engine.py`) applies these to the observed indicators;
tests state every rule as a case (`tests/screening/`). See ADR 0003 for why these rules.
"""

from __future__ import annotations

from signaalwijzer.knowledge.schema import Dimension, Strength
from signaalwijzer.screening.result import Outcome, Text

RANK = {Strength.strong: 3, Strength.medium: 2, Strength.weak: 1}

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


def stronger_for_minor(adult: Strength | None, minor: Strength | None) -> Strength | None:
    """For a minor a signal never weighs lighter than for an adult.

    ILO–EC 2009's child sets rate every indicator equal to or higher than the adult sets, except
    "no social protection", which the child set leaves out (domain-facts §1.3). Taking the stronger
    of the two keeps the weighing monotone: saying "this is a child" never lowers an outcome.
    """
    if adult is None or minor is None:
        return adult or minor
    return adult if RANK[adult] >= RANK[minor] else minor


def dimension_positive(strong: int, medium: int, weak: int) -> bool:
    """ILO–EC 2009 combination rule for one dimension (domain-facts §1.4, confidence medium).

    Positive with (a) 2 strong, (b) 1 strong + 1 medium or weak, (c) 3 medium, or (d) 2 medium + 1 weak.
    Weak indicators never make a dimension positive without a strong or medium one.
    """
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


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

    Art. 273f lid 1 sub 1 Sr: act + means + purpose (oogmerk) of exploitation. The purpose is an intent:
    exploitation need not be complete. Professionals rarely see the act itself (recruiting, housing),
    so we look for means plus purpose: one of the two positive by the ILO–EC rule and the other clearly
    seen (a signal of at least medium strength). 273f lid 1 sub 2: for a minor the means are not
    required, so a positive exploitation dimension is enough. A red flag shows exploitation and
    coercion in one signal.
    """
    return (
        red_flag
        or (exploitation_positive and (means_seen or minor))
        or (means_positive and exploitation_seen)
    )


def outcome_for(
    *,
    any_structure: bool,
    any_positive_dimension: bool,
    strong_signal: bool,
    signal_count: int,
    signal_with_vulnerability: bool,
    acute: bool,
) -> Outcome:
    """The outcome from what the weighing found (DESIGN.md "Weighing").

    - vermoeden: the structure of the offence is visible for some form.
    - zorgelijk: something is positive but the picture is incomplete: a positive dimension, a strong
      signal, two or more signals, a medium or strong signal in someone who is vulnerable, or acute
      danger. Dutch policy wants a low threshold to consult (domain-facts §0.3, §2.5).
    - geen: otherwise.
    `signal_count` counts signals only (kind indicator), never vulnerability factors.
    """
    if any_structure and signal_count:
        return Outcome.vermoeden
    if any_positive_dimension or strong_signal or signal_count >= 2 or signal_with_vulnerability or acute:
        return Outcome.zorgelijk
    return Outcome.geen


def vulnerability_cap(outcome: Outcome, *, signal_count: int) -> Outcome:
    """Vulnerability factors alone never give more than `zorgelijk` (DESIGN.md "Weighing").

    A vulnerable position is not yet its abuse: without any signal of exploitation or coercion the
    outcome stays at most `zorgelijk`, whatever the data says about their strength.
    """
    if signal_count == 0 and outcome > Outcome.zorgelijk:
        return Outcome.zorgelijk
    return outcome


def meldcode_step_for(outcome: Outcome, *, acute: bool, role_meldcode: bool) -> int | None:
    """The meldcode step the professional is at after this screening (domain-facts §3.2–3.3).

    Only for roles whose organisations work under the Meldcode huiselijk geweld en kindermishandeling.
    - geen: step 1, keep mapping the signals.
    - zorgelijk and vermoeden: step 2, consult a colleague and an expert: nobody weighs a suspicion
      of trafficking alone, and Veilig Thuis or the zorgcoördinator can be consulted anonymously.
    - acute: step 4, because afwegingsvraag 2 (acute or structural unsafety) means: report now.
    """
    if not role_meldcode:
        return None
    if acute:
        return 4
    return 1 if outcome is Outcome.geen else 2


STRENGTH_WORDS = {
    Strength.strong: Text("sterk", "strong"),
    Strength.medium: Text("middel", "medium"),
    Strength.weak: Text("zwak", "weak"),
}

DIMENSION_WORDS = {
    Dimension.deceptive_recruitment: Text("misleiding bij het werven", "deception when recruited"),
    Dimension.coercive_recruitment: Text("dwang bij het werven", "coercion when recruited"),
    Dimension.vulnerability_recruitment: Text(
        "misbruik van kwetsbaarheid bij het werven", "abuse of vulnerability when recruited"
    ),
    Dimension.exploitation: Text("uitbuiting: werk of diensten onder slechte voorwaarden", "exploitation"),
    Dimension.coercion_destination: Text("dwang en controle nu", "coercion and control now"),
    Dimension.vulnerability_destination: Text("misbruik van kwetsbaarheid nu", "abuse of vulnerability now"),
}

MEANS_QUESTION_WHY = Text(
    "Het antwoord helpt te zien of er dwang, misleiding of misbruik van een kwetsbare positie is.",
    "The answer helps to see whether there is coercion, deception or abuse of a vulnerable position.",
)
EXPLOITATION_QUESTION_WHY = Text(
    "Het antwoord helpt te zien of iemand wordt uitgebuit: werk, seks of klussen onder druk of voor bijna niets.",
    "The answer helps to see whether someone is exploited: work, sex or jobs under pressure or for next to nothing.",
)
ACT_QUESTION_WHY = Text(
    "Het antwoord helpt te zien hoe iemand hier kwam: geworven, vervoerd of ondergebracht door een ander.",
    "The answer helps to see how someone got here: recruited, moved or housed by someone else.",
)
STARTING_QUESTION_WHY = Text(
    "Dit signaal zie je vaak in jouw werk; de vraag helpt je om het op te merken.",
    "People in your role often see this signal; the question helps you notice it.",
)
