"""The interchange format of partner signals (DESIGN.md, docs/signals-format.md): checking one line.

`signal_checked(data, ...)` is the one check every way in uses (web, API, import): the JSON Schema in
`data/signals.schema.json` (the same file as docs/signals.schema.json) for the shape, then what a schema
cannot say: known indicator and form ids (knowledge base), a known source, possible dates, and the
identifiers themselves (`linkage.normalise_signal`: BSN elfproef, IBAN check digits, phone numbers,
postcodes). Every problem names its field path (`person.bsn`, `indicators[2]`, zero-based like the API)
and says why in plain Dutch; English comes from the hub's catalogue where a page or the API shows it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

# The core as a module, its names looked up when called: the site's URLs import this module.
from signaalwijzer import linkage
from signaalwijzer.hub.errors import Problem
from signaalwijzer.knowledge import KnowledgeBase, knowledge_base

SCHEMA_FILE = "signals.schema.json"
MINOR_ID = "minor"  # the vulnerability factor "younger than 18" (screening/engine.py)
ADULT_AGE = 18
# A signal dated more than this far ahead is a typo (time zones and clocks may differ by a day).
FUTURE_SLACK = dt.timedelta(days=1)


@cache
def signal_schema() -> dict[str, Any]:
    return json.loads(resources.files("signaalwijzer.hub").joinpath("data", SCHEMA_FILE).read_text("utf-8"))


@cache
def _validator() -> Draft202012Validator:
    schema = signal_schema()
    Draft202012Validator.check_schema(schema)
    # Local $refs inlined: resolving a reference per field costs more than the rest of the check.
    return Draft202012Validator(_refs_inlined(schema, schema.get("$defs", {})))


def _refs_inlined(node: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(node, list):
        return [_refs_inlined(item, defs) for item in node]
    if not isinstance(node, Mapping):
        return node
    out = {key: _refs_inlined(value, defs) for key, value in node.items() if key != "$defs"}
    ref = out.pop("$ref", None)
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        out = {**_refs_inlined(defs[ref.removeprefix("#/$defs/")], defs), **out}
    elif ref is not None:
        out["$ref"] = ref
    return out


@dataclass(frozen=True)
class CheckedSignal:
    """One valid line, ready to store: what the hub keeps of it, and its normalised identifiers."""

    external_id: str
    source: str
    observed_on: dt.date | None
    forms: list[str]
    indicators: list[str]
    note: str
    minor: bool
    normalised: linkage.NormalisedSignal
    content_hash: str


def content_hash_of(data: Mapping[str, Any]) -> str:
    """SHA-256 of the line in canonical form: key order and spacing do not count, values do."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def signal_checked(
    data: Any,
    *,
    source_known: Callable[[str], bool] | None = None,
    kb: KnowledgeBase | None = None,
    today: dt.date | None = None,
) -> tuple[CheckedSignal | None, list[Problem]]:
    """(the checked signal, []) or (None, every problem found). Never raises for bad input.

    `source_known(slug)` says whether the source exists (None: not checked here, e.g. the web, where the
    hub picks the source itself).
    """
    if not isinstance(data, Mapping):
        return None, [("", _("een regel moet één JSON-object zijn: {…}"))]
    problems = schema_problems(data)
    if problems:
        # Semantic checks on a wrongly shaped line would only add confusing follow-up errors.
        return None, problems
    kb = kb or knowledge_base()
    today = today or timezone.localdate()
    if source_known is not None and not source_known(data["source"]):
        problems.append(
            ("source", _("bron '%(source)s' is niet bekend bij de signalenhub") % {"source": data["source"]})
        )
    indicators = _ids_checked(problems, "indicators", data.get("indicators"), kb.indicators, _("signaal"))
    forms = _ids_checked(problems, "forms", data.get("forms"), kb.forms, _("vorm"))
    normalised = None
    try:
        # Dates, BSN, IBAN, phones, postcodes, house numbers, KvK, e-mail and plates: read and checked once,
        # by the core; it stops at the first identifier that cannot be right.
        normalised = linkage.normalise_signal(data)
    except linkage.InvalidIdentifier as error:
        problems.append((dotted_to_path(error.field), _(error.reason)))
    observed_on = _iso_date(normalised.observed_on) if normalised is not None else None
    if observed_on is not None and observed_on > today + FUTURE_SLACK:
        problems.append(("observed_on", _("deze datum ligt in de toekomst")))
    if problems or normalised is None:
        return None, problems
    birth = _iso_date(normalised.birth_date)
    minor = MINOR_ID in indicators or (birth is not None and _age_on(birth, observed_on or today) < ADULT_AGE)
    return (
        CheckedSignal(
            external_id=data["id"],
            source=data["source"],
            observed_on=observed_on,
            forms=forms,
            indicators=indicators,
            note=(data.get("note") or "").strip(),
            minor=minor,
            normalised=normalised,
            content_hash=content_hash_of(data),
        ),
        [],
    )


# --- the shape ---------------------------------------------------------------------------------------------


def schema_problems(data: Mapping[str, Any]) -> list[Problem]:
    if _shape_ok(data, _inlined_schema()):
        # The usual case, checked fast; jsonschema (below) only runs to word what is wrong.
        return []
    found: list[Problem] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        found.extend(_schema_messages(error))
    # One message per field is enough (a value can break several rules at once).
    seen: set[str] = set()
    unique = []
    for field, reason in found:
        if field not in seen:
            seen.add(field)
            unique.append((field, reason))
    return unique


@cache
def _inlined_schema() -> dict[str, Any]:
    return _validator().schema


JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
SHAPE_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "maxLength",
        "minLength",
        "maxItems",
        "minimum",
        "pattern",
        "description",
        "title",
        "$schema",
        "$id",
    }
)


def _shape_ok(value: Any, schema: Mapping[str, Any]) -> bool:
    """True only when `value` satisfies `schema`, for the keywords the signal schema uses (SHAPE_KEYWORDS;
    tests/hub/test_ingest* check it against jsonschema). A keyword it does not know makes it answer False,
    so jsonschema decides."""
    if not SHAPE_KEYWORDS.issuperset(schema):
        return False
    types = schema.get("type")
    if types is not None:
        names = (types,) if isinstance(types, str) else types
        if not any(JSON_TYPES[name](value) for name in names):
            return False
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return False
        if "minLength" in schema and len(value) < schema["minLength"]:
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            return False
    elif isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return False
        items = schema.get("items")
        if items is not None and not all(_shape_ok(item, items) for item in value):
            return False
    elif isinstance(value, dict):
        properties = schema.get("properties", {})
        if any(name not in value for name in schema.get("required", ())):
            return False
        for name, item in value.items():
            sub = properties.get(name)
            if sub is None:
                if schema.get("additionalProperties", True) is not True:
                    return False
            elif not _shape_ok(item, sub):
                return False
    return True


def field_path(parts) -> str:
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


TYPE_WORDS = {
    "string": "tekst",
    "integer": "een heel getal",
    "number": "een getal",
    "array": "een lijst [...]",
    "object": "een object {...}",
    "boolean": "true of false",
    "null": "null",
}


def _type_words(types) -> str:
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    return _(" of ").join(_(TYPE_WORDS[t]) for t in types)


def _schema_messages(error) -> list[Problem]:
    path = field_path(error.absolute_path)
    keyword = error.validator
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [
            (field_path([*error.absolute_path, name]), _("ontbreekt; dit veld is verplicht"))
            for name in missing
        ]
    if keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for name in error.instance:
            if name in allowed:
                continue
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            reason = _("onbekend veld")
            if close:
                reason += "; " + _("bedoel je '%(name)s'?") % {"name": close[0]}
            else:
                reason += "; " + _("toegestaan: %(names)s") % {"names": ", ".join(allowed)}
            out.append((field_path([*error.absolute_path, name]), reason))
        return out
    if keyword == "type":
        return [(path, _("moet %(type)s zijn") % {"type": _type_words(error.validator_value)})]
    if keyword == "maxLength":
        return [(path, _("is te lang: hoogstens %(n)s tekens") % {"n": error.validator_value})]
    if keyword == "minLength":
        return [(path, _("mag niet leeg zijn"))]
    if keyword == "maxItems":
        return [(path, _("te veel: hoogstens %(n)s") % {"n": error.validator_value})]
    if keyword == "minimum":
        return [(path, _("mag niet negatief zijn"))]
    if keyword == "pattern" and path == "source":
        return [(path, _("alleen letters, cijfers, - en _, hoogstens 64 tekens"))]
    return [(path or "", _("past niet in het formaat (%(rule)s)") % {"rule": keyword})]


# --- what the schema cannot say ----------------------------------------------------------------------------


def _ids_checked(problems: list[Problem], field: str, values, known: Mapping, what: str) -> list[str]:
    out: list[str] = []
    for position, value in enumerate(values or ()):
        value = value.strip()
        if value not in known:
            reason = _("onbekend %(what)s '%(id)s'") % {"what": what, "id": value}
            close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
            if close:
                reason += "; " + _("bedoel je '%(name)s'?") % {"name": close[0]}
            problems.append((f"{field}[{position}]", reason))
        elif value not in out:
            out.append(value)
    return out


def _iso_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def dotted_to_path(field: str) -> str:
    """The core's "contacts.0.phone" as the API and the import write it: "contacts[0].phone"."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", field)


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
