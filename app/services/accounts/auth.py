"""Authentication: passwords with throttling, API tokens (stored hashed), and the acting person (`Actor`)."""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.models import Account, AccountRole, ApiToken, Delegation, GroupMembership, LoginFailure
from app.services.accounts import accounts
from app.services.accounts.passwords import hash_password, verify_password
from app.services.errors import NotFound, TooManyRequests, Unauthenticated

FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60
TOKEN_PREFIX = "crochets_"
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
BAD_CREDENTIALS = "the username or the password is wrong"


@functools.cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so that a wrong username takes as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in person, their delegation and the groups that delegation belongs to."""

    account_id: int
    username: str
    display_name: str
    role: AccountRole
    delegation_id: int
    delegation_code: str
    delegation_name: str
    group_ids: tuple[int, ...] = ()
    group_codes: tuple[str, ...] = ()
    token_id: int | None = None  # the API token that authenticated this request, if any

    def may_act_for(self, delegation_id: int) -> bool:
        """True for the actor's own delegation and for the groups it belongs to."""
        return delegation_id == self.delegation_id or delegation_id in self.group_ids


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new API token: the only time the token itself is known."""

    token: str
    token_id: int


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def throttle_keys(*, username: str, address: str) -> tuple[str, str]:
    """The two keys failed logins are counted under: the username and the client address."""
    return (f"user:{username.strip().lower()}"[:320], f"addr:{address}"[:320])


def retry_after(*, session: Session, key: str, now: datetime | None = None) -> int:
    """Seconds before the next attempt for this key is allowed (0 when it is allowed now)."""
    now = _now(now)
    since = now - FAILURE_WINDOW
    count, latest = session.exec(
        select(func.count(), func.max(LoginFailure.failed_at)).where(
            LoginFailure.key == key, col(LoginFailure.failed_at) > since
        )
    ).one()
    if count < FREE_FAILURES or latest is None:
        return 0
    delay = min(2 ** (count - FREE_FAILURES), MAX_DELAY_SECONDS)
    remaining = (_aware(latest) + timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def _check_throttle(session: Session, keys: tuple[str, ...], now: datetime) -> None:
    wait = max(retry_after(session=session, key=key, now=now) for key in keys)
    if wait > 0:
        unit = "second" if wait == 1 else "seconds"
        raise TooManyRequests(f"too many failed sign-in attempts; try again in {wait} {unit}", retry_after=wait)


def _record_failure(session: Session, keys: tuple[str, ...], now: datetime) -> None:
    session.exec(delete(LoginFailure).where(col(LoginFailure.failed_at) <= now - FAILURE_WINDOW))
    for key in keys:
        session.add(LoginFailure(key=key, failed_at=now))
    session.commit()


def authenticate(
    *, session: Session, username: str, password: str, address: str, now: datetime | None = None, commit: bool = True
) -> Account:
    """The account these credentials prove, refusing (without checking) while the username or address is throttled."""
    now = _now(now)
    keys = throttle_keys(username=username, address=address)
    _check_throttle(session, keys, now)
    account = accounts.find(session=session, username=username.strip())
    if account is None:
        verify_password(_dummy_hash(), password)
    if account is None or not verify_password(account.password_hash, password):
        _record_failure(session, keys, now)
        raise Unauthenticated(BAD_CREDENTIALS)
    session.exec(delete(LoginFailure).where(col(LoginFailure.key) == keys[0]))
    if commit:
        session.commit()
    return account


def hash_token(token: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, session: Session, username: str, label: str = "", commit: bool = True) -> IssuedToken:
    """A new API token for an account (the CLI's way; the API's is `issue_token_with_password`)."""
    account = accounts.find(session=session, username=username.strip())
    if account is None or account.id is None:
        raise NotFound(f"there is no account named {username!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(account_id=account.id, token_hash=hash_token(token), label=label.strip()[:100])
    session.add(row)
    session.flush()
    assert row.id is not None
    if commit:
        session.commit()
    return IssuedToken(token=token, token_id=row.id)


def issue_token_with_password(
    *, session: Session, username: str, password: str, address: str, label: str = "", now: datetime | None = None
) -> IssuedToken:
    """Check the credentials (throttled) and issue a new API token."""
    account = authenticate(
        session=session, username=username, password=password, address=address, now=now, commit=False
    )
    issued = issue_token(session=session, username=account.username, label=label, commit=False)
    session.commit()
    return issued


def actor_for_account(*, session: Session, account_id: int, token_id: int | None = None) -> Actor | None:
    """The actor of an account, with its delegation and groups (None when the account is gone)."""
    row = session.exec(
        select(Account, Delegation)
        .join(Delegation, col(Delegation.id) == Account.delegation_id)
        .where(Account.id == account_id)
    ).first()
    if row is None:
        return None
    account, delegation = row
    groups = session.exec(
        select(Delegation.id, Delegation.code)
        .join(GroupMembership, col(GroupMembership.group_id) == Delegation.id)
        .where(GroupMembership.member_id == delegation.id)
        .order_by(col(Delegation.code))
    ).all()
    assert account.id is not None and delegation.id is not None
    return Actor(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=AccountRole(account.role),
        delegation_id=delegation.id,
        delegation_code=delegation.code,
        delegation_name=delegation.name,
        group_ids=tuple(group_id for group_id, _code in groups if group_id is not None),
        group_codes=tuple(code for _id, code in groups),
        token_id=token_id,
    )


def actor_for_token(*, session: Session, token: str, now: datetime | None = None) -> Actor:
    """The actor a bearer token belongs to; Unauthenticated when it is unknown or revoked."""
    now = _now(now)
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None or row.id is None:
        raise Unauthenticated("the API token is unknown or revoked")
    actor = actor_for_account(session=session, account_id=row.account_id, token_id=row.id)
    if actor is None:
        raise Unauthenticated("the API token is unknown or revoked")
    if row.last_used_at is None or now - _aware(row.last_used_at) >= LAST_USED_RESOLUTION:
        _mark_used(session, row.id, now)
    return actor


def _mark_used(session: Session, token_id: int, now: datetime) -> None:
    """Note when a token was last used: best effort, in a transaction of its own that starts with the write."""
    session.rollback()  # on SQLite, a read transaction cannot become a write one once another writer committed
    try:
        session.exec(update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=now))
        session.commit()
    except OperationalError:
        session.rollback()  # the database is busy with real work; this marker can wait for the next request


def revoke_token(*, session: Session, actor: Actor, token_id: int, now: datetime | None = None) -> None:
    """Revoke one of the actor's tokens (an admin may revoke anyone's); revoking twice is harmless."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.account_id != actor.account_id and actor.role != AccountRole.admin):
        raise NotFound(f"you have no API token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = _now(now)
        session.add(row)
        session.commit()
