"""Accounts: the people who sign in, each acting for one delegation."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.models import Account, AccountRole, Delegation
from app.services.accounts import delegations
from app.services.accounts.passwords import hash_password
from app.services.errors import Conflict, Invalid

MIN_PASSWORD_LENGTH = 8


def find(*, session: Session, username: str) -> Account | None:
    """The account with this username, if any."""
    return session.exec(select(Account).where(Account.username == username)).first()


def check_new(*, session: Session, username: str, delegation_code: str, role: str) -> None:
    """Refuse, before any password is asked for, a malformed or taken username, an unknown role or delegation."""
    username = username.strip()
    if not username or len(username) > 80 or any(ch.isspace() for ch in username):
        raise Invalid(f"username {username!r} must be 1 to 80 characters without spaces")
    if role not in AccountRole.__members__:
        raise Invalid(f"unknown role {role!r}; use one of {', '.join(AccountRole.__members__)}")
    if find(session=session, username=username) is not None:
        raise Conflict(f"an account named {username!r} already exists")
    delegations.get(session=session, code=delegation_code)


def add(
    *,
    session: Session,
    username: str,
    delegation_code: str,
    role: str,
    password: str,
    display_name: str = "",
    commit: bool = True,
) -> Account:
    """Create an account for a person of a delegation."""
    check_new(session=session, username=username, delegation_code=delegation_code, role=role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(display_name.strip()) > 200:
        raise Invalid("the display name must be at most 200 characters")
    delegation = delegations.get(session=session, code=delegation_code)
    assert delegation.id is not None
    account = Account(
        username=username.strip(),
        display_name=display_name.strip() or username.strip(),
        delegation_id=delegation.id,
        role=AccountRole(role),
        password_hash=hash_password(password),
    )
    session.add(account)
    if commit:
        session.commit()
    return account


def list_all(*, session: Session) -> list[tuple[Account, Delegation]]:
    """Every account with its delegation, by username."""
    rows = session.exec(
        select(Account, Delegation)
        .join(Delegation, col(Delegation.id) == Account.delegation_id)
        .order_by(col(Account.username))
    ).all()
    return [(account, delegation) for account, delegation in rows]
