"""A Word file to import: read within limits, and the preview of what was detected (comments and warnings too)."""

from __future__ import annotations

from app import domain
from app.domain.text_rules import Flag
from app.domain.walk import Location, iter_located
from app.services import text_checks
from app.services.documents import catalog as documents
from app.services.errors import TooLarge
from app.services.formats.wordread import WordText, read_docx
from app.services.reading.import_models import (
    CountWarning,
    ImportWarning,
    PreviewBracketSet,
    PreviewParagraph,
    PreviewStatistics,
    UncertainBracketView,
    WordCounts,
    WordPreview,
)

MAX_DOCX_BYTES = 20 * 1024 * 1024
PREVIEW_TEXT = 300  # characters of each paragraph shown in a preview


def read(data: bytes) -> WordText:
    """The text of an uploaded Word file, refusing files over the size limit."""
    if len(data) > MAX_DOCX_BYTES:
        raise TooLarge(f"file: {len(data):,} bytes; a Word file may have at most {MAX_DOCX_BYTES:,}")
    return read_docx(data)


def preview(*, word: WordText, title: str = "") -> WordPreview:
    """What importing this Word file would create: paragraphs, bracket sets, warnings, comments, notes."""
    tree = documents.parse_importable(word.text)
    return WordPreview(
        title=title,
        statistics=_statistics(domain.statistics(tree)),
        paragraphs=[_paragraph(p) for p in tree.paragraphs],
        bracket_sets=_bracket_sets(word.text, tree),
        warnings=[
            *_word_warnings(word),
            *(_parse_warning(w) for w in tree.warnings),
            *(_character_warning(f) for f in text_checks.import_flags(word.text)),
        ],
        comments=word.comments,
        uncertain_brackets=uncertain_brackets(word.text),
        word=WordCounts(
            footnotes=word.footnotes,
            endnotes=word.endnotes,
            tables=word.tables,
            tracked_insertions=word.insertions,
            tracked_deletions=word.deletions,
        ),
    )


def uncertain_brackets(text: str, bare_numbers: str = "negotiable", limit: int = 200) -> list[UncertainBracketView]:
    """The draft's brackets whose class is uncertain (bare numbers), with line, column and reading."""
    found = domain.uncertain_brackets(text, bare_numbers)[:limit]
    views, line, line_start, counted = [], 1, 0, 0
    bom = 1 if text.startswith("\ufeff") else 0
    for bracket in found:
        breaks = text.count("\n", counted, bracket.offset)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", counted, bracket.offset) + 1
        counted = bracket.offset
        column = bracket.offset - line_start + 1 - (bom if line == 1 else 0)
        views.append(UncertainBracketView(line=line, column=column, text=bracket.text, reading=bracket.reading))
    return views


def _statistics(stats: domain.DocumentStats) -> PreviewStatistics:
    warnings = [CountWarning(line=w.line, column=w.column, kind=w.kind, message=w.message) for w in stats.warnings]
    return PreviewStatistics(
        paragraphs=stats.paragraphs,
        bracket_sets=stats.bracket_sets,
        alternatives=stats.alternatives,
        max_depth=stats.max_depth,
        placeholders=stats.placeholders,
        footnotes=stats.footnotes,
        footnote_refs=stats.footnote_refs,
        warnings=warnings,
    )


def _paragraph(paragraph: domain.Paragraph) -> PreviewParagraph:
    text = domain.render_inlines(paragraph.content)
    return PreviewParagraph(
        label=paragraph.label, kind=paragraph.kind, text=text[:PREVIEW_TEXT], truncated=len(text) > PREVIEW_TEXT
    )


def _bracket_sets(text: str, tree: domain.Document) -> list[PreviewBracketSet]:
    """Every bracket set with its alternatives cut from the source, in one pass (nested sets are not re-rendered)."""
    found: dict[int, PreviewBracketSet] = {}
    open_sets: list[tuple[int, Location, list[str], list[int]]] = []  # ordinal, where, wordings, starts
    for event, location in iter_located(tree):
        if event.kind == "set":
            open_sets.append((len(found) + len(open_sets), location, [], []))
        elif event.kind == "open":
            open_sets[-1][3].append(location.offset + 1)
        elif event.kind == "close":
            wording = text[open_sets[-1][3].pop() : location.offset]
            open_sets[-1][2].append(wording if len(wording) <= PREVIEW_TEXT else wording[: PREVIEW_TEXT - 1] + "…")
        elif event.kind == "end_set":
            ordinal, where, wordings, _ = open_sets.pop()
            found[ordinal] = PreviewBracketSet(
                ordinal=ordinal, line=where.line, column=where.column, depth=where.depth, alternatives=wordings
            )
    return [found[ordinal] for ordinal in sorted(found)]


def _word_warnings(word: WordText) -> list[ImportWarning]:
    if not (word.insertions or word.deletions):
        return []
    counts = f"{word.insertions} tracked insertions and {word.deletions} deletions"
    message = f"the file has {counts}; they were imported as accepted"
    return [ImportWarning(kind="tracked_changes", line=None, column=None, message=message)]


def _character_warning(flag: Flag) -> ImportWarning:
    return ImportWarning(kind="character", line=flag.line, column=flag.column, message=flag.describe())


def _parse_warning(warning: domain.ParseWarning) -> ImportWarning:
    return ImportWarning(kind=warning.kind, line=warning.line, column=warning.column, message=warning.message)
