"""What stands in the way of a clean text, named as people name it, with where to go to settle each point."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.models import BracketSetRow, Paragraph, PlaceholderRow
from app.services import references
from app.services.reading.models import ReadModel


class OpenPoint(ReadModel):
    """One open bracket set or unfilled placeholder: its reference, where it is in the text, a link to it."""

    reference: str
    line: int
    column: int
    href: str


def open_points(*, session: Session, document_id: int, refusal: dict[str, Any]) -> list[OpenPoint]:
    """The open sets and placeholders a refused clean export listed (its `extra`), in the text's order."""
    points = [_set(session, document_id, item) for item in refusal.get("open_bracket_sets", [])]
    points += [_placeholder(session, document_id, item) for item in refusal.get("placeholders", [])]
    return sorted(points, key=lambda point: (point.line, point.column))


def _set(session: Session, document_id: int, item: dict[str, Any]) -> OpenPoint:
    row = session.get(BracketSetRow, item["id"]) if item.get("id") is not None else None
    if row is None:
        return _unnamed("a bracket set", document_id, item)
    reference = references.set_reference(session=session, bracket_set=row)
    return OpenPoint(
        reference=reference,
        line=item["line"],
        column=item["column"],
        href=f"/documents/{document_id}/bracket-sets/{row.id}",
    )


def _placeholder(session: Session, document_id: int, item: dict[str, Any]) -> OpenPoint:
    row = session.get(PlaceholderRow, item["id"]) if item.get("id") is not None else None
    paragraph = session.get(Paragraph, row.paragraph_id) if row is not None else None
    if row is None or paragraph is None:
        return _unnamed("a placeholder", document_id, item)
    where = references.paragraph_reference(session=session, paragraph=paragraph)
    return OpenPoint(
        reference=f"{where}, the placeholder [{row.text}]",
        line=item["line"],
        column=item["column"],
        href=f"/documents/{document_id}#p-{paragraph.id}",
    )


def _unnamed(what: str, document_id: int, item: dict[str, Any]) -> OpenPoint:
    return OpenPoint(reference=what, line=item["line"], column=item["column"], href=f"/documents/{document_id}")
