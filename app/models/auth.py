"""Authentication state: browser sessions and API tokens (stored hashed), failed logins (shared by processes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class ApiToken(SQLModel, table=True):
    """A bearer token of an account; only the SHA-256 of the token is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = Field(default=None)
    revoked_at: datetime | None = Field(default=None)
    expires_at: datetime | None = Field(default=None)


class BrowserSession(SQLModel, table=True):
    """A signed-in browser: the cookie carries a random key, only its SHA-256 is stored; revoking ends it at once."""

    __tablename__ = "browser_session"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    key_hash: str = Field(max_length=64, unique=True, index=True)
    csrf: str = Field(max_length=64)
    address: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    ended_at: datetime | None = Field(default=None)


class LoginFailure(SQLModel, table=True):
    """One failed login, counted per key (a username with a client address) to slow down guessing."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_failed_at", "key", "failed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=320)
    failed_at: datetime = Field(default_factory=utcnow)
