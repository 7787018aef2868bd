"""Kennisbank: forms, indicators, vulnerability factors, role guides and routes, with their sources.

Pure Python: no Django import. Content lives in `data/` and is validated at load.
"""

from signaalwijzer.knowledge.loader import (
    REQUIRED_INDICATOR_IDS,
    KnowledgeBase,
    KnowledgeError,
    knowledge_base,
    knowledge_load,
)

__all__ = ["REQUIRED_INDICATOR_IDS", "KnowledgeBase", "KnowledgeError", "knowledge_base", "knowledge_load"]
