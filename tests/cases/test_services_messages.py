"""An empty text that a step needs gets a message that says what to write, not a bare "fill this in"."""

from __future__ import annotations

import pytest
from django.utils import timezone

from signaalwijzer.cases import services
from tests.cases import factories

pytestmark = pytest.mark.django_db


def errors_of(call, **kwargs) -> dict[str, str]:
    with pytest.raises(services.CaseInputError) as error:
        call(**kwargs)
    return error.value.errors


def _written(case, call, **kwargs) -> dict[str, str]:
    return errors_of(call, case=case, actor=case.owner, expected_version=case.version, **kwargs)


def test_a_decision_without_reasons_asks_why():
    errors = _written(factories.case(), services.case_decision_record, decision="hulp", text="  ")
    assert errors == {"text": "Schrijf op waarom je dit besluit."}


def test_closing_without_a_reason_asks_why():
    errors = _written(factories.case(), services.case_close, reason="")
    assert errors == {"reason": "Schrijf op waarom je het dossier sluit."}


def test_reopening_without_a_reason_asks_why():
    errors = _written(factories.closed(factories.case()), services.case_reopen, reason=" \n ")
    assert errors == {"reason": "Schrijf op waarom je het dossier weer opent."}


def test_no_conversation_for_another_reason_asks_why():
    errors = _written(
        factories.case(),
        services.case_conversation_record,
        held=False,
        held_on=None,
        text="",
        reason_not_held="anders",
    )
    assert errors == {"text": "Schrijf op waarom het gesprek niet kan."}


def test_a_held_conversation_without_text_gets_the_plain_message():
    errors = _written(
        factories.case(),
        services.case_conversation_record,
        held=True,
        held_on=timezone.localdate(),
        text="",
    )
    assert errors == {"text": "Vul dit in."}


def test_a_reason_that_is_too_long_is_told_so_not_asked_for():
    errors = _written(factories.case(), services.case_close, reason="x" * (services.TEXT_MAX + 1))
    assert "te lang" in errors["reason"]
