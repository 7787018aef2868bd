"""The client's identifying details: checked (BSN elfproef, phone, e-mail, birth date) and normalised."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from signaalwijzer.cases import services
from signaalwijzer.cases.services import ClientDetails
from tests.cases import factories

pytestmark = pytest.mark.django_db


def update(case, **details):
    return services.case_client_update(
        case=case, actor=case.owner, expected_version=case.version, details=ClientDetails(**details)
    )


def errors_for(**details) -> dict[str, str]:
    case = factories.case()
    with pytest.raises(services.CaseInputError) as error:
        update(case, **details)
    case.refresh_from_db()
    assert case.version == 1  # nothing written
    return error.value.errors


def test_details_are_stored_normalised_and_read_back():
    case = update(
        factories.case(),
        name=" Vera Voorbeeld ",
        birth_date=dt.date(2008, 3, 17),
        bsn="1112.22.333",
        phone="06-12345678",
        email="vera@example.org",
        address="Proefstraat 1",
    )
    case.refresh_from_db()
    assert (case.client_name, case.client_birth_date, case.client_bsn, case.client_phone) == (
        "Vera Voorbeeld",
        "2008-03-17",
        "111222333",
        "+31612345678",
    )
    details = services.client_details_of(case)
    assert details.birth_date == dt.date(2008, 3, 17)
    assert services.phone_display(case.client_phone) == "06 12345678"


def test_every_detail_may_be_empty():
    case = update(factories.client(factories.case()))
    case.refresh_from_db()
    assert (case.client_name, case.client_bsn, case.client_phone, case.label) == ("", "", "", "")
    assert case.entries.filter(kind="client").last().data["fields"] == [
        "address",
        "birth_date",
        "bsn",
        "email",
        "label",
        "name",
        "phone",
    ]


@pytest.mark.parametrize("bsn", ["111222334", "12345678", "abcdefghi"])
def test_a_bsn_that_fails_the_elfproef_or_has_the_wrong_length_is_refused(bsn):
    assert set(errors_for(bsn=bsn)) == {"bsn"}


def test_the_elfproef_message_says_what_to_do():
    assert "elfproef" in errors_for(bsn="111222334")["bsn"]


@pytest.mark.parametrize("phone", ["06-1234", "12345678901234567", "bel me"])
def test_a_phone_number_that_is_not_a_number_is_refused(phone):
    assert set(errors_for(phone=phone)) == {"phone"}


def test_an_international_phone_number_is_kept_in_e164():
    case = update(factories.case(), phone="+48 601 234 567")
    assert case.client_phone == "+48601234567"


def test_a_bad_email_is_refused():
    assert set(errors_for(email="vera@")) == {"email"}


@pytest.mark.parametrize("birth_date", [timezone.localdate() + dt.timedelta(days=3), dt.date(1899, 12, 31)])
def test_a_birth_date_in_the_future_or_before_1900_is_refused(birth_date):
    assert set(errors_for(birth_date=birth_date)) == {"birth_date"}


def test_all_bad_fields_are_named_at_once():
    errors = errors_for(bsn="1", phone="x", email="y", name="n" * 201)
    assert set(errors) == {"bsn", "phone", "email", "name"}


def test_only_changed_fields_are_named_in_the_history():
    case = factories.client(factories.case())
    case = update(case, **{**factories.CLIENT.__dict__, "phone": "06 87654321"})
    assert case.entries.filter(kind="client").last().data == {"fields": ["phone"]}
