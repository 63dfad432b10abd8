"""One way to find a row by id: the row, or a `NotFound` naming what was asked for."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from app.models import AlternativeRow, BracketSetRow, Document, Paragraph, PlaceholderRow
from app.services.errors import NotFound

Row = TypeVar("Row", bound=SQLModel)

NOUNS: dict[type[SQLModel], str] = {
    Document: "document",
    Paragraph: "paragraph",
    BracketSetRow: "bracket set",
    AlternativeRow: "alternative",
    PlaceholderRow: "placeholder",
}
LARGEST_ID = 2**63 - 1  # the database's integer range; a larger id names nothing


def get_or_404(session: Session, model: type[Row], key: int) -> Row:
    """The row of this table with this id, or NotFound ("there is no paragraph 12")."""
    row = session.get(model, key) if 0 < key <= LARGEST_ID else None
    if row is None:
        raise NotFound(f"there is no {NOUNS.get(model, model.__name__.lower())} {key}")
    return row
