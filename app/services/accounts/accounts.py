"""Accounts: the people who sign in, each acting for one delegation."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.models import Account, AccountRole, Delegation
from app.services.accounts import delegations, usernames
from app.services.accounts.passwords import hash_password
from app.services.errors import Conflict, Invalid, NotFound

MIN_PASSWORD_LENGTH = 8


def find(*, session: Session, username: str) -> Account | None:
    """The account with this username (compared in its canonical form), if any."""
    name = usernames.canonical(username)
    return session.exec(select(Account).where(Account.username == name)).first()


def get(*, session: Session, username: str) -> Account:
    """The account with this username, or NotFound."""
    account = find(session=session, username=username)
    if account is None:
        raise NotFound(f"there is no account named {username!r}")
    return account


def check_new(*, session: Session, username: str, delegation_code: str, role: str) -> str:
    """The canonical username, refusing (before any password is asked for) a malformed or taken one."""
    name = usernames.normalise(username)
    if role not in AccountRole.__members__:
        raise Invalid(f"unknown role {role!r}; use one of {', '.join(AccountRole.__members__)}")
    taken = find(session=session, username=name)
    if taken is not None:
        same = "" if taken.username == username.strip() else f" ({username!r} is the same name as {taken.username!r})"
        raise Conflict(f"an account named {taken.username!r} already exists{same}")
    delegations.get(session=session, code=delegation_code)
    return name


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
    name = check_new(session=session, username=username, delegation_code=delegation_code, role=role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(display_name.strip()) > 200:
        raise Invalid("the display name must be at most 200 characters")
    delegation = delegations.get(session=session, code=delegation_code)
    assert delegation.id is not None
    account = Account(
        username=name,
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
