"""Traces of tracked changes flattened into plain text: a deletion and its insertion run together.

A Word file saved as text with its revision marks accepted badly keeps both the old and the new wording, glued:
`HighLevel` (`High-level` replaced by `Level`), `20102014` (2010 replaced by 2014). Such tokens are shown to
the secretariat as hints before an import; nothing is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GLUED = re.compile(r"(?<![\w-])(?:[A-Z][a-z]{2,}[A-Z][a-z]{2,}|(?:19|20)\d\d(?:19|20)\d\d)(?![\w-])")
MAX_HINTS = 50


@dataclass(frozen=True, slots=True)
class FlattenedMark:
    """A token that looks like two revisions' wording run together; line and column count from 1."""

    line: int
    column: int
    token: str

    @property
    def reading(self) -> str:
        """What the token may have been, in words."""
        if self.token.isdigit():
            return f"{self.token[:4]} and {self.token[4:]} run together (a changed year?)"
        split = next(i for i in range(1, len(self.token)) if self.token[i].isupper())
        return f"“{self.token[:split]}” and “{self.token[split:]}” run together (a deletion beside its insertion?)"


def flattened_marks(text: str) -> tuple[list[FlattenedMark], int]:
    """The first MAX_HINTS tokens that look like flattened revision marks, and how many there are in all."""
    found: list[FlattenedMark] = []
    total = 0
    line, line_start, counted = 1, 0, 0
    for match in _GLUED.finditer(text):
        total += 1
        if len(found) >= MAX_HINTS:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        line_start = text.rfind("\n", 0, match.start()) + 1
        found.append(FlattenedMark(line, match.start() - line_start + 1, match.group(0)))
    return found, total
