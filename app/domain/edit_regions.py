"""Where an edit changes a paragraph: the content and the edited text as flat tokens, and the changed regions.

Both sides are flattened into tokens — words, white space, punctuation, each `[` and `]` of a bracket set, and
each placeholder, footnote marker or footnote as one token — so that existing sets are matched exactly as they
stand, even two independent sets side by side that would read as one if re-parsed. Each piece knows the
alternative it stands in (its slot); a region that deletes a bracket, separator or atom is a restructuring.
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
ROOT = 0
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
    slot: int  # the alternative (or ROOT) the piece stands in; for brackets, where their set stands
    node: Inline | None = None  # the set of a bracket or separator; the node of an atom
    child: int = -1  # for brackets: the alternative they open or close


@dataclass(frozen=True, slots=True)
class Slot:
    """An alternative met while flattening (slot 0 is the paragraph's own text)."""

    parent: int
    bracket_set: BracketSet | None = None


@dataclass(slots=True)
class Region:
    """One changed run: the old pieces it replaces and the new pieces it puts there."""

    start: int  # index of the first current piece it replaces
    deleted: list[Piece] = field(default_factory=list)
    inserted: list[Piece] = field(default_factory=list)
    slot: int = ROOT

    @property
    def new_text(self) -> str:
        """The wording the region puts in."""
        return "".join(piece.key[1] for piece in self.inserted)

    @property
    def old_text(self) -> str:
        """The wording the region takes out."""
        return "".join(piece.key[1] for piece in self.deleted)


def flatten(content: Sequence[Inline], slot: int, slots: list[Slot], *, depth: int) -> list[Piece]:
    """The content as a flat list of tokens; `slots` gets one entry per alternative met."""
    if depth > MAX_DEPTH:
        raise AmendmentError(f"bracket sets nested deeper than {MAX_DEPTH} levels cannot be amended")
    pieces: list[Piece] = []
    for item in content:
        if isinstance(item, Text):
            pieces += [Piece(("w", token), "text", slot) for token in tokenize(item.text)]
        elif isinstance(item, BracketSet):
            for index, alternative in enumerate(item.alternatives):
                if index and item.separators[index - 1]:
                    pieces.append(Piece(("w", item.separators[index - 1]), "sep", slot, item))
                slots.append(Slot(parent=slot, bracket_set=item))
                child = len(slots) - 1
                pieces.append(Piece(("[", "["), "open", slot, item, child))
                pieces += flatten(alternative.content, child, slots, depth=depth + 1)
                pieces.append(Piece(("]", "]"), "close", slot, item, child))
        else:
            pieces.append(Piece(("a", render_inlines((item,))), "atom", slot, item))
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
    for region in regions:
        if result and _depth_change(result[-1].new_text) != 0:
            last = result[-1]
            between = old[last.start + len(last.deleted) : region.start]
            last.deleted += between + region.deleted
            last.inserted += [replace(p) for p in between] + region.inserted
            continue
        result.append(region)
    if result and _depth_change(result[-1].new_text) != 0:
        raise AmendmentError("the new wording has unbalanced brackets")
    return result


def _depth_change(text: str) -> int:
    depth = 0
    for char in text:
        depth += 1 if char == "[" else -1 if char == "]" else 0
        if depth < 0:
            return depth
    return depth


def container(region: Region, old: list[Piece]) -> int:
    """The alternative (or ROOT) a region changes; refuses a region that deletes structure."""
    for piece in region.deleted:
        if piece.role != "text":
            raise RestructureError(
                f"the edit removes or reshapes {describe(piece)}; removing or merging bracket sets is for the chair"
            )
    if region.deleted:
        return region.deleted[0].slot
    before = old[region.start - 1] if region.start else None
    after = old[region.start] if region.start < len(old) else None
    if before is not None and before.role == "open":
        return before.child
    if after is not None and after.role == "close":
        return after.child
    if before is not None:
        return before.slot
    return after.slot if after is not None else ROOT


def last_child(old: list[Piece], close: Piece) -> int:
    """The last alternative of the set that `close` belongs to."""
    return max(piece.child for piece in old if piece.node is close.node and piece.role == "close")


def is_first_open(old: list[Piece], index: int) -> bool:
    """True when the piece at `index` opens the first alternative of its set."""
    return not any(piece.node is old[index].node and piece.role == "open" for piece in old[:index])


def has_changed_ancestor(slot: int, changed: set[int], slots: list[Slot]) -> bool:
    """True when an enclosing alternative changed too (it takes this change with it)."""
    parent = slots[slot].parent
    while parent != ROOT:
        if parent in changed:
            return True
        parent = slots[parent].parent
    return False


def edited_text(old: list[Piece], regions: list[Region], slot: int) -> str:
    """An alternative's text with every change inside it (nested ones included) applied."""
    start = next(i for i, p in enumerate(old) if p.role == "open" and p.child == slot) + 1
    end = next(i for i, p in enumerate(old) if p.role == "close" and p.child == slot)
    by_start = {region.start: region for region in regions if start <= region.start <= end}
    out: list[str] = []
    index = start
    while index <= end:
        region = by_start.pop(index, None)
        if region is not None:
            out.append(region.new_text)
            if region.deleted:
                index += len(region.deleted)
                continue
        if index < end:
            out.append(old[index].key[1])
        index += 1
    return "".join(out)


def describe(piece: Piece) -> str:
    """What a structural piece is, for an error message."""
    if piece.role in ("open", "close", "sep"):
        assert piece.node is not None
        return f"the bracket set {render_inlines((piece.node,))[:80]!r}"
    return f"{piece.key[1][:80]!r}"
