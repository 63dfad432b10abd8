"""Brackets that do not negotiate: kept literally in the text, never counted as bracket sets.

- footnote references `[^1]` (Markdown's, met in plain text too), also inside negotiation brackets;
- reference numbers glued to the word or punctuation before them: `renforcée[1]`, `Parties[ 11]`, `2°C.[3]`;
- document metadata such as `[SEN-1]` and status labels such as `[Suggested for Closure]`.

A bare number with a space before it (`[9]`, `[50][60]`) may be a footnote number or a negotiable number: it is
read as a negotiation bracket and listed by `uncertain_brackets`, so that the import preview can show it; the
secretariat may have a document read all of them as reference numbers instead (`parse(bare_numbers="literal")`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOOTNOTE_REF = re.compile(r"\^[^\[\]\s]{1,20}")
_GLUED_NUMBER = re.compile(r"[^\S\r\n]?\d{1,3}")
_GLUED_AFTER = frozenset(".,;:)\"'”’»")
_METADATA = re.compile(r"[A-Z]{2,8}-\d{1,4}")
_STATUS = re.compile(r"Suggested for (?:Closure|Deletion)|Agreed ad ref(?:erendum)?|Closed|Pending")
_BARE_INSIDE = re.compile(r"[^\S\r\n]*\d{1,3}[^\S\r\n]*")
_BARE_NUMBER = re.compile(r"(?<![\w.,;:)\"'”’»\]])\[[^\S\r\n]*\d{1,3}[^\S\r\n]*\]")


@dataclass(frozen=True, slots=True)
class UncertainBracket:
    """A bracket whose class the text does not settle, with how the parser read it."""

    offset: int
    text: str
    reading: str


def is_literal(body: str, position: int, close: int) -> bool:
    """Whether the pair `[` at `position`, `]` at `close`, with no bracket inside, is literal text."""
    inside = position + 1
    if inside == close:
        return False
    first = body[inside]
    if first == "^":
        return _FOOTNOTE_REF.fullmatch(body, inside, close) is not None
    if first.isdigit() or first == " ":
        before = body[position - 1] if position else " "
        glued = before.isalpha() or before in _GLUED_AFTER
        return glued and _GLUED_NUMBER.fullmatch(body, inside, close) is not None
    if first.isupper():
        return bool(_METADATA.fullmatch(body, inside, close) or _STATUS.fullmatch(body, inside, close))
    return False


def is_bare_number(body: str, position: int, close: int) -> bool:
    """Whether the pair at `position`…`close` holds only a number of at most three digits (`[9]`, `[ 12 ]`)."""
    return _BARE_INSIDE.fullmatch(body, position + 1, close) is not None


def uncertain_brackets(text: str, bare_numbers: str = "negotiable") -> list[UncertainBracket]:
    """Bare numbers in brackets (`[9]`): negotiable numbers or footnote numbers, as the document reads them."""
    reading = "reference number (kept as text)" if bare_numbers == "literal" else "negotiable number (a bracket set)"
    return [UncertainBracket(found.start(), found.group(0), reading) for found in _BARE_NUMBER.finditer(text)]
