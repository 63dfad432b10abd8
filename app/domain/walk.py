"""Walking a document tree without recursion: a flat stream of events, with source positions.

Every character of the rendered text belongs to exactly one event's `text`, in order, so renderers, clean text,
statistics and position look-ups all share one traversal. The walk keeps its own stack of iterators, so trees
nested thousands deep are walked without hitting Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Literal

from app.domain.tree import (
    Alternative,
    BracketSet,
    Document,
    Footnote,
    FootnoteRef,
    Inline,
    Paragraph,
    Placeholder,
    Text,
)

EventKind = Literal[
    "bom",
    "source",
    "paragraph",
    "end_paragraph",
    "set",
    "end_set",
    "open",
    "close",
    "separator",
    "placeholder",
    "footnote_ref",
    "footnote",
    "end_footnote",
]
Node = Document | Paragraph | Inline | Alternative | None


@dataclass(frozen=True, slots=True)
class Event:
    """One step of the walk: `text` is the exact source it stands for ("" for structure-only events)."""

    kind: EventKind
    text: str = ""
    node: Node = None
    index: int = 0


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event starts: paragraph index, 1-based line and column, bracket-set depth, string offset."""

    paragraph: int
    line: int
    column: int
    depth: int
    offset: int


def iter_events(doc: Document) -> Iterator[Event]:
    """Yield the events of a whole document in source order."""
    if doc.bom:
        yield Event("bom", doc.bom)
    if doc.leading:
        yield Event("source", doc.leading)
    for index, paragraph in enumerate(doc.paragraphs):
        yield from iter_paragraph_events(paragraph, index)


def iter_paragraph_events(paragraph: Paragraph, index: int = 0) -> Iterator[Event]:
    """Yield the events of one paragraph, its prefix and trailing line breaks included."""
    yield Event("paragraph", "", paragraph, index)
    if paragraph.prefix:
        yield Event("source", paragraph.prefix)
    yield from iter_inline_events(paragraph.content)
    if paragraph.trailing:
        yield Event("source", paragraph.trailing)
    yield Event("end_paragraph", "", paragraph, index)


def iter_inline_events(content: Iterable[Inline]) -> Iterator[Event]:
    """Yield the events of a sequence of inlines, depth-first, without recursion."""
    stack: list[Iterator[Inline | Event]] = [iter(content)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, Event):
            yield item
        elif isinstance(item, Text):
            yield Event("source", item.text, item)
        elif isinstance(item, Placeholder):
            yield Event("placeholder", f"[{item.text}]", item)
        elif isinstance(item, FootnoteRef):
            yield Event("footnote_ref", item.raw, item)
        elif isinstance(item, Footnote):
            yield Event("footnote", "[" + item.head, item)
            stack.append(chain(item.content, (Event("end_footnote", "]", item),)))
        else:
            stack.append(_bracket_set_items(item))


def _bracket_set_items(bracket_set: BracketSet) -> Iterator[Inline | Event]:
    yield Event("set", "", bracket_set)
    for index, alternative in enumerate(bracket_set.alternatives):
        if index:
            yield Event("separator", bracket_set.separators[index - 1], bracket_set, index)
        yield Event("open", "[", alternative, index)
        yield from alternative.content
        yield Event("close", "]", alternative, index)
    yield Event("end_set", "", bracket_set)


def iter_located(doc: Document) -> Iterator[tuple[Event, Location]]:
    """Yield each event of the document with the location where it starts."""
    paragraph, line, column, depth, offset = -1, 1, 1, 0, 0
    for event in iter_events(doc):
        if event.kind == "paragraph":
            paragraph = event.index
        elif event.kind == "set":
            depth += 1
        yield event, Location(paragraph, line, column, depth, offset)
        if event.kind == "end_set":
            depth -= 1
        text = event.text
        if not text:
            continue
        offset += len(text)
        if event.kind == "bom":
            continue  # the byte-order mark takes no column
        newlines = text.count("\n")
        if newlines:
            line += newlines
            column = len(text) - text.rfind("\n")
        else:
            column += len(text)


def nested_within(content: Iterable[Inline], limit: int, depth: int = 0) -> bool:
    """True when no bracket set of the content nests deeper than `limit` (the depth `iter_located` gives: the
    sets around one, itself included; footnotes add none). A quick check; `iter_bracket_sets` says where."""
    for node in content:
        if isinstance(node, BracketSet):
            if depth + 1 > limit:
                return False
            if not all(nested_within(a.content, limit, depth + 1) for a in node.alternatives):
                return False
        elif isinstance(node, Footnote) and not nested_within(node.content, limit, depth):
            return False
    return True


def iter_bracket_sets(doc: Document) -> Iterator[tuple[int, BracketSet, Location]]:
    """Yield every bracket set, numbered from 0 in depth-first pre-order, with its location."""
    ordinal = 0
    for event, location in iter_located(doc):
        if event.kind == "set":
            assert isinstance(event.node, BracketSet)
            yield ordinal, event.node, location
            ordinal += 1


def iter_placeholders(doc: Document) -> Iterator[tuple[int, Placeholder, Location]]:
    """Yield every placeholder, numbered from 0 in document order, with its location."""
    ordinal = 0
    for event, location in iter_located(doc):
        if event.kind == "placeholder":
            assert isinstance(event.node, Placeholder)
            yield ordinal, event.node, location
            ordinal += 1


def bracket_sets_in(content: Iterable[Inline]) -> list[BracketSet]:
    """Every bracket set of a content in reading order, nested ones right after the set that holds them, those of
    a footnote where the footnote stands."""
    found: list[BracketSet] = []
    stack: list[Inline] = list(reversed(list(content)))
    while stack:
        node = stack.pop()
        if isinstance(node, BracketSet):
            found.append(node)
            for alternative in reversed(node.alternatives):
                stack.extend(reversed(alternative.content))
        elif isinstance(node, Footnote):
            stack.extend(reversed(node.content))
    return found


def placeholders_in(content: Iterable[Inline]) -> list[Placeholder]:
    """Every placeholder of a content in reading order, inside bracket sets and footnotes too."""
    found: list[Placeholder] = []
    stack: list[Inline] = list(reversed(list(content)))
    while stack:
        node = stack.pop()
        if isinstance(node, Placeholder):
            found.append(node)
        elif isinstance(node, BracketSet):
            for alternative in reversed(node.alternatives):
                stack.extend(reversed(alternative.content))
        elif isinstance(node, Footnote):
            stack.extend(reversed(node.content))
    return found
