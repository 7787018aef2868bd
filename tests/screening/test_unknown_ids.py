"""Unknown indicator ids and an unknown role are refused, every one of them named."""

import pytest

from signaalwijzer.screening.engine import UnknownIdsError
from tests.screening.knowledge import weigh


def test_unknown_ids_and_role_are_all_named():
    with pytest.raises(UnknownIdsError) as caught:
        weigh("hours_strong", "nope", "also_nope", "nope", role="astronaut")
    assert caught.value.indicators == ["also_nope", "nope"]
    assert caught.value.role == "astronaut"
    message = str(caught.value)
    assert "Unknown indicator id(s): also_nope, nope." in message
    assert "Unknown role 'astronaut'; valid roles: wijkagent, wijkteam." in message


def test_only_unknown_ids():
    with pytest.raises(UnknownIdsError) as caught:
        weigh("nope")
    assert caught.value.indicators == ["nope"]
    assert caught.value.role is None
    assert "role" not in str(caught.value)


def test_only_an_unknown_role():
    with pytest.raises(UnknownIdsError) as caught:
        weigh("hours_strong", role="astronaut")
    assert caught.value.indicators == []
    assert caught.value.role == "astronaut"


def test_it_is_a_value_error():
    with pytest.raises(ValueError):
        weigh(role="")


def test_a_single_id_given_as_a_string_is_one_id():
    from signaalwijzer.screening.engine import screening_evaluate
    from tests.screening.knowledge import fixture_kb

    result = screening_evaluate(indicators="hours_strong", role="wijkteam", kb=fixture_kb())
    assert [s.id for s in result.signals] == ["hours_strong"]
