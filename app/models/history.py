"""The record of a negotiation: paragraph versions, revisions and the append-only audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class ParagraphVersion(SQLModel, table=True):
    """A paragraph's bracketed text at one version, so a stale proposal can be re-applied to the current one.

    Kept as a difference, not a copy (`app.services.negotiation.text_history`): the latest version's text is the
    paragraph's live text, and each version holds the `delta` that rebuilds the version before it from its own
    text. `text` is set only where a version's text cannot be rebuilt that way; `digest` checks every rebuild.
    """

    __tablename__ = "paragraph_version"
    __table_args__ = (UniqueConstraint("paragraph_id", "version", name="uq_paragraph_version_paragraph_version"),)

    id: int | None = Field(default=None, primary_key=True)
    paragraph_id: int = Field(foreign_key="paragraph.id", index=True, ondelete="CASCADE")
    version: int
    text: str | None = Field(default=None, sa_type=Text)
    delta: str | None = Field(default=None, sa_type=Text)  # JSON pieces (app.domain.delta) giving version - 1
    digest: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class Revision(SQLModel, table=True):
    """An immutable, numbered snapshot of a whole document (Rev.0 = as imported)."""

    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_revision_document_number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    number: int
    note: str = Field(default="", sa_type=Text)
    text: str = Field(sa_type=Text)  # the bracketed text
    snapshot: str = Field(sa_type=Text)  # JSON: paragraphs with ids, labels, statuses and texts
    created_at: datetime = Field(default_factory=utcnow)
    account_id: int | None = Field(default=None, foreign_key="account.id")


class Event(SQLModel, table=True):
    """One change, as it happened: who, for which delegation, when, what, before and after. Never updated.

    A paragraph's text before and after a change is not copied here: `before_version` and `after_version` name
    the paragraph versions holding it (`app.services.negotiation.audit`); `before` and `after` keep short values
    such as a stance or a status, and any text that is no paragraph version.
    """

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    paragraph_id: int | None = Field(default=None, index=True)
    bracket_set_id: int | None = Field(default=None, index=True)
    alternative_id: int | None = Field(default=None)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id")
    at: datetime = Field(default_factory=utcnow)
    action: str = Field(max_length=40)
    summary: str = Field(default="", sa_type=Text)
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    before_version: int | None = Field(default=None)
    after_version: int | None = Field(default=None)
