"""Importing a Word file: a preview of what was detected (with comments and warnings), or the new document."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlmodel import Session

from app import domain
from app.domain.text_rules import Flag
from app.domain.walk import iter_located
from app.models import Document
from app.services import permissions, text_checks
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.errors import TooLarge
from app.services.formats.wordread import WordText, read_docx

MAX_DOCX_BYTES = 20 * 1024 * 1024
PREVIEW_TEXT = 300  # characters of each paragraph shown in a preview


def read(data: bytes) -> WordText:
    """The text of an uploaded Word file, refusing files over the size limit."""
    if len(data) > MAX_DOCX_BYTES:
        raise TooLarge(f"file: {len(data):,} bytes; a Word file may have at most {MAX_DOCX_BYTES:,}")
    return read_docx(data)


def preview(*, data: bytes, title: str = "") -> dict[str, Any]:
    """What importing this Word file would create: paragraphs, bracket sets, warnings, comments, notes."""
    word = read(data)
    tree = documents.parse_importable(word.text)
    stats = domain.statistics(tree)
    return {
        "title": title,
        "statistics": stats.to_json_dict() | {"paragraph_details": None},
        "paragraphs": [
            {
                "label": p.label,
                "kind": p.kind,
                "text": (text := domain.render_inlines(p.content))[:PREVIEW_TEXT],
                "truncated": len(text) > PREVIEW_TEXT,
            }
            for p in tree.paragraphs
        ],
        "bracket_sets": _bracket_sets(word.text, tree),
        "warnings": [
            *_word_warnings(word),
            *(_parse_warning(w) for w in tree.warnings),
            *(_character_warning(f) for f in text_checks.import_flags(word.text)),
        ],
        "comments": [asdict(comment) for comment in word.comments],
        "word": {
            "footnotes": word.footnotes,
            "endnotes": word.endnotes,
            "tables": word.tables,
            "tracked_insertions": word.insertions,
            "tracked_deletions": word.deletions,
        },
    }


def import_docx(
    *, session: Session, actor: Actor | None, data: bytes, title: str, language: str = "fr", symbol: str = ""
) -> tuple[Document, WordText]:
    """Create a document from a Word file's text (Rev.0), as `documents.import_text` does for text."""
    if actor is not None:
        permissions.require_secretariat(actor, "import documents")
    word = read(data)
    return import_word(session=session, actor=actor, word=word, title=title, language=language, symbol=symbol), word


def import_word(
    *, session: Session, actor: Actor | None, word: WordText, title: str, language: str = "fr", symbol: str = ""
) -> Document:
    """Create a document from a Word file already read (outside the write lock, by `read`)."""
    if actor is not None:
        permissions.require_secretariat(actor, "import documents")
    return documents.import_text(
        session=session, title=title, text=word.text, language=language, symbol=symbol, actor=actor
    )


def _bracket_sets(text: str, tree: domain.Document) -> list[dict[str, Any]]:
    """Every bracket set with its alternatives cut from the source, in one pass (nested sets are not re-rendered)."""
    found: list[dict[str, Any]] = []
    open_sets: list[tuple[dict[str, Any], list[int]]] = []
    for event, location in iter_located(tree):
        if event.kind == "set":
            record = {"ordinal": len(found), "line": location.line, "column": location.column}
            found.append(record | {"depth": location.depth, "alternatives": []})
            open_sets.append((found[-1], []))
        elif event.kind == "open":
            open_sets[-1][1].append(location.offset + 1)
        elif event.kind == "close":
            wording = text[open_sets[-1][1].pop() : location.offset]
            cut = wording if len(wording) <= PREVIEW_TEXT else wording[: PREVIEW_TEXT - 1] + "…"
            open_sets[-1][0]["alternatives"].append(cut)
        elif event.kind == "end_set":
            open_sets.pop()
    return found


def _word_warnings(word: WordText) -> list[dict[str, Any]]:
    warnings = []
    if word.insertions or word.deletions:
        warnings.append(
            {
                "kind": "tracked_changes",
                "line": None,
                "column": None,
                "message": f"the file has {word.insertions} tracked insertions and {word.deletions} deletions; "
                "they were imported as accepted",
            }
        )
    return warnings


def _character_warning(flag: Flag) -> dict[str, Any]:
    return {"kind": "character", "line": flag.line, "column": flag.column, "message": flag.describe()}


def _parse_warning(warning: domain.ParseWarning) -> dict[str, Any]:
    return {"kind": warning.kind, "line": warning.line, "column": warning.column, "message": warning.message}
