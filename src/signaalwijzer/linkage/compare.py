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

from collections.abc import Sequence
from dataclasses import dataclass
from operator import eq as _eq
from typing import NamedTuple

from signaalwijzer.linkage.keys import KEY_VERSION, SignalKeys

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
    dob_near: Sequence[str]  # the 8 one-digit-masked forms, by position (a digit off matches at its position)
    dob_adj: Sequence[str]  # the day before and after
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
        if get("v", KEY_VERSION) != KEY_VERSION:
            raise ValueError(f"keys of version {get('v')!r}, this linker reads version {KEY_VERSION}")
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
        dob_near,  # the stored JSON's list as it is (read only): a million copies cost seconds
        dob_adj,
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


# The birth-date rule: (points, evidence), first case that holds wins; both dates must be known.
_DOB_EQUAL = (6, Evidence("person", "birth_date", "exact", 1.0, "zelfde geboortedatum"))
_DOB_SWAPPED = (5, Evidence("person", "birth_date", "fuzzy", 0.9, "geboortedatum: dag en maand verwisseld"))
_DOB_DIGIT = (
    DOB_NEAR_POINTS,
    Evidence("person", "birth_date", "fuzzy", 0.8, "geboortedatum: één cijfer anders"),
)
_DOB_DAY = (
    DOB_NEAR_POINTS,
    Evidence("person", "birth_date", "fuzzy", 0.8, "geboortedatum: één dag verschil"),
)
_DOB_OTHER = (-6, None)


def _dob_relation(a_dob, b_dob, b_swap, a_near, b_near, b_adj) -> tuple[int, Evidence | None] | None:
    """How two birth dates compare (one of the _DOB_ cases), None when either is unknown. Takes the values, not
    the Features: person_points has them unpacked already."""
    if not (a_dob and b_dob):
        return None
    if a_dob == b_dob:
        return _DOB_EQUAL
    if a_dob == b_swap:
        return _DOB_SWAPPED
    if any(map(_eq, a_near, b_near)):
        return _DOB_DIGIT
    if a_dob in b_adj:
        return _DOB_DAY
    return _DOB_OTHER


def person_points(a: Features, b: Features, common: frozenset | set = frozenset(), explain: bool = False):
    """(points, same person?, evidence list or None). The person rule of the module docstring."""
    # One unpacking instead of dozens of attribute reads: this runs for every candidate pair of a batch link.
    (a_bsn, a_dob, a_dob_swap, a_near, a_adj, a_clk, a_clk_n, a_clk_g, a_clk_g_n, a_letters, a_given, a_surname,
     a_initial, a_own, a_net, _) = a  # fmt: skip
    (b_bsn, b_dob, b_dob_swap, b_near, b_adj, b_clk, b_clk_n, b_clk_g, b_clk_g_n, b_letters, b_given, b_surname,
     b_initial, b_own, b_net, _) = b  # fmt: skip
    points = 0
    out: list[Evidence] | None = [] if explain else None
    bsn_equal = False
    if a_bsn and b_bsn:
        if a_bsn == b_bsn and ("bsn:" + a_bsn) not in common:
            bsn_equal = True
            points += 12
            if out is not None:
                out.append(Evidence("person", "bsn", "exact", 1.0, "zelfde BSN"))
        elif a_bsn != b_bsn:
            points -= 12
    name_points = 0
    if a_clk and b_clk:
        dice = 2 * (a_clk & b_clk).bit_count() / (a_clk_n + b_clk_n)
        for threshold, value in NAME_POINTS:
            if dice >= threshold:
                name_points = value
                break
        else:
            if dice < 0.5:
                name_points = -5
        same_surname = bool(a_surname) and not a_surname.isdisjoint(b_surname)
        how, detail = "fuzzy", ""  # the detail of a fuzzy match is written below, only when explaining
        if a_given == b_given and a_surname == b_surname and (a_given or a_initial == b_initial):
            how, detail = "normalised", "zelfde naam"
        elif a_given and a_given == b_surname and a_surname == b_given:
            how, detail = "normalised", "zelfde naam, voornaam en achternaam verwisseld"
        elif a_initial and b_initial and a_initial != b_initial and (not a_given or not b_given):
            name_points = -5  # "D. Bakker" is not "Hassan Bakker"
        elif (
            same_surname
            and a_clk_g
            and b_clk_g
            and a_letters != b_letters
            and 2 * (a_clk_g & b_clk_g).bit_count() < GIVEN_DICE_MIN * (a_clk_g_n + b_clk_g_n)
            and a_given.isdisjoint(b_given)
            and a_given.isdisjoint(b_surname)
            and a_surname.isdisjoint(b_given)
        ):
            # The same surname, but given names that share no word and hardly look alike: "Ditk Vermeulen" is
            # not "Ion Vermeulen", however much the long surname makes the whole names look alike.
            name_points = -5
        elif same_surname and a_initial and a_initial == b_initial and (not a_given or not b_given):
            if name_points < 5:
                name_points = 5
            how, detail = "normalised", "zelfde achternaam en voorletter"
        elif same_surname and (not a_given or not b_given) and name_points < 3:
            name_points = 3
            how, detail = "normalised", "zelfde achternaam (voornaam ontbreekt)"
        elif name_points < 4 and same_surname and a_initial and a_initial == b_initial and dice >= 0.65:
            # Surname equal, given name close: a typo in a short given name costs many bigrams. (An equal given
            # name with another surname is not enough: "Oleksandr Kaminski" is not "Oleksandr Janssen".)
            name_points = 4
            detail = "achternaam en voorletter gelijk, voornaam lijkt erop"
        incomplete = not a_given or not b_given
        if incomplete and name_points < 0 and not (a_initial and b_initial and a_initial != b_initial):
            # Initials only or no given name: the missing part says nothing against the match.
            name_points = 0
        points += name_points
        if out is not None and name_points > 0:
            if how == "fuzzy":
                detail = f"{detail or 'naam lijkt op elkaar'} ({round(dice * 100)}%)"
            out.append(Evidence("person", "name", how, round(dice, 3), detail))
    dob = _dob_relation(a_dob, b_dob, b_dob_swap, a_near, b_near, b_adj)
    dob_same = dob is _DOB_EQUAL
    if dob is not None:
        points += dob[0]
        if out is not None and dob[1] is not None:
            out.append(dob[1])
    if a_own and b_own and not a_own.isdisjoint(b_own):
        for token in sorted(a_own & b_own):
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
    if context and not a_net.isdisjoint(b_net) and (a_net & b_net) - common - a_own - b_own:
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


def _dob_close(a: Features, b: Features) -> bool:
    """Both birth dates known and equal, swapped, a digit off or a day apart (person_points' positive cases)."""
    dob = _dob_relation(a.dob, b.dob, b.dob_swap, a.dob_near, b.dob_near, b.dob_adj)
    return dob is not None and dob[0] > 0


def decide(a: Features, b: Features, common: frozenset | set = frozenset()) -> tuple[bool, bool]:
    """(same person, same network) for a candidate pair, without building evidence (the batch path)."""
    shared = a.tokens & b.tokens
    if common:
        shared = shared - common
    if not shared:
        return False, False
    return decide_found(a, b, common, network=not shared.isdisjoint(a.net))


def decide_found(a: Features, b: Features, common, *, network: bool) -> tuple[bool, bool]:
    """`decide` for a pair known to share a token that is not common, and known to share a network identifier
    (address, employer, phone, ... : `net`) that is not common or not (`network`)."""
    # Most candidate pairs are namesakes or housemates, settled without the name rule (person_points would
    # agree): no BSN and no close birth date leave at most the name's 6 points, plus, with a network identifier
    # shared, the context's 6 and own phone, e-mail or IBAN - which two different known birth dates (-6) cancel
    # when they share no own one.
    weak = not (a.bsn and a.bsn == b.bsn) and not _dob_close(a, b)
    if weak and (not network or (a.dob and b.dob and a.own.isdisjoint(b.own))):
        return False, network
    _, same, _ = person_points(a, b, common)
    return same, same or network


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
