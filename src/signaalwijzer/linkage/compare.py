"""One pair of signals: are they the same person, are they connected in a network, and why (issue 5 §3).

A pair decision uses keyed hashes only (linkage.keys). The rules, with their weights (ADR 0010):

Person level - points summed, a link at PERSON_THRESHOLD (10) or more, and only when the names do not
disagree (name points not negative) or the BSN is the same:
    BSN           equal +12, different -12
    name          Dice of the name Bloom filters: >= .88 +6, >= .78 +5, >= .68 +3, >= .60 +1, < .50 -5;
                  surname equal and first initial equal where one side has initials only: at least +5;
                  surname equal where one side has no given name: at least +3;
                  surname and first initial equal and Dice >= .65: at least +4;
                  one side initials only and the first initials differ: -5;
                  one side without given names (initials only, or none): never below 0;
                  the same surname but given names that share no word, look unalike (Dice of the given-name
                  Bloom filters < .4) and are not the same letters in another order, not swapped: -5 ("Ditk
                  Vermeulen" is not "Ion Vermeulen"; "Jna" and "Jan" share few letter pairs but all letters)
    birth date    equal +6, day and month swapped +5, one digit different or one day apart +4, otherwise -6
    own e-mail +6, own IBAN +5, own phone +5 (shared; a handler's number is sometimes given as the victim's own)
    context       +6 when the names look alike (name points 1 or more) and the pair shares a network identifier
                  that is not the own phone/e-mail/IBAN of either (address, employer, plate, a contact's phone):
                  two people with (nearly) the same name rarely share a house, an employer or a handler. With a
                  name of 4 points or more that is enough; a weaker name needs a third piece of evidence.
                  +4 when there is no name to compare (left out, or initials only) but the birth date is equal
                  and such an identifier is shared: two people of one house or one handler rarely share a
                  birth date.
  So a name and birth date suffice, as do a name and a phone, a name and an address or employer, or a BSN;
  a common name alone does not; two
  different names with the same birth date and phone do not; an unnamed signal with the same birth date and
  own e-mail or phone as a named one does.
Network level - the pair is the same person, or shares an address (postcode + house number + suffix), employer
  (KvK number or name), phone (own or a contact's), e-mail, IBAN or vehicle plate.
Either way the pair must share a blocking token that is not too common (`common`): tokens held by more signals
  than their cap (linkage.cluster.CAPS) are ignored for finding *and* for evidence, so a big employer or a
  shelter address does not connect everyone who names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from signaalwijzer.linkage.keys import SignalKeys

PERSON_THRESHOLD = 10
CONTEXT_POINTS = 6  # name points >= CONTEXT_NAME_POINTS and a shared network identifier that is not own
CONTEXT_NAME_POINTS = 1
# Dice of the name Bloom filters -> name points, first threshold reached wins (below the last: see person_points).
NAME_POINTS = ((0.88, 6), (0.78, 5), (0.68, 3), (0.60, 1))
DOB_NEAR_POINTS = 4
UNNAMED_CONTEXT_POINTS = 4  # no name to compare, same birth date, and a shared network identifier as above
GIVEN_DICE_MIN = 0.4  # same surname, given names sharing no word, not reordered letters, Dice below this: -5


@dataclass(frozen=True, slots=True)
class Evidence:
    level: str  # "person" | "network"
    identifier: (
        str  # bsn, name, birth_date, phone, email, iban, address, employer, vehicle, contact_phone, ...
    )
    how: str  # "exact" | "normalised" | "fuzzy"
    score: float | None
    detail: str  # Dutch, B1


@dataclass(frozen=True, slots=True)
class PairResult:
    person: bool
    network: bool
    evidence: tuple[Evidence, ...]
    person_points: int = 0  # the sum above; PERSON_THRESHOLD or more (with name or BSN) is the same person

    def __bool__(self) -> bool:
        return self.person or self.network


class Features(NamedTuple):
    """The keys of one signal in the shape the pair rule reads fast (ints, sorted tuples, frozensets)."""

    bsn: str
    dob: str
    dob_swap: str
    dob_near: frozenset
    dob_adj: tuple
    clk: int
    clk_n: int
    clk_g: int  # given names only; 0 when unknown
    clk_g_n: int
    given_letters: str  # keyed hash of the given names' letters in alphabetical order
    given: frozenset  # keyed hashes of the given-name words
    surname: frozenset  # ... and of the surname words
    initial: str
    own: frozenset  # tokens of the person's own phone, e-mail, IBAN
    net: frozenset  # tokens of every network identifier
    tokens: frozenset


_EMPTY: frozenset = frozenset()
_P_PHONE, _P_EMAIL, _P_IBAN, _P_PLATE = "phone:".__add__, "email:".__add__, "iban:".__add__, "plate:".__add__
_P_ND, _P_NP = "nd:".__add__, "np:".__add__


def features(keys: SignalKeys | dict) -> Features:
    """Features of a SignalKeys, or straight from its stored JSON (SignalKeys.to_json()) without the object."""
    if isinstance(keys, dict):
        get = keys.get
        bsn, dob, dob_swap, clk_hex = get("bsn", ""), get("dob", ""), get("dob_swap", ""), get("clk", "")
        clk_g_hex = get("clk_given", "")
        given_letters = get("given_letters", "")
        dob_adj = get("dob_adj", ())
        dob_near, given, surname, initial = (
            get("dob_near", ()),
            get("given", ()),
            get("surname", ()),
            get("initial", ""),
        )
        phones, emails, ibans = get("phones", ()), get("emails", ()), get("ibans", ())
        c_phones, c_emails, c_ibans = (
            get("contact_phones", ()),
            get("contact_emails", ()),
            get("contact_ibans", ()),
        )
        plates, address, kvk, employer = (
            get("plates", ()),
            get("address", ""),
            get("kvk", ""),
            get("employer", ""),
        )
        name_blocks, dob_blocks = get("name_blocks", ()), get("dob_blocks", ())
    else:
        k = keys
        bsn, dob, dob_swap, clk_hex = k.bsn, k.dob, k.dob_swap, k.clk
        clk_g_hex = k.clk_given
        given_letters = k.given_letters
        dob_near, given, surname, initial = k.dob_near, k.given, k.surname, k.initial
        dob_adj = k.dob_adj
        phones, emails, ibans = k.phones, k.emails, k.ibans
        c_phones, c_emails, c_ibans = k.contact_phones, k.contact_emails, k.contact_ibans
        plates, address, kvk, employer = k.plates, k.address, k.kvk, k.employer
        name_blocks, dob_blocks = k.name_blocks, k.dob_blocks
    clk = int(clk_hex, 16) if clk_hex else 0
    clk_g = int(clk_g_hex, 16) if clk_g_hex else 0
    own_list = [*map(_P_PHONE, phones), *map(_P_EMAIL, emails), *map(_P_IBAN, ibans)]
    own = frozenset(own_list) if own_list else _EMPTY
    net_list = own_list
    if c_phones or c_emails or c_ibans or plates:
        net_list = own_list + [*map(_P_PHONE, c_phones), *map(_P_EMAIL, c_emails), *map(_P_IBAN, c_ibans)]
        net_list += map(_P_PLATE, plates)
    else:
        net_list = list(own_list)
    if address:
        net_list.append("addr:" + address)
    if kvk:
        net_list.append("kvk:" + kvk)
    if employer:
        net_list.append("empl:" + employer)
    net = frozenset(net_list) if net_list else _EMPTY
    person_list = [*map(_P_ND, dob_blocks), *map(_P_NP, name_blocks)]
    if bsn:
        person_list.append("bsn:" + bsn)
    tokens = net.union(person_list) if person_list else net
    return Features(
        bsn,
        dob,
        dob_swap,
        frozenset(dob_near),
        tuple(dob_adj),
        clk,
        clk.bit_count(),
        clk_g,
        clk_g.bit_count(),
        given_letters,
        frozenset(given),
        frozenset(surname),
        initial,
        own,
        net,
        tokens,
    )


NETWORK_KINDS = {"phone", "email", "iban", "plate", "addr", "kvk", "empl"}
PERSON_BLOCK_KINDS = {"bsn", "nd", "np"}
_NETWORK_WORDS = {
    "addr": ("address", "exact", "zelfde adres (postcode en huisnummer)"),
    "kvk": ("employer", "exact", "zelfde werkgever (KvK-nummer)"),
    "empl": ("employer", "normalised", "zelfde naam van de werkgever"),
    "plate": ("vehicle", "normalised", "zelfde kenteken"),
}
_OWN_POINTS = {"email": 6, "iban": 5, "phone": 5}


def _dice(a: Features, b: Features) -> float:
    return 2 * (a.clk & b.clk).bit_count() / (a.clk_n + b.clk_n)


def person_points(a: Features, b: Features, common: frozenset | set = frozenset(), explain: bool = False):
    """(points, same person?, evidence list or None). The person rule of the module docstring."""
    points = 0
    out: list[Evidence] | None = [] if explain else None
    bsn_equal = False
    if a.bsn and b.bsn:
        if a.bsn == b.bsn and ("bsn:" + a.bsn) not in common:
            bsn_equal = True
            points += 12
            if out is not None:
                out.append(Evidence("person", "bsn", "exact", 1.0, "zelfde BSN"))
        elif a.bsn != b.bsn:
            points -= 12
    name_points = 0
    if a.clk and b.clk:
        dice = _dice(a, b)
        for threshold, value in NAME_POINTS:
            if dice >= threshold:
                name_points = value
                break
        else:
            if dice < 0.5:
                name_points = -5
        same_surname = bool(a.surname) and not a.surname.isdisjoint(b.surname)
        how, detail = "fuzzy", f"naam lijkt op elkaar ({round(dice * 100)}%)"
        if a.given == b.given and a.surname == b.surname and (a.given or a.initial == b.initial):
            how, detail = "normalised", "zelfde naam"
        elif a.given and a.given == b.surname and a.surname == b.given:
            how, detail = "normalised", "zelfde naam, voornaam en achternaam verwisseld"
        elif a.initial and b.initial and a.initial != b.initial and (not a.given or not b.given):
            name_points = -5  # "D. Bakker" is not "Hassan Bakker"
        elif (
            same_surname
            and a.clk_g
            and b.clk_g
            and a.given_letters != b.given_letters
            and 2 * (a.clk_g & b.clk_g).bit_count() < GIVEN_DICE_MIN * (a.clk_g_n + b.clk_g_n)
            and a.given.isdisjoint(b.given)
            and a.given.isdisjoint(b.surname)
            and a.surname.isdisjoint(b.given)
        ):
            # The same surname, but given names that share no word and hardly look alike: "Ditk Vermeulen" is
            # not "Ion Vermeulen", however much the long surname makes the whole names look alike.
            name_points = -5
        elif same_surname and a.initial and a.initial == b.initial and (not a.given or not b.given):
            if name_points < 5:
                name_points = 5
            how, detail = "normalised", "zelfde achternaam en voorletter"
        elif same_surname and (not a.given or not b.given) and name_points < 3:
            name_points = 3
            how, detail = "normalised", "zelfde achternaam (voornaam ontbreekt)"
        elif name_points < 4 and same_surname and a.initial and a.initial == b.initial and dice >= 0.65:
            # Surname equal, given name close: a typo in a short given name costs many bigrams. (An equal given
            # name with another surname is not enough: "Oleksandr Kaminski" is not "Oleksandr Janssen".)
            name_points = 4
            detail = f"achternaam en voorletter gelijk, voornaam lijkt erop ({round(dice * 100)}%)"
        incomplete = not a.given or not b.given
        if incomplete and name_points < 0 and not (a.initial and b.initial and a.initial != b.initial):
            # Initials only or no given name: the missing part says nothing against the match.
            name_points = 0
        points += name_points
        if out is not None and name_points > 0:
            out.append(Evidence("person", "name", how, round(dice, 3), detail))
    dob_same = False
    if a.dob and b.dob:
        if a.dob == b.dob:
            dob_same = True
            points += 6
            if out is not None:
                out.append(Evidence("person", "birth_date", "exact", 1.0, "zelfde geboortedatum"))
        elif a.dob == b.dob_swap:
            points += 5
            if out is not None:
                out.append(
                    Evidence("person", "birth_date", "fuzzy", 0.9, "geboortedatum: dag en maand verwisseld")
                )
        elif not a.dob_near.isdisjoint(b.dob_near):
            points += DOB_NEAR_POINTS
            if out is not None:
                out.append(Evidence("person", "birth_date", "fuzzy", 0.8, "geboortedatum: één cijfer anders"))
        elif a.dob in b.dob_adj:
            points += DOB_NEAR_POINTS
            if out is not None:
                out.append(Evidence("person", "birth_date", "fuzzy", 0.8, "geboortedatum: één dag verschil"))
        else:
            points -= 6
    shared_own = a.own & b.own
    if shared_own:
        for token in sorted(shared_own):
            if token in common:
                continue
            kind = token.split(":", 1)[0]
            points += _OWN_POINTS[kind]
            if out is not None:
                label = {"phone": "telefoonnummer", "email": "e-mailadres", "iban": "rekeningnummer (IBAN)"}[
                    kind
                ]
                out.append(Evidence("person", kind, "normalised", 1.0, f"zelfde eigen {label}"))
    context, context_detail = 0, ""
    if name_points >= CONTEXT_NAME_POINTS:
        # Names alike and the same address, employer, vehicle or contact: namesakes rarely share one.
        context, context_detail = CONTEXT_POINTS, "naam lijkt erop"
    elif name_points == 0 and dob_same:
        # No name to compare (left out, or initials only), but the same birth date and the same address,
        # employer, vehicle or contact: two people of one house or one handler rarely share a birth date.
        context, context_detail = (
            UNNAMED_CONTEXT_POINTS,
            "geen naam om te vergelijken, wel zelfde geboortedatum",
        )
    if context and (a.net & b.net) - common - a.own - b.own:
        points += context
        if out is not None:
            detail = f"{context_detail} en zelfde adres, werkgever, kenteken of contactpersoon"
            out.append(Evidence("person", "context", "exact", None, detail))
    # Names must not disagree; a signal without a name can still match on other identifiers.
    same = points >= PERSON_THRESHOLD and (bsn_equal or name_points >= 0)
    return points, same, out


def network_evidence(a: Features, b: Features, common: frozenset | set = frozenset()) -> list[Evidence]:
    out = []
    for token in sorted((a.net & b.net) - common):
        kind = token.split(":", 1)[0]
        if kind in _NETWORK_WORDS:
            identifier, how, detail = _NETWORK_WORDS[kind]
        else:
            own_both = token in a.own and token in b.own
            label = {"phone": "telefoonnummer", "email": "e-mailadres", "iban": "rekeningnummer (IBAN)"}[kind]
            identifier = kind if own_both else f"contact_{kind}"
            detail = f"zelfde {label}" + ("" if own_both else " (van een contactpersoon)")
            how = "normalised"
        out.append(Evidence("network", identifier, how, 1.0, detail))
    return out


def candidate(a: Features, b: Features, common: frozenset | set = frozenset()) -> bool:
    """Do they share a blocking token that is not too common? Only such pairs are ever linked."""
    shared = a.tokens & b.tokens
    return bool(shared) and (not common or bool(shared - common))


def decide(a: Features, b: Features, common: frozenset | set = frozenset()) -> tuple[bool, bool]:
    """(same person, same network) for a candidate pair, without building evidence (the batch path)."""
    shared = a.tokens & b.tokens
    if common:
        shared = shared - common
    if not shared:
        return False, False
    _, same, _ = person_points(a, b, common)
    network = same or any(t.split(":", 1)[0] in NETWORK_KINDS for t in shared)
    return same, network


def compare(a: SignalKeys, b: SignalKeys, *, common: frozenset | set = frozenset()) -> PairResult:
    """The pair decision with every identifier that matched and how. `common`: tokens held by more signals than
    their cap (linkage.cluster.common_tokens); pass the store's, so the hub shows what the linker decided."""
    return compare_features(features(a), features(b), common=common)


def compare_features(fa: Features, fb: Features, *, common: frozenset | set = frozenset()) -> PairResult:
    if not candidate(fa, fb, common):
        return PairResult(False, False, ())
    points, same, evidence = person_points(fa, fb, common, explain=True)
    net = network_evidence(fa, fb, common)
    return PairResult(same, same or bool(net), tuple(evidence or ()) + tuple(net), points)
