"""Where paragraphs end: one paragraph per line, or wrapped text whose paragraphs run over several lines.

Word exports (like the seed) put one paragraph on each line: every line break ends a paragraph. PDF
extractions and Markdown wrap a paragraph over several lines: it runs until a blank line, or until a line that
starts with a label (`3.`, `(a)`, `Pp4`, `Option 2:`), a Markdown heading or list marker, and its hard line breaks
stay in its text. Plain wrapped text (no blank lines between paragraphs in PDF extractions) also starts a
paragraph where a line ends a sentence or a clause (`.`, `;`, `:`, `,`, before any `]`) and the next starts with a
capital letter or a bracket. Markdown is always wrapped; plain text is wrapped when many lines read as the
middle of a sentence (the line before ends without punctuation and the line starts in lower case, no label).
"""

from __future__ import annotations

import itertools
import re

from app.domain.labels import LABEL, LOOSE_LABEL, has_label
from app.domain.tree import Layout, Syntax

LAYOUTS: tuple[Layout, ...] = ("lines", "wrapped")

_WRAPPED_SHARE = 0.25  # the seed (lines) has 14 %, the Geneva PDF extraction 46 %, other drafts under 3 %
_SENTENCE_END = frozenset(".;:!?")
_WRAPPED_LINES = 5  # a short text keeps its lines: a few lower-case starts tell nothing
_SAMPLE = 200_000  # characters read to tell the layout
_BLANK_LINE = re.compile(r"[^\S\n]*(?:\n|\Z)")
# What starts a paragraph besides a label: Markdown markup, an option (`Option 2:`), a looser label (`13.1`).
_PARAGRAPH_HEAD = re.compile(
    r"[ \t]{0,3}(?:#{1,6}[ \t]|[-*+][ \t]|>|\*\*|\||---|```|\[[^\[\]\n]+\]:[ \t])"
    r"|[\[\s*_]*(?:Option|Alt|Alternative|Opción|Variante)\b"
    rf"|{LOOSE_LABEL.pattern}"
)
# A label or another paragraph head, in one expression (one call per line of wrapped text, not two).
_LABEL_OR_HEAD = re.compile(f"(?:{LABEL.pattern})|(?:{_PARAGRAPH_HEAD.pattern})")
_CLAUSE_END = re.compile(r"[.;:,!?][\]\d\s*_]*\Z")  # how a line ends a clause
_CLAUSE_PUNCTUATION = frozenset(".;:,!?")
_CLAUSE_TAIL = frozenset("]*_")  # besides digits and white space
_NEW_CLAUSE = re.compile(r"[\s*_]*[\[{\u201c\"A-ZÀ-Ý]")
# A line break after which a paragraph may start, for `paragraph_breaks`: before a blank line (`blank`: up to
# the next line break), a label or paragraph head, or (plain text) a new clause (`clause`: if the line before
# ends one). The same expressions as `starts_paragraph`, their groups unnamed. Most lines start with a word:
# `_MAY_HEAD` passes only those that can start a label or head (`a)`, `iv)`, `A.`, `XII.`, `ab.`, `pp 1`, `Pp`,
# `Op`, `OP`, `Option`, `Opción`, `Alt`, `Variante`; any line that starts otherwise), so that the long
# expression runs on few lines (`tests/domain/test_layout.py` checks the breaks against `starts_paragraph`).
_MAY_HEAD = r"(?![a-zA-Z])|[a-zA-Z]{1,6}[.)]|[PO][pP]|[po]p[ ]?\d|Alt|Variante"
_UNNAMED = re.compile(r"\(\?P<\w+>")
_BREAK = (
    rf"\n(?:(?P<blank>[^\S\n]*(?=\n|\Z))"
    rf"|(?=(?:{_MAY_HEAD}))(?=(?:{_UNNAMED.sub('(?:', _LABEL_OR_HEAD.pattern)}))"
)
_MARKDOWN_BREAK = re.compile(_BREAK + "|(?P<clause>)(?!))")  # no new clause: Markdown ends paragraphs at blank lines
_PLAIN_BREAK = re.compile(_BREAK + f"|(?P<clause>)(?={_NEW_CLAUSE.pattern}))")


def detect_layout(body: str, syntax: Syntax) -> Layout:
    """`wrapped` for Markdown and for plain text that reads as wrapped lines, else `lines`."""
    if syntax == "markdown":
        return "wrapped"
    lines = body[:_SAMPLE].split("\n")  # the first pages tell, and the cost stays bounded
    written = continued = 0
    for before, line in itertools.pairwise(lines):
        text = line.lstrip()
        if not text:
            continue
        written += 1
        end = before.rstrip()
        if end and end[-1] not in _SENTENCE_END and text[0].islower() and not has_label(line, 0):
            continued += 1
    wrapped = continued >= _WRAPPED_LINES and continued / written >= _WRAPPED_SHARE
    return "wrapped" if wrapped else "lines"


def paragraph_end(body: str, position: int, layout: Layout, syntax: Syntax = "plain") -> int:
    """The index of the line break that ends the paragraph holding `position` (the body's length at its end).

    One question, line by line; the parser reads all of a wrapped text's breaks at once (`paragraph_breaks`)."""
    if layout == "paragraph":
        return len(body)
    end = body.find("\n", position)
    while end >= 0 and layout == "wrapped" and not starts_paragraph(body, end + 1, syntax):
        end = body.find("\n", end + 1)
    return len(body) if end < 0 else end


def paragraph_start(body: str, position: int, floor: int, layout: Layout, syntax: Syntax = "plain") -> int:
    """The first character of the paragraph holding `position`, looking back no further than `floor`."""
    start = body.rfind("\n", floor, position) + 1 or floor
    while layout == "wrapped" and start > floor and not starts_paragraph(body, start, syntax):
        start = body.rfind("\n", floor, start - 1) + 1 or floor
    return start


def paragraph_breaks(body: str, syntax: Syntax = "plain") -> list[int]:
    """In wrapped text, the line breaks after which a paragraph starts (`starts_paragraph` of the next line), in
    order: one expression over the text finds the line breaks before a blank line, a label or paragraph head, or
    (plain text) a new clause; Python reads only the line before each new clause."""
    breaks: list[int] = []
    length, markdown = len(body), syntax == "markdown"
    first = body.find("\n")
    if first >= 0 and _BLANK_LINE.match(body, 0):
        breaks.append(first)  # the first line is blank: the second starts a paragraph
    for found in (_MARKDOWN_BREAK if markdown else _PLAIN_BREAK).finditer(body):
        newline, why = found.start(), found.lastgroup  # `blank`, `clause`, or None for a label or head
        known = bool(breaks) and breaks[-1] == newline  # the line before is blank
        if why == "blank":
            if not known:
                breaks.append(newline)  # a blank line starts a paragraph, and so does the line after it
            if found.end() < length:
                breaks.append(found.end())
        elif not known and (why is None or _ends_clause(body, newline)):
            breaks.append(newline)
    return breaks


def _ends_clause(body: str, newline: int) -> bool:
    """Whether the line that ends at `newline` ends a clause (`_CLAUSE_END`), read backwards from its end."""
    at = newline - 1
    while at >= 0 and (body[at] in _CLAUSE_TAIL or body[at].isdecimal() or body[at].isspace()) and body[at] != "\n":
        at -= 1
    return at >= 0 and body[at] in _CLAUSE_PUNCTUATION


def starts_paragraph(body: str, start: int, syntax: Syntax = "plain") -> bool:
    """In wrapped text, whether the line at `start` begins a paragraph (also true at the end of the body)."""
    if start >= len(body) or start == 0:
        return True
    if body[start - 1] != "\n":  # not a line start (no caller asks this): the same tests, by expression
        return _starts_paragraph_by_expression(body, start, syntax)
    # This line and the one before (it ends at start - 1) are read by hand, the one before backwards from its
    # end: `_BLANK_LINE` on each, `_CLAUSE_END` on the one before (`\s` is `str.isspace`, `\d` `str.isdecimal`),
    # without slicing lines or searching one from its start: a parse asks this of thousands of lines.
    ahead, length = start, len(body)
    while ahead < length and body[ahead] != "\n" and body[ahead].isspace():
        ahead += 1
    if ahead == length or body[ahead] == "\n":
        return True  # a blank line after the paragraph before it starts a new one
    at = start - 2
    while at >= 0 and body[at] != "\n" and body[at].isspace():
        at -= 1
    if at < 0 or body[at] == "\n":
        return True  # a blank line ends the paragraph before it
    if _LABEL_OR_HEAD.match(body, start):
        return True
    # Markdown ends paragraphs at blank lines only; PDF text has none, but its sentences and clauses end lines.
    if syntax == "markdown" or not _NEW_CLAUSE.match(body, start):
        return False
    while at >= 0 and (body[at] in _CLAUSE_TAIL or body[at].isdecimal() or body[at].isspace()) and body[at] != "\n":
        at -= 1
    return at >= 0 and body[at] in _CLAUSE_PUNCTUATION


def _starts_paragraph_by_expression(body: str, start: int, syntax: Syntax) -> bool:
    """`starts_paragraph` for a position that is no line start: each line is read by expressions."""
    if _BLANK_LINE.match(body, start) or _BLANK_LINE.match(body, body.rfind("\n", 0, start - 1) + 1):
        return True
    if has_label(body, start) or _PARAGRAPH_HEAD.match(body, start):
        return True
    if syntax == "markdown" or not _NEW_CLAUSE.match(body, start):
        return False
    previous = body[body.rfind("\n", 0, start - 1) + 1 : start - 1]
    return _CLAUSE_END.search(previous) is not None
