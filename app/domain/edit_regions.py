"""Where an edit changes a paragraph: the content and the edited text as flat tokens, and the changed regions.

Both sides are flattened into tokens — words, white space, punctuation, each `[` and `]` of a bracket set, and
each placeholder, footnote marker or footnote as one token — so that existing sets are matched exactly as they
stand, even two independent sets side by side that would read as one if re-parsed. A region that deletes a
bracket, separator or atom, or puts wording between two alternatives of one set, is a restructuring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from app.domain.diff import OpKind, diff_keys, tokenize
from app.domain.errors import DomainError
from app.domain.render import render_inlines
from app.domain.tree import BracketSet, Inline, Text

MAX_DEPTH = 64
Role = Literal["text", "open", "close", "sep", "atom"]


class AmendmentError(DomainError):
    """An edit that cannot be turned into bracket sets."""


class RestructureError(AmendmentError):
    """The edit removes, merges or reshapes existing bracket sets, placeholders or footnotes."""


@dataclass(frozen=True, slots=True)
class Piece:
    """One token of the flattened content; `key` is what the diff compares."""

    key: tuple[str, str]
    role: Role
    node: Inline | None = None  # the set of a bracket or separator; the node of an atom


@dataclass(slots=True)
class Region:
    """One changed run: the old pieces it replaces and the new pieces it puts there."""

    start: int  # index of the first current piece it replaces
    deleted: list[Piece] = field(default_factory=list)
    inserted: list[Piece] = field(default_factory=list)

    @property
    def new_text(self) -> str:
        """The wording the region puts in."""
        return "".join(piece.key[1] for piece in self.inserted)

    @property
    def old_text(self) -> str:
        """The wording the region takes out."""
        return "".join(piece.key[1] for piece in self.deleted)


def flatten(content: Sequence[Inline], *, depth: int = 0) -> list[Piece]:
    """The content as a flat list of tokens, nested sets included."""
    if depth > MAX_DEPTH:
        raise AmendmentError(f"bracket sets nested deeper than {MAX_DEPTH} levels cannot be amended")
    pieces: list[Piece] = []
    for item in content:
        if isinstance(item, Text):
            pieces += [Piece(("w", token), "text") for token in tokenize(item.text)]
        elif isinstance(item, BracketSet):
            for index, alternative in enumerate(item.alternatives):
                if index and item.separators[index - 1]:
                    pieces.append(Piece(("w", item.separators[index - 1]), "sep", item))
                pieces.append(Piece(("[", "["), "open", item))
                pieces += flatten(alternative.content, depth=depth + 1)
                pieces.append(Piece(("]", "]"), "close", item))
        else:
            pieces.append(Piece(("a", render_inlines((item,))), "atom", item))
    return pieces


def changed_regions(old: list[Piece], new: list[Piece]) -> list[Region]:
    """The runs of the diff that change something, each with the old pieces it replaces."""
    regions: list[Region] = []
    i = j = 0
    previous: OpKind = "equal"
    for kind, keys in diff_keys([p.key for p in old], [p.key for p in new]):
        if kind != "equal" and (previous == "equal" or not regions):
            regions.append(Region(start=i))
        if kind == "delete":
            regions[-1].deleted += old[i : i + len(keys)]
        elif kind == "insert":
            regions[-1].inserted += new[j : j + len(keys)]
        i += len(keys) if kind != "insert" else 0
        j += len(keys) if kind != "delete" else 0
        previous = kind
    return regions


def balanced(regions: list[Region], old: list[Piece]) -> list[Region]:
    """Join neighbouring regions until each one's new text has balanced brackets (`shall` → `[shall][should]`)."""
    result: list[Region] = []
    for index, region in enumerate(regions):
        if result and _depth_change(result[-1].new_text) != 0:
            last = result[-1]
            between = old[last.start + len(last.deleted) : region.start]
            last.deleted += between + region.deleted
            last.inserted += [replace(p) for p in between] + region.inserted
            continue
        lowest = result[-1].start + max(len(result[-1].deleted), 1) if result else 0
        highest = regions[index + 1].start - 1 if index + 1 < len(regions) else len(old)
        result.append(_slid(region, old, lowest, highest))
    if result and _depth_change(result[-1].new_text) != 0:
        raise AmendmentError("the new wording has unbalanced brackets")
    return result


def _slid(region: Region, old: list[Piece], lowest: int, highest: int) -> Region:
    """An insertion with unbalanced brackets moved along equal tokens to where they balance (`[b] [z] [c]` is
    diffed as `[b] [` + `z] [` + `c]`; the same insertion before the second `[` is `[z] `); the text is the same."""
    if region.deleted or _depth_change(region.new_text) == 0:
        return region
    for step in (-1, 1):
        start, inserted = region.start, list(region.inserted)
        while lowest <= start + step <= highest:
            if step < 0 and old[start - 1].key == inserted[-1].key:
                inserted = [inserted[-1], *inserted[:-1]]
            elif step > 0 and old[start].key == inserted[0].key:
                inserted = [*inserted[1:], inserted[0]]
            else:
                break
            start += step
            if _depth_change("".join(piece.key[1] for piece in inserted)) == 0:
                return Region(start, [], inserted)
    return region


def _depth_change(text: str) -> int:
    depth = 0
    for char in text:
        depth += 1 if char == "[" else -1 if char == "]" else 0
        if depth < 0:
            return depth
    return depth


def check_region(region: Region, old: list[Piece]) -> None:
    """Refuse a region that deletes structure or puts wording between the alternatives of one set."""
    for piece in region.deleted:
        if piece.role != "text":
            raise RestructureError(
                f"the edit removes or reshapes {describe(piece)}; removing or merging bracket sets is for the chair"
            )
    if region.deleted:
        return
    before = old[region.start - 1] if region.start else None
    after = old[region.start] if region.start < len(old) else None
    if (
        before is not None
        and after is not None
        and before.role in ("close", "sep")
        and after.role in ("open", "sep")
        and before.node is after.node
    ):
        raise RestructureError(
            f"the edit puts wording between the alternatives of {describe(before)}; splitting a set is for the chair"
        )


def describe(piece: Piece) -> str:
    """What a structural piece is, for an error message."""
    if piece.role in ("open", "close", "sep"):
        assert piece.node is not None
        return f"the bracket set {render_inlines((piece.node,))[:80]!r}"
    return f"{piece.key[1][:80]!r}"
