"""Authentication: passwords (throttled), API tokens (stored hashed, optionally expiring), and the acting person."""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, update
from sqlalchemy import select as select_columns
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.models import Account, AccountRole, ApiToken, Delegation, GroupMembership
from app.services import permissions
from app.services.accounts import accounts, throttle
from app.services.accounts.actor import Actor
from app.services.accounts.passwords import hash_password, verify_password
from app.services.errors import Forbidden, Invalid, NotFound, Unauthenticated

__all__ = ["Actor", "IssuedToken", "authenticate", "issue_token", "issue_token_with_password"]

TOKEN_PREFIX = "crochets_"
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
BAD_CREDENTIALS = "the username or the password is wrong"
DISABLED = "this account is disabled; ask the secretariat or an administrator"
BAD_TOKEN = "the API token is unknown or revoked"


@functools.cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so that a wrong username takes as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new API token: the only time the token itself is known."""

    token: str
    token_id: int
    expires_at: datetime | None = None


def now_utc(now: datetime | None = None) -> datetime:
    """`now`, or the current time (UTC)."""
    return now or datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    address: str,
    device: str | None = None,
    now: datetime | None = None,
    commit: bool = True,
) -> Account:
    """The account these credentials prove, refusing (without checking) while this username is throttled here."""
    now = now_utc(now)
    key = throttle.key(username=username, address=address, device=device)
    throttle.check(session=session, key=key, username=username, address=address, now=now)
    account = accounts.find(session=session, username=username)
    if account is None:
        verify_password(_dummy_hash(), password)
    if account is None or not verify_password(account.password_hash, password):
        throttle.record_failure(session=session, key=key, now=now)
        raise Unauthenticated(BAD_CREDENTIALS)
    throttle.clear(session=session, key=key)
    if commit:
        session.commit()
    if account.disabled_at is not None:
        raise Forbidden(DISABLED)
    return account


def hash_token(token: str) -> str:
    """The SHA-256 (hex) under which a token or a session key is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    *,
    session: Session,
    username: str,
    label: str = "",
    expires_at: datetime | None = None,
    now: datetime | None = None,
    commit: bool = True,
) -> IssuedToken:
    """A new API token for an account (the CLI's way; the API's is `issue_token_with_password`)."""
    account = accounts.get(session=session, username=username)
    if account.id is None or account.disabled_at is not None:
        raise Forbidden(f"account {account.username!r} is disabled; enable it first")
    if expires_at is not None:
        expires_at = aware(expires_at)
        if expires_at <= now_utc(now):
            raise Invalid(f"expires_at: {expires_at.isoformat()} is not in the future")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        account_id=account.id, token_hash=hash_token(token), label=label.strip()[:100], expires_at=expires_at
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    if commit:
        session.commit()
    return IssuedToken(token=token, token_id=row.id, expires_at=expires_at)


def issue_token_with_password(
    *,
    session: Session,
    username: str,
    password: str,
    address: str,
    label: str = "",
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> IssuedToken:
    """Check the credentials (throttled) and issue a new API token."""
    account = authenticate(
        session=session, username=username, password=password, address=address, now=now, commit=False
    )
    issued = issue_token(
        session=session, username=account.username, label=label, expires_at=expires_at, now=now, commit=False
    )
    session.commit()
    return issued


# What an actor is made of: the account and its delegation, read as columns (no ORM objects to build).
_ACTOR_COLUMNS = (
    col(Account.id),
    col(Account.username),
    col(Account.display_name),
    col(Account.role),
    col(Account.disabled_at),
    col(Delegation.id),
    col(Delegation.code),
    col(Delegation.name),
)


# Built once (building a statement costs SQLAlchemy more than running it), run with their parameters. Each
# comes with the groups the delegation belongs to, a row a group (one row with none), in the groups' order.
_GROUP = aliased(Delegation, name="member_of")
_WITH_GROUPS = (col(_GROUP.id), col(_GROUP.code))


def _with_groups(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    return (
        query.add_columns(*_WITH_GROUPS)
        .outerjoin(GroupMembership, col(GroupMembership.member_id) == Delegation.id)
        .outerjoin(_GROUP, col(_GROUP.id) == GroupMembership.group_id)
        .order_by(col(_GROUP.code))
    )


_ACCOUNT_ACTOR = _with_groups(
    select_columns(*_ACTOR_COLUMNS)
    .join(Delegation, col(Delegation.id) == Account.delegation_id)
    .where(col(Account.id) == bindparam("account_id"))
)
_TOKEN_ACTOR = _with_groups(
    select_columns(
        col(ApiToken.id),
        col(ApiToken.revoked_at),
        col(ApiToken.expires_at),
        col(ApiToken.last_used_at),
        *_ACTOR_COLUMNS,
    )
    .join(Account, col(Account.id) == ApiToken.account_id, isouter=True)
    .join(Delegation, col(Delegation.id) == Account.delegation_id, isouter=True)
    .where(col(ApiToken.token_hash) == bindparam("token_hash"))
)


def actor_for_account(
    *, session: Session, account_id: int, token_id: int | None = None, session_id: int | None = None
) -> Actor | None:
    """The actor of an account, with its delegation and groups (None when the account is gone or disabled)."""
    rows = session.connection().execute(_ACCOUNT_ACTOR, {"account_id": account_id}).all()
    return _actor(rows, token_id=token_id, session_id=session_id)


def _actor(rows: Sequence[Row[*tuple[Any, ...]]], *, token_id: int | None, session_id: int | None) -> Actor | None:
    """The actor of an account's `_ACTOR_COLUMNS` and its groups, the last two columns of each row (None when
    there is no account, or it is disabled)."""
    if not rows:
        return None
    row = tuple(rows[0])[-len(_ACTOR_COLUMNS) - 2 : -2]
    if row[0] is None or row[4] is not None or row[5] is None:
        return None
    account_id, username, display_name, role, _disabled, delegation_id, code, name = row
    groups = [(group[-2], group[-1]) for group in rows if group[-2] is not None]
    assert isinstance(account_id, int) and isinstance(delegation_id, int)
    return Actor(
        account_id=account_id,
        username=str(username),
        display_name=str(display_name),
        role=AccountRole(str(role)),
        delegation_id=delegation_id,
        delegation_code=str(code),
        delegation_name=str(name),
        group_ids=tuple(group_id for group_id, _code in groups),
        group_codes=tuple(str(group_code) for _id, group_code in groups),
        token_id=token_id,
        session_id=session_id,
    )


def actor_for_token(*, session: Session, token: str, now: datetime | None = None) -> Actor:
    """The actor a bearer token belongs to; Unauthenticated when it is unknown, revoked, expired or disabled.

    The token, its account, the account's delegation and its groups come in one query, read afresh on every request (a
    revoked token or a disabled account stops working at once)."""
    now = now_utc(now)
    rows = session.connection().execute(_TOKEN_ACTOR, {"token_hash": hash_token(token)}).all()
    if not rows:
        raise Unauthenticated(BAD_TOKEN)
    token_id, revoked_at, expires_at, last_used_at = tuple(rows[0])[:4]
    if revoked_at is not None or token_id is None:
        raise Unauthenticated(BAD_TOKEN)
    if expires_at is not None and aware(expires_at) <= now:
        raise Unauthenticated(f"the API token expired at {aware(expires_at).isoformat(timespec='seconds')}")
    actor = _actor(rows, token_id=token_id, session_id=None)
    if actor is None:
        raise Unauthenticated(f"the API token belongs to a disabled account: {DISABLED}")
    if last_used_at is None or now - aware(last_used_at) >= LAST_USED_RESOLUTION:
        mark(session, update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now))
    return actor


def mark(session: Session, statement: object) -> None:
    """Note when a token or session was last used: best effort, in a transaction that starts with the write."""
    session.rollback()  # on SQLite, a read transaction cannot become a write one once another writer committed
    try:
        session.exec(statement)  # type: ignore[call-overload]
        session.commit()
    except OperationalError:
        session.rollback()  # the database is busy with real work; this marker can wait for the next request


def revoke_token(*, session: Session, actor: Actor, token_id: int, now: datetime | None = None) -> None:
    """Revoke one of the actor's tokens (an admin may revoke anyone's); revoking twice is harmless."""
    row = session.get(ApiToken, token_id)
    if row is None or not permissions.may_revoke_token(actor, row.account_id):
        raise NotFound(f"you have no API token {token_id}")  # 404, not 403: other people's tokens stay unseen
    if row.revoked_at is None:
        row.revoked_at = now_utc(now)
        session.add(row)
        session.commit()


def revoke_all_tokens(*, session: Session, account_id: int, now: datetime | None = None) -> int:
    """Revoke every live token of an account; the caller commits. Returns how many were live."""
    result = session.exec(
        update(ApiToken)
        .where(col(ApiToken.account_id) == account_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=now_utc(now))
    )
    return int(result.rowcount or 0)
