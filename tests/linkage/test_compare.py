"""The pair decision: the same person despite noise, not the same person for namesakes, connected in a network
through shared identifiers, and always with the evidence (issue 5 §3)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.linkage import compare, signal_keys
from signaalwijzer.linkage.compare import candidate, compare_features, decide, decide_found, features
from signaalwijzer.linkage.normalise import normalise_signal
from tests.linkage.factories import SECRET, keys, line, person_keys

BASE = ("Jan van den Berg", "1990-05-01")


@pytest.mark.parametrize(
    ("name", "birth_date", "why"),
    [
        ("Berg, van den, Jan", "01-05-1990", "formatting"),
        ("Jan van den Bergh", "1990-05-01", "typo in the surname"),
        ("Jna van den Berg", "1990-05-01", "typo in the given name"),
        ("Berg Jan", "1990-05-01", "given and surname swapped"),
        ("Jan van den Berg", "1990-01-05", "day and month swapped"),
        ("J. van den Berg", "1990-05-01", "initials only"),
    ],
)
def test_same_person_despite_noise(name, birth_date, why):
    result = compare(person_keys(*BASE), person_keys(name, birth_date))
    assert result.person, why
    assert result.network  # same person => same network


def test_one_digit_of_the_date_is_enough_only_with_the_whole_name():
    # A typo in the birth date with the very same name: the same person. A typo in both: not without more.
    assert compare(person_keys(*BASE), person_keys("Jan van den Berg", "1990-05-07")).person
    assert not compare(person_keys(*BASE), person_keys("Jan van den Bergh", "1990-05-07")).person
    a = person_keys(*BASE, phone="06-12345678")
    assert compare(a, person_keys("Jan van den Bergh", "1990-05-07", phone="0612345678")).person


def test_different_initials_are_evidence_against():
    assert not compare(
        person_keys("D. Bakker", "1965-02-10"), person_keys("Hassan Bakker", "1965-02-10")
    ).person


def test_stripped_diacritics_are_the_same_person():
    assert compare(
        person_keys("Çağla Öztürk", "1988-11-30"), person_keys("Cagla Ozturk", "30-11-1988")
    ).person


def test_name_and_phone_without_birth_date_are_the_same_person():
    a = person_keys("Piotr Nowak", phone="06-12345678")
    b = person_keys("Nowak, Piotr", phone="+31 6 1234 5678")
    result = compare(a, b)
    assert result.person
    assert {e.identifier for e in result.evidence if e.level == "person"} == {"name", "phone"}


def test_bsn_alone_is_the_same_person():
    a = keys(person={"bsn": "111222333"})
    b = keys(person={"bsn": "1112.22.333", "name": "Iemand Anders"})
    result = compare(a, b)
    assert result.person
    assert result.evidence[0].identifier == "bsn" and result.evidence[0].how == "exact"


def test_namesakes_with_different_birth_dates_are_not_the_same_person():
    result = compare(person_keys("Mohamed Yilmaz", "1990-05-01"), person_keys("Mohamed Yilmaz", "1975-09-23"))
    assert not result.person


def test_different_bsn_outweighs_same_name_and_birth_date():
    a = person_keys("Jan de Jong", "1990-05-01", bsn="111222333")
    b = person_keys("Jan de Jong", "1990-05-01", bsn="123456782")
    assert not compare(a, b).person


def test_different_names_with_shared_phone_and_birth_date_are_not_the_same_person():
    a = keys(person={"name": "Anna Proef", "phone": "06-12345678", "birth_date": "1990-05-01"})
    b = keys(person={"name": "Maria Voorbeeld", "phone": "0612345678", "birth_date": "1990-05-01"})
    result = compare(a, b)
    assert not result.person
    assert result.network


def test_an_unnamed_signal_matches_on_birth_date_and_own_email():
    a = keys(person={"email": "a.proef@voorbeeld.nl", "birth_date": "1990-05-01"})
    b = keys(person={"name": "Anna Proef", "email": "A.Proef@voorbeeld.nl", "birth_date": "01-05-1990"})
    assert compare(a, b).person
    c = keys(person={"email": "a.proef@voorbeeld.nl"})
    assert not compare(c, b).person  # an e-mail alone is not enough


def test_different_people_at_one_address_are_connected_in_the_network():
    address = {"postcode": "1234 ab", "house_number": "12", "house_number_suffix": "a"}
    a = keys(person={"name": "Anna Proef"}, address=address)
    b = keys(person={"name": "Maria Voorbeeld"}, address={"postcode": "1234AB", "house_number": "12A"})
    result = compare(a, b)
    assert (result.person, result.network) == (False, True)
    assert [(e.identifier, e.how) for e in result.evidence if e.level == "network"] == [("address", "exact")]


def test_a_handlers_phone_given_as_contact_connects_the_network():
    a = keys(person={"name": "Anna Proef"}, contacts=[{"role": "handler", "phone": "06-87654321"}])
    b = keys(person={"name": "Maria Voorbeeld", "phone": "+31687654321"})
    result = compare(a, b)
    assert result.network and not result.person
    assert result.evidence[-1].identifier == "contact_phone"
    assert "contactpersoon" in result.evidence[-1].detail


@pytest.mark.parametrize(
    ("field", "a", "b", "identifier"),
    [
        ("employer", {"kvk": "12345678"}, {"kvk": "1234 5678", "name": "Other"}, "employer"),
        ("employer", {"name": "Schoonmaak De Ster B.V."}, {"name": "schoonmaak de ster"}, "employer"),
        ("vehicle_plate", "AB-123-C", "ab123c", "vehicle"),
    ],
)
def test_network_identifiers(field, a, b, identifier):
    result = compare(keys(**{field: a}), keys(**{field: b}))
    assert result.network and not result.person
    assert identifier in {e.identifier for e in result.evidence}


def test_day_month_swap_is_explained():
    result = compare(person_keys(*BASE), person_keys("Jan van den Berg", "1990-01-05"))
    dob = [e for e in result.evidence if e.identifier == "birth_date"][0]
    assert (dob.how, dob.detail) == ("fuzzy", "geboortedatum: dag en maand verwisseld")


def test_nothing_shared_nothing_linked():
    result = compare(person_keys("Anna Proef", "1990-05-01"), person_keys("Piet Voorbeeld", "1980-02-03"))
    assert not result and result.evidence == ()


ADDRESS = {"postcode": "1234 ab", "house_number": "12"}


def test_a_name_and_the_same_address_are_the_same_person():
    a = keys(person={"name": "Piotr Nowak"}, address=ADDRESS)
    b = keys(
        person={"name": "Nowak, Piotr", "birth_date": "1990-05-01"},
        address={"postcode": "1234AB", "house_number": "12"},
    )
    result = compare(a, b)
    assert result.person
    assert {e.identifier for e in result.evidence if e.level == "person"} == {"name", "context"}
    # The name alone, the address alone, or a name at another address: not the same person.
    assert not compare(person_keys("Piotr Nowak"), person_keys("Piotr Nowak", "1990-05-01")).person
    assert not compare(keys(person={"name": "Anna Proef"}, address=ADDRESS), b).person
    other = keys(person={"name": "Piotr Nowak"}, address={"postcode": "4321 BA", "house_number": "1"})
    assert not compare(other, b).person


def test_a_weak_name_at_the_same_address_needs_one_more_identifier():
    a = keys(person={"name": "Anouk Vermeulen"}, address=ADDRESS)
    b = keys(person={"name": "Aouk Evrmeulen"}, address=ADDRESS)  # two typos: name points 3
    assert compare(a, b).person_points == 9 and not compare(a, b).person
    c = keys(person={"name": "Anouk Vermeulen", "birth_date": "1990-05-01"}, address=ADDRESS)
    d = keys(person={"name": "Aouk Evrmeulen", "birth_date": "1990-05-02"}, address=ADDRESS)
    assert compare(c, d).person  # and a birth date one digit off


def test_the_same_address_does_not_outweigh_a_different_birth_date():
    a = keys(person={"name": "Jan de Jong", "birth_date": "1960-02-03"}, address=ADDRESS)
    b = keys(person={"name": "Jan de Jong", "birth_date": "1991-07-08"}, address=ADDRESS)
    assert not compare(a, b).person  # father and son


def test_a_shared_own_phone_is_not_counted_twice_as_context():
    a = keys(person={"name": "T. Proef", "phone": "06-12345678"})
    b = keys(person={"name": "Tess Proef", "birth_date": "1990-05-01", "phone": "0612345678"})
    result = compare(a, b)
    assert result.person_points == 10  # surname and initial (+5) and own phone (+5); no context points
    assert "context" not in {e.identifier for e in result.evidence}
    c = keys(person={"name": "T. Proef"}, contacts=[{"phone": "06-12345678"}])
    d = keys(person={"name": "Tess Proef"}, contacts=[{"phone": "+31 6 1234 5678"}])
    assert compare(c, d).person  # a shared handler's number is context


def test_a_common_address_is_no_context():
    a = keys(person={"name": "Piotr Nowak"}, address=ADDRESS)
    b = keys(person={"name": "Piotr Nowak"}, address=ADDRESS)
    token = frozenset(t for t in a.tokens if t.startswith("addr:"))
    assert compare(a, b).person
    assert not compare(a, b, common=token).person


def test_a_common_token_is_no_evidence():
    a = keys(employer={"kvk": "12345678"})
    b = keys(employer={"kvk": "12345678"})
    token = [t for t in a.tokens if t.startswith("kvk:")]
    assert compare(a, b).network
    assert not compare(a, b, common=frozenset(token)).network


def test_keys_depend_on_the_secret_and_hold_no_readable_value():
    n = normalise_signal(line(person={"name": "Jan van den Berg", "bsn": "111222333", "phone": "0612345678"}))
    k1, k2 = signal_keys(n, SECRET), signal_keys(n, b"another-secret")
    assert k1 != k2
    text = str(k1.to_json())
    assert "111222333" not in text and "612345678" not in text and "berg" not in text


def test_keys_round_trip_through_json():
    k = person_keys("Jan van den Berg", "1990-05-01", phone="0612345678", iban="NL91ABNA0417164300")
    from signaalwijzer.linkage import SignalKeys

    assert SignalKeys.from_json(k.to_json()) == k
    assert all(":" in t for t in k.tokens)


def test_an_unnamed_signal_at_the_same_address_with_the_same_birth_date_is_the_same_person():
    named = keys(person={"name": "Piotr Nowak", "birth_date": "1990-05-01"}, address=ADDRESS)
    unnamed = keys(person={"birth_date": "01-05-1990"}, address={"postcode": "1234AB", "house_number": "12"})
    result = compare(named, unnamed)
    assert result.person
    assert {e.identifier for e in result.evidence if e.level == "person"} == {"birth_date", "context"}
    # The birth date alone, the address alone, or a birth date one digit off at that address: not enough.
    assert not compare(named, keys(person={"birth_date": "1990-05-01"})).person
    assert not compare(named, keys(person={}, address=ADDRESS)).person
    near = keys(person={"birth_date": "1990-05-02"}, address=ADDRESS)
    assert not compare(named, near).person
    assert compare(named, near).network


def test_the_same_surname_with_an_unlike_given_name_is_someone_else():
    # A long shared surname makes whole names look alike; the given names decide.
    a = person_keys("Ditk Vermeulen", "1969-09-25")
    b = person_keys("Ion Vermeulen", "1969-09-25")
    assert not compare(a, b).person
    # ... while a typo in the given name, or the names swapped, still are the same person.
    assert compare(a, person_keys("Dirk Vermeulen", "1969-09-25")).person
    assert compare(
        person_keys("Ion Vermeulen", "1969-09-25"), person_keys("Vermeulen Ion", "1969-09-25")
    ).person


def test_a_birth_date_one_day_off_counts_like_one_digit_off():
    # 9 and 10 May differ in two digits, but only one day: a registration slip, not another person.
    a = person_keys("Jan van den Berg", "1990-05-09")
    result = compare(a, person_keys("Jan van den Berg", "1990-05-10"))
    assert result.person
    assert "geboortedatum: één dag verschil" in {e.detail for e in result.evidence}
    assert not compare(a, person_keys("Jan van den Berg", "1990-05-11")).person
    assert compare(
        person_keys("Jan van den Berg", "1999-12-31"), person_keys("Jan van den Berg", "2000-01-01")
    ).person


# --- the batch path's shortcut agrees with the full rule -----------------------------------------------------

_BSNS = [None, "111222333", "123456782"]
_DATES = [None, "1990-05-01", "1990-01-05", "1990-05-02", "1990-05-11", "1991-05-01", "1970-03-04"]
_NAMES = [None, "Jan de Jong", "J. de Jong", "Jan de Jongh", "Piet de Jong", "Anna Proef", "de Jong"]
_PHONES = [None, "06-12345678", "06-23456789"]
_EMAILS = [None, "jan@example.org", "anna@example.org"]
_IBANS = [None, "NL91ABNA0417164300", "NL20INGB0001234567"]


@st.composite
def _signal_features(draw):
    person = {}
    for key, pool in (
        ("name", _NAMES),
        ("birth_date", _DATES),
        ("bsn", _BSNS),
        ("phone", _PHONES),
        ("email", _EMAILS),
        ("iban", _IBANS),
    ):
        value = draw(st.sampled_from(pool))
        if value:
            person[key] = value
    kwargs = {"person": person}
    if draw(st.booleans()):
        kwargs["address"] = {"postcode": "1234 AB", "house_number": draw(st.sampled_from(["1", "2"]))}
    if draw(st.booleans()):
        kwargs["contacts"] = [{"phone": draw(st.sampled_from(_PHONES[1:]))}]
    return features(keys(**kwargs))


@settings(max_examples=400, deadline=None)
@given(_signal_features(), _signal_features(), st.booleans())
def test_the_batch_decision_equals_the_explained_rule(a, b, with_common):
    """`decide` (and `decide_found`, which the batch scan calls) settles most pairs without the name rule;
    it must always agree with `compare_features`, whatever the pair shares and whatever is common."""
    shared = sorted(a.tokens & b.tokens)
    common = frozenset(shared[:1]) if with_common else frozenset()
    full = compare_features(a, b, common=common)
    assert decide(a, b, common) == (full.person, full.network)
    if candidate(a, b, common):
        network = bool((a.net & b.net) - common)
        assert decide_found(a, b, common, network=network) == (full.person, full.network)
