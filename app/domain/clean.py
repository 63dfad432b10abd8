"""Clean text: every bracket set replaced by a decision and every placeholder by its value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from app.domain.errors import InvalidChoiceError, UndecidedError, UndecidedItem
from app.domain.tree import BracketSet, Document, Footnote, FootnoteRef
from app.domain.walk import Location, iter_located

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(slots=True)
class _Scope:
    """An open bracket set: whether text around it was being kept, and which alternative is kept."""

    was_active: bool
    chosen: int | None


def clean_text(
    doc: Document, *, choices: Mapping[int, int | str], values: Mapping[int, str], markers: bool = False
) -> str:
    """Render `doc` with each decided set and placeholder replaced; raise UndecidedError listing the rest.
    Word footnotes read as in print: a superscript number where the marker stood, the notes numbered at the end
    (with `markers`, kept as `[footnoteRef:N]` and `[N: …]`, for a Word file to make real footnotes of them).

    `choices` maps a bracket-set ordinal (see `iter_bracket_sets`) to an alternative index, whose content
    replaces the whole set, or to a compromise text ("" for none). `values` maps a placeholder ordinal to its
    text. Sets and placeholders inside alternatives that are not kept need no decision; neither do those inside
    an undecided set, since which of them matter depends on its decision.
    """
    out: list[str] = []
    text_out = out  # the text; a footnote's words go to their note while it is read
    notes: list[tuple[str, list[str]]] = []
    undecided: list[UndecidedItem] = []
    scopes: list[_Scope] = []
    active = True
    set_ordinal = placeholder_ordinal = 0
    for event, location in iter_located(doc):
        kind = event.kind
        if kind == "set":
            assert isinstance(event.node, BracketSet)
            chosen = _decide(event.node, set_ordinal, location, choices, out, undecided) if active else None
            scopes.append(_Scope(active, chosen))
            set_ordinal += 1
            active = False
        elif kind == "open":
            scope = scopes[-1]
            active = scope.was_active and scope.chosen == event.index
        elif kind == "close":
            active = False
        elif kind == "end_set":
            active = scopes.pop().was_active
        elif kind == "placeholder":
            if active:
                if placeholder_ordinal in values:
                    out.append(values[placeholder_ordinal])
                else:
                    undecided.append(_item("placeholder", placeholder_ordinal, location))
            placeholder_ordinal += 1
        elif kind in ("footnote_ref", "footnote", "end_footnote") and markers:
            if active:
                out.append(event.text)
        elif kind == "footnote_ref" and active:
            assert isinstance(event.node, FootnoteRef)
            out.append(event.node.number.translate(_SUPERSCRIPT))
        elif kind == "footnote" and active:
            assert isinstance(event.node, Footnote)
            if out and out[-1].endswith(" "):
                out[-1] = out[-1][:-1]  # the body leaves its place, and the space before it
            notes.append((event.node.number, []))
            out = notes[-1][1]
        elif kind == "end_footnote" and active:
            out = text_out
        elif kind != "separator" and active:
            out.append(event.text)
    undecided += _open_blocks(doc)
    if undecided:
        raise UndecidedError(tuple(undecided))
    return _with_notes("".join(text_out), notes)


def _with_notes(text: str, notes: list[tuple[str, list[str]]]) -> str:
    """Word footnotes as a reader of plain text expects them: numbered notes after the text."""
    if not notes:
        return text
    lines = "\n".join(f"{number}. {''.join(words).strip()}" for number, words in notes)
    return f"{text}{'' if text.endswith(chr(10)) else chr(10)}\n{lines}\n"


def _open_blocks(doc: Document) -> list[UndecidedItem]:
    """A set over whole paragraphs left in the text is undecided (its ordinal: -1 - its place in `doc.blocks`);
    the chair's decision on it changes the paragraphs themselves, so nothing can be chosen here."""
    if not doc.blocks:
        return []
    starts: dict[int, Location] = {}
    index = -1
    for event, location in iter_located(doc):
        if event.kind == "paragraph":
            index += 1
            starts[index] = location
    return [_item("bracket_set", -1 - n, starts[block.first]) for n, block in enumerate(doc.blocks)]


def _decide(
    bracket_set: BracketSet,
    ordinal: int,
    location: Location,
    choices: Mapping[int, int | str],
    out: list[str],
    undecided: list[UndecidedItem],
) -> int | None:
    """Apply the decision on one set: write a compromise, or return the index of the kept alternative."""
    if ordinal not in choices:
        undecided.append(_item("bracket_set", ordinal, location))
        return None
    choice = choices[ordinal]
    if isinstance(choice, str):
        out.append(choice)
        return None
    if not 0 <= choice < len(bracket_set.alternatives):
        raise InvalidChoiceError(ordinal, choice, len(bracket_set.alternatives), location.line, location.column)
    return choice


def _item(kind: Literal["bracket_set", "placeholder"], ordinal: int, location: Location) -> UndecidedItem:
    return UndecidedItem(kind=kind, ordinal=ordinal, line=location.line, column=location.column)
