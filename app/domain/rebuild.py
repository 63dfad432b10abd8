"""Putting amended content back together: one pass over the flat pieces of `edit_regions`, without recursion.

Existing sets and alternatives keep their keys and every node they hold; a changed region becomes whatever the
caller makes of it, inside the alternative that is open where the region starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.domain.edit_regions import Piece, Region
from app.domain.tree import Alternative, BracketSet, Inline, Text


def join_text(items: Sequence[Inline]) -> tuple[Inline, ...]:
    """Merge neighbouring text runs and drop empty ones."""
    joined: list[Inline] = []
    for item in items:
        if isinstance(item, Text):
            if not item.text:
                continue
            if joined and isinstance(joined[-1], Text):
                joined[-1] = Text(joined[-1].text + item.text)
                continue
        joined.append(item)
    return tuple(joined)


@dataclass(slots=True)
class _OpenSet:
    """An existing set being rebuilt: its alternatives as rebuilt so far."""

    node: BracketSet
    alternatives: list[Alternative] = field(default_factory=list)


def rebuild(
    old: list[Piece],
    regions: list[Region],
    additions: dict[int, list[Alternative]],
    new_set: Callable[[str, str], list[Inline]],
) -> tuple[Inline, ...]:
    """The content again from its flat pieces: each region replaced by `new_set(old text, new text)` where it
    stands, each set in `additions` (by `id`) given those alternatives after its own.

    One pass with a stack of open alternatives: a region is put in the innermost alternative open at its start,
    which is where the pieces around it stand.
    """
    by_start = {region.start: region for region in regions}
    frames: list[list[Inline | str]] = [[]]
    open_sets: list[_OpenSet] = []
    index = 0
    while True:
        region = by_start.pop(index, None)
        if region is not None:
            frames[-1] += new_set(region.old_text, region.new_text)
            index += len(region.deleted)
            continue  # another region may start where this one ends
        if index == len(old):
            break
        piece = old[index]
        index += 1
        if piece.role == "text":
            frames[-1].append(piece.key[1])
        elif piece.role == "atom":
            assert piece.node is not None
            frames[-1].append(piece.node)
        elif piece.role == "open":
            assert isinstance(piece.node, BracketSet)
            if not open_sets or open_sets[-1].node is not piece.node:
                open_sets.append(_OpenSet(piece.node))  # the first alternative of a set
            frames.append([])
        elif piece.role == "close":
            _close_alternative(open_sets, frames, additions)
        # a separator needs nothing: the set keeps its own separators
    return _joined(frames[0])


def _close_alternative(
    open_sets: list[_OpenSet], frames: list[list[Inline | str]], additions: dict[int, list[Alternative]]
) -> None:
    """End the innermost open alternative; after a set's last one, put the set (with any additions) in place."""
    current = open_sets[-1]
    node = current.node
    alternative = node.alternatives[len(current.alternatives)]
    current.alternatives.append(replace(alternative, content=_joined(frames.pop())))
    if len(current.alternatives) < len(node.alternatives):
        return
    open_sets.pop()
    extra = additions.get(id(node), [])
    alternatives = (*current.alternatives, *extra)
    frames[-1].append(replace(node, alternatives=alternatives, separators=node.separators + (" ",) * len(extra)))


def _joined(items: list[Inline | str]) -> tuple[Inline, ...]:
    """Inlines with each run of plain strings as one text (joined once, not appended to piece by piece)."""
    result: list[Inline] = []
    run: list[str] = []
    for item in items:
        if isinstance(item, str):
            run.append(item)
            continue
        if run:
            result.append(Text("".join(run)))
            run = []
        result.append(item)
    if run:
        result.append(Text("".join(run)))
    return join_text(result)
