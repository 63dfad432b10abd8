"""Rendering a tree back to bracketed text, exactly as it was parsed."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.tree import Document, Inline, Paragraph
from app.domain.walk import iter_events, iter_inline_events, iter_paragraph_events


def render(doc: Document) -> str:
    """Render a whole document as bracketed text; `render(parse(text)) == text`."""
    return "".join(event.text for event in iter_events(doc))


def render_paragraph(paragraph: Paragraph) -> str:
    """Render one paragraph: its prefix, content and trailing line breaks."""
    return "".join(event.text for event in iter_paragraph_events(paragraph))


def render_inlines(content: Iterable[Inline]) -> str:
    """Render a sequence of inlines as bracketed text."""
    return "".join(event.text for event in iter_inline_events(content))
