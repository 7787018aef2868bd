"""The words of a weighing: why this outcome, in plain Dutch (B1) with English.

Pure Python: no Django import. Called by the engine; states no rules of its own (rule 14 and 15 of
`rules.py`: which signals, how strong, which combination decided, the minor rule and the vulnerability
cap when they applied, and always that this supports a judgement and is no verdict on a person).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from signaalwijzer.knowledge.schema import Kind, Strength
from signaalwijzer.screening import rules
from signaalwijzer.screening.result import FormPicture, Outcome, Text, WeighedSignal


@dataclass(frozen=True, slots=True)
class FormFinding:
    """What the engine found for one form, beyond what `FormPicture` shows."""

    has_signal: bool  # at least one observed signal (not only vulnerability factors) points to the form
    evidence: tuple[str, ...]  # positive dimensions with at least one signal, in dimension order
    exploitation_positive: bool  # counting only dimensions with a signal (rules.dimension_counts_as_evidence)
    means_positive: bool
    means_seen: bool  # a signal of at least medium strength in a means dimension
    red_flags: tuple[str, ...]
    vulnerability_capped: bool  # complete only if vulnerability factors stood in for abuse (rule 7)


def join_words(words: list[Text]) -> Text:
    def glue(items: list[str], last: str) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]

    return Text(glue([w.nl for w in words], "en"), glue([w.en for w in words], "and"))


def _quoted(titles: list[Text]) -> Text:
    return join_words([Text(f"‘{t.nl}’", f"‘{t.en}’") for t in titles])


def _lower(text: Text) -> Text:
    return Text(text.nl[:1].lower() + text.nl[1:], text.en[:1].lower() + text.en[1:])


STRENGTH_GROUPS = (
    (Strength.strong.value, Text("Sterke signalen", "Strong signals")),
    (Strength.medium.value, Text("Middelsterke signalen", "Medium signals")),
    (Strength.weak.value, Text("Zwakke signalen", "Weak signals")),
)
SIGNAL = Kind.indicator.value
FACTOR = Kind.vulnerability.value
DIMENSION_WORDS = {d.value: words for d, words in rules.DIMENSION_WORDS.items()}
VULNERABLE_GROUP = Text("Wat iemand kwetsbaarder maakt", "What makes someone more vulnerable")

ACUTE_LINE = Text(
    "Je zag geweld of dreiging. Veiligheid gaat voor alles: bij direct gevaar bel je 112.",
    "You saw violence or threats. Safety comes first: in immediate danger, call 112.",
)
CLOSING_LINE = Text(
    "Deze uitkomst helpt je bij je eigen afweging. Het is geen oordeel over een persoon: bespreek het "
    "met een collega of een expert.",
    "This outcome supports your own judgement. It is not a verdict on a person: talk it over with a "
    "colleague or an expert.",
)


def _count_line(signal_count: int, vulnerability_count: int) -> Text:
    signals_nl = f"{signal_count} {'signaal' if signal_count == 1 else 'signalen'}"
    signals_en = f"{signal_count} signal{'' if signal_count == 1 else 's'}"
    if not vulnerability_count:
        return Text(f"Je zag {signals_nl}.", f"You saw {signals_en}.")
    things_nl = (
        "1 ding dat iemand kwetsbaarder maakt"
        if vulnerability_count == 1
        else f"{vulnerability_count} dingen die iemand kwetsbaarder maken"
    )
    things_en = f"{vulnerability_count} thing{'' if vulnerability_count == 1 else 's'} that make someone more vulnerable"
    if not signal_count:
        return Text(f"Je zag geen signalen, wel {things_nl}.", f"You saw no signals, but {things_en}.")
    return Text(f"Je zag {signals_nl} en {things_nl}.", f"You saw {signals_en} and {things_en}.")


def _strength_line(weighed: list[WeighedSignal]) -> Text | None:
    """Which signals, how strong: the strongest strength of each over the forms, for this person."""
    parts: list[Text] = []
    for strength, label in STRENGTH_GROUPS:
        group = [s.title for s in weighed if s.kind == SIGNAL and s.strongest == strength]
        if group:
            names = _quoted(group)
            parts.append(Text(f"{label.nl}: {names.nl}.", f"{label.en}: {names.en}."))
    factors = [s.title for s in weighed if s.kind == FACTOR]
    if factors:
        names = _quoted(factors)
        parts.append(Text(f"{VULNERABLE_GROUP.nl}: {names.nl}.", f"{VULNERABLE_GROUP.en}: {names.en}."))
    if not parts:
        return None
    return Text(" ".join(p.nl for p in parts), " ".join(p.en for p in parts))


def explanation_for(
    *,
    outcome: Outcome,
    weighed: list[WeighedSignal],
    pictures: list[FormPicture],
    findings: Mapping[str, FormFinding],
    titles: Mapping[str, Text],
    form_titles: Mapping[str, Text],
    signal_count: int,
    vulnerability_count: int,
    minor: bool,
    acute: bool,
) -> list[Text]:
    lines: list[Text] = []
    if acute:
        lines.append(ACUTE_LINE)
    lines.append(_count_line(signal_count, vulnerability_count))
    if (strengths := _strength_line(weighed)) is not None:
        lines.append(strengths)

    # One sentence per finding, naming every form it holds for, instead of one sentence per form.
    by_dims: dict[tuple[str, ...], list[Text]] = {}
    structure_forms: list[Text] = []
    minor_forms: list[Text] = []
    capped_forms: list[Text] = []
    vulnerable_forms: list[Text] = []
    flags: dict[str, Text] = {}
    for picture in pictures:
        title = _lower(form_titles[picture.form])
        finding = findings[picture.form]
        if finding.evidence:
            by_dims.setdefault(finding.evidence, []).append(title)
        if finding.vulnerability_capped:
            capped_forms.append(title)
        elif len(finding.evidence) < len(picture.positive_dimensions):
            # A dimension positive through vulnerability factors alone (rule 7).
            vulnerable_forms.append(title)
        if not picture.structure_visible:
            continue
        if finding.red_flags:
            flags.update((flag, titles[flag]) for flag in finding.red_flags)
        elif minor and not (finding.means_positive or finding.means_seen):
            minor_forms.append(title)
        else:
            structure_forms.append(title)
    for dims, forms in by_dims.items():
        words = join_words([DIMENSION_WORDS[d] for d in dims])
        where = join_words(forms)
        lines.append(
            Text(
                f"Bij {where.nl} is genoeg te zien voor: {words.nl}.",
                f"For {where.en} there is enough for: {words.en}.",
            )
        )
    if structure_forms:
        where = join_words(structure_forms)
        lines.append(
            Text(
                f"Bij {where.nl} zie je zowel uitbuiting als dwang, misleiding of misbruik van een "
                "kwetsbare positie. Die combinatie past bij het patroon van mensenhandel "
                "(artikel 273f Wetboek van Strafrecht).",
                f"For {where.en} you see both exploitation and coercion, deception or abuse of a "
                "vulnerable position. That combination fits the pattern of human trafficking "
                "(article 273f of the Dutch Criminal Code).",
            )
        )
    if minor_forms:
        where = join_words(minor_forms)
        lines.append(
            Text(
                f"Het gaat om iemand jonger dan 18 en je ziet uitbuiting ({where.nl}). Bij kinderen is "
                "geen dwang nodig om van mensenhandel te spreken (artikel 273f Wetboek van Strafrecht).",
                f"This is someone under 18 and you see exploitation ({where.en}). For children no "
                "coercion is needed for it to be human trafficking (article 273f of the Dutch Criminal Code).",
            )
        )
    for title in flags.values():
        lines.append(
            Text(
                f"‘{title.nl}’ laat in één signaal zowel dwang als uitbuiting zien.",
                f"‘{title.en}’ shows both coercion and exploitation in one signal.",
            )
        )
    if vulnerable_forms:
        where = join_words(vulnerable_forms)
        lines.append(
            Text(
                f"Bij {where.nl} maken de dingen die iemand kwetsbaarder maken samen een kwetsbare positie "
                "zichtbaar. Dat is nog geen misbruik daarvan.",
                f"For {where.en} the things that make someone more vulnerable together show a vulnerable "
                "position. That is not yet its abuse.",
            )
        )
    if capped_forms:
        where = join_words(capped_forms)
        lines.append(
            Text(
                f"Bij {where.nl} zie je uitbuiting en is iemand kwetsbaar. Kwetsbaar zijn is nog geen "
                "misbruik daarvan, dus het telt nog niet als dwang. Let op of iemand die kwetsbaarheid "
                "gebruikt.",
                f"For {where.en} you see exploitation and someone is vulnerable. Being vulnerable is not "
                "yet its abuse, so it does not count as coercion yet. Watch whether someone makes use of "
                "that vulnerability.",
            )
        )
    if not signal_count and vulnerability_count:
        lines.append(
            Text(
                "Je vinkte alleen dingen aan die iemand kwetsbaarder maken. Dat is nog geen signaal van "
                "uitbuiting: daarom is de uitkomst nooit hoger dan ‘zorgelijk’. Het is wel een reden om "
                "goed op te letten.",
                "You only ticked things that make someone more vulnerable. That is not yet a signal of "
                "exploitation: so the outcome is never higher than ‘concerning’. It is a reason to pay "
                "close attention.",
            )
        )
    if outcome is Outcome.vermoeden:
        lines.append(
            Text(
                "Daarom is de uitkomst ‘vermoeden’. Je hoeft dit niet alleen af te wegen: overleg vandaag "
                "nog met een expert.",
                "That is why the outcome is ‘suspicion’. You do not have to weigh this alone: consult an "
                "expert today.",
            )
        )
    elif outcome is Outcome.zorgelijk:
        lines.append(
            Text(
                "Er zijn zorgen, maar het beeld is nog niet compleet. De vragen hieronder helpen je verder.",
                "There are concerns, but the picture is not complete yet. The questions below help you on.",
            )
        )
    elif signal_count:
        lines.append(
            Text(
                "Wat je zag, wijst nu niet duidelijk op uitbuiting. Eén signaal zegt weinig: let op "
                "combinaties en op veranderingen.",
                "What you saw does not clearly point to exploitation now. One signal says little: look for "
                "combinations and changes.",
            )
        )
    lines.append(CLOSING_LINE)
    return lines


def warnings_for(*, minor: bool, signal_count: int, vulnerability_count: int, capped: bool) -> list[Text]:
    out = []
    if minor:
        out.append(
            Text(
                "Bij iemand onder 18 is dwang niet nodig om van mensenhandel te spreken. Seksuele uitbuiting "
                "van een kind is kindermishandeling: de meldcode geldt.",
                "For someone under 18 no coercion is needed for it to be human trafficking. Sexual "
                "exploitation of a child is child abuse: the meldcode applies.",
            )
        )
    if vulnerability_count and not signal_count:
        out.append(
            Text(
                "Je vinkte alleen dingen aan die iemand kwetsbaarder maken. Kwetsbaarheid alleen is geen "
                "signaal van uitbuiting.",
                "You only ticked things that make someone more vulnerable. Vulnerability alone is not a "
                "signal of exploitation.",
            )
        )
    elif capped:
        out.append(
            Text(
                "Kwetsbaarheid telt niet als dwang: kijk of iemand die kwetsbaarheid gebruikt.",
                "Vulnerability does not count as coercion: watch whether someone makes use of it.",
            )
        )
    return out
