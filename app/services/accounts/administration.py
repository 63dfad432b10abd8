"""The administration page: delegations and accounts, for admins only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from app.models import Account, AccountRole, Delegation, DelegationKind
from app.services.accounts import accounts, delegations
from app.services.accounts.auth import Actor
from app.services.errors import Forbidden


@dataclass(frozen=True, slots=True)
class Overview:
    """Every delegation and account."""

    delegations: list[delegations.DelegationSummary]
    accounts: list[tuple[Account, Delegation]]
    kinds: tuple[str, ...] = tuple(DelegationKind.__members__)
    roles: tuple[str, ...] = tuple(AccountRole.__members__)


def require_admin(actor: Actor) -> None:
    """Only administrators manage delegations and accounts."""
    if actor.role != AccountRole.admin:
        raise Forbidden("only an administrator manages delegations and accounts")


def overview(*, session: Session, actor: Actor) -> Overview:
    """Delegations and accounts, for the administration page."""
    require_admin(actor)
    return Overview(delegations.list_all(session=session), accounts.list_all(session=session))


def add_delegation(
    *, session: Session, actor: Actor, code: str, name: str, kind: str, groups: Sequence[str]
) -> Delegation:
    """Register a delegation (admins only)."""
    require_admin(actor)
    return delegations.add(session=session, code=code, name=name, kind=kind, groups=[g for g in groups if g.strip()])


def add_account(
    *, session: Session, actor: Actor, username: str, display_name: str, delegation_code: str, role: str, password: str
) -> Account:
    """Create an account (admins only)."""
    require_admin(actor)
    return accounts.add(
        session=session,
        username=username,
        delegation_code=delegation_code,
        role=role,
        password=password,
        display_name=display_name,
    )
