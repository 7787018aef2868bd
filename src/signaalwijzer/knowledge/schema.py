"""The shape of the knowledge base, checked when the data files are loaded.

Pure Python (pydantic), no Django. Every entry is bilingual: Dutch (`nl`) first, English (`en`) complete.
Ids are stable English snake_case: other tools and partner systems store them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Dutch and English."""

    nl: NonEmpty
    en: NonEmpty

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.nl


class Strength(StrEnum):
    """ILO–EC 2009 operational indicators: how strongly an indicator points to trafficking."""

    strong = "strong"
    medium = "medium"
    weak = "weak"


class Dimension(StrEnum):
    """The six ILO–EC 2009 dimensions (domain-facts §1.1)."""

    deceptive_recruitment = "deceptive_recruitment"
    coercive_recruitment = "coercive_recruitment"
    vulnerability_recruitment = "vulnerability_recruitment"
    exploitation = "exploitation"
    coercion_destination = "coercion_destination"
    vulnerability_destination = "vulnerability_destination"


class Element(StrEnum):
    """Art. 273f lid 1 Sr: act (handeling), means (middel), purpose of exploitation (oogmerk)."""

    handeling = "handeling"
    middel = "middel"
    oogmerk = "oogmerk"


class AppliesTo(StrEnum):
    adults = "adults"
    minors = "minors"
    both = "both"


class Kind(StrEnum):
    indicator = "indicator"
    # A vulnerability factor raises attention but is no sign of exploitation by itself.
    vulnerability = "vulnerability"


class Confidence(StrEnum):
    """How sure we are of a source's fact (domain-facts.md labels)."""

    high = "high"
    medium = "medium"
    low = "low"


class Source(Strict):
    id: Id
    title: NonEmpty
    url: NonEmpty
    publisher: NonEmpty
    confidence: Confidence
    note: str = ""


class Form(Strict):
    id: Id
    title: Text
    description: Text
    examples: Text
    sources: list[Id] = Field(min_length=1)


class Domain(Strict):
    id: Id
    title: Text
    order: int


class Role(Strict):
    id: Id
    title: Text
    # Who this is, in the words of the people in that role.
    description: Text
    # True when the role's organisation works under the Meldcode huiselijk geweld en kindermishandeling.
    meldcode: bool


class Indicator(Strict):
    id: Id
    kind: Kind = Kind.indicator
    # The checklist label: what someone sees or hears, in everyday words (B1).
    title: Text
    # "What does this look like": a short help text with a concrete example.
    description: Text
    domain: Id
    # Form id -> strength. Vulnerability factors may point to forms too, to say where they matter.
    forms: dict[Id, Strength] = Field(min_length=1)
    # Where the child sets of ILO–EC 2009 rate an indicator differently for minors.
    forms_minor: dict[Id, Strength] = Field(default_factory=dict)
    dimension: Dimension
    elements: list[Element] = Field(min_length=1)
    applies_to: AppliesTo = AppliesTo.both
    roles: list[Id] = Field(min_length=1)
    questions: list[Text] = Field(min_length=1, max_length=3)
    # Violence or threats now: 112 / Veilig Thuis first, whatever the weighing.
    acute: bool = False
    # Decisive on its own: the structure of the offence is visible in this one signal.
    red_flag: bool = False
    # Where our strength deviates from ILO–EC 2009, or ILO has no such indicator: why.
    strength_note: str = ""
    sources: list[Id] = Field(min_length=1)
    # Extra words for the search box and note analysis (Dutch and English), never shown as content.
    keywords: list[str] = Field(default_factory=list)

    def strength_for(self, form: str, *, minor: bool) -> Strength | None:
        if minor and form in self.forms_minor:
            return self.forms_minor[form]
        return self.forms.get(form)


class Contact(Strict):
    phone: str = ""
    email: str = ""
    url: str = ""
    hours: Text | None = None


class Route(Strict):
    id: Id
    name: Text
    # When to use this route, in plain words.
    when: Text
    what_happens: Text
    contact: Contact
    anonymous_possible: bool
    # Acute routes are shown first when there is danger now.
    acute: bool = False
    # The regional zorgcoördinator's contact comes from the deployment's configuration, not from here.
    from_configuration: bool = False
    sources: list[Id] = Field(min_length=1)


Outcome = Annotated[str, StringConstraints(pattern=r"^(geen|zorgelijk|vermoeden)$")]


class Step(Strict):
    """One concrete next step in a role guide, for one or more outcomes of the weighing."""

    text: Text
    outcomes: list[Outcome] = Field(min_length=1)
    # The meldcode step (1-5) this is part of, where the role works under the meldcode.
    meldcode_step: int | None = Field(default=None, ge=1, le=5)
    routes: list[Id] = Field(default_factory=list)
    # Only for minors (True), only for adults (False), or both (None).
    minor: bool | None = None


class GuideSection(Strict):
    id: Id
    title: Text
    body: Text


class RoleGuide(Strict):
    role: Id
    summary: Text
    # Fixed sections: what you may see, what you may and must do, professional secrecy and the right
    # to report, the meldcode, offenders who may be victims, how big your part is.
    sections: list[GuideSection] = Field(min_length=4)
    # Indicators people in this role see most often (shown as "what you may see").
    typical_indicators: list[Id] = Field(min_length=3)
    next_steps: list[Step] = Field(min_length=3)
    routes: list[Id] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)
