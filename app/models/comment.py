"""What delegations say about the text: comments on a bracket set or a paragraph, and reasons given with proposals.

A comment is attributed like a position (the person, the delegation it is for, the delegation the person belongs
to) or, for a comment kept from an imported Word file, to the author Word names (no account). Nothing is deleted:
a withdrawn comment stays, with the time it was withdrawn.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class CommentKind(StrEnum):
    """Where a comment came from."""

    comment = "comment"  # said about a set or a paragraph
    justification = "justification"  # the reason given with a proposal
    word = "word"  # kept from an imported Word file


class Comment(SQLModel, table=True):
    """One comment; `bracket_set_id` is set when it is about a set (or the words it anchors lie inside one)."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    paragraph_id: int | None = Field(default=None, foreign_key="paragraph.id", index=True, ondelete="CASCADE")
    bracket_set_id: int | None = Field(default=None, foreign_key="bracket_set.id", index=True, ondelete="CASCADE")
    alternative_id: int | None = Field(default=None, foreign_key="alternative.id", ondelete="CASCADE")
    kind: CommentKind = Field(default=CommentKind.comment, sa_type=String(20))
    text: str = Field(sa_type=Text)
    anchor: str | None = Field(default=None, sa_type=Text)  # the words a Word comment was anchored to
    author: str = Field(default="", max_length=200)  # the person's name, or the author Word names
    account_id: int | None = Field(default=None, foreign_key="account.id")
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id")  # the delegation it is for
    acting_delegation_id: int | None = Field(default=None, foreign_key="delegation.id")
    created_at: datetime = Field(default_factory=utcnow)
    withdrawn_at: datetime | None = Field(default=None)
