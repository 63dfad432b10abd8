"""Proposals made on a selection of words: turn "this selection, and what to do with it" into an edited text.

The edited text then goes through `amend`, so a selection and a full edit follow the same rules. In the
paragraph's own text, other wording for a selection is typed as competing alternatives (`[selected] [other]`),
so the bracket covers exactly what the delegate selected; inside an alternative, the selection is replaced and
`amend` nests a new set in that alternative around the words that changed.

A selection that cuts a bracket — from the paragraph's own text into a set, or from one alternative into the
next — cannot be proposed on as it stands (half a bracket would remain). It snaps to the outermost bracket set it
cuts (`snap_to_set`), and a proposal on a whole set adds to it: other wording becomes a new alternative, Delete an
empty one, Insert goes after the set.
"""

from __future__ import annotations

from typing import Literal

from app.domain.errors import DomainError
from app.domain.render import render_inlines
from app.domain.tree import BracketSet, Inline, Text
from app.domain.walk import iter_inline_events

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
    whole = snap_to_set(content, start, end)
    if whole is not None and action != "insert":
        start, end, separator = whole
        return f"{text[:end]}{separator}[{'' if action == 'delete' else wording}]{text[end:]}"
    if whole is not None:
        start, end = whole[0], whole[1]
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


def snap_to_set(content: tuple[Inline, ...], start: int, end: int) -> tuple[int, int, str] | None:
    """The outermost bracket set that the selection [start, end) cuts or holds whole — unless the selection lies
    inside one of its alternatives — as (its start, its end, the separator a new alternative takes); else None."""
    position = 0
    opened: list[tuple[int, BracketSet, list[tuple[int, int]]]] = []  # sets being walked: start, set, alternatives
    spans: list[tuple[int, int, BracketSet, list[tuple[int, int]]]] = []
    for event in iter_inline_events(content):
        if event.kind == "set" and isinstance(event.node, BracketSet):
            opened.append((position, event.node, []))
        elif event.kind == "open" and opened:
            opened[-1][2].append((position + 1, position + 1))
        elif event.kind == "close" and opened:
            alternatives = opened[-1][2]
            alternatives[-1] = (alternatives[-1][0], position)
        elif event.kind == "end_set" and opened:
            begin, node, alternatives = opened.pop()
            spans.append((begin, position, node, alternatives))
        position += len(event.text)
    # Outer sets open first: walk them in order of their start, outer before inner.
    for begin, finish, node, alternatives in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not (begin < end and start < finish):
            continue
        if any(first <= start and end <= last for first, last in alternatives):
            continue
        return begin, finish, node.separators[-1] if node.separators else " "
    return None
