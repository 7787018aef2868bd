"""Conversion of knowledge-base texts to the engine's own Text."""

from signaalwijzer.knowledge.schema import Text as KText
from signaalwijzer.screening.result import Text


def as_text(text: KText) -> Text:
    return Text(text.nl, text.en)
