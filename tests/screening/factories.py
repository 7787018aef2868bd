"""A small synthetic knowledge base for stating the weighing rules as cases."""

from signaalwijzer.knowledge.loader import KnowledgeBase
from signaalwijzer.knowledge.schema import (
    Contact,
    Domain,
    Form,
    GuideSection,
    Indicator,
    Role,
    RoleGuide,
    Route,
    Source,
    Step,
    Text,
)

T = Text(nl="tekst", en="text")


def indicator(
    id: str,
    *,
    dimension: str,
    forms: dict[str, str],
    elements: list[str],
    kind: str = "indicator",
    forms_minor: dict[str, str] | None = None,
    acute: bool = False,
    red_flag: bool = False,
    applies_to: str = "both",
) -> Indicator:
    return Indicator(
        id=id,
        kind=kind,
        title=Text(nl=f"titel {id}", en=f"title {id}"),
        description=T,
        domain="werk",
        forms=forms,
        forms_minor=forms_minor or {},
        dimension=dimension,
        elements=elements,
        applies_to=applies_to,
        roles=["wijkteam"],
        questions=[Text(nl=f"vraag {id}?", en=f"question {id}?")],
        acute=acute,
        red_flag=red_flag,
        sources=["bron"],
    )


INDICATORS = [
    # Exploitation dimension, labour.
    indicator("hours_strong", dimension="exploitation", forms={"arbeid": "strong"}, elements=["oogmerk"]),
    indicator("hours_strong_2", dimension="exploitation", forms={"arbeid": "strong"}, elements=["oogmerk"]),
    indicator("pay_medium", dimension="exploitation", forms={"arbeid": "medium"}, elements=["oogmerk"]),
    indicator("pay_medium_2", dimension="exploitation", forms={"arbeid": "medium"}, elements=["oogmerk"]),
    indicator("pay_medium_3", dimension="exploitation", forms={"arbeid": "medium"}, elements=["oogmerk"]),
    indicator("conditions_weak", dimension="exploitation", forms={"arbeid": "weak"}, elements=["oogmerk"]),
    indicator("conditions_weak_2", dimension="exploitation", forms={"arbeid": "weak"}, elements=["oogmerk"]),
    indicator("conditions_weak_3", dimension="exploitation", forms={"arbeid": "weak"}, elements=["oogmerk"]),
    # Coercion at destination, labour.
    indicator(
        "passport_strong", dimension="coercion_destination", forms={"arbeid": "strong"}, elements=["middel"]
    ),
    indicator(
        "debt_strong", dimension="coercion_destination", forms={"arbeid": "strong"}, elements=["middel"]
    ),
    indicator(
        "threat_medium",
        dimension="coercion_destination",
        forms={"arbeid": "medium"},
        forms_minor={"arbeid": "strong"},
        elements=["middel"],
    ),
    indicator(
        "surveillance_weak", dimension="coercion_destination", forms={"arbeid": "weak"}, elements=["middel"]
    ),
    # The act.
    indicator(
        "recruited",
        dimension="deceptive_recruitment",
        forms={"arbeid": "medium"},
        elements=["handeling", "middel"],
    ),
    # Sexual exploitation: a red flag and an acute signal.
    indicator(
        "controlled_sex_work",
        dimension="coercion_destination",
        forms={"seksueel": "strong"},
        elements=["middel", "oogmerk"],
        red_flag=True,
    ),
    indicator(
        "violence",
        dimension="coercion_destination",
        forms={"seksueel": "strong"},
        elements=["middel"],
        acute=True,
    ),
    # Vulnerability factors, all in one dimension so three of them make it positive.
    indicator(
        "lvb",
        kind="vulnerability",
        dimension="vulnerability_destination",
        forms={"arbeid": "medium"},
        elements=["middel"],
    ),
    indicator(
        "debts",
        kind="vulnerability",
        dimension="vulnerability_destination",
        forms={"arbeid": "medium"},
        elements=["middel"],
    ),
    indicator(
        "isolation",
        kind="vulnerability",
        dimension="vulnerability_destination",
        forms={"arbeid": "medium"},
        elements=["middel"],
    ),
    indicator(
        "minor",
        kind="vulnerability",
        dimension="vulnerability_recruitment",
        forms={"seksueel": "medium"},
        elements=["middel"],
        applies_to="minors",
    ),
    # A signal whose data wrongly puts a vulnerability factor in the exploitation dimension.
    indicator(
        "mislabelled",
        kind="vulnerability",
        dimension="exploitation",
        forms={"arbeid": "strong"},
        elements=["oogmerk"],
    ),
    indicator(
        "mislabelled_2",
        kind="vulnerability",
        dimension="exploitation",
        forms={"arbeid": "strong"},
        elements=["oogmerk"],
    ),
]


def _route(id: str, *, acute: bool = False, from_configuration: bool = False, phone: str = "") -> Route:
    return Route(
        id=id,
        name=Text(nl=f"route {id}", en=f"route {id}"),
        when=T,
        what_happens=T,
        contact=Contact(phone=phone),
        anonymous_possible=True,
        acute=acute,
        from_configuration=from_configuration,
        sources=["bron"],
    )


def _guide(role: str) -> RoleGuide:
    return RoleGuide(
        role=role,
        summary=T,
        sections=[GuideSection(id=f"s{n}", title=T, body=T) for n in range(4)],
        typical_indicators=["hours_strong", "passport_strong", "recruited"],
        next_steps=[
            Step(text=Text(nl="kijk verder", en="keep looking"), outcomes=["geen"], meldcode_step=1),
            Step(
                text=Text(nl="overleg", en="consult"),
                outcomes=["zorgelijk", "vermoeden"],
                meldcode_step=2,
                routes=["zorgcoordinator"],
            ),
            Step(
                text=Text(nl="meld", en="report"), outcomes=["vermoeden"], meldcode_step=5, routes=["politie"]
            ),
            Step(
                text=Text(nl="bel veilig thuis", en="call veilig thuis"),
                outcomes=["vermoeden"],
                minor=True,
                routes=["veilig_thuis"],
            ),
        ],
        routes=["zorgcoordinator", "politie"],
        sources=["bron"],
    )


def small_kb() -> KnowledgeBase:
    forms = {
        f: Form(id=f, title=Text(nl=f"vorm {f}", en=f"form {f}"), description=T, examples=T, sources=["bron"])
        for f in ("seksueel", "arbeid", "crimineel", "overig")
    }
    roles = {
        "wijkteam": Role(id="wijkteam", title=T, description=T, meldcode=True),
        "wijkagent": Role(id="wijkagent", title=T, description=T, meldcode=False),
    }
    routes = {
        "alarm_112": _route("alarm_112", acute=True, phone="112"),
        "veilig_thuis": _route("veilig_thuis", acute=True, phone="0800-2000"),
        "politie": _route("politie", phone="0900-8844"),
        "zorgcoordinator": _route("zorgcoordinator", from_configuration=True),
    }
    return KnowledgeBase(
        sources={"bron": Source(id="bron", title="t", url="u", publisher="p", confidence="high")},
        forms=forms,
        domains={"werk": Domain(id="werk", title=T, order=1)},
        roles=roles,
        indicators={i.id: i for i in INDICATORS},
        routes=routes,
        guides={r: _guide(r) for r in roles},
    )
