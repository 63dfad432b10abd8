"""Errors raised by the pure core; each says what went wrong and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


class DomainError(Exception):
    """Base class of every error the domain raises."""


class EncodingError(DomainError):
    """Input bytes that are not valid UTF-8."""

    def __init__(self, offset: int, byte: int) -> None:
        self.offset = offset
        self.byte = byte
        super().__init__(f"invalid byte 0x{byte:02X} at byte offset {offset}")


@dataclass(frozen=True, slots=True)
class UndecidedItem:
    """A bracket set or placeholder that has no decision yet."""

    kind: Literal["bracket_set", "placeholder"]
    ordinal: int
    line: int
    column: int

    def describe(self) -> str:
        """One line saying what is undecided and where."""
        noun = "bracket set" if self.kind == "bracket_set" else "placeholder"
        return f"{noun} #{self.ordinal} at line {self.line}, column {self.column}"


class UndecidedError(DomainError):
    """Clean text was asked for while bracket sets or placeholders are still open."""

    def __init__(self, items: tuple[UndecidedItem, ...]) -> None:
        self.items = items
        listed = "; ".join(item.describe() for item in items)
        super().__init__(f"{len(items)} undecided item(s): {listed}")


class InvalidChoiceError(DomainError):
    """A choice names an alternative that the bracket set does not have."""

    def __init__(self, ordinal: int, choice: int, alternatives: int, line: int, column: int) -> None:
        self.ordinal = ordinal
        self.line = line
        self.column = column
        super().__init__(
            f"bracket set #{ordinal} at line {line}, column {column} has {alternatives} alternative(s); "
            f"choice {choice} does not exist"
        )
