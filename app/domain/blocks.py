"""Block-level sets: brackets over whole paragraphs, and labelled options, laid over the paragraphs they span.

A block bracket (a `[` opening its paragraph paired with a `]` closing a later one: `app.domain.matching`) no
longer joins its paragraphs into one: its two characters stay in the text of its first and last paragraph, and
the pair becomes a `BlockSet` of kind `bracket` over those paragraphs, whose one alternative is optional text.

Labelled options — a paragraph that starts with `Option 1:`, `Option I:`, `Option (a):`, `Alt 2`, `Opción 1`,
`Variante 2` … (after Markdown markup and `[`) — form one `BlockSet` of kind `options` when they follow each
other in sequence (1, 2, 3; I, II; a, b) at the same indentation, inside the same block bracket, with no heading
or less indented paragraph between two of them. Each option runs from its label to the paragraph before the
next. The last one runs on: over the paragraphs indented more deeply than its label when the label has its
wording on the same line (`Option 2: No text`), and otherwise (a label alone, its wording below it) until a
heading, a less indented paragraph or the end of the block bracket around the options.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from app.domain.nodes import block_alternative, block_set
from app.domain.tree import BlockSet, Inline, Paragraph, Text

_OPTION = re.compile(
    r"[^\S\n]*(?:(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-z]\.|\(\w{1,4}\))[^\S\n]+)?[*_#>\-\[{]*[^\S\n]*"
    r"(?P<word>option|opción|opcion|variante|variant|alternative|alt\.?)[^\S\n]*"
    r"(?P<open>\()?(?P<n>\d{1,3}|[ivxlc]{1,7}|[a-z])(?(open)\))(?!\w)"
    r"[^\S\n]*[*_]*[^\S\n]*[:.]?[*_}]*[:.]?[^\S\n]*",
    re.IGNORECASE,
)
# Options of one group may stand a column or two apart (`2. **Option 1:**` above `    **Option 2:**`).
_INDENT_SLACK = 2
# Pieces of every option word (`Option`, `OPTION`, `Opción`, `Variante`, `Alternative`, `Alt`), searched as is.
_OPTION_WORDS = ("ption", "PTION", "pci", "PCI", "ariant", "ARIANT", "lternative", "LTERNATIVE", "Alt", "alt", "ALT")
_OPTION_WORD = re.compile("|".join(_OPTION_WORDS))
_LONGEST_WORD = max(len(word) for word in _OPTION_WORDS)
_LABEL_REACH = 60  # how far into its paragraph an option label may start (indentation, a label, markup)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(slots=True)
class Spans:
    """Where each paragraph stands in the document's body, paragraph by paragraph: its start, its text's start
    (after its label) and its content's end (three lists: pass 2 appends to them without making an object for
    each of the thousands of paragraphs)."""

    starts: list[int] = field(default_factory=list)
    text_starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


@dataclass(slots=True)  # not frozen: a plain `__init__` costs a third of a frozen one's (502 options in Geneva)
class _Option:
    index: int  # the paragraph
    name: str  # `Option 2`, as written (markup aside)
    ordinal: str
    indent: int  # the paragraph's indentation
    column: int  # where the label starts (after a paragraph label such as `2.`, further right than `indent`)
    inline: bool  # wording follows the label in the same paragraph
    chain: tuple[int, ...]  # the block brackets around it (their places in the list), innermost first
    enclosing: int = -1  # the innermost of them that does not open on an option's paragraph, -1 for none


def lay_blocks(
    body: str, paragraphs: tuple[Paragraph, ...], spans: Spans, pairs: dict[int, int]
) -> tuple[BlockSet, ...]:
    """The block-level sets of a parsed body: one per block bracket, one per group of labelled options."""
    text_starts = spans.text_starts
    brackets: list[BlockSet] = []
    for opening, closing in sorted(pairs.items()):
        first = bisect_right(text_starts, opening) - 1
        last = bisect_right(text_starts, closing) - 1
        if first < 0 or last <= first:
            continue  # cannot happen: a block bracket's `]` closes a later paragraph
        alternative = block_alternative(first, last, "")
        brackets.append(block_set("bracket", (alternative,), opening - text_starts[first], closing - text_starts[last]))
    options = _option_sets(body, paragraphs, spans, brackets)
    return tuple(sorted([*brackets, *options], key=lambda block: (block.first, -block.last)))


def _indent(body: str, spans: Spans, index: int) -> int:
    """The indentation of a paragraph: the spaces (a tab counting four) before its first other character."""
    start, end = spans.starts[index], spans.ends[index]
    if start == end or body[start] not in " \t":
        return 0  # most paragraphs
    width = 0
    for character in body[start:end]:
        if character == " ":
            width += 1
        elif character == "\t":
            width += 4
        else:
            break
    return width


def _labelled(body: str, spans: Spans) -> Iterator[tuple[int, re.Match[str]]]:
    """The paragraphs that open with an option label (at their start, or after their paragraph label: `2.
    **Option 1:** …`), in order, with the label's match; only those with an option word near their start (an
    expression over the whole text, or a substring search for each word, cost more than the rest of the parse).
    The anchored label expression first: it fails at the first characters of most paragraphs, where a search
    for the word reads sixty of them."""
    match, search, length = _OPTION.match, _OPTION_WORD.search, len(body)
    starts, text_starts, ends = spans.starts, spans.text_starts, spans.ends
    count = len(starts)
    for index, start in enumerate(starts):
        found = match(body, start, ends[index])
        if found is None and text_starts[index] > start:
            found = match(body, text_starts[index], ends[index])
        if found is None or not found.group("word")[0].isalpha():
            continue
        limit = start + _LABEL_REACH  # the last place a word may start, inside this paragraph
        if index + 1 < count and starts[index + 1] <= limit:
            limit = starts[index + 1] - 1
        word = search(body, start, min(length, limit + _LONGEST_WORD))
        if word is not None and word.start() <= limit:
            yield index, found


def _options(body: str, paragraphs: tuple[Paragraph, ...], spans: Spans, brackets: list[BlockSet]) -> list[_Option]:
    found: list[_Option] = []
    if "lt" not in body and "ption" not in body and "ariant" not in body and "pci" not in body:
        return found  # no option label can be in the text (Alt, Option, Opción, Variant…): one quick search
    around = _Around(brackets)
    fields: list[tuple[int, str, str, int, int, bool, tuple[int, ...]]] = []
    for index, match in _labelled(body, spans):
        start, end = spans.starts[index], spans.ends[index]
        line_end = body.find("\n", match.end(), end)
        inline = bool(body[match.end() : end if line_end < 0 else line_end].strip())
        number = f"({match.group('n')})" if match.group("open") else match.group("n")
        name = f"{match.group('word').rstrip('.').capitalize()} {number}"
        column = len(body[start : match.start("word")].replace("\t", "    "))
        chain = around.chain(index)
        fields.append((index, name, match.group("n"), _indent(body, spans, index), column, inline, chain))
    # A bracket opening on an option's own paragraph (`[Option 1: …`) may hold that option or all of them: only
    # the brackets around that do not open on an option tell which options belong together.
    starts = {option[0] for option in fields}
    for option in fields:
        chain = option[6]
        enclosing = next((n for n in chain if brackets[n].first not in starts), -1) if chain else -1
        found.append(_Option(*option, enclosing=enclosing))
    return found


class _Around:
    """The block brackets around paragraphs asked for in increasing order: one sweep, as brackets nest."""

    def __init__(self, brackets: list[BlockSet]) -> None:
        self.ranges = sorted(((b.first, b.last, n) for n, b in enumerate(brackets)), key=lambda r: (r[0], -r[1]))
        self.next = 0
        self.stack: list[tuple[int, int, int]] = []

    def chain(self, index: int) -> tuple[int, ...]:
        """The brackets (places in the list) spanning paragraph `index`, innermost first."""
        while self.next < len(self.ranges) and self.ranges[self.next][0] <= index:
            self.stack.append(self.ranges[self.next])
            self.next += 1
        spanning = [r for r in self.stack if r[1] >= index]  # an outer bracket may close before an inner one ends
        self.stack = spanning
        return tuple(r[2] for r in reversed(spanning))


def _value(ordinal: str, style: str) -> int | None:
    """An option's number in its group's numbering style (`digits`, `roman`, `letters`)."""
    lowered = ordinal.lower()
    if style == "digits":
        return int(ordinal) if ordinal.isdigit() else None
    if style == "letters":
        return ord(lowered) - ord("a") + 1 if len(lowered) == 1 and lowered.isalpha() else None
    if not all(c in _ROMAN for c in lowered):
        return None
    total = 0
    for position, character in enumerate(lowered):
        value = _ROMAN[character]
        following = _ROMAN[lowered[position + 1]] if position + 1 < len(lowered) else 0
        total += -value if value < following else value
    return total


def _style(ordinal: str) -> str | None:
    """The numbering style an option group's first label starts: `1`, `I`/`i` or `a`/`A`."""
    if ordinal == "1":
        return "digits"
    if ordinal.lower() == "i":
        return "roman"
    if ordinal.lower() == "a":
        return "letters"
    return None


def _option_sets(
    body: str, paragraphs: tuple[Paragraph, ...], spans: Spans, brackets: list[BlockSet]
) -> list[BlockSet]:
    options = _options(body, paragraphs, spans, brackets)
    sets: list[BlockSet] = []
    used: set[int] = set()
    for start in range(len(options)):
        if start in used:
            continue
        members = _group(options, start, paragraphs, spans, body)
        if len(members) < 2:
            continue
        used.update(members)
        group = [options[n] for n in members]
        last = group[-1]
        limit = brackets[last.chain[0]].last if last.chain else len(paragraphs) - 1
        alternatives = [
            block_alternative(option.index, following.index - 1, option.name) for option, following in pairwise(group)
        ]
        end = _last_option_end(last, limit, paragraphs, spans, body)
        alternatives.append(block_alternative(last.index, end, last.name))
        sets.append(block_set("options", tuple(alternatives), None, None))
    return sets


def _aligned(first: _Option, option: _Option) -> bool:
    """Whether two options stand at one level: their indentation, or the first one's label column (after a
    paragraph label), within a column or two of each other."""
    low, high = min(first.indent, first.column), max(first.indent, first.column)
    return low - _INDENT_SLACK <= option.indent <= high + _INDENT_SLACK


def _group(options: list[_Option], start: int, paragraphs: tuple[Paragraph, ...], spans: Spans, body: str) -> list[int]:
    """The options (their places in `options`) that follow `options[start]` in sequence, if it starts a group;
    options of another numbering style between two of them (a group nested in an option) are passed over."""
    first = options[start]
    style = _style(first.ordinal)
    if style is None:
        return [start]
    members = [start]
    level = min(first.indent, first.column)
    checked = first.index + 1  # paragraphs before this are known not to end the group
    for number in range(start + 1, len(options)):
        option = options[number]
        if _broken(checked, option.index, level, paragraphs, spans, body):
            break
        checked = max(checked, option.index + 1)
        value = _value(option.ordinal, style)
        if value == len(members) + 1 and _aligned(first, option) and option.enclosing == first.enclosing:
            members.append(number)
        elif (value is not None and _style(option.ordinal) == style) or value == 1:
            break  # a new group of the same numbering
    return members


def _broken(after: int, before: int, indent: int, paragraphs: tuple[Paragraph, ...], spans: Spans, body: str) -> bool:
    """Whether a heading or a less indented paragraph stands in paragraphs `after`…`before - 1` (page furniture
    aside)."""
    floor = indent - _INDENT_SLACK  # no paragraph is indented less than 0: most groups need no indentation
    for index in range(after, before):
        if (paragraphs[index].kind == "heading" or (floor > 0 and _indent(body, spans, index) < floor)) and not (
            _furniture(body, spans, index)  # read only for the few that would break the group
        ):
            return True
    return False


def _furniture(body: str, spans: Spans, index: int) -> bool:
    """A page number or a running head of a text extracted from PDF (it starts a page: a form feed), or an
    editorial note in braces (`{Tracking arrangements}`): none of them ends an option."""
    start, end = spans.starts[index], spans.ends[index]
    if body.startswith("\f", start):
        return True
    if end - start > 12 and body[start] != "{" and not body[start].isspace():
        return False  # most paragraphs: no page number, no note in braces
    head = body[start : min(end, start + _LABEL_REACH)].lstrip()
    if head.startswith("{"):
        return body[max(start, end - _LABEL_REACH) : end].rstrip().endswith("}")
    return end - start <= 12 and head.strip().isdigit()


def _last_option_end(last: _Option, limit: int, paragraphs: tuple[Paragraph, ...], spans: Spans, body: str) -> int:
    end = last.index
    for index in range(last.index + 1, limit + 1):
        if _furniture(body, spans, index):
            continue
        if paragraphs[index].kind == "heading":
            break
        indent = _indent(body, spans, index)
        if indent < last.indent or (last.inline and indent == last.indent):
            break
        end = index
    return end


_NO_TEXT = re.compile(
    r"[\s*_{}\[\]().:;,-]*(?:no[^\S\n]+text(?:[^\S\n]+required)?)?[\s*_{}\[\]().:;,-]*", re.IGNORECASE
)


def without_opening(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A block's first paragraph once its block bracket is accepted: the `[` that opens it removed."""
    if content and isinstance(content[0], Text) and "[" in content[0].text:
        text = content[0].text
        at = text.index("[")
        rest = text[:at] + text[at + 1 :]
        return (Text(rest), *content[1:]) if rest else content[1:]
    return content


def without_closing(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A block's last paragraph once its block bracket is accepted: the `]` that closes it removed."""
    if content and isinstance(content[-1], Text) and "]" in content[-1].text:
        text = content[-1].text
        at = text.rindex("]")
        rest = text[:at] + text[at + 1 :]
        return (*content[:-1], Text(rest)) if rest else content[:-1]
    return content


def strip_option_label(text: str) -> str:
    """A text without the option label it starts with, if any."""
    label = _OPTION.match(text)
    return text[label.end() :] if label is not None and label.group("word")[0].isalpha() else text


def without_option_label(content: tuple[Inline, ...]) -> tuple[Inline, ...] | None:
    """An option's first paragraph once the option is chosen: its label (`**Option 2:** `) removed; None when
    nothing but the label (or `No text`) is left, so that the paragraph goes."""
    if not content or not isinstance(content[0], Text):
        return content
    label = _OPTION.match(content[0].text)
    if label is None:
        return content
    rest = content[0].text[label.end() :]
    remaining = (Text(rest), *content[1:]) if rest else content[1:]
    if len(remaining) <= 1 and (
        not remaining or (isinstance(remaining[0], Text) and _NO_TEXT.fullmatch(remaining[0].text))
    ):
        return None
    return remaining
