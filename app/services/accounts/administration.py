"""The administration page's use cases: delegations and accounts, managed by the secretariat and administrators."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.models import Account, AccountRole, Delegation, DelegationKind
from app.services import permissions
from app.services.accounts import accounts, auth, delegations, sessions
from app.services.accounts.actor import Actor
from app.services.accounts.passwords import hash_password
from app.services.errors import Conflict, Invalid

log = logging.getLogger("crochets.accounts")


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account as the administration page lists it."""

    account: Account
    delegation: Delegation
    live_sessions: int
    manageable: bool  # the viewer may disable, reset or sign out this account

    @property
    def disabled(self) -> bool:
        """Whether the account is disabled."""
        return self.account.disabled_at is not None

    def data(self) -> dict[str, Any]:
        """The row as the API lists it."""
        return describe(self.account) | {"delegation_code": self.delegation.code, "live_sessions": self.live_sessions}


@dataclass(frozen=True, slots=True)
class Overview:
    """Every delegation and account, and the roles the viewer may give."""

    delegations: list[delegations.DelegationSummary]
    accounts: list[AccountRow]
    roles: tuple[str, ...]
    kinds: tuple[str, ...] = tuple(DelegationKind.__members__)
    notes: list[str] = field(default_factory=list)


def overview(*, session: Session, actor: Actor, policy: sessions.Policy) -> Overview:
    """Delegations and accounts, for the administration page."""
    permissions.require_account_manager(actor)
    live = sessions.count_live(session=session, policy=policy)
    rows = [
        AccountRow(
            account, delegation, live.get(account.id or 0, 0), permissions.may_manage_account(actor, account.role)
        )
        for account, delegation in accounts.list_all(session=session)
    ]
    roles = tuple(role for role in AccountRole.__members__ if permissions.may_manage_account(actor, role))
    return Overview(delegations.list_all(session=session), rows, roles)


def add_delegation(
    *, session: Session, actor: Actor, code: str, name: str, kind: str, groups: Sequence[str]
) -> Delegation:
    """Register a delegation."""
    permissions.require_account_manager(actor)
    return delegations.add(session=session, code=code, name=name, kind=kind, groups=[g for g in groups if g.strip()])


def add_account(
    *, session: Session, actor: Actor, username: str, display_name: str, delegation_code: str, role: str, password: str
) -> Account:
    """Create an account (administrator accounts only by an administrator)."""
    permissions.require_account_manager(actor, role)
    return accounts.add(
        session=session,
        username=username,
        delegation_code=delegation_code,
        role=role,
        password=password,
        display_name=display_name,
    )


def disable(*, session: Session, actor: Actor | None, username: str) -> Account:
    """Disable an account: its sessions and API tokens end at once and it cannot sign in until enabled."""
    account = _managed(session, actor, username)
    if actor is not None and account.id == actor.account_id:
        raise Conflict("you cannot disable your own account; ask another administrator")
    if account.disabled_at is None:
        account.disabled_at = auth.now_utc()
        session.add(account)
    _sign_out_everywhere(session, account)
    session.commit()
    _log(actor, "disabled", account)
    return account


def enable(*, session: Session, actor: Actor | None, username: str) -> Account:
    """Enable a disabled account (its old sessions and tokens stay ended)."""
    account = _managed(session, actor, username)
    account.disabled_at = None
    session.add(account)
    session.commit()
    _log(actor, "enabled", account)
    return account


def reset_password(*, session: Session, actor: Actor | None, username: str, password: str) -> Account:
    """Set a new password; every session and API token of the account ends (whoever held them)."""
    account = _managed(session, actor, username)
    if len(password) < accounts.MIN_PASSWORD_LENGTH:
        raise Invalid(f"the password must be at least {accounts.MIN_PASSWORD_LENGTH} characters long")
    account.password_hash = hash_password(password)
    session.add(account)
    _sign_out_everywhere(session, account)
    session.commit()
    _log(actor, "reset the password of", account)
    return account


def revoke(*, session: Session, actor: Actor | None, username: str) -> tuple[int, int]:
    """Sign an account out everywhere: (sessions ended, API tokens revoked)."""
    account = _managed(session, actor, username)
    ended = _sign_out_everywhere(session, account)
    session.commit()
    _log(actor, "signed out everywhere", account)
    return ended


def describe(account: Account) -> dict[str, Any]:
    """An account as the API shows it."""
    return {
        "username": account.username,
        "display_name": account.display_name,
        "role": str(account.role),
        "disabled": account.disabled_at is not None,
    }


def _managed(session: Session, actor: Actor | None, username: str) -> Account:
    """The account, when the actor may manage it (no actor: the command line, run by the server's operator)."""
    account = accounts.get(session=session, username=username)
    if actor is not None:
        permissions.require_account_manager(actor, account.role)
    return account


def _sign_out_everywhere(session: Session, account: Account) -> tuple[int, int]:
    assert account.id is not None
    ended = sessions.end_all(session=session, account_id=account.id)
    return ended, auth.revoke_all_tokens(session=session, account_id=account.id)


def _log(actor: Actor | None, what: str, account: Account) -> None:
    who = actor.username if actor is not None else "the command line"
    log.info("%s %s account %r", who, what, account.username)
