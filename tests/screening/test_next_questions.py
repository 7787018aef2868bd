"""Rule 12: the safe questions still open, at most five, for what is missing per form."""

from signaalwijzer.screening.rules import MAX_QUESTIONS
from tests.screening.knowledge import weigh


def asked(result) -> list[str]:
    return [q.indicator for q in result.next_questions]


def test_exploitation_clear_asks_about_coercion_and_deception():
    result = weigh("hours_strong", "pay_medium")
    assert asked(result) == ["debt_strong", "passport_strong"]
    assert all("dwang" in q.why.nl for q in result.next_questions)


def test_coercion_clear_asks_about_exploitation():
    result = weigh("passport_strong", "debt_strong")
    # Strong first; lighter_for_minor and hours_strong* are strong, by id.
    assert asked(result) == ["hours_strong", "hours_strong_2"]
    assert all("uitgebuit" in q.why.nl for q in result.next_questions)


def test_one_signal_asks_about_both_missing_pieces():
    result = weigh("conditions_weak")
    assert asked(result) == ["hours_strong", "hours_strong_2", "debt_strong", "passport_strong"]


def test_the_observer_roles_questions_come_first():
    # locked_in_police is strong but seen by the police: for wijkteam it comes after their own.
    assert "locked_in_police" not in asked(weigh("hours_strong", "pay_medium"))
    assert asked(weigh("hours_strong", "pay_medium", role="wijkagent"))[0] == "locked_in_police"


def test_questions_fit_the_age():
    # Both are exploitation signals that people in the wijkagent role see; one only in adults.
    adult = asked(weigh("passport_strong", "debt_strong", role="wijkagent"))
    assert adult == ["no_contract_adult", "hours_strong"]
    child = asked(weigh("passport_strong", "debt_strong", role="wijkagent", minor=True))
    assert child == ["child_not_in_school", "hours_strong"]


def test_structure_visible_asks_how_someone_got_here():
    result = weigh("hours_strong", "pay_medium", "passport_strong", "debt_strong")
    assert asked(result) == ["recruited"]
    assert result.next_questions[0].text.nl == "Hoe kwam je aan dit werk?"  # the first question
    assert "hoe iemand hier kwam" in result.next_questions[0].why.nl


def test_never_asks_what_was_already_seen_and_never_twice():
    ids = ("hours_strong", "debt_strong", "surveillance_weak", "violence", "errands_medium")
    questions = asked(weigh(*ids))
    assert not set(questions) & set(ids)
    assert len(questions) == len(set(questions))


def test_at_most_five_questions():
    result = weigh("conditions_weak", "surveillance_weak", "sex_work_medium", "errands_medium")
    assert len(result.next_questions) == MAX_QUESTIONS


def test_nothing_seen_yet_asks_the_role_guides_typical_signals():
    # Only a vulnerability factor: start with the signals people in this role see most.
    result = weigh("lvb")
    assert asked(result) == ["hours_strong", "passport_strong", "recruited"]
    assert "jouw werk" in result.next_questions[0].why.nl


def test_starting_questions_fit_the_age():
    assert asked(weigh("lvb", role="wijkagent")) == [
        "locked_in_police",
        "sex_work_medium",
        "no_contract_adult",
    ]
    assert asked(weigh("lvb", role="wijkagent", minor=True)) == ["locked_in_police", "sex_work_medium"]
