"""What the cluster page explains: the readable identifiers, the picture of connections, and the links.

- `connections_picture`: signals on the left, the identifiers two or more of them share on the right
  (address, employer, phone, bank account, vehicle, e-mail), drawn as server-side SVG with the same facts
  as a table. Built from the readable identifiers, decrypted on the server; labels show values only when
  the coordinator revealed them (audited, actions.cluster_identifiers_viewed), else "Adres 1".
- `cluster_links`: every linked pair with linkage.compare's evidence in words. Compares keyed hashes only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from signaalwijzer.hub.linking import token_counts
from signaalwijzer.hub.models import Cluster, Level, LinkDecision, Signal
from signaalwijzer.linkage import SignalKeys, common_tokens, compare

# The cluster page compares every pair of its signals to explain the links; above this many signals it
# shows the links between the first ones only (a network this big is read through its person clusters).
PAIRS_SIGNALS_MAX = 60


def signal_identifiers(signal: Signal) -> dict[str, Any]:
    """The readable, normalised identifiers of one signal (linkage.NormalisedSignal.to_dict()): decrypts."""
    raw = signal.identifiers
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# Network identifiers a picture shows, in this order; the key of each is the normalised value.
NODE_KINDS = ("address", "employer", "phone", "iban", "vehicle", "email")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value if _text(v))
    return str(value).strip()


def _get(data: Any, *names: str) -> Any:
    """The first present value among `names` in a dict (dotted names reach into nested dicts)."""
    if not isinstance(data, dict):
        return None
    for name in names:
        current: Any = data
        for part in name.split("."):
            current = current.get(part) if isinstance(current, dict) else None
            if current is None:
                break
        if current not in (None, "", [], {}):
            return current
    return None


def person_label(data: dict[str, Any]) -> str:
    """A readable name with birth date, from normalised identifiers (any of the shapes linkage gives)."""
    person = _get(data, "person") or data
    name = _get(person, "display_name", "name")
    if not name:
        given = _text(_get(person, "given_names", "given", "first_names"))
        prefix = _text(_get(person, "surname_prefix", "prefix", "tussenvoegsel"))
        surname = _text(_get(person, "surname", "family_name", "last_name"))
        name = " ".join(part for part in (given, prefix, surname) if part)
    born = _text(_get(person, "birth_date", "dob"))
    name = _text(name)
    return f"{name} ({born})" if name and born else name or born


def _address_value(data: dict[str, Any]) -> tuple[str, str] | None:
    address = _get(data, "address")
    if not isinstance(address, dict):
        return None
    postcode = _text(_get(address, "postcode"))
    number = _text(_get(address, "house_number", "number"))
    suffix = _text(_get(address, "house_number_suffix", "suffix"))
    if not (postcode and number):
        return None
    key = f"{postcode} {number}{suffix}".strip()
    city = _text(_get(address, "city"))
    street = _text(_get(address, "street"))
    label = " ".join(p for p in (street, f"{number}{suffix}" if street else "") if p)
    label = ", ".join(p for p in (label, f"{postcode[:4]} {postcode[4:]}".strip(), city) if p)
    if not street:
        label = ", ".join(p for p in (f"{postcode[:4]} {postcode[4:]} nr {number}{suffix}", city) if p)
    return key, label


def identifier_nodes(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, key, readable label) for every network identifier of one signal."""
    found: list[tuple[str, str, str]] = []
    address = _address_value(data)
    if address:
        found.append(("address", *address))
    employer = _get(data, "employer")
    if isinstance(employer, dict):
        kvk = _text(_get(employer, "kvk"))
        key = _text(_get(employer, "key", "name")).lower()
        shown = _text(_get(employer, "name")) or kvk
        if kvk:
            found.append(("employer", f"kvk:{kvk}", f"{shown} (KvK {kvk})" if shown != kvk else f"KvK {kvk}"))
        elif key:
            found.append(("employer", f"naam:{key}", shown))
    person = _get(data, "person") or {}
    phones: list[str] = []
    for value in (_get(person, "phone", "phones"), _get(data, "phone", "phones")):
        if isinstance(value, (list, tuple)):
            phones.extend(_text(v) for v in value)
        elif value:
            phones.append(_text(value))
    contacts = [c for c in _get(data, "contacts") or [] if isinstance(c, dict)]
    phones.extend(_text(_get(contact, "phone")) for contact in contacts)
    for phone in dict.fromkeys(p for p in phones if p):
        found.append(("phone", phone, phone))
    ibans = [_text(_get(person, "iban") or _get(data, "iban"))]
    ibans.extend(_text(_get(contact, "iban")) for contact in contacts)
    for iban in dict.fromkeys(i for i in ibans if i):
        found.append(("iban", iban, iban))
    plates = [_text(_get(data, "vehicle_plate", "vehicle", "plate"))]
    plates.extend(_text(_get(contact, "vehicle_plate")) for contact in contacts)
    for plate in dict.fromkeys(p for p in plates if p):
        found.append(("vehicle", plate, plate))
    email = _text(_get(person, "email") or _get(data, "email"))
    if email:
        found.append(("email", email.lower(), email))
    return found


KIND_WORDS = {
    "address": ("Adres", "Address"),
    "employer": ("Werkgever", "Employer"),
    "phone": ("Telefoon", "Phone"),
    "iban": ("Rekening", "Bank account"),
    "vehicle": ("Voertuig", "Vehicle"),
    "email": ("E-mail", "E-mail"),
    "person": ("Persoon", "Person"),
    "signal": ("Signaal", "Signal"),
}


def kind_word(kind: str, language: str) -> str:
    nl, en = KIND_WORDS.get(kind, (kind, kind))
    return en if language.startswith("en") else nl


@dataclass
class Node:
    id: str
    kind: str  # "signal" or one of NODE_KINDS
    label: str  # readable only when revealed; else "Adres 1", "Signaal 2 · Schuldhulp"
    x: int = 0
    y: int = 0
    signals: list[int] = field(default_factory=list)  # for identifier nodes: the signals that hold it


@dataclass
class Edge:
    a: Node
    b: Node


@dataclass
class Picture:
    nodes: list[Node]
    identifier_nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    persons: list[dict[str, Any]]


SVG_ROW = 56
SVG_WIDTH = 760


def connections_picture(
    signals: list[Signal],
    *,
    number: dict[int, int],
    identifiers: dict[int, dict[str, Any]],
    revealed: bool,
    language: str,
) -> Picture:
    """Signals on the left, the identifiers two or more of them share on the right, a line where a
    signal holds an identifier. `number` gives every signal its number on the page ("Signaal 3").

    Built from the readable identifiers, decrypted on the server; a label shows a value only when the
    coordinator revealed them (audited), otherwise "Adres 1", "Telefoon 2".
    """
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    labels: dict[tuple[str, str], str] = {}
    for signal in signals:
        for kind, key, label in identifier_nodes(identifiers.get(signal.pk, {})):
            if signal.pk not in holders[(kind, key)]:
                holders[(kind, key)].append(signal.pk)
            labels.setdefault((kind, key), label)
    shared = sorted(
        (k for k, pks in holders.items() if len(pks) >= 2),
        key=lambda k: (NODE_KINDS.index(k[0]) if k[0] in NODE_KINDS else 99, min(holders[k])),
    )
    signal_nodes: dict[int, Node] = {}
    for row, signal in enumerate(signals):
        text = f"{kind_word('signal', language)} {number[signal.pk]} · {signal.source.organisation.name}"
        signal_nodes[signal.pk] = Node(f"s{signal.pk}", "signal", text, 20, 40 + row * SVG_ROW, [signal.pk])
    per_kind: dict[str, int] = defaultdict(int)
    id_nodes: list[Node] = []
    span = max(len(signals), len(shared), 1)
    # Identifiers spread over the height of the signal column, but never closer than one row.
    step = SVG_ROW * max(len(signals), 1) // max(len(shared), 1) if shared else SVG_ROW
    step = max(min(step, SVG_ROW * 2), SVG_ROW)
    for index, key in enumerate(shared):
        kind = key[0]
        per_kind[kind] += 1
        text = labels[key] if revealed else f"{kind_word(kind, language)} {per_kind[kind]}"
        id_nodes.append(
            Node(f"i{index}", kind, text, SVG_WIDTH - 280, 40 + index * step, sorted(holders[key]))
        )
    edges = [Edge(signal_nodes[pk], node) for node in id_nodes for pk in node.signals if pk in signal_nodes]
    height = int(max(40 + (span - 1) * SVG_ROW, 40 + (len(shared) - 1) * step if shared else 0) + 40)
    persons: dict[Any, list[int]] = defaultdict(list)
    for signal in signals:
        persons[signal.person_cluster_id or f"s{signal.pk}"].append(number[signal.pk])
    person_rows = [
        {"number": n, "signals": nums} for n, nums in enumerate(sorted(persons.values(), key=min), start=1)
    ]
    return Picture(
        nodes=list(signal_nodes.values()),
        identifier_nodes=id_nodes,
        edges=edges,
        width=SVG_WIDTH,
        height=max(height, 100),
        persons=person_rows,
    )


IDENTIFIER_WORDS = {
    "bsn": ("BSN", "BSN"),
    "name": ("naam", "name"),
    "birth_date": ("geboortedatum", "date of birth"),
    "phone": ("telefoon", "phone"),
    "contact_phone": ("telefoon van een contact", "contact's phone"),
    "email": ("e-mail", "e-mail"),
    "address": ("adres", "address"),
    "employer": ("werkgever", "employer"),
    "iban": ("rekeningnummer", "bank account"),
    "vehicle": ("kenteken", "licence plate"),
    "same_person": ("dezelfde persoon", "same person"),
    "context": ("naam met adres, werkgever of contact", "name with address, employer or contact"),
}
HOW_WORDS = {
    "exact": ("exact", "exact"),
    "normalised": ("gelijk na opschonen", "equal after normalising"),
    "fuzzy": ("lijkt op", "similar"),
}


def evidence_text(evidence, language: str) -> str:
    """ "telefoon: exact", "naam: lijkt op 0,91", "geboortedatum: lijkt op (dag en maand verwisseld)"."""
    en = language.startswith("en")
    words = IDENTIFIER_WORDS.get(evidence.identifier, (evidence.identifier, evidence.identifier))
    how = HOW_WORDS.get(evidence.how, (evidence.how, evidence.how))
    text = f"{words[1] if en else words[0]}: {how[1] if en else how[0]}"
    if evidence.score is not None and evidence.how == "fuzzy":
        score = f"{evidence.score:.2f}"
        text += f" {score if en else score.replace('.', ',')}"
    if evidence.detail:
        # linkage's own words (Dutch), e.g. "dag en maand verwisseld", "zelfde telefoonnummer (van een contactpersoon)".
        text += f" · {evidence.detail}"
    return text


@dataclass
class LinkRow:
    a: Signal
    b: Signal
    number_a: int
    number_b: int
    person: bool
    network: bool
    evidence: list[str]
    decision: str  # "", "confirmed" or "split" at this cluster's level


def cluster_links(
    cluster: Cluster, signals: list[Signal], *, number: dict[int, int], language: str
) -> list[LinkRow]:
    """Every pair of the cluster's signals that linkage.compare links (or that the coordinator decided
    about), with the evidence in words. Compares keyed hashes only: nothing is decrypted."""
    shown = signals[:PAIRS_SIGNALS_MAX]
    keys = {}
    for signal in shown:
        if signal.keys:
            try:
                keys[signal.pk] = SignalKeys.from_json(signal.keys)
            except (KeyError, TypeError, ValueError):
                continue
    # Store-wide token counts, as the linker uses them (hub.linking): a token held by more signals than its
    # cap links nobody, so the page must not show it as evidence either.
    common = common_tokens(token_counts(t for k in keys.values() for t in k.tokens))
    pks = [s.pk for s in shown]
    decisions = {
        (d.signal_a_id, d.signal_b_id): d.decision
        for d in LinkDecision.objects.filter(level=cluster.level, signal_a__in=pks, signal_b__in=pks)
    }
    rows = []
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            low, high = (a, b) if a.pk < b.pk else (b, a)
            decision = decisions.get((low.pk, high.pk), "")
            result = None
            if a.pk in keys and b.pk in keys:
                result = compare(keys[a.pk], keys[b.pk], common=common)
            linked = bool(result and (result.person or (cluster.level == Level.NETWORK and result.network)))
            if not linked and not decision:
                continue
            evidence = [
                evidence_text(e, language)
                for e in (result.evidence if result else ())
                if cluster.level == Level.NETWORK or e.level == Level.PERSON
            ]
            rows.append(
                LinkRow(
                    a=a,
                    b=b,
                    number_a=number[a.pk],
                    number_b=number[b.pk],
                    person=bool(result and result.person),
                    network=bool(result and result.network),
                    evidence=evidence,
                    decision=decision,
                )
            )
    return rows


def svg_lines(picture: Picture) -> list[dict[str, int | str]]:
    """Coordinates of the edges for the template: from the right edge of a signal box to an identifier."""
    return [
        {"x1": e.a.x + 250, "y1": e.a.y, "x2": e.b.x, "y2": e.b.y, "kind": e.b.kind} for e in picture.edges
    ]
