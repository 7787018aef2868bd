"""Laws of the weighing, checked with generated inputs on the fixture and on the shipped knowledge base.

The shipped-content variants skip while the content does not load (see `knowledge.real_kb`).
"""

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signaalwijzer.knowledge import KnowledgeBase
from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import Outcome
from signaalwijzer.screening.rules import MAX_QUESTIONS
from tests.screening.knowledge import fixture_kb, real_kb

KNOWLEDGE_BASES: dict[str, Callable[[], KnowledgeBase]] = {"fixture": fixture_kb, "shipped": real_kb}
both = pytest.mark.parametrize("which", sorted(KNOWLEDGE_BASES))


def ids_from(kb: KnowledgeBase, kind: str | None = None):
    ids = sorted(i.id for i in kb.indicators.values() if kind is None or i.kind.value == kind)
    return st.lists(st.sampled_from(ids), max_size=10, unique=True)


def case(data, kb: KnowledgeBase, kind: str | None = None) -> tuple[list[str], str, bool]:
    return (
        data.draw(ids_from(kb, kind), label="indicators"),
        data.draw(st.sampled_from(sorted(kb.roles)), label="role"),
        data.draw(st.booleans(), label="minor"),
    )


def weigh(kb: KnowledgeBase, ids, role: str, minor: bool):
    return screening_evaluate(indicators=ids, role=role, minor=minor, kb=kb)


@both
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_adding_an_indicator_never_lowers_the_outcome(which, data):
    kb = KNOWLEDGE_BASES[which]()
    ids, role, minor = case(data, kb)
    extra = data.draw(st.sampled_from(sorted(kb.indicators)), label="extra")
    before = weigh(kb, ids, role, minor).outcome
    after = weigh(kb, [*ids, extra], role, minor).outcome
    assert after >= before


@both
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_saying_it_is_a_child_never_lowers_the_outcome(which, data):
    kb = KNOWLEDGE_BASES[which]()
    ids, role, _ = case(data, kb)
    assert weigh(kb, ids, role, True).outcome >= weigh(kb, ids, role, False).outcome


@both
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_result_is_deterministic_and_independent_of_order_and_duplicates(which, data):
    kb = KNOWLEDGE_BASES[which]()
    ids, role, minor = case(data, kb)
    shuffled = data.draw(st.permutations(ids), label="shuffled")
    first = weigh(kb, ids, role, minor).as_dict()
    assert weigh(kb, ids, role, minor).as_dict() == first
    assert weigh(kb, [*shuffled, *shuffled], role, minor).as_dict() == first
    assert weigh(kb, iter(shuffled), role, minor).as_dict() == first


@both
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_vulnerability_factors_alone_never_exceed_zorgelijk(which, data):
    kb = KNOWLEDGE_BASES[which]()
    ids, role, minor = case(data, kb, kind="vulnerability")
    result = weigh(kb, ids, role, minor)
    assert result.outcome <= Outcome.zorgelijk
    assert result.elements == []


@both
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_what_every_result_promises(which, data):
    kb = KNOWLEDGE_BASES[which]()
    ids, role, minor = case(data, kb)
    result = weigh(kb, ids, role, minor)
    signals = [kb.indicators[s.id] for s in result.signals if s.kind == "indicator"]
    # vermoeden only when the structure is visible for some form, from at least one signal.
    if result.outcome is Outcome.vermoeden:
        assert signals and any(p.structure_visible for p in result.forms)
    # Acute: 112 first, whatever the outcome.
    assert result.acute == any(kb.indicators[s.id].acute for s in result.signals)
    if result.acute:
        assert result.next_steps[0].routes[0].id == "alarm_112"
        assert result.outcome >= Outcome.zorgelijk
    # Elements come from signals only.
    assert set(result.elements) <= {e.value for ind in signals for e in ind.elements}
    # At most five new questions, none about what was seen, none twice.
    asked = [q.indicator for q in result.next_questions]
    assert len(asked) <= MAX_QUESTIONS and len(set(asked)) == len(asked)
    assert not set(asked) & set(ids)
    # The meldcode step only for roles under the meldcode.
    assert (result.meldcode_step is None) == (not kb.roles[role].meldcode)
    # Always the closing sentence: support for a judgement, no verdict.
    assert "geen oordeel over een persoon" in result.explanation[-1].nl
