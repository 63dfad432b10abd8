"""The parser of bracketed text: one linear matching pass, then one linear tree-building pass.

Pass 1 (`_match`) tokenises the text into `[`, `]`, line breaks and atoms that are never negotiation brackets
(Word footnote markers `[footnoteRef:N]`; in Markdown, reference definitions `[ref]: url` and escaped brackets
`\\[`), and pairs the brackets with a stack, left to right. A `]` with an empty stack is a `stray` warning; a
`[` left on the stack at the end is an `unclosed` warning. Both stay in the text as literal characters.

Pass 2 (`_Builder`) walks the tokens again with an explicit stack of open frames (no Python recursion, so
nesting depth is unbounded) and classifies each matched pair when it opens:

- `[N: …]` where `N` is the number of a footnote marker anywhere in the document → `Footnote`;
- an inside that is exactly `...`, `…`, `X`, `x`, `XX`, `xx`, `XXX`, `NNXX` (`20XX`) or only horizontal
  whitespace → `Placeholder` (`[]` is an empty alternative, not a placeholder);
- in Markdown, `[text](url)`, `[text][ref]` and `[ref][]` with `ref` defined in the document (labels compared
  case-insensitively) → literal text;
- anything else is an alternative. Alternatives separated only by horizontal whitespace (any `str.isspace()`
  character except `\\r` and `\\n`) or by nothing form one `BracketSet`; a placeholder, footnote or any other
  character ends the set.

A line break (`\\n`, with the `\\r` before it if any) outside every matched pair ends a paragraph; it and the
whitespace-only lines that follow become the paragraph's `trailing`. Whitespace-only lines at the start of the
document are `Document.leading`. A leading U+FEFF is `Document.bom`.

Warnings count lines from 1 (only `\\n` ends a line) and columns from 1 in characters, not counting the
byte-order mark; `ParseWarning.offset` is the index of the bracket in the string given to `parse`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from app.domain.labels import LabelMatch, match_label, paragraph_kind
from app.domain.tree import (
    Alternative,
    BracketSet,
    Document,
    Footnote,
    FootnoteRef,
    Inline,
    Paragraph,
    ParseWarning,
    Placeholder,
    Syntax,
    Text,
    WarningKind,
)

BOM = "\ufeff"

_OPEN, _CLOSE, _NEWLINE, _REF = range(4)

_FOOTNOTE_REF = r"\[footnoteRef:(?P<ref>\d+)\]"
_PLAIN_TOKENS = re.compile(rf"{_FOOTNOTE_REF}|[\[\]\n]")
# Reference definitions and escapes are matched first so that their brackets are never tokens.
_MARKDOWN_DEFINITION = r"^ {0,3}\[(?P<def>[^\[\]\n]+)\]:[ \t]+\S[^\n]*"
_MARKDOWN_TOKENS = re.compile(rf"(?m:{_MARKDOWN_DEFINITION})|\\[\\\[\]]|{_FOOTNOTE_REF}|[\[\]\n]")
_FOOTNOTE_REF_NUMBERS = re.compile(_FOOTNOTE_REF)
_MARKDOWN_DEFINITIONS = re.compile(_MARKDOWN_DEFINITION, re.MULTILINE)
_FOOTNOTE_HEAD = re.compile(r"(\d+):[^\S\r\n]*")
_PLACEHOLDER = re.compile(r"\.\.\.|…|[xX]|XX|xx|XXX|\d\dXX|[^\S\r\n]+")
_SEPARATOR = re.compile(r"[^\S\r\n]+")
_INLINE_LINK_TARGET = re.compile(r"\([^()\[\]\n]*\)")
_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*(?:[^\S\n]*\Z)?")


@dataclass(frozen=True, slots=True)
class _Token:
    position: int
    kind: int
    end: int


@dataclass(slots=True)
class _Matching:
    tokens: list[_Token]
    closes: dict[int, int]
    unmatched: list[tuple[int, WarningKind]]
    newlines: list[int]
    footnote_numbers: frozenset[str]
    references: frozenset[str]


def parse(text: str, *, syntax: Syntax = "plain") -> Document:
    """Parse bracketed text into a Document; never raises, and `render(parse(text)) == text`."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    matching = _match(body, syntax)
    builder = _Builder(body, syntax, matching)
    leading, paragraphs = builder.build()
    warnings = _warnings(matching, offset_shift=len(bom))
    return Document(bom=bom, leading=leading, paragraphs=paragraphs, warnings=warnings)


def normalise_reference(label: str) -> str:
    """Normalise a Markdown reference label the way CommonMark compares them."""
    return " ".join(label.split()).casefold()


def _match(body: str, syntax: Syntax) -> _Matching:
    pattern = _MARKDOWN_TOKENS if syntax == "markdown" else _PLAIN_TOKENS
    references = (
        frozenset(normalise_reference(m.group("def")) for m in _MARKDOWN_DEFINITIONS.finditer(body))
        if syntax == "markdown"
        else frozenset()
    )
    tokens: list[_Token] = []
    closes: dict[int, int] = {}
    unmatched: list[tuple[int, WarningKind]] = []
    newlines: list[int] = []
    stack: list[int] = []
    for found in pattern.finditer(body):
        position = found.start()
        char = body[position]
        if char == "\n":
            tokens.append(_Token(position, _NEWLINE, position + 1))
            newlines.append(position)
        elif found.group("ref") is not None:
            tokens.append(_Token(position, _REF, found.end()))
        elif found.end() - position != 1:
            continue  # a Markdown definition or escape: literal text
        elif char == "[":
            tokens.append(_Token(position, _OPEN, position + 1))
            stack.append(position)
        elif stack:
            tokens.append(_Token(position, _CLOSE, position + 1))
            closes[stack.pop()] = position
        else:
            unmatched.append((position, "stray"))
    unmatched.extend((position, "unclosed") for position in stack)
    unmatched.sort()
    numbers = frozenset(m.group("ref") for m in _FOOTNOTE_REF_NUMBERS.finditer(body))
    return _Matching(tokens, closes, unmatched, newlines, numbers, references)


def _warnings(matching: _Matching, *, offset_shift: int) -> tuple[ParseWarning, ...]:
    warnings = []
    for position, kind in matching.unmatched:
        line_index = bisect_left(matching.newlines, position)
        line_start = matching.newlines[line_index - 1] + 1 if line_index else 0
        line, column = line_index + 1, position - line_start + 1
        what = "unmatched ']'" if kind == "stray" else "unclosed '['"
        message = f"{what} at line {line}, column {column} kept as text"
        warnings.append(ParseWarning(line, column, kind, message, position + offset_shift))
    return tuple(warnings)


def _blank_lines_end(body: str, start: int) -> int:
    found = _BLANK_LINES.match(body, start)
    return found.end() if found else start


class _SetBuilder:
    """A bracket set still collecting adjacent alternatives."""

    __slots__ = ("alternatives", "separators")

    def __init__(self, first: Alternative) -> None:
        self.alternatives = [first]
        self.separators: list[str] = []

    def freeze(self) -> BracketSet:
        return BracketSet(tuple(self.alternatives), tuple(self.separators))


_Item = str | _SetBuilder | Inline


@dataclass(slots=True)
class _Frame:
    """A matched pair being built (or the paragraph itself, at the bottom of the stack)."""

    footnote: re.Match[str] | None = None
    items: list[_Item] = field(default_factory=list)


def _freeze(items: list[_Item]) -> tuple[Inline, ...]:
    frozen: list[Inline] = []
    for item in items:
        if isinstance(item, str):
            frozen.append(Text(item))
        elif isinstance(item, _SetBuilder):
            frozen.append(item.freeze())
        else:
            frozen.append(item)
    return tuple(frozen)


class _Builder:
    """Pass 2: builds paragraphs and inline trees from the matched tokens."""

    def __init__(self, body: str, syntax: Syntax, matching: _Matching) -> None:
        self.body = body
        self.syntax: Syntax = syntax
        self.matching = matching
        self.paragraphs: list[Paragraph] = []
        self.stack: list[_Frame] = []
        self.text_start = 0
        self.label: LabelMatch | None = None

    def build(self) -> tuple[str, tuple[Paragraph, ...]]:
        body, tokens = self.body, self.matching.tokens
        leading_end = _blank_lines_end(body, 0)
        resume = self._start_paragraph(leading_end)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token.position < resume:
                continue
            if token.kind == _NEWLINE:
                if len(self.stack) == 1:
                    resume = self._end_paragraph(token.position)
            elif token.kind == _REF:
                self._flush(token.position)
                number = body[token.position + len("[footnoteRef:") : token.end - 1]
                self.stack[-1].items.append(FootnoteRef(number, body[token.position : token.end]))
                self.text_start = token.end
            elif token.kind == _OPEN:
                resume = self._open(token.position)
            else:
                self._close(token.position)
        if self.stack:
            self._flush(len(body))
            self._finish_paragraph("")
        return body[:leading_end], tuple(self.paragraphs)

    def _start_paragraph(self, start: int) -> int:
        if start >= len(self.body):
            return start
        self.label = match_label(self.body, start)
        self.text_start = start + (len(self.label.prefix) if self.label else 0)
        self.stack = [_Frame()]
        return start

    def _end_paragraph(self, newline: int) -> int:
        body = self.body
        content_end = newline - 1 if newline > self.text_start and body[newline - 1] == "\r" else newline
        self._flush(content_end)
        trailing_end = _blank_lines_end(body, newline + 1)
        self._finish_paragraph(body[content_end:trailing_end])
        return self._start_paragraph(trailing_end)

    def _finish_paragraph(self, trailing: str) -> None:
        content = _freeze(self.stack[0].items)
        label = self.label
        kind = paragraph_kind(index=len(self.paragraphs), label=label, content=content, syntax=self.syntax)
        prefix, name = (label.prefix, label.label) if label else ("", None)
        self.paragraphs.append(Paragraph(prefix, name, kind, content, trailing))
        self.stack = []

    def _flush(self, end: int) -> None:
        if end > self.text_start:
            self.stack[-1].items.append(self.body[self.text_start : end])
        self.text_start = max(self.text_start, end)

    def _open(self, position: int) -> int:
        """Start a matched pair at `position`; return the position before which tokens are skipped."""
        close = self.matching.closes.get(position)
        if close is None:
            return position  # unclosed: literal text
        body = self.body
        if self.syntax == "markdown":
            link_end = self._markdown_link_end(position, close)
            if link_end is not None:
                return link_end  # literal text, brackets inside included
        if _PLACEHOLDER.fullmatch(body, position + 1, close):
            self._flush(position)
            self.stack[-1].items.append(Placeholder(body[position + 1 : close]))
            self.text_start = close + 1
            return close + 1
        head = _FOOTNOTE_HEAD.match(body, position + 1, close)
        if head is not None and head.group(1) in self.matching.footnote_numbers:
            self._flush(position)
            self.stack.append(_Frame(footnote=head))
            self.text_start = head.end()
            return position
        self._flush(position)
        self.stack.append(_Frame())
        self.text_start = position + 1
        return position

    def _close(self, position: int) -> None:
        if len(self.stack) < 2:
            return  # the `]` of a pair whose `[` was literal cannot happen; stray `]` are not tokens
        self._flush(position)
        frame = self.stack.pop()
        content = _freeze(frame.items)
        self.text_start = position + 1
        items = self.stack[-1].items
        if frame.footnote is not None:
            items.append(Footnote(frame.footnote.group(1), frame.footnote.group(0), content))
            return
        alternative = Alternative(content)
        last = items[-1] if items else None
        if isinstance(last, _SetBuilder):
            last.alternatives.append(alternative)
            last.separators.append("")
        elif isinstance(last, str) and len(items) > 1 and isinstance(items[-2], _SetBuilder):
            if _SEPARATOR.fullmatch(last):
                items.pop()
                builder = items[-1]
                assert isinstance(builder, _SetBuilder)
                builder.alternatives.append(alternative)
                builder.separators.append(last)
            else:
                items.append(_SetBuilder(alternative))
        else:
            items.append(_SetBuilder(alternative))

    def _markdown_link_end(self, position: int, close: int) -> int | None:
        """End of a Markdown link starting at `position`, or None when the pair is not a link."""
        body, closes = self.body, self.matching.closes
        after = close + 1
        if body.startswith("(", after):
            target = _INLINE_LINK_TARGET.match(body, after)
            return target.end() if target else None
        second = closes.get(after) if body.startswith("[", after) else None
        if second is None:
            return None
        label = body[after + 1 : second] or body[position + 1 : close]
        if normalise_reference(label) in self.matching.references:
            return second + 1
        return None
