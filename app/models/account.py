"""Accounts of the people who use Crochets."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from app.models._time import utcnow


class AccountRole(StrEnum):
    """What a person may do."""

    admin = "admin"
    secretariat = "secretariat"
    chair = "chair"
    delegate = "delegate"
    observer = "observer"


class Account(SQLModel, table=True):
    """A person's login, acting for one delegation."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)  # normalised: NFKC, case-folded
    display_name: str = Field(max_length=200)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    role: AccountRole = Field(sa_type=String(20))
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    disabled_at: datetime | None = Field(default=None)  # a disabled account signs in nowhere, its tokens fail
