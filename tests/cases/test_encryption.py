"""Identifying client details and free text are encrypted at rest (issue 3 §3): a raw database row holds
tokens, never a name, birth date, BSN, phone, e-mail, address or typed text."""

from __future__ import annotations

import pytest
from django.db import connection

from signaalwijzer.cases import crypto, services
from signaalwijzer.cases.models import Case, CaseEntry
from tests.cases import factories

pytestmark = pytest.mark.django_db

SECRETS = (
    "Vera",
    "Voorbeeld",
    "2008-03-17",
    "111222333",
    "612345678",
    "vera.voorbeeld",
    "Proefstraat",
    "Proef V.",
    "blauwe plekken",
    "Mw. Proef",
    "schuld",
)


def raw_rows(model) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        return cursor.fetchall()


@pytest.fixture
def filled():
    case = factories.client(factories.observation(factories.case(indicators=factories.VERMOEDEN)))
    case = factories.conversation(case)
    return services.case_consultation_add(
        case=case,
        actor=case.owner,
        expected_version=case.version,
        consulted_with="veilig_thuis",
        consulted_on=case.created_at.date(),
        advice="Bespreek de schuld.",
        consulted_name="Mw. Proef",
    )


def test_no_raw_row_holds_a_plaintext_identifier_or_typed_text(filled):
    for model in (Case, CaseEntry):
        dump = repr(raw_rows(model))
        for secret in SECRETS:
            assert secret not in dump, (model.__name__, secret)


def test_the_encrypted_columns_hold_fernet_tokens_that_the_app_reads_back(filled):
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_name, client_bsn, label FROM cases_case WHERE id = %s", [filled.pk])
        name, bsn, label = cursor.fetchone()
    assert all(token.startswith("gAAAAA") for token in (name, bsn, label))
    assert crypto.text_decrypt(name) == "Vera Voorbeeld"
    case = Case.objects.get(pk=filled.pk)
    assert (case.client_name, case.client_bsn, case.label) == ("Vera Voorbeeld", "111222333", "Proef V.")


def test_an_empty_value_is_stored_empty_not_as_a_token():
    case = factories.case()
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_name, label FROM cases_case WHERE id = %s", [case.pk])
        assert cursor.fetchone() == ("", "")


def test_the_same_value_encrypts_differently_each_time(filled):
    first, second = crypto.text_encrypt("Vera"), crypto.text_encrypt("Vera")
    assert first != second  # no equality leak between rows


def test_a_token_from_a_key_that_is_not_configured_cannot_be_read(filled, settings):
    from cryptography.fernet import Fernet

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError):
        Case.objects.get(pk=filled.pk)
