"""What negotiation text may contain: no control characters, nothing that reorders or hides text, bounded nesting.

Wording that delegations and the chair type (proposals, alternatives, compromises, the chair's text) and titles
are refused when they bring in a control character (tab and line feed aside; a carriage return only as part of a
CRLF line end), a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069: `shall \u202etdopa ton` shows
as "shall not adopt"), a zero-width character (U+200B–U+200D, U+2060, U+FEFF; the joiners U+200C/U+200D only
where they join no letters, since Persian and Indic spelling needs them) or half of a surrogate pair.
Imported drafts are kept byte for byte, so the same characters are only flagged there (the Geneva text has form
feeds at its page breaks), except NUL and surrogate halves, which no draft has and no database keeps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from app.domain.delta import make_delta
from app.domain.errors import DomainError
from app.domain.tree import Document, Inline, Paragraph
from app.domain.walk import iter_bracket_sets, nested_within

MAX_NESTING = 50  # real drafts nest to depth 7; deeper is a mistake or an attack
MAX_FLAGS = 100  # flags listed for one text; the rest are counted

Kind = Literal["control", "carriage_return", "bidi", "invisible", "surrogate"]
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]|\r(?!\n)"
)
_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}
_WHY: dict[Kind, str] = {
    "control": "is a control character",
    "carriage_return": "is a carriage return outside a CRLF line end",
    "bidi": "changes the order in which the text is displayed",
    "invisible": "is an invisible (zero-width) character",
    "surrogate": "is half of a UTF-16 surrogate pair, not a character",
}


@dataclass(frozen=True, slots=True)
class Flag:
    """One suspicious character: what it is and where (1-based line and column, 0-based offset)."""

    char: str
    kind: Kind
    line: int
    column: int
    offset: int

    @property
    def name(self) -> str:
        """`U+202E RIGHT-TO-LEFT OVERRIDE`."""
        code = ord(self.char)
        name = _NAMES.get(code) or unicodedata.name(self.char, "")
        return f"U+{code:04X}" + (f" {name}" if name else "")

    def describe(self) -> str:
        """Line, column, the character and why it is flagged."""
        return f"line {self.line}, column {self.column}: {self.name} {_WHY[self.kind]}"


class TextRuleError(DomainError):
    """Text that breaks a rule of this module, with where."""

    def __init__(self, field: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.field, self.line, self.column = field, line, column
        super().__init__(f"{field}: {message}")


def flags(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Flag]:
    """Every suspicious character of text[start:end], with its line and column in the whole text."""
    end = len(text) if end is None else end
    line, line_start, counted = 1, 0, 0
    # One character more, so that a CR at the end of the stretch is judged with the LF after it.
    for match in _SUSPECT.finditer(text, start, min(len(text), end + 1)):
        offset = match.start()
        if offset >= end:
            break
        if _joins_letters(text, offset):
            continue
        newlines = text.count("\n", counted, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, offset) + 1
        counted = offset
        yield Flag(text[offset], _kind(text[offset]), line, offset - line_start + 1, offset)


def _joins_letters(text: str, offset: int) -> bool:
    """A zero-width (non-)joiner between letters or marks is spelling (Persian, Indic scripts, emoji), not a trick."""
    if text[offset] not in "\u200c\u200d" or offset == 0 or offset + 1 >= len(text):
        return False
    return all(unicodedata.category(text[i])[0] in "LMS" for i in (offset - 1, offset + 1))


def check_wording(text: str, *, field: str, existing: str = "") -> None:
    """Refuse wording that brings in a flagged character; those already in `existing` (the text it edits) stay."""
    for start, end in _new_stretches(existing, text):
        for flag in flags(text, start=start, end=end):
            raise TextRuleError(field, flag.describe() + "; remove it", flag.line, flag.column)


def import_flags(text: str, *, field: str = "text") -> list[Flag]:
    """The flags of a draft to import (a leading byte-order mark aside); NUL and surrogate halves are refused."""
    found: list[Flag] = []
    for flag in flags(text, start=1 if text.startswith("\ufeff") else 0):
        if flag.char == "\x00" or flag.kind == "surrogate":
            raise TextRuleError(field, flag.describe() + "; no draft can hold it", flag.line, flag.column)
        if len(found) < MAX_FLAGS:
            found.append(flag)
    return found


def check_nesting(content: Sequence[Inline], *, field: str, limit: int = MAX_NESTING) -> None:
    """Refuse content whose bracket sets nest deeper than `limit`, naming the first set too deep."""
    if nested_within(content, limit):
        return
    paragraph = Paragraph(prefix="", label=None, kind="text", content=tuple(content), trailing="")
    document = Document(bom="", leading="", paragraphs=(paragraph,), warnings=())
    for _ordinal, _node, location in iter_bracket_sets(document):
        if location.depth > limit:
            raise TextRuleError(
                field,
                f"brackets nested more than {limit} deep at line {location.line}, column {location.column}; "
                f"at most {limit} levels are supported",
                location.line,
                location.column,
            )


def _kind(char: str) -> Kind:
    code = ord(char)
    if code == 0x0D:
        return "carriage_return"
    if code <= 0x9F:
        return "control"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidi"
    return "invisible"


def _new_stretches(existing: str, text: str) -> list[tuple[int, int]]:
    """Where `text` has characters not copied from `existing` (all of it when `existing` is empty)."""
    if not existing:
        return [(0, len(text))]
    stretches, at = [], 0
    for piece in make_delta(existing, text):
        size = len(piece) if isinstance(piece, str) else piece[1]
        if isinstance(piece, str):
            stretches.append((at, at + size))
        at += size
    return stretches
