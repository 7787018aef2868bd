"""The words of a weighing: why this outcome, in plain Dutch (B1) with English.

Pure Python: no Django import. Called by the engine; states no rules of its own.
"""

from __future__ import annotations

from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.knowledge.schema import Dimension, Element, Indicator, Kind, Strength
from signaalwijzer.screening import rules
from signaalwijzer.screening.result import FormPicture, Outcome, Text, WeighedSignal
from signaalwijzer.screening.texts import as_text


def join_words(words: list[Text]) -> Text:
    def glue(items: list[str], last: str) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]

    return Text(glue([w.nl for w in words], "en"), glue([w.en for w in words], "and"))


def explanation_for(
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
        forms = join_words([as_text(kb.forms[f].title) for f, s in top.forms.items() if s == top.strongest])
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
        words = join_words([rules.DIMENSION_WORDS[Dimension(d)] for d in dims])
        where = join_words(forms)
        lines.append(
            Text(
                f"Bij {where.nl.lower()} zijn de signalen samen genoeg voor: {words.nl}.",
                f"For {where.en.lower()} the signals together are enough for: {words.en}.",
            )
        )
    if structure_forms:
        where = join_words(structure_forms)
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
        where = join_words(minor_forms)
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


def warnings_for(minor: bool, signals: list[Indicator], vulnerabilities: list[Indicator]) -> list[Text]:
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
