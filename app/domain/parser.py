"""The parser of bracketed text: one linear matching pass, then one linear tree-building pass.

Pass 1 (`app.domain.matching`) finds the brackets (with `str.find` in plain text, with one regular-expression
scan in Markdown), sets aside those that are never negotiation brackets (Word footnote markers
`[footnoteRef:N]`; in Markdown, reference definitions `[ref]: url` and escaped brackets `\\[`), and pairs the
rest with a stack, left to right, inside each paragraph first (only block brackets pair across paragraphs; see
`app.domain.matching`). A `]` left without a partner is a `stray` warning, a `[` an `unclosed` one, each
naming the nearest plausible partner. Both stay in the text as literal characters. Line breaks are not
tokens: pass 2 looks for them only between brackets outside every pair, where they end paragraphs, and
warnings count lines only when there are warnings (most of a draft's line breaks stand inside brackets, and
tokenising them cost more than finding the brackets).

Pass 2 (`_Builder`) walks the brackets again with an explicit stack of open frames (no Python recursion, so
nesting depth is unbounded) and classifies each matched pair when it opens:

- `[N: …]` where `N` is the number of a footnote marker anywhere in the document → `Footnote`;
- a footnote reference `[^1]`, a reference number glued to a word (`renforcée[1]`), metadata (`[SEN-1]`) or a
  status label (`[Suggested for Closure]`) → literal text (`app.domain.literals`);
- an inside that is exactly `...`, `…`, `X`, `x`, `y`, `XX`, `xx`, `XXX`, `NNXX` (`20XX`), `Placeholder for …`
  or only horizontal whitespace → `Placeholder` (`[]` is an empty alternative, not a placeholder);
- in Markdown, `[text](url)`, `[text][ref]`, `[ref][]` and `[ref]` with `ref` defined in the document (labels
  compared case-insensitively), and footnote references `[^1]` → literal text;
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

import gc
import re
from bisect import bisect_left

from app.domain.blocks import Spans, lay_blocks
from app.domain.labels import LABEL, kind_of, label_of, text_kind
from app.domain.layout import detect_layout
from app.domain.literals import is_bare_number, is_literal
from app.domain.matching import REF_START, Matching, match_brackets, normalise_reference, warnings_of
from app.domain.nodes import Item as _Item
from app.domain.nodes import add_alternative as _add_alternative
from app.domain.nodes import alternative as _alternative
from app.domain.nodes import freeze as _freeze
from app.domain.nodes import paragraph as _paragraph
from app.domain.nodes import text as _text
from app.domain.tree import (
    BareNumbers,
    Document,
    Footnote,
    FootnoteRef,
    Inline,
    Layout,
    Paragraph,
    ParagraphKind,
    Placeholder,
    Syntax,
)

BOM = "\ufeff"

_FOOTNOTE_HEAD = re.compile(r"(\d+):[^\S\r\n]*")
_PLACEHOLDER = re.compile(r"\.\.\.|…|[xX]|XX|xx|XXX|\d\dXX|[^\S\r\n]+|Placeholder for [^\[\]]*")
_PLACEHOLDER_MAX_WORD = 4  # the longest placeholder that is not white space: `20XX`
_INLINE_LINK_TARGET = re.compile(r"\([^()\[\]\n]*\)")
_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*(?:[^\S\n]*\Z)?")
_label_at = LABEL.match
_NO_LABEL: tuple[str, str | None, ParagraphKind | None] = ("", None, None)


def parse(
    text: str, *, syntax: Syntax = "plain", layout: Layout | None = None, bare_numbers: BareNumbers = "negotiable"
) -> Document:
    """Parse bracketed text into a Document; never raises, and `render(parse(text)) == text`.

    `layout` says whether paragraphs are lines or wrapped (see `app.domain.layout`); None detects it.
    `bare_numbers` says how `[9]` reads (`app.domain.literals`)."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    # The tree holds no reference cycles, so the cycle collector frees nothing while it is built, yet each full
    # collection walks the whole heap, the new tree included: a third of the time on a document ten times Geneva,
    # and growing faster than the text. Paused while parsing; reference counting frees everything as usual.
    collecting = gc.isenabled()
    gc.disable()
    try:
        layout = layout or detect_layout(body, syntax)
        matching = match_brackets(body, syntax, layout)
        builder = _Builder(body, syntax, matching, layout, bare_numbers == "literal")
        leading, paragraphs = builder.build()
        blocks = lay_blocks(body, paragraphs, builder.spans, matching.blocks)
        warnings = warnings_of(body, matching.unmatched, offset_shift=len(bom))
        # The passes' own objects (a span per paragraph, the pairs found) go before the collector comes back,
        # whose first collection otherwise walks them with the new tree.
        del builder, matching
    finally:
        if collecting:
            gc.enable()
    return Document(bom=bom, leading=leading, paragraphs=paragraphs, warnings=warnings, layout=layout, blocks=blocks)


def _blank_lines_end(body: str, start: int) -> int:
    found = _BLANK_LINES.match(body, start)
    return found.end() if found else start


class _Builder:
    """Pass 2: builds paragraphs and inline trees from the matched brackets."""

    def __init__(
        self, body: str, syntax: Syntax, matching: Matching, layout: Layout, bare_literal: bool = False
    ) -> None:
        self.body = body
        self.syntax: Syntax = syntax
        self.wrapped = layout == "wrapped"
        self.bare_literal = bare_literal
        self.matching = matching
        self.markdown = syntax == "markdown"
        self.closes = matching.closes
        self.leaves = matching.leaves
        self.footnote_numbers = matching.footnote_numbers
        # In wrapped text, the line breaks after which a paragraph starts (pass 1 found them); else every one.
        self.breaks = matching.breaks if self.wrapped else None
        self.paragraphs: list[Paragraph] = []
        # One frame per open pair, the paragraph's own at the bottom; footnote heads by the depth of their frame.
        self.stack: list[list[_Item]] = []
        self.heads: dict[int, re.Match[str]] = {}
        self.text_start = 0
        self.label = _NO_LABEL  # the current paragraph's label prefix, label and kind
        self.labels: dict[str, tuple[str, str, ParagraphKind]] = {}  # labels by prefix (`1. ` comes back)
        self.start = 0
        self.spans = Spans()  # each paragraph's start, text start and content end in the body

    def build(self) -> tuple[str, tuple[Paragraph, ...]]:
        body, refs, stack = self.body, self.matching.refs, self.stack
        leading_end = _blank_lines_end(body, 0)
        resume = self._start_paragraph(leading_end)
        searched = 0  # line breaks before this were dealt with, or stood inside a pair
        for token in self.matching.tokens:
            position = token if token >= 0 else ~token
            if position < resume:
                continue
            if len(stack) == 1 and body.find("\n", max(searched, resume), position) >= 0:
                resume = self._end_paragraphs(max(searched, resume), position, resume)
                if position < resume:
                    continue
            searched = position
            if token < 0:
                self._close(position)
            elif position in refs:
                self._flush(position)
                end = refs[position]
                stack[-1].append(FootnoteRef(body[position + len(REF_START) : end - 1], body[position:end]))
                self.text_start = end
            else:
                resume = self._open(position)
        if len(stack) == 1:
            self._end_paragraphs(max(searched, resume), len(body), resume)
        if stack:
            self._flush(len(body))
            self._finish_paragraph("", len(body))
        return body[:leading_end], tuple(self.paragraphs)

    def _end_paragraphs(self, start: int, end: int, resume: int) -> int:
        """End a paragraph at each line break between `start` and `end` (outside every pair) that ends one (in
        wrapped text, only where the next line starts a paragraph) and start the next; return the new resume.

        Most paragraphs have no bracket: this loop ends and starts them one after another, names kept local,
        the paragraph of one run of text made here (`_finish_paragraph` makes the others)."""
        body, stack, paragraphs, spans, syntax = self.body, self.stack, self.paragraphs, self.spans, self.syntax
        starts, text_starts, ends, find, breaks = spans.starts, spans.text_starts, spans.ends, body.find, self.breaks
        length = len(body)
        text_start, label, paragraph_start = self.text_start, self.label, self.start
        if breaks is None:  # every line break ends a paragraph
            at, stop, newline = 0, 0, find("\n", start, end)
        else:
            at, stop = bisect_left(breaks, start), bisect_left(breaks, end)
            newline = breaks[at] if at < stop else -1
        while newline >= 0:
            content_end = newline - 1 if newline > text_start and body[newline - 1] == "\r" else newline
            items = stack[-1]
            if content_end > text_start:
                items.append(body[text_start:content_end])
                text_start = content_end
            after = newline + 1
            # Blank lines after it join its trailing: the expression only when a white space character follows.
            resume = _blank_lines_end(body, after) if after < length and body[after].isspace() else after
            if not items or (len(items) == 1 and type(items[0]) is str):  # one run of text, or none: the commonest
                stack.pop()
                prefix, name, kind = label
                starts.append(paragraph_start)
                text_starts.append(paragraph_start + len(prefix))
                ends.append(content_end)
                run: str = items[0] if items else ""  # type: ignore[assignment]
                content = (_text(run),) if items else ()
                kind = kind or text_kind(len(paragraphs), None, run, syntax)
                paragraphs.append(_paragraph(prefix, name, kind, content, body[content_end:resume]))
            else:
                self.label, self.start = label, paragraph_start
                self._finish_paragraph(body[content_end:resume], content_end)
            if resume < length:  # the next paragraph starts, with its label if any
                label = self._label(resume)
                paragraph_start, text_start = resume, resume + len(label[0])
                stack.append([])
            if breaks is None:
                newline = find("\n", resume, end)
            else:
                at += 1
                while at < stop and breaks[at] < resume:
                    at += 1  # the blank lines its trailing took
                newline = breaks[at] if at < stop else -1
        self.text_start, self.label, self.start = text_start, label, paragraph_start
        return resume

    def _label(self, start: int) -> tuple[str, str | None, ParagraphKind | None]:
        """The label at `start` (prefix, label, kind), or `_NO_LABEL`; read once for each prefix."""
        match = _label_at(self.body, start)
        if match is None:
            return _NO_LABEL
        prefix = match.group()
        label = self.labels.get(prefix)
        if label is None:
            label = self.labels[prefix] = (prefix, *label_of(match))
        return label

    def _start_paragraph(self, start: int) -> int:
        if start >= len(self.body):
            return start
        self.label = self._label(start)
        self.start, self.text_start = start, start + len(self.label[0])
        self.stack.append([])
        return start

    def _finish_paragraph(self, trailing: str, content_end: int) -> None:
        items = self.stack.pop()
        (prefix, name, label_kind), start, paragraphs, spans = self.label, self.start, self.paragraphs, self.spans
        spans.starts.append(start)
        spans.text_starts.append(start + len(prefix))
        spans.ends.append(content_end)
        if not items or (len(items) == 1 and type(items[0]) is str):  # one run of text, or none: the commonest
            text: str = items[0] if items else ""  # type: ignore[assignment]
            content: tuple[Inline, ...] = (_text(text),) if items else ()
            kind = text_kind(len(paragraphs), label_kind, text, self.syntax)
        else:
            content = _freeze(items)
            kind = kind_of(len(paragraphs), label_kind, content, self.syntax)
        paragraphs.append(_paragraph(prefix, name, kind, content, trailing))

    def _flush(self, end: int) -> None:
        if end > self.text_start:
            self.stack[-1].append(self.body[self.text_start : end])
            self.text_start = end

    def _open(self, position: int) -> int:
        """Start a matched pair at `position`; return the position before which tokens are skipped."""
        close = self.closes.get(position)
        if close is None:
            return position  # unclosed: literal text
        body, inside, leaf = self.body, position + 1, position in self.leaves
        if self.markdown:
            link_end = self._markdown_link_end(position, close)
            if link_end is not None:
                return link_end  # literal text, brackets inside included
        if leaf and (
            is_literal(body, position, close) or (self.bare_literal and is_bare_number(body, position, close))
        ):
            return close + 1  # a footnote reference, a glued reference number, metadata: literal text
        if _is_placeholder(body, position, close):
            self._flush(position)
            self.stack[-1].append(Placeholder(body[inside:close]))
            self.text_start = close + 1
            return close + 1
        head = self._footnote_head(inside, close) if self.footnote_numbers else None
        items, text_start = self.stack[-1], self.text_start
        if position > text_start:
            items.append(body[text_start:position])
        start = head.end() if head is not None else inside
        if not leaf:
            self.stack.append([])
            if head is not None:
                self.heads[len(self.stack)] = head
            self.text_start = start
            return position
        # A pair with no bracket inside (most alternatives) is taken whole, as `_close` would end it.
        content = (_text(body[start:close]),) if close > start else ()
        self.text_start = close + 1
        if head is not None:
            items.append(Footnote(head.group(1), head.group(0), content))
        elif items and type(items[-1]) is list:
            items[-1] += ("", _alternative(content))  # right after an alternative: the commonest case
        else:
            _add_alternative(items, _alternative(content))
        return close + 1

    def _footnote_head(self, inside: int, close: int) -> re.Match[str] | None:
        """`N: ` at the start of a pair when N is the number of one of the document's footnote markers."""
        if not self.body[inside].isdigit():
            return None  # the regular expression only after a digit
        head = _FOOTNOTE_HEAD.match(self.body, inside, close)
        return head if head is not None and head.group(1) in self.footnote_numbers else None

    def _close(self, position: int) -> None:
        stack = self.stack
        if len(stack) < 2:
            return  # the `]` of a pair whose `[` was literal cannot happen; stray `]` are not tokens
        inner = stack.pop()
        if position > self.text_start:
            inner.append(self.body[self.text_start : position])
        self.text_start = position + 1
        content = _freeze(inner)
        head = self.heads.pop(len(stack) + 1, None) if self.heads else None
        items = stack[-1]
        if head is not None:
            items.append(Footnote(head.group(1), head.group(0), content))
            return
        _add_alternative(items, _alternative(content))

    def _markdown_link_end(self, position: int, close: int) -> int | None:
        """End of a Markdown link starting at `position`, or None when the pair is not a link."""
        body, closes = self.body, self.matching.closes
        after = close + 1
        if body.startswith("^", position + 1) and position in self.leaves:
            return after  # a footnote reference `[^1]`, inside negotiation brackets too
        if body.startswith("(", after):
            target = _INLINE_LINK_TARGET.match(body, after)
            return target.end() if target else None
        second = closes.get(after) if body.startswith("[", after) else None
        if second is None:
            # A shortcut reference link `[ref]` names a defined reference; anything else negotiates.
            shortcut = (
                position in self.leaves and normalise_reference(body[position + 1 : close]) in self.matching.references
            )
            return after if shortcut else None
        label = body[after + 1 : second] or body[position + 1 : close]
        if normalise_reference(label) in self.matching.references:
            return second + 1
        return None


def _is_placeholder(body: str, position: int, close: int) -> bool:
    """`[...]`, `[X]`, `[20XX]`, `[Placeholder for …]`, `[ ]`, and `[y]` alone (`Part[y]` negotiates)."""
    inside = position + 1
    if close == inside + 1 and body[inside] == "y":
        return not (position and body[position - 1].isalpha())
    # The regular expression only where a placeholder can be: short, or starting with white space or `P`.
    short = close - inside <= _PLACEHOLDER_MAX_WORD or body[inside].isspace() or body[inside] == "P"
    return short and _PLACEHOLDER.fullmatch(body, inside, close) is not None
