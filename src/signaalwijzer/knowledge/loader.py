"""Load the knowledge base from its YAML files and check it as a whole.

Bad content fails with every problem listed, each with its file, entry and reason, so that
`signaalwijzer kennis check` can show them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from signaalwijzer.knowledge.schema import (
    Domain,
    Form,
    Indicator,
    Kind,
    Role,
    RoleGuide,
    Route,
    Source,
)

# libyaml's C parser when PyYAML was built with it: several times faster, same safe subset.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).resolve().parent / "data"

# Other tools (note analysis, partner signals, training cases) refer to these ids: they must stay.
REQUIRED_INDICATOR_IDS = (
    "documents_withheld",
    "debt_to_employer_or_recruiter",
    "housing_provided_by_employer",
    "many_people_registered_at_address",
    "no_control_over_own_wages",
    "works_excessive_hours",
    "recruited_with_false_promises",
    "threats_or_violence",
    "threats_against_family",
    "controlled_movement",
    "someone_else_speaks_for_them",
    "older_partner_with_money_and_gifts",
    "forced_to_commit_crimes",
    "bank_account_used_by_others",
    "runaway_or_missing_minor",
    "sexual_services_under_control_of_other",
    "lvb",
    "minor",
)
REQUIRED_VULNERABILITY_IDS = (
    "lvb",
    "minor",
    "debts",
    "addiction",
    "no_legal_residence",
    "housing_depends_on_employer",
    "care_leaver",
    "no_dutch_or_english",
    "isolation",
)
REQUIRED_FORM_IDS = ("seksueel", "arbeid", "crimineel", "overig")
REQUIRED_DOMAIN_IDS = (
    "werk",
    "wonen",
    "geld",
    "documenten",
    "relaties_controle",
    "gezondheid",
    "gedrag_school",
    "online",
)
OUTCOMES = ("geen", "zorgelijk", "vermoeden")


class KnowledgeError(Exception):
    """The knowledge base is not valid; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n" + "\n".join(problems))


# eq=False: hashed by identity, so per-knowledge-base indexes can be cached.
@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    sources: dict[str, Source]
    forms: dict[str, Form]
    domains: dict[str, Domain]
    roles: dict[str, Role]
    indicators: dict[str, Indicator]
    routes: dict[str, Route]
    guides: dict[str, RoleGuide]
    # Which file each entry came from, for messages.
    origins: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def signals(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.kind is Kind.indicator]

    @property
    def vulnerabilities(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.kind is Kind.vulnerability]

    def indicators_in_domain(self, domain: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.domain == domain]


M = TypeVar("M", bound=BaseModel)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SafeLoader)  # noqa: S506  (a safe loader)
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: not valid YAML: {exc}")
    except OSError as exc:
        problems.append(f"{path.name}: cannot be read: {exc}")
    return None


def _describe(error: ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(entry)"
        out.append(f"{where}: {item['msg']}")
    return out


def _entries(path: Path, key: str, model: type[M], problems: list[str], origins: dict[str, str]) -> list[M]:
    """Parse the list under `key` in one file; each bad entry adds one problem line per error."""
    data = _read_yaml(path, problems)
    if data is None:
        return []
    rel = path.relative_to(DATA_DIR.parent) if path.is_relative_to(DATA_DIR.parent) else path
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(f"{rel}: expected a top-level '{key}:' list")
        return []
    parsed: list[M] = []
    for position, raw in enumerate(data[key], start=1):
        # Entries are named by `id`, role guides by `role`.
        named = raw.get("id") or raw.get("role") if isinstance(raw, dict) else None
        label = named if isinstance(named, str) and named else f"entry {position}"
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(f"{rel}: {label}: {line}" for line in _describe(exc))
            continue
        parsed.append(entry)
        origins[f"{key}:{label}"] = str(rel)
    return parsed


def _index(entries: Iterable[Any], what: str, problems: list[str], origins: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in entries:
        key = getattr(entry, "id", None) or entry.role
        if key in out:
            problems.append(f"{origins.get(f'{what}:{key}', what)}: {key}: duplicate id")
            continue
        out[key] = entry
    return out


def knowledge_load(data_dir: Path = DATA_DIR, *, require_shipped_ids: bool = True) -> KnowledgeBase:
    """Read and validate every data file; raise KnowledgeError listing all problems.

    `require_shipped_ids=False` skips only the check that the ids other tools rely on exist, so that
    tests can load a small fixture knowledge base; every other check still runs.
    """
    problems: list[str] = []
    origins: dict[str, str] = {}

    def one(filename: str, key: str, model: type[M]) -> list[M]:
        return _entries(data_dir / filename, key, model, problems, origins)

    sources = _index(one("sources.yaml", "sources", Source), "sources", problems, origins)
    forms = _index(one("forms.yaml", "forms", Form), "forms", problems, origins)
    domains = _index(one("domains.yaml", "domains", Domain), "domains", problems, origins)
    roles = _index(one("roles.yaml", "roles", Role), "roles", problems, origins)
    routes = _index(one("routes.yaml", "routes", Route), "routes", problems, origins)
    indicator_files = sorted((data_dir / "indicators").glob("*.yaml"))
    if not indicator_files:
        problems.append("indicators/: no indicator files found")
    indicators = _index(
        [e for path in indicator_files for e in _entries(path, "indicators", Indicator, problems, origins)],
        "indicators",
        problems,
        origins,
    )
    guides = _index(
        [
            e
            for path in sorted((data_dir / "guides").glob("*.yaml"))
            for e in _entries(path, "guides", RoleGuide, problems, origins)
        ],
        "guides",
        problems,
        origins,
    )
    kb = KnowledgeBase(sources, forms, domains, roles, indicators, routes, guides, origins)
    problems.extend(knowledge_cross_check(kb, require_shipped_ids=require_shipped_ids))
    if problems:
        raise KnowledgeError(problems)
    return kb


def knowledge_cross_check(kb: KnowledgeBase, *, require_shipped_ids: bool = True) -> list[str]:
    """Every reference points to an entry that exists, and the ids other tools rely on are there."""
    problems: list[str] = []

    def where(key: str, entry_id: str) -> str:
        return f"{kb.origins.get(f'{key}:{entry_id}', key)}: {entry_id}"

    def refs(key: str, entry_id: str, field_name: str, ids: Iterable[str], known: dict[str, Any]) -> None:
        for ref in ids:
            if ref not in known:
                problems.append(f"{where(key, entry_id)}: {field_name}: unknown id '{ref}'")

    for form in kb.forms.values():
        refs("forms", form.id, "sources", form.sources, kb.sources)
    for route in kb.routes.values():
        refs("routes", route.id, "sources", route.sources, kb.sources)
    for ind in kb.indicators.values():
        refs("indicators", ind.id, "domain", [ind.domain], kb.domains)
        refs("indicators", ind.id, "forms", ind.forms, kb.forms)
        refs("indicators", ind.id, "forms_minor", ind.forms_minor, kb.forms)
        refs("indicators", ind.id, "roles", ind.roles, kb.roles)
        refs("indicators", ind.id, "sources", ind.sources, kb.sources)
    for guide in kb.guides.values():
        refs("guides", guide.role, "role", [guide.role], kb.roles)
        refs("guides", guide.role, "typical_indicators", guide.typical_indicators, kb.indicators)
        refs("guides", guide.role, "routes", guide.routes, kb.routes)
        refs("guides", guide.role, "sources", guide.sources, kb.sources)
        for n, step in enumerate(guide.next_steps, start=1):
            refs("guides", guide.role, f"next_steps[{n}].routes", step.routes, kb.routes)
        covered = {o for step in guide.next_steps for o in step.outcomes}
        for outcome in OUTCOMES:
            if outcome not in covered:
                problems.append(f"{where('guides', guide.role)}: next_steps: no step for outcome '{outcome}'")

    for role_id in kb.roles:
        if role_id not in kb.guides:
            problems.append(f"guides/: role '{role_id}' has no guide")
    if not require_shipped_ids:
        return problems
    for form_id in REQUIRED_FORM_IDS:
        if form_id not in kb.forms:
            problems.append(f"forms.yaml: required form '{form_id}' is missing")
    for domain_id in REQUIRED_DOMAIN_IDS:
        if domain_id not in kb.domains:
            problems.append(f"domains.yaml: required domain '{domain_id}' is missing")
    for ind_id in REQUIRED_INDICATOR_IDS:
        if ind_id not in kb.indicators:
            problems.append(f"indicators/: required indicator '{ind_id}' is missing")
    for ind_id in REQUIRED_VULNERABILITY_IDS:
        found = kb.indicators.get(ind_id)
        if found is None:
            problems.append(f"indicators/: required vulnerability factor '{ind_id}' is missing")
        elif found.kind is not Kind.vulnerability:
            problems.append(f"{where('indicators', ind_id)}: kind: must be 'vulnerability'")
    return problems


@cache
def knowledge_base() -> KnowledgeBase:
    """The knowledge base shipped with the package, loaded once per process."""
    return knowledge_load()
