"""The two knowledge bases the screening tests weigh against.

- `fixture_kb()`: the small synthetic one in `tests/fixtures/knowledge/`, with known strengths, so that
  each rule can be stated as a case. Loaded through the real loader, so it is validated like content.
- `real_kb()`: the shipped content. Tests that need it skip, with the loader's problems as the reason,
  while the content does not load (it is written alongside the engine); `signaalwijzer kennis check`
  and the knowledge tests are where broken content fails.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from signaalwijzer.knowledge import KnowledgeBase, KnowledgeError, knowledge_base, knowledge_load
from signaalwijzer.screening.engine import screening_evaluate
from signaalwijzer.screening.result import ScreeningResult

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge"


@cache
def fixture_kb() -> KnowledgeBase:
    return knowledge_load(FIXTURE_DIR, require_shipped_ids=False)


@cache
def _real() -> KnowledgeBase | str:
    try:
        return knowledge_base()
    except KnowledgeError as exc:
        return (
            f"the shipped knowledge base does not load yet ({len(exc.problems)} problems; see kennis check)"
        )


def real_kb() -> KnowledgeBase:
    """The shipped knowledge base, or skip the calling test while it does not load."""
    found = _real()
    if isinstance(found, str):
        pytest.skip(found)
    return found


def weigh(*ids: str, role: str = "wijkteam", minor: bool = False, **kwargs) -> ScreeningResult:
    """Weigh on the fixture knowledge base."""
    return screening_evaluate(indicators=ids, role=role, minor=minor, kb=fixture_kb(), **kwargs)


def picture(result: ScreeningResult, form: str):
    return next(p for p in result.forms if p.form == form)
