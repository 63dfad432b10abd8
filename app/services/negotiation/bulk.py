"""Storing a whole parsed text's rows at once (an import): Core multi-row INSERTs instead of ORM objects.

An import of Geneva writes some 2,000 paragraphs, 3,000 bracket sets and 5,000 alternatives. Built as ORM
objects and flushed paragraph by paragraph, that cost most of the import; here each table gets one executemany
(SQLAlchemy sends multi-row INSERT … RETURNING, ids in the order of the rows given). The rows are exactly those
`structure.new_paragraph` makes one paragraph at a time — the same ids, the same columns: paragraphs in order;
sets and placeholders in document order; an alternative after the alternatives nested in it; then each
paragraph's first version. The nesting is not checked again: the caller parsed the text with its checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.domain import BracketSet, Footnote, Inline, Placeholder, render_inlines
from app.domain import Paragraph as ParsedParagraph
from app.models import (
    AlternativeRow,
    AlternativeState,
    BracketSetRow,
    Paragraph,
    ParagraphStatus,
    PlaceholderRow,
    SetState,
)
from app.models._time import utcnow
from app.services import rows
from app.services.negotiation import text_history
from app.services.negotiation.content import Author, encode_items


@dataclass(frozen=True, slots=True)
class NewParagraph:
    """A paragraph just stored: what later steps of an import read of it (block sets' summaries)."""

    id: int
    label: str | None
    text: str


def store_paragraphs(
    *, session: Session, document_id: int, nodes: Sequence[ParsedParagraph], author: Author
) -> list[NewParagraph]:
    """Rows for the parsed paragraphs of a new document (positions 0…n-1), their content and first versions."""
    if not nodes:
        return []
    texts = [render_inlines(node.content) for node in nodes]
    paragraphs = [
        {
            "document_id": document_id,
            "position": position,
            "prefix": node.prefix,
            "label": node.label,
            "kind": node.kind,
            "text": text,
            "content": "[]",
            "trailing": node.trailing,
            "status": ParagraphStatus.open.value,
            "version": 1,
            "retired_at": None,
            "derived_from_id": None,
            "merged_into_id": None,
        }
        for position, (node, text) in enumerate(zip(nodes, texts, strict=True))
    ]
    # Where ids can be taken before the rows are written (PostgreSQL's sequences), each row is written once, with
    # its content; elsewhere the paragraphs are written first and given their content after their sets.
    reserved = rows.reserved(session, Paragraph, len(paragraphs))
    ids = reserved if reserved is not None else rows.inserted(session, Paragraph, paragraphs)
    sets: list[dict[str, Any]] = []
    placeholders: list[dict[str, Any]] = []
    for paragraph_id, node in zip(ids, nodes, strict=True):
        _collect(node.content, paragraph_id, document_id, author, sets, placeholders)
    if reserved is not None:
        sets = _with_ids(sets, rows.reserved(session, BracketSetRow, len(sets)))
        placeholders = _with_ids(placeholders, rows.reserved(session, PlaceholderRow, len(placeholders)))
        writer = _Encoder(iter(row["id"] for row in sets), iter(row["id"] for row in placeholders), author)
    else:
        set_ids, placeholder_ids = (
            rows.inserted(session, BracketSetRow, sets),
            rows.inserted(session, PlaceholderRow, placeholders),
        )
        writer = _Encoder(iter(set_ids), iter(placeholder_ids), author)
    contents = [json.dumps(writer.encode(node.content), ensure_ascii=False) for node in nodes]
    if reserved is not None:
        rows.insert_all(
            session, Paragraph, [p | {"id": i, "content": c} for p, i, c in zip(paragraphs, ids, contents, strict=True)]
        )
        rows.insert_all(session, BracketSetRow, sets)
        rows.insert_all(session, PlaceholderRow, placeholders)
    else:
        rows.set_column(session, Paragraph, "content", list(zip(ids, contents, strict=True)))
    rows.insert_all(session, AlternativeRow, writer.alternatives)
    text_history.first_versions(session=session, paragraphs=list(zip(ids, texts, strict=True)))
    return [NewParagraph(i, node.label, text) for i, node, text in zip(ids, nodes, texts, strict=True)]


def _with_ids(found: list[dict[str, Any]], ids: list[int] | None) -> list[dict[str, Any]]:
    assert ids is not None and len(ids) == len(found)
    return [{"id": i} | row for i, row in zip(ids, found, strict=True)]


def _collect(
    content: Sequence[Inline],
    paragraph_id: int,
    document_id: int,
    author: Author,
    sets: list[dict[str, Any]],
    placeholders: list[dict[str, Any]],
) -> None:
    """The set and placeholder rows of a content, in document order (as `Contents.store` creates them)."""
    for node in content:
        if isinstance(node, BracketSet):
            sets.append(
                {
                    "document_id": document_id,
                    "paragraph_id": paragraph_id,
                    "state": SetState.open.value,
                    "origin": author.origin,
                    "scope": "inline",
                    "created_at": utcnow(),
                    "created_by_account_id": author.account_id,
                    "created_by_delegation_id": author.delegation_id,
                }
            )
            for alternative in node.alternatives:
                _collect(alternative.content, paragraph_id, document_id, author, sets, placeholders)
        elif isinstance(node, Placeholder):
            placeholders.append({"document_id": document_id, "paragraph_id": paragraph_id, "text": node.text})
        elif isinstance(node, Footnote):
            _collect(node.content, paragraph_id, document_id, author, sets, placeholders)


class _Encoder:
    """Content JSON with the new rows' ids (met in the order they were collected), and the alternative rows."""

    def __init__(self, set_ids: Iterator[int], placeholder_ids: Iterator[int], author: Author) -> None:
        self.set_ids = set_ids
        self.placeholder_ids = placeholder_ids
        self.author = author
        self.alternatives: list[dict[str, Any]] = []

    def encode(self, content: Sequence[Inline]) -> list[Any]:
        return encode_items(content, set_id=self._set, placeholder_id=lambda _node: next(self.placeholder_ids))

    def _set(self, node: BracketSet) -> int:
        set_id = next(self.set_ids)
        for position, alternative in enumerate(node.alternatives):
            content = json.dumps(self.encode(alternative.content), ensure_ascii=False)
            self.alternatives.append(
                {
                    "bracket_set_id": set_id,
                    "position": position,
                    "separator": node.separators[position - 1] if position else "",
                    "content": content,
                    "original": alternative.original,
                    "state": AlternativeState.live.value,
                    "first_paragraph_id": None,
                    "last_paragraph_id": None,
                    "created_at": utcnow(),
                    "created_by_account_id": self.author.account_id,
                    "created_by_delegation_id": self.author.delegation_id,
                }
            )
        return set_id
