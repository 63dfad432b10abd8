"""The brackets a paragraph's text holds that pair with nothing — stray `]`, unclosed `[` — marked on the page where
they stand (the parser keeps them as text and warns of them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.domain.literals import is_literal
from app.domain.tree import Inline
from app.domain.walk import iter_inline_events
from app.services.reading.document import DocumentReader

UNMATCHED = {
    "stray": "a ‘]’ that no ‘[’ opens in this paragraph, kept as text",
    "unclosed": "a ‘[’ that no ‘]’ closes in this paragraph, kept as text",
}


@dataclass(frozen=True, slots=True)
class Unmatched:
    """The brackets of a paragraph's text that pair with nothing (stray `]`, unclosed `[`), by offset."""

    kinds: dict[int, str]

    def within(self, offset: int, length: int) -> bool:
        """Whether a run of text [offset, offset + length) holds one of them."""
        return any(offset <= at < offset + length for at in self.kinds)

    def pieces(self, text: str, offset: int) -> list[tuple[str, str]]:
        """The run's text cut around its unmatched brackets: (text, "" or "stray"/"unclosed")."""
        pieces: list[tuple[str, str]] = []
        start = 0
        for at in sorted(k - offset for k in self.kinds if offset <= k < offset + len(text)):
            if at > start:
                pieces.append((text[start:at], ""))
            pieces.append((text[at], self.kinds[at + offset]))
            start = at + 1
        if start < len(text):
            pieces.append((text[start:], ""))
        return pieces

    def title(self, kind: str) -> str:
        """What the mark says on hover."""
        return UNMATCHED.get(kind, kind)


def unmatched_in(row: Any, tree: tuple[Inline, ...], opens: Counter[int], closes: Counter[int]) -> Unmatched | None:
    """A paragraph's unmatched brackets; its `text` is the rendered live tree, so without a bracket in it there
    is nothing to look for."""
    if "[" not in row.text and "]" not in row.text:
        return None
    return _unmatched(tree, opens_block=opens[row.id or 0], closes_block=closes[row.id or 0])


def block_bracket_edges(reader: DocumentReader) -> tuple[Counter[int], Counter[int]]:
    """How many open block brackets each paragraph opens (their `[` start it) and closes (their `]` end it)."""
    opens: Counter[int] = Counter()
    closes: Counter[int] = Counter()
    for alternative in reader.open_blocks:
        if alternative.scope == "bracket":
            opens[alternative.first_paragraph_id or 0] += 1
            closes[alternative.last_paragraph_id or 0] += 1
    return opens, closes


def _unmatched(tree: tuple[Inline, ...], *, opens_block: int, closes_block: int) -> Unmatched | None:
    """Stray and unclosed brackets where they stand: the parser left in the text runs every bracket it could not
    pair, beside the literal ones (`[^1]`, `renforcée[1]`, `[SEN-1]`, which pair within their run) and the two
    characters of a block bracket (the first `[` of the paragraph it opens, the last `]` of the one it closes)."""
    kinds: dict[int, str] = {}
    position = 0
    for event in iter_inline_events(tree):
        if event.kind == "source" and ("[" in event.text or "]" in event.text):
            kinds.update(_unpaired(event.text, position))
        position += len(event.text)
    unclosed = sorted(at for at, kind in kinds.items() if kind == "unclosed")
    stray = sorted(at for at, kind in kinds.items() if kind == "stray")
    for at in unclosed[:opens_block] + (stray[-closes_block:] if closes_block else []):
        del kinds[at]
    return Unmatched(kinds) if kinds else None


def _unpaired(text: str, offset: int) -> dict[int, str]:
    opened: list[int] = []
    kinds: dict[int, str] = {}
    for index, character in enumerate(text):
        if character == "[":
            opened.append(index)
        elif character == "]" and opened and is_literal(text, opened[-1], index):
            opened.pop()
        elif character == "]":
            kinds[offset + index] = "stray"
    kinds.update((offset + index, "unclosed") for index in opened)
    return kinds
