"""Normalisation: formatting variants of one value become one value; values that cannot be right are refused
with the field and a reason (issue 5 §1-§2)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.linkage import InvalidIdentifier, normalise_signal
from signaalwijzer.linkage.normalise import (
    REASONS,
    normalise_date,
    normalise_house,
    normalise_name,
    normalise_phone,
    normalise_postcode,
)


def sig(**person):
    return {"id": "t:1", "source": "test", "person": person}


# --- phones -------------------------------------------------------------------------------------------------

MOBILE = "612345678"


@st.composite
def phone_variants(draw):
    """One Dutch mobile number written the ways partner systems write it."""
    digits = draw(st.sampled_from(["612345678", "687654321", "652345678", "201234567"]))
    prefix = draw(st.sampled_from(["0", "+31", "+31 ", "0031", "0031 ", "+31 (0)", "+31(0)"]))
    sep = draw(st.sampled_from(["", " ", "-", "."]))
    cut = draw(st.integers(min_value=1, max_value=len(digits) - 1))
    body = digits[:cut] + sep + digits[cut:]
    return digits, prefix + body


@given(phone_variants())
def test_every_way_of_writing_a_phone_number_gives_one_e164(variant):
    digits, written = variant
    assert normalise_phone(written, "person.phone") == "+31" + digits


def test_foreign_numbers_keep_their_country():
    assert normalise_phone("+48 601 234 567", "p") == "+48601234567"


@pytest.mark.parametrize("bad", ["12", "abc", "06-1234"])
def test_unreadable_phone_is_refused_with_its_field(bad):
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal(sig(phone=bad))
    assert info.value.field == "person.phone"
    assert "telefoonnummer" in info.value.reason


# --- postcodes and house numbers ----------------------------------------------------------------------------


@given(
    st.sampled_from(["1234", "9999", "1011"]),
    st.sampled_from(["ab", "AB", "Ab", "aB"]),
    st.sampled_from(["", " ", "  ", "-", " - "]),
    st.sampled_from(["", " ", "\t"]),
)
def test_every_way_of_writing_a_postcode_gives_one_value(digits, letters, sep, pad):
    assert normalise_postcode(f"{pad}{digits}{sep}{letters}{pad}", "address.postcode") == digits + "AB"


@pytest.mark.parametrize("bad", ["123 AB", "0123 AB", "1234 A", "ABCD 12", "1234 ABC"])
def test_unreadable_postcode_is_refused(bad):
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal({"id": "x", "source": "s", "address": {"postcode": bad}})
    assert info.value.field == "address.postcode"


@pytest.mark.parametrize(
    ("number", "suffix", "expected"),
    [
        ("12a", None, ("12", "A")),
        ("12 A", None, ("12", "A")),
        ("12-a", None, ("12", "A")),
        (12, "a", ("12", "A")),
        ("012", "", ("12", "")),
        ("12", "bis", ("12", "BIS")),
        ("12-2", None, ("12", "2")),
    ],
)
def test_house_numbers_and_suffixes(number, suffix, expected):
    assert normalise_house(number, suffix, "address.house_number") == expected


# --- names --------------------------------------------------------------------------------------------------

NAME_FORMS = [
    {"name": "Jan van den Berg"},
    {"name": "Berg, van den, Jan"},
    {"name": "Berg, Jan van den"},
    {"name": "jan VAN DEN berg"},
    {"name": "  Jan   van den   Berg "},
    {"given_names": "Jan", "prefix": "van den", "surname": "Berg"},
    {"given_names": "Jan", "surname": "van den Berg"},
    {"given_names": "JAN", "surname": "Van Den Berg"},
]


@given(st.sampled_from(NAME_FORMS))
def test_every_way_of_writing_a_name_gives_one_set_of_parts(form):
    name = normalise_name(**form)
    assert (name.given_names, name.prefix, name.surname, name.initials) == ("jan", "van den", "berg", "j")


@given(st.sampled_from(["Çağla Öztürk", "Cagla Ozturk", "ÇAĞLA ÖZTÜRK", "Öztürk, Çağla"]))
def test_diacritics_and_case_do_not_matter(written):
    name = normalise_name(name=written)
    assert (name.given_names, name.surname) == ("cagla", "ozturk")


@pytest.mark.parametrize(
    "written", ["J. van den Berg", "Berg, van den, J.", "J van den Berg", "Berg van den, J."]
)
def test_initials_are_recognised(written):
    name = normalise_name(name=written)
    assert (name.given_names, name.initials, name.prefix, name.surname) == ("", "j", "van den", "berg")


def test_abbreviated_prefix_is_written_out():
    assert (
        normalise_name(name="J. v.d. Berg").prefix
        == normalise_name(name="Jan van de Berg").prefix
        == "van de"
    )


# --- dates, BSN, IBAN, KvK, plates, e-mail ------------------------------------------------------------------


@given(st.dates())
def test_iso_and_dutch_day_first_dates_agree(day):
    iso = day.isoformat()
    written = [
        iso,
        f"{day.day:02d}-{day.month:02d}-{day.year:04d}",
        f"{day.day}-{day.month}-{day.year:04d}",
        f"{day.day:02d}/{day.month:02d}/{day.year:04d}",
        f"{day.day}.{day.month}.{day.year:04d}",
    ]
    assert {normalise_date(w, "person.birth_date") for w in written} == {iso}


@pytest.mark.parametrize("bad", ["31-02-1990", "1990-13-01", "29-02-1991", "gisteren", "1990"])
def test_impossible_or_unreadable_dates_are_refused(bad):
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal(sig(birth_date=bad))
    assert info.value.field == "person.birth_date"
    assert "datum" in info.value.reason


def test_bsn_with_elfproef_and_formatting():
    assert normalise_signal(sig(bsn="1112.22.333")).bsn == "111222333"
    assert normalise_signal(sig(bsn="12345672")).bsn == "012345672"  # 8 digits: a leading zero
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal(sig(bsn="111222334"))
    assert (info.value.field, info.value.reason.startswith("Dit BSN klopt niet")) == ("person.bsn", True)


def test_iban_check_digits():
    assert normalise_signal(sig(iban="nl91 abna 0417 1643 00")).iban == "NL91ABNA0417164300"
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal(sig(iban="NL91ABNA0417164301"))
    assert info.value.field == "person.iban"


def test_contacts_errors_name_their_position():
    line = {"id": "x", "source": "s", "contacts": [{"phone": "06-12345678"}, {"iban": "NL00XXXX"}]}
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal(line)
    assert info.value.field == "contacts.1.iban"


def test_other_identifiers():
    n = normalise_signal(
        {
            "id": "x",
            "source": "s",
            "vehicle_plate": "ab-123-c",
            "employer": {"name": "Schoonmaak De Ster B.V.", "kvk": "1234 5678"},
            "person": {"email": " Naam@Voorbeeld.NL "},
        }
    )
    assert (n.vehicle_plate, n.kvk, n.employer_key, n.email) == (
        "AB123C",
        "12345678",
        "schoonmaak de ster",
        "naam@voorbeeld.nl",
    )
    with pytest.raises(InvalidIdentifier) as info:
        normalise_signal({"id": "x", "source": "s", "employer": {"kvk": "1234"}})
    assert info.value.field == "employer.kvk"


def test_missing_and_null_fields_are_fine():
    n = normalise_signal(
        {"id": "x", "source": "s", "person": None, "address": {"postcode": None}, "contacts": None}
    )
    assert n.to_dict() == {"id": "x", "source": "s"}


def test_to_dict_is_nested_like_the_interchange_format():
    n = normalise_signal(
        {
            "id": "x",
            "source": "s",
            "person": {"name": "Berg, van den, Jan", "phone": "06-12345678"},
            "address": {"postcode": "1234 ab", "house_number": "12a"},
        }
    )
    d = n.to_dict()
    assert d["person"]["phone"] == "+31612345678"
    assert d["person"]["surname"] == "berg"
    assert d["address"] == {
        "postcode": "1234AB",
        "house_number": "12",
        "house_number_suffix": "A",
        "house": "12A",
    }


def test_every_reason_is_a_fixed_dutch_sentence():
    assert all(r.endswith(".") and "{" not in r for r in REASONS)
