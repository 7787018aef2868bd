"""What a weighing returns. The web page, the API and the CLI all render this one structure.

Pure Python: no Django import. `ScreeningResult.as_dict()` is the JSON shape of the CLI (`--json`)
and of `POST /api/v1/screenings`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import IntEnum


class Outcome(IntEnum):
    """Ordered, so that "adding a signal never lowers the outcome" can be stated as >=."""

    geen = 0
    zorgelijk = 1
    vermoeden = 2


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.nl


@dataclass(frozen=True)
class WeighedSignal:
    """One observed indicator, with how strongly it counts and for which forms."""

    id: str
    title: Text
    kind: str  # "indicator" | "vulnerability"
    strongest: str  # "strong" | "medium" | "weak": the highest strength over all forms
    forms: dict[str, str]  # form id -> strength used for this person (minor overrides applied)
    dimension: str
    elements: list[str]
    acute: bool
    red_flag: bool


@dataclass(frozen=True)
class FormPicture:
    """The picture for one form of exploitation."""

    form: str
    title: Text
    positive_dimensions: list[str]
    elements: list[str]  # 273f elements evidenced for this form: handeling / middel / oogmerk
    positive: bool  # at least one dimension positive, or a red flag for this form
    structure_visible: bool  # exploitation plus means (or exploitation of a minor), or a red flag


@dataclass(frozen=True)
class NextQuestion:
    indicator: str  # the indicator the answer would confirm or rule out
    text: Text
    why: Text


@dataclass(frozen=True)
class NextStep:
    text: Text
    meldcode_step: int | None
    routes: list[RouteRef]


@dataclass(frozen=True)
class RouteRef:
    id: str
    name: Text
    phone: str
    email: str
    url: str
    when: Text
    acute: bool


@dataclass(frozen=True)
class ScreeningResult:
    outcome: Outcome
    role: str
    minor: bool
    acute: bool
    signals: list[WeighedSignal]  # ordered by weight, strongest first
    forms: list[FormPicture]  # every form touched by a signal, positive ones first
    elements: list[str]  # 273f elements present over all forms
    explanation: list[Text]  # why: which signals, how strong, which combination decided it
    next_questions: list[NextQuestion]
    next_steps: list[NextStep]  # acute routes first when acute
    meldcode_step: (
        int | None
    )  # the meldcode step this professional is in (None if the meldcode does not apply)
    warnings: list[Text] = field(default_factory=list)

    @property
    def positive_forms(self) -> list[str]:
        return [f.form for f in self.forms if f.positive]

    def as_dict(self, language: str = "nl") -> dict:
        """JSON for the CLI and the API. Texts are given in the requested language."""

        def text(t: Text) -> str:
            return t.get(language)

        def route(r: RouteRef) -> dict:
            return {
                "id": r.id,
                "name": text(r.name),
                "phone": r.phone,
                "email": r.email,
                "url": r.url,
                "when": text(r.when),
                "acute": r.acute,
            }

        return {
            "outcome": self.outcome.name,
            "role": self.role,
            "minor": self.minor,
            "acute": self.acute,
            "forms": self.positive_forms,
            "elements": self.elements,
            "form_pictures": [
                {**{k: v for k, v in asdict(f).items() if k != "title"}, "title": text(f.title)}
                for f in self.forms
            ],
            "signals": [
                {**{k: v for k, v in asdict(s).items() if k != "title"}, "title": text(s.title)}
                for s in self.signals
            ],
            "explanation": [text(t) for t in self.explanation],
            "next_questions": [
                {"indicator": q.indicator, "question": text(q.text), "why": text(q.why)}
                for q in self.next_questions
            ],
            "next_steps": [
                {
                    "text": text(s.text),
                    "meldcode_step": s.meldcode_step,
                    "routes": [route(r) for r in s.routes],
                }
                for s in self.next_steps
            ],
            "meldcode_step": self.meldcode_step,
            "warnings": [text(t) for t in self.warnings],
        }
