"""Delegations: member states, groups, observers and the secretariat."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel


class DelegationKind(StrEnum):
    """What kind of party a delegation is."""

    member_state = "member_state"
    group = "group"
    observer = "observer"
    secretariat = "secretariat"


class Delegation(SQLModel, table=True):
    """A party to the negotiation, identified by a short code such as ZAF or AFR."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)
    name: str = Field(max_length=200)
    kind: DelegationKind = Field(sa_type=String(20))


class GroupMembership(SQLModel, table=True):
    """A delegation's membership of a group delegation (South Africa in the African Group)."""

    __tablename__ = "group_membership"

    member_id: int = Field(foreign_key="delegation.id", primary_key=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="delegation.id", primary_key=True, ondelete="CASCADE")
