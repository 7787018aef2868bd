"""Notitie-analyse: suggest indicators from a professional's own words, with the words they came from.

Pure Python: no Django import. The lexicon lives in `data/` and is validated at load against the
knowledge base (see `schema.py` for the pattern syntax, ADR 0008 for the approach).
"""

from signaalwijzer.notes.analyse import (
    DEFAULT_ROLE,
    MAX_TEXT,
    NoteAnalysis,
    NoteReading,
    Suggestion,
    analysis_forms,
    note_analyse,
    note_read_all,
    note_suggest,
)
from signaalwijzer.notes.lexicon import Lexicon, LexiconError, lexicon, lexicon_for, lexicon_load
from signaalwijzer.notes.minor import MinorFinding

__all__ = [
    "DEFAULT_ROLE",
    "MAX_TEXT",
    "Lexicon",
    "LexiconError",
    "MinorFinding",
    "NoteAnalysis",
    "NoteReading",
    "Suggestion",
    "analysis_forms",
    "lexicon",
    "lexicon_for",
    "lexicon_load",
    "note_analyse",
    "note_read_all",
    "note_suggest",
]
