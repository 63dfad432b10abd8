"""The pure core: the bracketed-text tree, its parser and renderer, clean text and statistics.

Standard library only; no I/O, no clock. Import the names below from `app.domain`.
"""

from app.domain.clean import clean_text
from app.domain.encoding import decode_utf8
from app.domain.errors import DomainError, EncodingError, InvalidChoiceError, UndecidedError, UndecidedItem
from app.domain.literals import UncertainBracket, uncertain_brackets
from app.domain.parser import parse
from app.domain.render import render, render_inlines, render_paragraph
from app.domain.serialize import to_data
from app.domain.stats import DocumentStats, ParagraphStats, statistics
from app.domain.tree import (
    Alternative,
    BareNumbers,
    BlockAlternative,
    BlockSet,
    BracketSet,
    Document,
    Footnote,
    FootnoteRef,
    Inline,
    Layout,
    Paragraph,
    ParseWarning,
    Placeholder,
    Reading,
    Syntax,
    Text,
)
from app.domain.walk import Location, bracket_sets_in, iter_bracket_sets, iter_placeholders, nested_within

__all__ = [
    "Alternative",
    "BareNumbers",
    "BlockAlternative",
    "BlockSet",
    "BracketSet",
    "Document",
    "DocumentStats",
    "DomainError",
    "EncodingError",
    "Footnote",
    "FootnoteRef",
    "Inline",
    "InvalidChoiceError",
    "Layout",
    "Location",
    "Paragraph",
    "ParagraphStats",
    "ParseWarning",
    "Placeholder",
    "Reading",
    "Syntax",
    "Text",
    "UncertainBracket",
    "UndecidedError",
    "UndecidedItem",
    "bracket_sets_in",
    "clean_text",
    "decode_utf8",
    "iter_bracket_sets",
    "iter_placeholders",
    "nested_within",
    "parse",
    "render",
    "render_inlines",
    "render_paragraph",
    "statistics",
    "to_data",
    "uncertain_brackets",
]
