"""The rules of the meldcode that a dossier follows, as plain functions (no database, no Django).

Sources: the Meldcode huiselijk geweld en kindermishandeling (2019) and its afwegingskader, as summarised
in /work/shared/domain-facts.md §3.2–3.3: NJI, "Het afwegingskader in de meldcode"
(https://www.nji.nl/kindermishandeling/afwegingskader-meldcode) and handelingsprotocol.nl. Since
1 January 2019 step 5 is no longer "help or report": first decide whether a report is needed, then
whether help is possible as well.

The five afwegingsvragen (paraphrased):
  q1  Is there, after the earlier steps, a suspicion (of a threat)?       no  -> close, record why
  q2  Is there acute or structural unsafety?                               yes -> report; q3–q5 may be
                                                                                 answered with Veilig Thuis
  q3  Can I offer or organise effective help?                              no  -> report
  q4  Do the people involved accept that help and commit to it?            no  -> report
  q5  Does the help achieve the necessary results in the intended time?   no  -> report (again)
                                                                           yes -> close, with agreements
                                                                                 on following safety
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

QUESTIONS = ("q1", "q2", "q3", "q4", "q5")

# Conclusions of the afwegingskader (weighing_conclusion). The view words them; the codes are stored.
AFSLUITEN = "afsluiten"  # q1 no: no suspicion, close and record why
MELDEN = "melden"  # report to Veilig Thuis
MELDEN_EN_HULP = "melden_en_hulp"  # acute or structural unsafety, and help is possible and accepted
HULP = "hulp"  # organise help; whether it works (q5) is not known yet
HULP_EN_VOLGEN = "hulp_en_volgen"  # the help works: close with agreements on following safety
CONCLUSIONS = (AFSLUITEN, MELDEN, MELDEN_EN_HULP, HULP, HULP_EN_VOLGEN)

# The decision (models.Decision values) that fits a conclusion, for the view to suggest in step 5.
CONCLUSION_DECISION = {
    AFSLUITEN: "afsluiten",
    MELDEN: "melden",
    MELDEN_EN_HULP: "melden_en_hulp",
    HULP: "hulp",
    HULP_EN_VOLGEN: "hulp",
}

# Problems weighing_problems reports per question.
MISSING = "missing"  # the flow needs this answer
NOT_ASKED = "not_asked"  # the flow stopped before this question, so it must stay empty
INVALID = "invalid"  # not yes, no or empty
UNKNOWN = "unknown"  # not one of q1..q5


def weighing_problems(answers: Mapping[str, bool | None]) -> dict[str, str]:
    """Per question, what is wrong with the answers given the flow of the afwegingskader; {} if all fits."""
    problems = {key: UNKNOWN for key in answers if key not in QUESTIONS}
    values = {}
    for key in QUESTIONS:
        value = answers.get(key)
        if value is not None and not isinstance(value, bool):
            problems[key] = INVALID
            value = None
        values[key] = value

    def stopped_after(question: str) -> None:
        for later in QUESTIONS[QUESTIONS.index(question) + 1 :]:
            if values[later] is not None:
                problems.setdefault(later, NOT_ASKED)

    def required(question: str) -> bool | None:
        if values[question] is None:
            problems.setdefault(question, MISSING)
        return values[question]

    if not required("q1"):
        stopped_after("q1")
        return problems
    q2 = required("q2")
    if q2 is None:
        stopped_after("q2")
        return problems
    # After q2 "yes" the report is certain; q3–q5 are gone through with Veilig Thuis and may still be open.
    # An answer after an open or a stopping answer never fits the flow.
    for question in ("q3", "q4"):
        answer = values[question] if q2 else required(question)
        if not answer:
            stopped_after(question)
            return problems
    # q5 may stay open: whether the help works is known only later.
    return problems


def weighing_conclusion(answers: Mapping[str, bool | None]) -> str:
    """What the afwegingskader concludes from answers that fit its flow (check weighing_problems first)."""
    if not answers.get("q1"):
        return AFSLUITEN
    help_works = answers.get("q3") and answers.get("q4") and answers.get("q5") is not False
    if answers.get("q2"):
        return MELDEN_EN_HULP if help_works else MELDEN
    if not help_works:
        return MELDEN
    return HULP_EN_VOLGEN if answers.get("q5") else HULP


# Steps (models.Step values) and the entry kinds (models.EntryKind values) that complete them.
STEP_KINDS = {2: "consultation", 3: "conversation", 4: "weighing", 5: "decision"}
OBSERVATION_KIND = "observation"


def steps_done(*, has_indicators: bool, kinds: Collection[str]) -> dict[int, bool]:
    """Per step 1..5 whether it is done. Step 1: a ticked signal or an observation; step 2: a consultation;
    3: the conversation (held, or why not); 4: a weighing; 5: a decision. Later entries never undo one."""
    done = {1: has_indicators or OBSERVATION_KIND in kinds}
    done.update({step: kind in kinds for step, kind in STEP_KINDS.items()})
    return done


def current_step(done: Mapping[int, bool]) -> int:
    """The first step that is not done; 6 when all five are."""
    return next((step for step in range(1, 6) if not done[step]), 6)
