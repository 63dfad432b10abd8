"""Proposals made on a selection of words: turn "this selection, and what to do with it" into an edited text.

The edited text then goes through `amend`, so a selection and a full edit follow the same rules. In the
paragraph's own text, other wording for a selection is typed as competing alternatives (`[selected] [other]`),
so the bracket covers exactly what the delegate selected; inside an alternative, the selection is replaced and
`amend` nests a new set in that alternative around the words that changed.
"""

from __future__ import annotations

from typing import Literal

from app.domain.errors import DomainError
from app.domain.render import render_inlines
from app.domain.tree import Inline, Text

Action = Literal["other", "delete", "insert"]
ACTIONS: tuple[Action, ...] = ("other", "delete", "insert")


class SelectionError(DomainError):
    """A selection that does not fit the text, or an action that needs wording and got none."""


def selection_edit(content: tuple[Inline, ...], start: int, end: int, action: str, wording: str = "") -> str:
    """The paragraph's text with the action applied to the selected characters [start, end)."""
    text = render_inlines(content)
    if action not in ACTIONS:
        raise SelectionError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    if not 0 <= start <= end <= len(text):
        raise SelectionError(f"the selection {start}–{end} lies outside the paragraph (0–{len(text)})")
    start, end = _trimmed(text, start, end)
    wording = wording.strip()
    if start == end:
        raise SelectionError("select at least one word")
    if action != "delete" and not wording:
        raise SelectionError("type the wording to propose")
    if action == "delete":
        # One space goes with the deleted words, so that what remains reads as one sentence.
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
        return text[:start] + text[end:]
    if action == "insert":
        glue = " " if wording[:1].isalnum() else ""
        return text[:end] + glue + wording + text[end:]
    if _in_own_text(content, start, end):
        return f"{text[:start]}[{text[start:end]}] [{wording}]{text[end:]}"
    return text[:start] + wording + text[end:]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Browsers often select the space after a word; the bracket should not."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _in_own_text(content: tuple[Inline, ...], start: int, end: int) -> bool:
    """True when the selection lies inside one run of the paragraph's own (unbracketed) text."""
    offset = 0
    for node in content:
        length = len(render_inlines((node,)))
        if isinstance(node, Text) and offset <= start and end <= offset + length:
            return True
        offset += length
    return False
