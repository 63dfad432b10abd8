"""What each person has seen of a document: the badge of changes since the last visit counts from here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class DocumentVisit(SQLModel, table=True):
    """The last audit event of a document that an account marked as seen."""

    __tablename__ = "document_visit"
    __table_args__ = (UniqueConstraint("account_id", "document_id", name="uq_document_visit_account_document"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    last_event_id: int = Field(default=0)
    seen_at: datetime = Field(default_factory=utcnow)
