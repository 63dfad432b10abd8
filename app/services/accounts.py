"""Accounts: the people who sign in, each acting for one delegation."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Account, AccountRole
from app.services import delegations
from app.services.errors import Conflict, Invalid
from app.services.passwords import hash_password

MIN_PASSWORD_LENGTH = 8


def find(*, session: Session, username: str) -> Account | None:
    """The account with this username, if any."""
    return session.exec(select(Account).where(Account.username == username)).first()


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
    username = username.strip()
    if not username or len(username) > 80 or any(ch.isspace() for ch in username):
        raise Invalid(f"username {username!r} must be 1 to 80 characters without spaces")
    if role not in AccountRole.__members__:
        raise Invalid(f"unknown role {role!r}; use one of {', '.join(AccountRole.__members__)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if find(session=session, username=username) is not None:
        raise Conflict(f"an account named {username!r} already exists")
    delegation = delegations.get(session=session, code=delegation_code)
    assert delegation.id is not None
    account = Account(
        username=username,
        display_name=display_name.strip() or username,
        delegation_id=delegation.id,
        role=AccountRole(role),
        password_hash=hash_password(password),
    )
    session.add(account)
    if commit:
        session.commit()
    return account
