"""Key rotation (ADR 0007): a new key first, `keys rotate`, `keys status`, then the old key can go."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from signaalwijzer.cases import crypto, services
from signaalwijzer.cases.maintenance import case_fields_key_status
from signaalwijzer.cases.models import Case, CaseEntry
from tests.cases import factories

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def under_old_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    cases = [factories.client(factories.observation(factories.case())) for _ in range(3)]
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    return cases


def test_with_the_new_key_first_old_values_still_read_and_new_ones_use_the_new_key(under_old_key):
    case = Case.objects.get(pk=under_old_key[0].pk)
    assert case.client_name == "Vera Voorbeeld"
    factories.observation(case, text="Nieuw.")
    latest = CaseEntry.objects.filter(case=case).latest("pk")
    assert latest.text == "Nieuw."
    assert crypto.token_is_current(_raw("cases_caseentry", "text", latest.pk))
    assert not crypto.token_is_current(_raw("cases_case", "client_name", case.pk))


def test_status_counts_old_values_and_fails_until_rotated(under_old_key):
    status = case_fields_key_status()
    assert status.old["cases_case.client_name"] == 3
    assert status.old["cases_caseentry.text"] == 3
    assert not status.unreadable
    with pytest.raises(CommandError, match="oudere sleutel"):
        run("keys", "status")


def test_rotate_rewrites_every_value_once_and_is_idempotent(under_old_key):
    err = io.StringIO()
    out = io.StringIO()
    call_command("keys", "rotate", "--batch-size", "2", stdout=out, stderr=err)
    assert "Sleutelrotatie klaar: " in out.getvalue()
    assert "cases_case: 2 van 3 rijen" in err.getvalue()  # progress per batch
    status = case_fields_key_status()
    assert status.rotated and status.values == status.current > 0
    assert "Alles staat onder de eerste sleutel" in run("keys", "status")
    assert services.case_fields_rotate() == 0


def test_after_rotation_the_old_key_can_be_removed(under_old_key, settings):
    services.case_fields_rotate()
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    case = Case.objects.get(pk=under_old_key[1].pk)
    assert (case.client_bsn, case.client_phone) == ("111222333", "+31612345678")
    assert CaseEntry.objects.filter(case=case, kind="observation").get().text == "Zag blauwe plekken."


def test_before_rotation_removing_the_old_key_makes_values_unreadable(under_old_key, settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(crypto.DecryptionError):
        Case.objects.get(pk=under_old_key[0].pk)
    with pytest.raises(CommandError, match="geen enkele sleutel"):
        run("keys", "status")
    with pytest.raises(CommandError, match="Rotatie gestopt: cases_case id"):
        run("keys", "rotate")


def test_rotation_does_not_overwrite_a_value_changed_meanwhile(under_old_key):
    case = under_old_key[0]
    old_token = _raw("cases_case", "client_name", case.pk)
    # The app saves the dossier with the new key between the rotation's read and its write:
    factories.client(Case.objects.get(pk=case.pk), details=services.ClientDetails(name="Proef Ander"))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET client_name = %s WHERE id = %s AND client_name = %s",
            [crypto.token_rotate(old_token), case.pk, old_token],
        )
        assert cursor.rowcount == 0  # the guarded UPDATE the rotation uses matches nothing
    assert Case.objects.get(pk=case.pk).client_name == "Proef Ander"


def test_generate_prints_a_usable_key():
    key = run("keys", "generate").strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"x")) == b"x"


def _raw(table: str, column: str, row_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [row_id])  # noqa: S608
        return cursor.fetchone()[0]
