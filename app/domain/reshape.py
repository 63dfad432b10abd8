"""Reshaping paragraphs: split one in two at a character offset, join two into one, and write a new label.

A split may fall only in plain text at the top level of the paragraph, never inside a bracket set, a placeholder
or a footnote: the two parts are whole trees, and the bracket sets (with their keys) go with the part that holds
them. The white space at the cut is dropped (the parts become paragraphs of their own); a label typed at the
start of the second part (`2. Décide …`) becomes its label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.errors import DomainError
from app.domain.labels import LabelMatch, match_label
from app.domain.render import render_inlines
from app.domain.tree import Inline, Text


class ReshapeError(DomainError):
    """A split or a label that cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class Split:
    """The two parts of a split paragraph; `label` is the label found at the start of the second, if any."""

    first: tuple[Inline, ...]
    second: tuple[Inline, ...]
    label: LabelMatch | None


def split_content(content: Sequence[Inline], offset: int) -> Split:
    """Cut a paragraph's content at `offset` (a character of its bracketed text) into two non-empty parts."""
    total = len(render_inlines(tuple(content)))
    if not 0 < offset < total:
        raise ReshapeError(f"offset: {offset} is not inside the paragraph's text (1 to {total - 1})")
    first: list[Inline] = []
    second: list[Inline] = []
    start = 0
    for node in content:
        length = len(render_inlines((node,)))
        end = start + length
        if end <= offset:
            first.append(node)
        elif start >= offset:
            second.append(node)
        elif isinstance(node, Text):
            first.append(Text(node.text[: offset - start]))
            second.append(Text(node.text[offset - start :]))
        else:
            raise ReshapeError(
                f"offset: {offset} falls inside {_what(node)} (characters {start} to {end}); "
                "split before or after it, never inside a bracket"
            )
        start = end
    head, tail = _trimmed_end(first), _trimmed_start(second)
    if not render_inlines(head).strip() or not render_inlines(tail).strip():
        raise ReshapeError(f"offset: at {offset} one of the two parts would be empty")
    lead = tail[0]
    label = match_label(lead.text, 0) if isinstance(lead, Text) else None
    if label is not None and isinstance(lead, Text):
        rest = Text(lead.text[len(label.prefix) :])
        tail = (rest, *tail[1:]) if rest.text else tail[1:]
        if not render_inlines(tail).strip():
            raise ReshapeError(f"offset: at {offset} the second part would be a label alone")
    return Split(head, tail, label)


def join_content(first: Sequence[Inline], second: Sequence[Inline]) -> tuple[Inline, ...]:
    """Two paragraphs' contents as one: a space between them unless one already has it (or the script uses none)."""
    before, after = render_inlines(tuple(first)), render_inlines(tuple(second))
    seam = "" if not before or not after or before[-1].isspace() or after[0].isspace() else " "
    if seam and (_unspaced(before[-1]) or _unspaced(after[0])):
        seam = ""
    return _merged_text([*first, Text(seam), *second])


def label_prefix(typed: str, old_prefix: str, old_label: str | None) -> LabelMatch | None:
    """The prefix and label a typed label gives a paragraph ("" removes it), keeping the old spacing after it."""
    typed = typed.strip()
    if not typed:
        return None
    spacing = old_prefix[len(old_prefix.rstrip()) :] if old_label else ""
    prefix = typed + (spacing or " ")
    match = match_label(prefix + "x", 0)
    if match is None or match.prefix != prefix:
        raise ReshapeError(f"label: {typed!r} is not a paragraph label (such as 3., 3 bis., (c), iv), PP2 or OP3)")
    return match


def _what(node: Inline) -> str:
    kind = type(node).__name__
    return {"BracketSet": "a bracket set", "Placeholder": "a placeholder"}.get(kind, "a footnote")


def _trimmed_end(nodes: list[Inline]) -> tuple[Inline, ...]:
    result = list(nodes)
    while result and isinstance(result[-1], Text):
        text = result[-1].text.rstrip()
        if text:
            result[-1] = Text(text)
            break
        result.pop()
    return tuple(result)


def _trimmed_start(nodes: list[Inline]) -> tuple[Inline, ...]:
    result = list(nodes)
    while result and isinstance(result[0], Text):
        text = result[0].text.lstrip()
        if text:
            result[0] = Text(text)
            break
        result.pop(0)
    return tuple(result)


def _merged_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and result and isinstance(result[-1], Text):
            result[-1] = Text(result[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            result.append(node)
    return tuple(result)


def _unspaced(char: str) -> bool:
    """Chinese, Japanese and Korean text has no spaces between sentences."""
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
