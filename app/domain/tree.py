"""The document tree: paragraphs made of text, bracket sets, placeholders and footnotes.

Every node keeps the exact source characters it was parsed from, so that rendering the tree gives the input
back byte for byte. Nodes are immutable; positions are not stored but computed by a walk (see `walk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ParagraphKind = Literal["title", "heading", "preambular", "operative", "footnote", "text"]
WarningKind = Literal["stray", "unclosed"]
Syntax = Literal["plain", "markdown"]
# One paragraph per line, or paragraphs wrapped over lines (`app.domain.layout`); `paragraph`: the whole text is
# one paragraph (a stored paragraph's text re-parsed on its own).
Layout = Literal["lines", "wrapped", "paragraph"]
# How a bare number in brackets (`[9]`) reads: a negotiable number (a bracket set) or a reference number (text).
BareNumbers = Literal["negotiable", "literal"]


@dataclass(frozen=True, slots=True)
class Reading:
    """How a stored document's text is read again (a paragraph edited, a revision re-read): its syntax, and how a
    bare number in brackets reads, both as chosen at its import."""

    syntax: Syntax = "plain"
    bare_numbers: BareNumbers = "negotiable"


PLAIN = Reading()


@dataclass(frozen=True, slots=True)
class Text:
    """A run of literal characters (unmatched brackets, Markdown links and footnote markers included)."""

    text: str


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A value still to be filled in, such as `[...]` or `[20XX]`; `text` is the inside of the brackets."""

    text: str
    key: int | None = None  # an identity given by the caller (a database id); the parser leaves it None


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A Word footnote marker exported as text, such as `[footnoteRef:1]`."""

    number: str
    raw: str


@dataclass(frozen=True, slots=True)
class Footnote:
    """A Word footnote body `[1: …]`; `head` is the number, colon and following spaces as in the source."""

    number: str
    head: str
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Alternative:
    """One bracketed wording of a bracket set; empty content means "no text"."""

    content: tuple[Inline, ...]
    key: int | None = None
    original: bool = False  # the wording that stood before a proposal bracketed it


@dataclass(frozen=True, slots=True)
class BracketSet:
    """One contested point: adjacent bracketed alternatives; one alternative alone is optional wording."""

    alternatives: tuple[Alternative, ...]
    separators: tuple[str, ...]
    key: int | None = None

    def __post_init__(self) -> None:
        if not self.alternatives:
            raise ValueError("a bracket set needs at least one alternative")
        if len(self.separators) != len(self.alternatives) - 1:
            raise ValueError("a bracket set needs one separator between each pair of alternatives")


Inline = Text | BracketSet | Placeholder | FootnoteRef | Footnote


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A unit of the text: label prefix, content, and the line break plus blank lines that end it."""

    prefix: str
    label: str | None
    kind: ParagraphKind
    content: tuple[Inline, ...]
    trailing: str


BlockKind = Literal["bracket", "options"]


@dataclass(frozen=True, slots=True)
class BlockAlternative:
    """One alternative of a block-level set: the paragraphs `first`…`last` (indexes in `Document.paragraphs`)."""

    first: int
    last: int
    label: str = ""  # how an option names itself (`Option 2`); empty for a bracket over paragraphs


@dataclass(frozen=True, slots=True)
class BlockSet:
    """A bracket set whose alternatives are runs of whole paragraphs, laid over them (they stay paragraphs).

    `bracket`: a `[` opening a paragraph paired with a `]` closing a later one — one alternative, optional text;
    `opening` and `closing` are the brackets' offsets in the first and last paragraph's text. `options`: labelled
    options (`Option 1:` … `Option 2: No text`), each alternative from its label to the next option."""

    kind: BlockKind
    alternatives: tuple[BlockAlternative, ...]
    opening: int | None = None
    closing: int | None = None
    key: int | None = None  # an identity given by the caller (a database id); the parser leaves it None

    @property
    def first(self) -> int:
        return self.alternatives[0].first

    @property
    def last(self) -> int:
        return self.alternatives[-1].last


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """An unmatched bracket kept as literal text; line and column count characters from 1."""

    line: int
    column: int
    kind: WarningKind
    message: str
    offset: int


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed text: byte-order mark, leading blank lines, paragraphs and the parser's warnings."""

    bom: str
    leading: str
    paragraphs: tuple[Paragraph, ...]
    warnings: tuple[ParseWarning, ...]
    layout: Layout = "lines"  # how the parser told paragraphs apart
    blocks: tuple[BlockSet, ...] = ()  # block-level sets over the paragraphs, in order of their first paragraph
