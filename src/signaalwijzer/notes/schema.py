"""The shape of the note-analysis lexicon, checked when its data files are loaded.

Pure Python (pydantic), no Django. The lexicon is data, like the knowledge base: which words in a
professional's note point to which indicator (`indicators_*.yaml`), the words that negate or make a
statement hypothetical (`language.yaml`), and the cues for the person's age (`minor.yaml`).

Pattern syntax (one string; see ADR 0008 and `compile.py`):

    part + part + ...     every part must occur in the same sentence, in any order, within `within`
                          tokens (default 12)
    a part                one or more terms that follow each other; articles and possessives in
                          between are skipped ("bij baas" matches "bij de baas", "bij zijn baas")
    ~part                 this part is not checked for negation (the other parts still are)

    word                  the word with its inflections (plural, diminutive, -e) and its Dutch stem
    =word                 exactly this word, no inflection (short words: "id", "op")
    word*                 every word that starts with it ("paspoort*": paspoortcontrole)
    *word                 compounds that end with it ("*schuld": drugsschuld, huurschulden)
    *word*                every word that contains it
    a|b|c                 one of these terms
    @class                one of the terms of a word class from language.yaml
    #, #>=11, #<18        a number (digits or a Dutch or English number word) with a condition
    %fact                 a fact found in the text by code ("%long_workday": van 6 tot 22 uur)
    _                     any one word
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Confidence = Annotated[float, Field(gt=0, le=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Dutch and English."""

    nl: NonEmpty
    en: NonEmpty

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.nl


class Pattern(Strict):
    p: NonEmpty
    # Overrides the entry's confidence for this pattern.
    confidence: Confidence | None = None
    # Largest distance in tokens between the first and the last word of a match.
    within: int = Field(default=12, ge=1, le=60)


class Entry(Strict):
    """The patterns for one indicator id of the knowledge base."""

    id: Id
    # How sure a match makes us, before hearsay and typo corrections lower it.
    confidence: Confidence = 0.8
    patterns: list[NonEmpty | Pattern] = Field(default_factory=list)
    # Counter-evidence: a match of one of these in the same sentence cancels a match ("paspoort
    # heeft ze zelf").
    unless: list[NonEmpty] = Field(default_factory=list)
    # The knowledge base's `keywords` of the indicator are used as phrases too, at this confidence,
    # except those listed in `skip_keywords` (too general to stand alone in a note).
    keywords: bool = True
    keyword_confidence: Confidence = 0.6
    skip_keywords: list[str] = Field(default_factory=list)
    # Not suggested when one of these indicators is suggested for the same note: the more specific
    # reading explains the words ("cannot show own ID" when the boss is known to hold the passport).
    not_with: list[Id] = Field(default_factory=list)
    # A match is dropped when its words overlap the evidence of one of these indicators ("schuld" in
    # "schuld bij de baas" is a debt to the employer, not ordinary debts).
    yields_to: list[Id] = Field(default_factory=list)
    note: str = ""


class FormCue(Strict):
    """Words that say which form of exploitation a note is about (prostitution, a cannabis farm)."""

    form: Id
    p: NonEmpty
    weight: float = Field(default=1.0, gt=0, le=5)


class Forms(Strict):
    cues: list[FormCue]


class Cue(Strict):
    """A word or phrase that negates, or makes hypothetical, what follows it (or precedes it)."""

    cue: NonEmpty
    # forward: the words after the cue; backward: the words just before it (Dutch "schulden heeft
    # hij niet"); conditional: only when it opens a clause, and up to the next comma.
    direction: Annotated[str, StringConstraints(pattern=r"^(forward|backward|conditional)$")] = "forward"
    # How far: to the end of the clause or of the sentence, and at most `max` words.
    scope: Annotated[str, StringConstraints(pattern=r"^(clause|sentence)$")] = "clause"
    max: int = Field(default=8, ge=1, le=40)


class Language(Strict):
    """Words about words: fillers, abbreviations, negation, hypotheticals, hearsay, word classes."""

    # Skipped inside a phrase: articles, possessives, demonstratives.
    fillers: list[NonEmpty]
    # Folded abbreviation (dots removed) -> the words it stands for.
    abbreviations: dict[NonEmpty, NonEmpty]
    # Words that end a clause for negation scope (besides , ; : and brackets).
    clause_words: list[NonEmpty]
    negation: list[Cue]
    # Contain a negation word but negate nothing ("niet alleen", "weet niet hoeveel").
    pseudo_negation: list[NonEmpty]
    hypothetical: list[Cue]
    # Reported, not seen: lowers the confidence but does not cancel ("zou", "volgens de buurman").
    hearsay: list[NonEmpty]
    hearsay_factor: Confidence = 0.85
    number_words: dict[NonEmpty, int]
    classes: dict[Id, list[NonEmpty]]
    # The writer's own conclusion that nothing points to exploitation ("geen aanwijzingen", "no concerns").
    # An analysis of such a note never proposes a suspicion (vermoeden): at most zorgelijk (ADR 0008).
    all_clear: list[NonEmpty] = Field(default_factory=list)
    # Known, correctly spelled words that look like a lexicon word but are another word: never
    # corrected as a typo ("geslaagd" is not "geslagen").
    not_typos: list[NonEmpty] = Field(default_factory=list)


class MinorCue(Strict):
    p: NonEmpty  # a pattern in the same syntax as the indicator patterns
    # Positive: points to a minor; negative: points to an adult. 2 = clear, 1 = a hint.
    weight: int = Field(ge=-3, le=3)
    reason: Text


class Minor(Strict):
    """Cues for "is this person probably younger than 18"; ages themselves are read by code."""

    cues: list[MinorCue]
    # Words right before an age that make it someone else's age ("haar dochter (4)", "vriend van 24").
    relations: list[NonEmpty]
    # Words right before or after a number that make it no age ("al 3 jaar", "3 jaar geleden").
    not_age_before: list[NonEmpty]
    not_age_after: list[NonEmpty]
    # Nouns for the person a note is about: an age right after them is the person's age.
    subjects: list[NonEmpty]
    # A young child's age after one of these means the person is a parent ("haar dochter (4)").
    own_children: list[NonEmpty]
    # Words right after a number that make it an age ("15 jaar", "15-jarige", "16 years old").
    age_words: list[NonEmpty]
    # "ca. 30", "approx. 30": still an age.
    approximations: list[NonEmpty]
    # A subject word after one of these is someone else ("haar man (45)").
    possessives: list[NonEmpty]
    # "{age}" is replaced by the age found.
    age_reason: Text
    parent_reason: Text
    # A sum of cue weights at least this far from zero decides; closer to zero is "unknown".
    decide_at: int = Field(default=2, ge=1)
