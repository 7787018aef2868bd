"""Reads for the public pages: the knowledge base arranged the way the pages show it.

The words for the knowledge base's vocabularies (strengths, dimensions, 273f elements, outcomes) live here,
so every page names them the same way. Content itself comes from the data files, in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from signaalwijzer.knowledge import KnowledgeBase, knowledge_base
from signaalwijzer.knowledge.query import indicators_filter
from signaalwijzer.knowledge.schema import AppliesTo, Indicator, Kind, Role, Route

# The answers to "Gaat het om iemand jonger dan 18?"; "onbekend" weighs as an adult, with a hint.
MINOR_YES = "ja"
MINOR_NO = "nee"
MINOR_UNKNOWN = "onbekend"
MINOR_CHOICES = [(MINOR_YES, _("Ja")), (MINOR_NO, _("Nee")), (MINOR_UNKNOWN, _("Weet ik niet"))]

STRENGTH_WORDS = {"strong": _("sterk"), "medium": _("middelsterk"), "weak": _("zwak")}
STRENGTH_RANK = {"strong": 0, "medium": 1, "weak": 2}

# ILO–EC 2009 dimensions, said the way a professional would say them.
DIMENSION_WORDS = {
    "deceptive_recruitment": _("Misleiding bij het werven"),
    "coercive_recruitment": _("Dwang bij het werven"),
    "vulnerability_recruitment": _("Misbruik van een kwetsbare positie bij het werven"),
    "exploitation": _("Uitbuitende omstandigheden"),
    "coercion_destination": _("Dwang op de plek van werk of verblijf"),
    "vulnerability_destination": _("Misbruik van een kwetsbare positie op de plek van werk of verblijf"),
}

# Art. 273f lid 1 Sr: handeling, middel, oogmerk.
ELEMENT_WORDS = {
    "handeling": _("werven of huisvesten"),
    "middel": _("dwang of misleiding"),
    "oogmerk": _("uitbuiting"),
}
ELEMENT_HELP = {
    "handeling": _("Iemand werft, vervoert, huisvest of ontvangt de persoon."),
    "middel": _("Er is dwang, geweld, dreiging, misleiding, een schuld, of misbruik van een zwakke positie."),
    "oogmerk": _("Een ander verdient aan het werk, de seks of de strafbare dingen die de persoon moet doen."),
}
ELEMENT_ORDER = ("handeling", "middel", "oogmerk")

OUTCOME_WORDS = {
    "geen": _("Nu geen duidelijke aanwijzing"),
    "zorgelijk": _("Er zijn zorgen"),
    "vermoeden": _("Er is een vermoeden van uitbuiting"),
}
OUTCOME_LEAD = {
    "geen": _(
        "Wat je aanvinkte, wijst nu niet duidelijk op uitbuiting. Blijf opletten, en praat erover als je twijfelt."
    ),
    "zorgelijk": _(
        "Een deel van het beeld is er, maar nog niet alles. Bespreek het met een collega of vraag advies."
    ),
    "vermoeden": _("Wat je zag, past bij uitbuiting. Blijf er niet alleen mee: vraag advies of meld het."),
}

KIND_WORDS = {"indicator": _("Signaal"), "vulnerability": _("Kwetsbaarheid")}
APPLIES_WORDS = {
    "adults": _("Vooral bij volwassenen"),
    "minors": _("Vooral bij kinderen en jongeren tot 18"),
    "both": _("Bij volwassenen en bij kinderen"),
}
CONFIDENCE_WORDS = {"high": _("hoog"), "medium": _("middel"), "low": _("laag")}

# The five steps of the Meldcode huiselijk geweld en kindermishandeling (2019).
MELDCODE_STEPS = [
    _("Breng signalen in kaart."),
    _("Overleg met een collega. Vraag zo nodig advies aan Veilig Thuis of een deskundige."),
    _("Praat met de persoon om wie het gaat."),
    _("Weeg het geweld, de uitbuiting of de kindermishandeling."),
    _("Beslis: is melden nodig, en kun je zelf hulp bieden of organiseren?"),
]


def kb() -> KnowledgeBase:
    return knowledge_base()


def minor_flag(answer: str) -> bool:
    """Only a clear "ja" weighs as a minor; "weet ik niet" weighs as an adult and shows a hint."""
    return answer == MINOR_YES


def roles_list(base: KnowledgeBase) -> list[Role]:
    return list(base.roles.values())


def role_choices(base: KnowledgeBase, language: str) -> list[tuple[str, str]]:
    return [(role.id, role.title.get(language)) for role in base.roles.values()]


def _applies(indicator: Indicator, minor: str) -> bool:
    if indicator.applies_to is AppliesTo.both or minor not in (MINOR_YES, MINOR_NO):
        return True
    return (indicator.applies_to is AppliesTo.minors) == (minor == MINOR_YES)


@dataclass
class ChecklistGroup:
    id: str
    title: object  # a knowledge Text, or a lazy translation for the vulnerability group
    items: list[Indicator] = field(default_factory=list)
    vulnerability: bool = False


def checklist_groups(base: KnowledgeBase, *, minor: str) -> list[ChecklistGroup]:
    """Signals grouped by life domain (in the domains' order), vulnerability factors last.

    Everything is shown; within a group what applies to this person (child or adult) comes first.
    """
    position = {ind_id: n for n, ind_id in enumerate(base.indicators)}
    groups = [ChecklistGroup(d.id, d.title) for d in sorted(base.domains.values(), key=lambda d: d.order)]
    by_id = {g.id: g for g in groups}
    vulnerable = ChecklistGroup("kwetsbaarheid", _("Wat maakt iemand kwetsbaarder?"), vulnerability=True)
    for indicator in base.indicators.values():
        if indicator.kind is Kind.vulnerability:
            vulnerable.items.append(indicator)
        elif indicator.domain in by_id:
            by_id[indicator.domain].items.append(indicator)
    out = [g for g in groups if g.items] + ([vulnerable] if vulnerable.items else [])
    for group in out:
        group.items.sort(key=lambda ind: (not _applies(ind, minor), position[ind.id]))
    return out


def indicator_forms(base: KnowledgeBase, indicator: Indicator) -> list[dict]:
    """Per form: its title, the strength, and the strength for minors where that differs."""
    rows = []
    for form_id, strength in indicator.forms.items():
        form = base.forms.get(form_id)
        minor = indicator.forms_minor.get(form_id)
        rows.append(
            {
                "form": form,
                "strength": strength.value,
                "minor_strength": minor.value if minor and minor != strength else "",
                "stronger_for_minors": bool(minor) and STRENGTH_RANK[minor] < STRENGTH_RANK[strength],
            }
        )
    # Forms a child set rates where the adult set does not.
    for form_id, minor in indicator.forms_minor.items():
        if form_id not in indicator.forms:
            rows.append(
                {
                    "form": base.forms.get(form_id),
                    "strength": "",
                    "minor_strength": minor.value,
                    "stronger_for_minors": True,
                }
            )
    return sorted(rows, key=lambda r: STRENGTH_RANK.get(r["strength"] or r["minor_strength"], 3))


def library_search(
    base: KnowledgeBase, *, q: str, form: str, role: str, domain: str, kind: str
) -> list[Indicator]:
    return indicators_filter(base, q=q, form=form, role=role, domain=domain, kind=kind)


def routes_ordered(base: KnowledgeBase) -> list[Route]:
    """Acute routes first, otherwise in the order of the data file."""
    return sorted(base.routes.values(), key=lambda r: not r.acute)


def _tel(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def route_facts(base: KnowledgeBase, route_id: str, *, language: str, deployment: dict) -> dict | None:
    """One route's contact facts as plain strings; the zorgcoördinator's come from the deployment."""
    route = base.routes.get(route_id)
    if route is None:
        return None
    facts = {
        "id": route.id,
        "name": route.name.get(language),
        "when": route.when.get(language),
        "acute": route.acute,
        "phone": route.contact.phone,
        "email": route.contact.email,
        "url": route.contact.url,
        "hours": route.contact.hours.get(language) if route.contact.hours else "",
        "person": "",
        "ask_municipality": False,
    }
    if route.from_configuration:
        facts["phone"] = deployment.get("COORDINATOR_PHONE", "")
        facts["email"] = deployment.get("COORDINATOR_EMAIL", "")
        facts["url"] = ""
        person = [deployment.get("COORDINATOR_NAME", ""), deployment.get("COORDINATOR_ORGANISATION", "")]
        facts["person"] = ", ".join(p for p in person if p)
        facts["ask_municipality"] = not (facts["phone"] or facts["email"])
    facts["tel"] = _tel(facts["phone"]) if facts["phone"] else ""
    return facts


def result_view(base: KnowledgeBase, result, *, language: str, deployment: dict) -> dict:
    """The weighing as the result page shows it, with every text already in the page's language.

    The result page is the busiest page; preparing plain strings here keeps its template small and fast.
    """
    signals = []
    for s in result.signals:
        forms = sorted(
            ((f, strength) for f, strength in s.forms.items() if f in base.forms),
            key=lambda pair: STRENGTH_RANK.get(pair[1], 3),
        )
        vulnerable = s.kind == Kind.vulnerability.value
        signals.append(
            {
                "id": s.id,
                "title": s.title.get(language),
                "strength": s.strongest,
                "label": str(KIND_WORDS["vulnerability"]).lower()
                if vulnerable
                else str(STRENGTH_WORDS[s.strongest]),
                "forms": "; ".join(
                    f"{base.forms[f].title.get(language)} ({STRENGTH_WORDS.get(strength, strength)})"
                    for f, strength in forms
                ),
            }
        )
    elements = {e: (str(ELEMENT_WORDS[e]), str(ELEMENT_HELP[e])) for e in ELEMENT_ORDER}
    positive = [
        {
            "title": f.title.get(language),
            "elements": [
                {
                    "word": elements[e][0][:1].upper() + elements[e][0][1:],
                    "help": elements[e][1],
                    "seen": e in f.elements,
                }
                for e in ELEMENT_ORDER
            ],
        }
        for f in result.forms
        if f.positive
    ]
    steps = []
    route_ids: list[str] = []
    for step in result.next_steps:
        steps.append(
            {
                "text": step.text.get(language),
                "meldcode_step": step.meldcode_step,
                "routes": [(ref.id, ref.name.get(language)) for ref in step.routes],
            }
        )
        route_ids.extend(ref.id for ref in step.routes if ref.id not in route_ids)
    routes = [
        r for r in (route_facts(base, i, language=language, deployment=deployment) for i in route_ids) if r
    ]
    meldcode = None
    if result.meldcode_step is not None:
        meldcode = {
            "current": result.meldcode_step,
            "current_text": MELDCODE_STEPS[result.meldcode_step - 1],
            "steps": [(n, text, n == result.meldcode_step) for n, text in enumerate(MELDCODE_STEPS, 1)],
        }
    acute_routes = [
        r
        for r in (route_facts(base, i, language=language, deployment=deployment) for i in ACUTE_ROUTES)
        if r and r["phone"]
    ]
    return {
        "outcome": result.outcome.name,
        "explanation": [t.get(language) for t in result.explanation],
        "warnings": [t.get(language) for t in result.warnings],
        "questions": [(q.text.get(language), q.why.get(language)) for q in result.next_questions],
        "signals": signals,
        "positive_forms": positive,
        "steps": steps,
        "routes": routes,
        "meldcode": meldcode,
        "acute_routes": acute_routes if result.acute else [],
    }


# Shown first when a signal means danger now (the engine's acute flag).
ACUTE_ROUTES = ("alarm_112", "veilig_thuis", "politie")


# --- Note analysis on the checklist page ---------------------------------------------------------------------


@dataclass
class NoteSegment:
    """A piece of the pasted note; `mark` when a suggestion is based on these words."""

    text: str
    mark: bool


@dataclass
class NoteSuggestion:
    id: str
    title: object  # a knowledge Text
    quotes: list[str]


def note_segments(text: str, spans: list[tuple[int, int]]) -> list[NoteSegment]:
    """The note cut into plain and marked pieces, in order; overlapping evidence is merged."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        if start > position:
            out.append(NoteSegment(text[position:start], False))
        out.append(NoteSegment(text[start:end], True))
        position = end
    if position < len(text):
        out.append(NoteSegment(text[position:], False))
    return out


def note_suggestions(base: KnowledgeBase, reading) -> list[NoteSuggestion]:
    """What the analysis suggests, with the quoted words, in the order of the text."""
    return [
        NoteSuggestion(s.id, base.indicators[s.id].title, list(dict.fromkeys(s.quotes(reading.text))))
        for s in reading.suggestions
        if s.id in base.indicators
    ]
