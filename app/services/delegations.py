"""Delegations and their group memberships."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from app.models import Delegation, DelegationKind, GroupMembership
from app.services.errors import Conflict, Invalid, NotFound


def find(*, session: Session, code: str) -> Delegation | None:
    """The delegation with this code, if any."""
    return session.exec(select(Delegation).where(Delegation.code == code.upper())).first()


def get(*, session: Session, code: str) -> Delegation:
    """The delegation with this code, or NotFound."""
    delegation = find(session=session, code=code)
    if delegation is None:
        raise NotFound(f"there is no delegation with code {code!r}")
    return delegation


def add(
    *, session: Session, code: str, name: str, kind: str, groups: Sequence[str] = (), commit: bool = True
) -> Delegation:
    """Register a delegation, optionally as a member of existing group delegations."""
    code = code.strip().upper()
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise Invalid(f"delegation code {code!r} must be 1 to 16 letters, digits or hyphens")
    if kind not in DelegationKind.__members__:
        raise Invalid(f"unknown delegation kind {kind!r}; use one of {', '.join(DelegationKind.__members__)}")
    if find(session=session, code=code) is not None:
        raise Conflict(f"a delegation with code {code!r} already exists")
    group_rows = [get(session=session, code=group) for group in groups]
    for group in group_rows:
        if group.kind != DelegationKind.group:
            raise Invalid(f"{group.code} is not a group (its kind is {group.kind})")
    delegation = Delegation(code=code, name=name.strip(), kind=DelegationKind(kind))
    session.add(delegation)
    session.flush()
    for group in group_rows:
        assert delegation.id is not None and group.id is not None
        session.add(GroupMembership(member_id=delegation.id, group_id=group.id))
    if commit:
        session.commit()
    return delegation
