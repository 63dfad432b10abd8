"""Documents and their paragraphs, stored so that the bracketed text can be rendered back exactly."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class ParagraphStatus(StrEnum):
    """How far a paragraph has come towards adoption."""

    open = "open"
    informals = "informals"
    ad_ref = "ad_ref"
    adopted = "adopted"


class Document(SQLModel, table=True):
    """One negotiation text."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    symbol: str = Field(default="", max_length=100)
    language: str = Field(default="fr", max_length=16)
    bom: str = Field(default="", max_length=1)
    leading: str = Field(default="", sa_type=Text)
    # How the text was read (`plain` or `markdown`): every later re-parse of its revisions must read it the same way.
    syntax: str = Field(default="plain", max_length=20, sa_column_kwargs={"server_default": "plain"})
    # `lines` (one paragraph per line) or `wrapped` (paragraphs run over lines): detected or chosen at import.
    layout: str = Field(default="lines", max_length=20, sa_column_kwargs={"server_default": "lines"})
    # How a bare number in brackets (`[9]`) reads: `negotiable` (a set) or `literal` (a reference number).
    bare_numbers: str = Field(default="negotiable", max_length=20, sa_column_kwargs={"server_default": "negotiable"})
    proposals_open: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    # What the chair put under discussion (the room's screen follows it); plain ids, checked by the service.
    current_paragraph_id: int | None = Field(default=None)
    current_bracket_set_id: int | None = Field(default=None)


class Paragraph(SQLModel, table=True):
    """A unit of a document; `prefix + text + trailing` is its exact source."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    position: int
    prefix: str = Field(default="")
    label: str | None = Field(default=None, max_length=40)
    kind: str = Field(default="text", max_length=20)
    text: str = Field(sa_type=Text)  # the live bracketed text of the content, rendered from `content`
    content: str = Field(default="[]", sa_type=Text)  # JSON; bracket sets and placeholders by row id
    trailing: str = Field(default="")
    status: ParagraphStatus = Field(default=ParagraphStatus.open, sa_type=String(20))
    version: int = Field(default=1)
    # Set when the paragraph left the live text (deleted, merged into another, absent from an imported next
    # version): it stays stored, with its sets and positions, so that every proposal's fate can still be told.
    retired_at: datetime | None = Field(default=None)
    # Lineage, plain ids: the paragraph this one was split from, and the one a retired paragraph was merged into.
    derived_from_id: int | None = Field(default=None)
    merged_into_id: int | None = Field(default=None)

    @property
    def live(self) -> bool:
        """True while the paragraph is part of the live text."""
        return self.retired_at is None
