"""Read model of a Word import's preview: what importing the file would create, before anything is stored."""

from __future__ import annotations

from pydantic import Field

from app.services.formats.wordread import Comment
from app.services.reading.models import ReadModel


class CountWarning(ReadModel):
    """An unmatched bracket kept as text, as the statistics list it."""

    line: int
    column: int
    kind: str
    message: str


class PreviewStatistics(ReadModel):
    """The document counts of the parsed text; the per-paragraph counts are left out (always null)."""

    paragraphs: int
    bracket_sets: int
    alternatives: int
    max_depth: int
    placeholders: int
    footnotes: int
    footnote_refs: int
    warnings: list[CountWarning]
    paragraph_details: None = None


class PreviewParagraph(ReadModel):
    """A detected paragraph, its text cut to the preview's length."""

    label: str | None
    kind: str
    text: str
    truncated: bool


class PreviewBracketSet(ReadModel):
    """A detected bracket set: where it opens, how deep, and its alternatives' wording."""

    ordinal: int
    line: int
    column: int
    depth: int
    alternatives: list[str]


class ImportWarning(ReadModel):
    """Something to check before importing: an unmatched bracket (with line and column) or tracked changes."""

    kind: str
    line: int | None
    column: int | None
    message: str


class UncertainBracketView(ReadModel):
    """A bracket whose class the text does not settle (a bare `[9]`), with how it was read."""

    line: int
    column: int
    text: str
    reading: str


class FlattenedMarkView(ReadModel):
    """A token that looks like two revisions' wording run together (`HighLevel`, `20102014`): a hint."""

    line: int
    column: int
    text: str
    reading: str


class WordCounts(ReadModel):
    """What the Word file held besides its body text."""

    footnotes: int
    endnotes: int
    tables: int
    tracked_insertions: int
    tracked_deletions: int


class WordPreview(ReadModel):
    """What importing a Word file would create: paragraphs, bracket sets, warnings, comments and notes."""

    title: str
    statistics: PreviewStatistics
    paragraphs: list[PreviewParagraph]
    bracket_sets: list[PreviewBracketSet]
    warnings: list[ImportWarning]
    comments: list[Comment]
    word: WordCounts
    uncertain_brackets: list[UncertainBracketView] = Field(default_factory=list)
