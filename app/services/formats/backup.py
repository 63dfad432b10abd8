"""A complete, lossless JSON backup of one document, and its restoration as a new document.

The backup holds the document, its paragraphs (and their versions), bracket sets, alternatives, placeholders,
positions, revisions, audit events and comments (since version 3; an older backup restores without any).
Row ids are replaced by local ones (1, 2 … per table, in id order), so a backup does not depend on the
database it came from; delegations are named by code and accounts by username.

Restoring creates a new document with new ids. Delegations are matched by code; a missing one is created with
the backup's name and kind (positions need a delegation, and the record must say whose they were). Accounts are
matched by username; a missing one becomes null, except where a row needs an account (a position), which is
then credited to the person restoring, and the restore event says how many. The restore is itself recorded as
an event, so backup → restore → backup gives the same backup plus that one `restored` event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.models import (
    Account,
    AlternativeRow,
    BracketSetRow,
    Comment,
    Delegation,
    Event,
    Paragraph,
    ParagraphVersion,
    PlaceholderRow,
    Position,
    Revision,
)
from app.services.documents import catalog as documents
from app.services.formats.backup_schema import (
    FORMAT,
    TABLES,
    VERSION,
    BackupObject,
    Column,
    Table,
    remap_content,
    remap_snapshot,
)
from app.services.negotiation import audit, text_history

__all__ = ["FORMAT", "VERSION", "backup"]


class _Refs:
    """Local ids of the rows written so far, and the codes and usernames referenced."""

    def __init__(self, session: Session) -> None:
        self.local: dict[str, dict[int, int]] = {}
        self.codes = {d.id: d for d in session.exec(select(Delegation))}
        self.usernames = {a.id: a.username for a in session.exec(select(Account))}
        self.delegations_used: set[int] = set()

    def number(self, table: str, rows: list[Any]) -> None:
        self.local[table] = {row.id: index for index, row in enumerate(rows, start=1)}


def backup(*, session: Session, document_id: int) -> BackupObject:
    """The whole document as JSON-ready data (see the module docstring)."""
    document = documents.get(session=session, document_id=document_id)
    refs = _Refs(session)
    rows = _rows(session, document_id)
    # Texts are stored as differences; a backup holds them whole, as it always has.
    rows["paragraph_versions"] = _whole(session, document_id, rows["paragraph_versions"])
    rows["events"] = audit.recorded(session=session, events=rows["events"])
    for table in TABLES:
        refs.number(table.name, rows[table.name])
    data: BackupObject = {
        "format": FORMAT,
        "version": VERSION,
        "document": {
            "title": document.title,
            "symbol": document.symbol,
            "language": document.language,
            "bom": document.bom,
            "leading": document.leading,
            "syntax": document.syntax,
            "layout": document.layout,
            "bare_numbers": document.bare_numbers,
            "proposals_open": document.proposals_open,
            "created_at": _time(document.created_at),
        },
    }
    for table in TABLES:
        data[table.name] = [_dump(table, row, refs) for row in rows[table.name]]
    data["delegations"] = [
        {"code": d.code, "name": d.name, "kind": str(d.kind)}
        for d in sorted((refs.codes[i] for i in refs.delegations_used), key=lambda d: d.code)
    ]
    return data


def _rows(session: Session, document_id: int) -> dict[str, list[Any]]:
    set_ids = select(BracketSetRow.id).where(BracketSetRow.document_id == document_id)
    paragraph_ids = select(Paragraph.id).where(Paragraph.document_id == document_id)
    alternative_ids = select(AlternativeRow.id).where(col(AlternativeRow.bracket_set_id).in_(set_ids))
    queries: BackupObject = {
        "paragraphs": select(Paragraph).where(Paragraph.document_id == document_id),
        "paragraph_versions": select(ParagraphVersion).where(col(ParagraphVersion.paragraph_id).in_(paragraph_ids)),
        "bracket_sets": select(BracketSetRow).where(BracketSetRow.document_id == document_id),
        "alternatives": select(AlternativeRow).where(col(AlternativeRow.bracket_set_id).in_(set_ids)),
        "placeholders": select(PlaceholderRow).where(PlaceholderRow.document_id == document_id),
        "positions": select(Position).where(col(Position.alternative_id).in_(alternative_ids)),
        "revisions": select(Revision).where(Revision.document_id == document_id),
        "events": select(Event).where(Event.document_id == document_id),
        "comments": select(Comment).where(Comment.document_id == document_id),
    }
    return {name: list(session.exec(query.order_by(text_id(query)))) for name, query in queries.items()}


@dataclass(frozen=True, slots=True)
class _WholeVersion:
    id: int
    paragraph_id: int
    version: int
    text: str
    created_at: datetime


def _whole(session: Session, document_id: int, stored: list[ParagraphVersion]) -> list[_WholeVersion]:
    texts = text_history.all_texts(session=session, document_id=document_id)
    return [
        _WholeVersion(
            row.id or 0, row.paragraph_id, row.version, texts[(row.paragraph_id, row.version)], row.created_at
        )
        for row in stored
    ]


def text_id(query: Any) -> Any:
    """Order a single-table query by its table's id."""
    entity = query.column_descriptions[0]["entity"]
    return col(entity.id)


def _dump(table: Table, row: Any, refs: _Refs) -> BackupObject:
    out: BackupObject = {"id": refs.local[table.name][row.id]}
    for column in table.columns:
        out[column.key] = _dump_value(column, getattr(row, column.name), refs)
    return out


def _dump_value(column: Column, value: Any, refs: _Refs) -> Any:
    if value is None:
        return None
    kind = column.kind
    if kind == "time":
        return _time(value)
    if kind == "account":
        return refs.usernames.get(value)
    if kind == "delegation":
        refs.delegations_used.add(value)
        return refs.codes[value].code
    if kind.startswith("ref:"):
        return refs.local[kind[4:]].get(value)
    if kind == "content":
        return remap_content(value, refs.local["bracket_sets"], refs.local["placeholders"], to_text=False)
    if kind == "snapshot":
        return remap_snapshot(value, refs.local["paragraphs"], to_text=False)
    return str(value) if kind == "enum" else value


def _time(value: datetime) -> str:
    """ISO 8601 in UTC (stored times without a zone are UTC)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()
