"""What a negotiation does to the text: bracket sets, alternatives, placeholders, positions.

A paragraph's content is stored as JSON (`Paragraph.content`) whose bracket sets and placeholders refer to these
rows by id, and each alternative's content likewise; so every set, alternative and position has a stable id.
Nothing is deleted: withdrawn alternatives, resolved sets and ended positions stay, with their state.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class SetState(StrEnum):
    """Where a bracket set stands."""

    open = "open"
    resolved = "resolved"  # the chair chose an alternative or wrote a compromise
    dissolved = "dissolved"  # every proposal was withdrawn: back to the original wording
    removed = "removed"  # the chair's own text dropped it
    dropped = "dropped"  # its paragraph left the text, or the next version (imported) no longer has it


class AlternativeState(StrEnum):
    """Whether an alternative is still in the text."""

    live = "live"
    withdrawn = "withdrawn"


class Stance(StrEnum):
    """A delegation's position on an alternative."""

    proposes = "proposes"
    supports = "supports"
    objects = "objects"


class BracketSetRow(SQLModel, table=True):
    """One contested point of a paragraph."""

    __tablename__ = "bracket_set"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    paragraph_id: int = Field(foreign_key="paragraph.id", index=True, ondelete="CASCADE")
    state: SetState = Field(default=SetState.open, sa_type=String(20))
    origin: str = Field(default="imported", max_length=20)  # imported, amendment, chair
    # `inline` (in a paragraph's text), or over whole paragraphs: `bracket` (a block bracket), `options`.
    scope: str = Field(default="inline", max_length=20, sa_column_kwargs={"server_default": "inline"})
    resolution_alternative_id: int | None = Field(default=None)
    resolution_text: str | None = Field(default=None, sa_type=Text)
    resolved_at: datetime | None = Field(default=None)
    resolved_by_account_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow)
    created_by_account_id: int | None = Field(default=None, foreign_key="account.id")
    created_by_delegation_id: int | None = Field(default=None, foreign_key="delegation.id")
    # The revision whose issue ended the set (dropped or resolved by an imported next version), if one did.
    ended_in_revision: int | None = Field(default=None)


class AlternativeRow(SQLModel, table=True):
    """One wording of a bracket set; `separator` is the white space printed before it."""

    __tablename__ = "alternative"

    id: int | None = Field(default=None, primary_key=True)
    bracket_set_id: int = Field(foreign_key="bracket_set.id", index=True, ondelete="CASCADE")
    position: int
    separator: str = Field(default="")
    content: str = Field(default="[]", sa_type=Text)
    original: bool = Field(default=False)
    state: AlternativeState = Field(default=AlternativeState.live, sa_type=String(20))
    # An alternative of a block set: the paragraphs it spans, first to last in the text's order (plain ids);
    # indexed: a paragraph's view reads the alternatives that begin with it.
    first_paragraph_id: int | None = Field(default=None, index=True)
    last_paragraph_id: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_account_id: int | None = Field(default=None, foreign_key="account.id")
    created_by_delegation_id: int | None = Field(default=None, foreign_key="delegation.id")


class PlaceholderRow(SQLModel, table=True):
    """A value still to be filled in, such as `[...]`."""

    __tablename__ = "placeholder"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    paragraph_id: int = Field(foreign_key="paragraph.id", index=True, ondelete="CASCADE")
    text: str
    value: str | None = Field(default=None, sa_type=Text)
    filled_at: datetime | None = Field(default=None)
    filled_by_account_id: int | None = Field(default=None, foreign_key="account.id")


class Position(SQLModel, table=True):
    """A delegation's stance on an alternative, taken by a person; withdrawing ends it, it is never deleted."""

    id: int | None = Field(default=None, primary_key=True)
    alternative_id: int = Field(foreign_key="alternative.id", index=True, ondelete="CASCADE")
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    stance: Stance = Field(sa_type=String(20))
    account_id: int = Field(foreign_key="account.id")
    acting_delegation_id: int = Field(foreign_key="delegation.id")
    created_at: datetime = Field(default_factory=utcnow)
    withdrawn_at: datetime | None = Field(default=None)
