"""Pass 1 of the parser: find the brackets, set aside those that never negotiate, pair the rest with a stack.

Plain text finds its brackets with `str.find` (memchr speed: a quarter of the time of one regular-expression
scan); Markdown uses one regular-expression scan that matches reference definitions `[ref]: url` and escapes
`\\[` first, so that their brackets are never tokens. Word footnote markers `[footnoteRef:N]` are told apart
where a `[` starts one. See `app.domain.parser` for the rules.

Paragraphs first: brackets pair inside their paragraph (a line, or a wrapped paragraph: `app.domain.layout`).
A `[` still open when its paragraph ends waits for a later paragraph only if it is a block bracket, one that
opens its paragraph (after at most a label, Markdown markup and other `[`), or a Word footnote body `[N: …]`;
such a `[` pairs with a `]` that no `[` of its own paragraph takes and that closes its paragraph (followed by at
most punctuation, markup and other `]`). Every other `[` and `]` left over is reported where it stands, so
that one typo no longer pairs brackets hundreds of lines apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from app.domain.labels import LABEL, LOOSE_LABEL
from app.domain.layout import paragraph_breaks
from app.domain.tree import Layout, ParseWarning, Syntax, WarningKind

REF_START = "[footnoteRef:"
_FOOTNOTE_REF_AT = re.compile(r"\[footnoteRef:(?P<ref>\d+)\]")
_MARKDOWN_DEFINITION = r"^ {0,3}\[(?P<def>[^\[\]\n]+)\]:[ \t]+\S[^\n]*"
_MARKDOWN_BRACKETS = re.compile(rf"(?m:{_MARKDOWN_DEFINITION})|\\[\\\[\]]|[\[\]]")
_MARKDOWN_DEFINITIONS = re.compile(_MARKDOWN_DEFINITION, re.MULTILINE)
# What may stand before a block bracket's `[` in its paragraph (after a label), and after its `]`.
_BLOCK_HEAD = re.compile(r"[\s#*_>\-\[]*")
_BLOCK_TAIL = re.compile(r"\]*[\s.,;:!?*_]*")  # `]]` closes two blocks; `];]` ends one, not two
_NOTE_HEAD = re.compile(r"\[(\d+):")


@dataclass(slots=True)
class Matching:
    """Pass 1's result. `tokens` holds `[` positions as they are and `]` positions as `~position` (< 0), in order,
    except the `]` of the pairs in `leaves`, which hold no bracket (most alternatives); `refs` maps a footnote
    marker's position (a token too) to its end."""

    tokens: list[int]
    closes: dict[int, int]
    leaves: set[int]
    refs: dict[int, int]
    unmatched: list[tuple[int, WarningKind]]
    footnote_numbers: frozenset[str]
    references: frozenset[str]
    # Block brackets, `[` position to `]` position: not tokens (their characters stay in their paragraphs' text,
    # so paragraphs never merge); pass 2 lays them over the paragraphs as block-level sets.
    blocks: dict[int, int]
    # In wrapped text, the line breaks after which a paragraph starts (`app.domain.layout.paragraph_breaks`),
    # in order; pass 2 ends paragraphs at those outside every pair. Empty in other layouts.
    breaks: list[int]


def normalise_reference(label: str) -> str:
    """Normalise a Markdown reference label the way CommonMark compares them."""
    return " ".join(label.split()).casefold()


def match_brackets(body: str, syntax: Syntax, layout: Layout = "lines") -> Matching:
    """Pass 1 over a document's body (its text without the byte-order mark), paragraph by paragraph."""
    markdown = syntax == "markdown"
    references = (
        frozenset(normalise_reference(m.group("def")) for m in _MARKDOWN_DEFINITIONS.finditer(body))
        if markdown
        else frozenset()
    )
    pairs = _Pairing(body, layout, syntax)
    pairs.run(_markdown_brackets(body) if markdown else _plain_brackets(body))
    unmatched = pairs.finish()
    numbers = _footnote_numbers(body, pairs.refs, markdown)
    return Matching(
        pairs.tokens,
        pairs.closes,
        pairs.leaves,
        pairs.refs,
        unmatched,
        numbers,
        references,
        pairs.block_pairs,
        pairs.breaks,
    )


class _Pairing:
    """Pairs brackets inside each paragraph first; only block brackets (and Word footnote bodies) pair across."""

    def __init__(self, body: str, layout: Layout, syntax: Syntax) -> None:
        self.body = body
        self.layout: Layout = layout
        self.syntax: Syntax = syntax
        self.notes: set[str] = set()  # the numbers of the footnote markers met so far
        self.refs: dict[int, int] = {}  # a footnote marker's position to its end
        self.tokens: list[int] = []
        self.closes: dict[int, int] = {}
        self.leaves: set[int] = set()
        self.unmatched: list[tuple[int, WarningKind]] = []
        self.local: list[int] = []  # the `[` still open in the current paragraph
        self.blocks: list[int] = []  # block brackets (and footnote bodies) left open by earlier paragraphs
        self.notes_open: set[int] = set()  # those of `blocks` that are Word footnote bodies (real pairs)
        self.block_pairs: dict[int, int] = {}
        self.breaks = paragraph_breaks(body, syntax) if layout == "wrapped" else []
        self.start = 0  # the current paragraph's first character and the line break that ends it
        self.end = self._paragraph_end(0)

    def run(self, brackets: list[int]) -> None:
        """Pair the brackets, in order (`[` as its position, `]` as ~position); one loop, names kept local."""
        body, tokens, local, closes, leaves = self.body, self.tokens, self.local, self.closes, self.leaves
        skip = 0  # the end of the last footnote marker: its `]` is not a token
        may_have_refs = REF_START in body  # one fast substring search spares a test at every `[`
        for token in brackets:
            position = token if token >= 0 else ~token
            if position > self.end:
                self._next_paragraph(position)
            if token >= 0:
                ref = _FOOTNOTE_REF_AT.match(body, position) if may_have_refs else None
                if ref is not None:
                    skip = self.refs[position] = ref.end()
                    self.notes.add(ref.group("ref"))
                else:
                    local.append(position)
                tokens.append(position)
            elif position < skip:
                continue  # the `]` of a footnote marker
            else:
                opened = local.pop() if local else self._block_for(position)
                if opened is None:
                    continue
                if opened in self.block_pairs:
                    continue  # its `[` stays a token without a pair: pass 2 keeps it as text
                closes[opened] = position
                if tokens[-1] == opened:
                    leaves.add(opened)  # nothing bracketed inside: pass 2 takes the pair whole, without a `]` token
                else:
                    tokens.append(token)

    def _block_for(self, position: int) -> int | None:
        """The open block bracket a `]` that no `[` of its paragraph takes closes, if it ends a block; else stray."""
        if self.blocks and _BLOCK_TAIL.fullmatch(self.body, position + 1, self.end):
            opened = self.blocks.pop()
            if opened not in self.notes_open:
                self.block_pairs[opened] = position
            return opened
        self.unmatched.append((position, "stray"))
        return None

    def finish(self) -> list[tuple[int, WarningKind]]:
        """End the last paragraph; block brackets never closed are unclosed at their own place."""
        self._end_paragraph()
        self.unmatched.extend((position, "unclosed") for position in self.blocks)
        self.unmatched.sort()
        return self.unmatched

    def _next_paragraph(self, position: int) -> None:
        self._end_paragraph()
        floor = self.end + 1
        if self.layout == "wrapped":  # after the last paragraph break before `position`, not before `floor`
            breaks = self.breaks
            at = bisect_left(breaks, position) - 1
            self.start = breaks[at] + 1 if at >= 0 and breaks[at] >= floor else floor
        else:  # `paragraph` never comes here: its one paragraph ends with the body
            self.start = self.body.rfind("\n", floor, position) + 1 or floor
        self.end = self._paragraph_end(position)

    def _paragraph_end(self, position: int) -> int:
        """The line break that ends the paragraph holding `position` (the body's length at its end)."""
        if self.layout == "paragraph":
            return len(self.body)
        if self.layout == "wrapped":
            at = bisect_left(self.breaks, position)
            return self.breaks[at] if at < len(self.breaks) else len(self.body)
        end = self.body.find("\n", position)
        return len(self.body) if end < 0 else end

    def _end_paragraph(self) -> None:
        """A `[` left open by its paragraph waits for a later one only if it opens its paragraph."""
        for position in self.local:
            if self._opens_note(position):
                self.notes_open.add(position)
                self.blocks.append(position)
            elif _opens_paragraph(self.body, self.start, position):
                self.blocks.append(position)
            else:
                self.unmatched.append((position, "unclosed"))
        self.local.clear()

    def _opens_note(self, position: int) -> bool:
        """A Word footnote body `[1: …]` (after its marker) runs over as many paragraphs as the note has."""
        head = _NOTE_HEAD.match(self.body, position)
        return head is not None and head.group(1) in self.notes


def _opens_paragraph(body: str, start: int, position: int) -> bool:
    """Whether only a label, Markdown markup, white space and other `[` stand before `position` in its paragraph."""
    label = LABEL.match(body, start) or LOOSE_LABEL.match(body, start, position + 1)
    size = label.end() - start if label else 0
    head = start + size if start + size <= position else start
    return _BLOCK_HEAD.fullmatch(body, head, position) is not None


def _plain_brackets(body: str) -> list[int]:
    """Every `[` (as its position) and `]` (as ~position) in order, found with str.find, which scans several
    times faster than a regular expression (a quarter of the time a `re.finditer` scan takes on Geneva)."""
    found: list[int] = []
    find = body.find
    opening, closing = find("["), find("]")
    while opening >= 0 or closing >= 0:
        if closing < 0 or 0 <= opening < closing:
            found.append(opening)
            opening = find("[", opening + 1)
        else:
            found.append(~closing)
            closing = find("]", closing + 1)
    return found


def _markdown_brackets(body: str) -> list[int]:
    """The same for Markdown, leaving out the brackets of reference definitions and escapes."""
    found: list[int] = []
    for match in _MARKDOWN_BRACKETS.finditer(body):
        position = match.start()
        if match.end() - position == 1:
            found.append(position if body[position] == "[" else ~position)
    return found


def _footnote_numbers(body: str, refs: dict[int, int], markdown: bool) -> frozenset[str]:
    """The numbers of the document's footnote markers; in Markdown, escaped or defined ones count too."""
    if markdown:
        return frozenset(m.group("ref") for m in _FOOTNOTE_REF_AT.finditer(body))
    return frozenset(body[position + len(REF_START) : end - 1] for position, end in refs.items())


def warnings_of(body: str, unmatched: list[tuple[int, WarningKind]], *, offset_shift: int) -> tuple[ParseWarning, ...]:
    """The unmatched brackets as warnings with line and column, each naming its nearest plausible partner."""
    places = _places(body, [position for position, _kind in unmatched])
    partners = _partners(unmatched)
    warnings = []
    for index, ((position, kind), (line, column)) in enumerate(zip(unmatched, places, strict=True)):
        partner = partners[index]
        if kind == "stray":
            message = f"unmatched ']' at line {line}, column {column} kept as text: no '[' opens it in its paragraph"
            near = "unclosed '['"
        else:
            message = f"unclosed '[' at line {line}, column {column} kept as text: no ']' closes it in its paragraph"
            near = "unmatched ']'"
        if partner is not None:
            message += f"; the nearest {near} is at line {places[partner][0]}, column {places[partner][1]}"
        warnings.append(ParseWarning(line, column, kind, message, position + offset_shift))
    return tuple(warnings)


def _places(body: str, positions: list[int]) -> list[tuple[int, int]]:
    """Line and column of each sorted position (line breaks counted once, up to each position in turn)."""
    places = []
    line, line_start, counted = 1, 0, 0
    for position in positions:
        breaks = body.count("\n", counted, position)
        if breaks:
            line += breaks
            line_start = body.rfind("\n", counted, position) + 1
        counted = position
        places.append((line, position - line_start + 1))
    return places


def _partners(unmatched: list[tuple[int, WarningKind]]) -> list[int | None]:
    """For each unclosed `[` the next stray `]`, for each stray `]` the previous unclosed `[` (by index)."""
    partners: list[int | None] = [None] * len(unmatched)
    last_unclosed: int | None = None
    for index, (_position, kind) in enumerate(unmatched):
        if kind == "unclosed":
            last_unclosed = index
        else:
            partners[index] = last_unclosed
    next_stray: int | None = None
    for index in range(len(unmatched) - 1, -1, -1):
        if unmatched[index][1] == "stray":
            next_stray = index
        else:
            partners[index] = next_stray
    return partners
