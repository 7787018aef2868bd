"""Laws of the weighing, checked with generated inputs on the synthetic and on the shipped knowledge base."""

from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import Outcome
from tests.screening.factories import small_kb

SMALL = small_kb()
REAL = knowledge_base()


def subsets(kb, kind=None):
    ids = sorted(i.id for i in kb.indicators.values() if kind is None or i.kind.value == kind)
    return st.lists(st.sampled_from(ids), max_size=10, unique=True)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), minor=st.booleans(), use_real=st.booleans())
def test_adding_an_indicator_never_lowers_the_outcome(data, minor, use_real):
    kb = REAL if use_real else SMALL
    base = data.draw(subsets(kb))
    extra = data.draw(st.sampled_from(sorted(kb.indicators)))
    role = data.draw(st.sampled_from(sorted(kb.roles)))
    before = screening_evaluate(indicators=base, role=role, minor=minor, kb=kb).outcome
    after = screening_evaluate(indicators=[*base, extra], role=role, minor=minor, kb=kb).outcome
    assert after >= before


@settings(max_examples=200, deadline=None)
@given(data=st.data(), minor=st.booleans())
def test_saying_it_is_a_child_never_lowers_the_outcome(data, minor):
    ids = data.draw(subsets(REAL))
    role = data.draw(st.sampled_from(sorted(REAL.roles)))
    adult = screening_evaluate(indicators=ids, role=role, minor=False, kb=REAL).outcome
    child = screening_evaluate(indicators=ids, role=role, minor=True, kb=REAL).outcome
    assert child >= adult


@settings(max_examples=200, deadline=None)
@given(data=st.data(), minor=st.booleans())
def test_result_is_deterministic_and_independent_of_order(data, minor):
    ids = data.draw(subsets(REAL))
    shuffled = data.draw(st.permutations(ids))
    role = data.draw(st.sampled_from(sorted(REAL.roles)))
    first = screening_evaluate(indicators=ids, role=role, minor=minor, kb=REAL).as_dict()
    again = screening_evaluate(indicators=[*shuffled, *shuffled], role=role, minor=minor, kb=REAL).as_dict()
    assert first == again


@settings(max_examples=300, deadline=None)
@given(data=st.data(), minor=st.booleans(), use_real=st.booleans())
def test_vulnerability_factors_alone_never_exceed_zorgelijk(data, minor, use_real):
    kb = REAL if use_real else SMALL
    ids = data.draw(subsets(kb, kind="vulnerability"))
    role = data.draw(st.sampled_from(sorted(kb.roles)))
    assert screening_evaluate(indicators=ids, role=role, minor=minor, kb=kb).outcome <= Outcome.zorgelijk
