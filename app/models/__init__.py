"""SQLModel tables. Alembic migrations alone create them; import this package to register every table."""

from sqlmodel import SQLModel

# Named constraints so that migrations can alter them (SQLite batch mode needs the names).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from app.models.account import Account, AccountRole  # noqa: E402
from app.models.auth import ApiToken, BrowserSession, LoginFailure  # noqa: E402
from app.models.comment import Comment, CommentKind  # noqa: E402
from app.models.delegation import Delegation, DelegationKind, GroupMembership  # noqa: E402
from app.models.document import Document, Paragraph, ParagraphStatus  # noqa: E402
from app.models.history import Event, ParagraphVersion, Revision  # noqa: E402
from app.models.negotiation import (  # noqa: E402
    AlternativeRow,
    AlternativeState,
    BracketSetRow,
    PlaceholderRow,
    Position,
    SetState,
    Stance,
)
from app.models.visit import DocumentVisit  # noqa: E402

__all__ = [
    "Account",
    "AccountRole",
    "AlternativeRow",
    "AlternativeState",
    "ApiToken",
    "BracketSetRow",
    "BrowserSession",
    "Comment",
    "CommentKind",
    "Delegation",
    "DelegationKind",
    "Document",
    "DocumentVisit",
    "Event",
    "GroupMembership",
    "LoginFailure",
    "Paragraph",
    "ParagraphStatus",
    "ParagraphVersion",
    "PlaceholderRow",
    "Position",
    "Revision",
    "SQLModel",
    "SetState",
    "Stance",
]
