"""Browser sessions kept in the database: the cookie holds a random key, so signing out or revoking ends it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.models import BrowserSession
from app.services.accounts import auth
from app.services.accounts.actor import Actor

# Writing last_seen_at on every request would turn each page view into a write.
TOUCH_RESOLUTION = timedelta(minutes=1)
# Ended and expired sessions are kept a while (who signed in from where), then purged at the next sign-in.
KEEP_ENDED = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Policy:
    """How long a session lasts: `idle` without a request, `lifetime` at most from sign-in."""

    idle: timedelta
    lifetime: timedelta


@dataclass(frozen=True, slots=True)
class Started:
    """A new session: the key for the cookie (known only now) and its CSRF token."""

    key: str
    csrf: str


@dataclass(frozen=True, slots=True)
class Current:
    """A live session and the person it signs in."""

    actor: Actor
    csrf: str


def start(*, session: Session, account_id: int, address: str, policy: Policy, now: datetime | None = None) -> Started:
    """Open a session for an account that has just proved who it is."""
    now = auth.now_utc(now)
    session.exec(delete(BrowserSession).where(col(BrowserSession.expires_at) < now - KEEP_ENDED))
    key, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(
        BrowserSession(
            account_id=account_id,
            key_hash=auth.hash_token(key),
            csrf=csrf,
            address=address[:100],
            created_at=now,
            last_seen_at=now,
            expires_at=now + policy.lifetime,
        )
    )
    session.commit()
    return Started(key=key, csrf=csrf)


def resolve(*, session: Session, key: str, policy: Policy, now: datetime | None = None) -> Current | None:
    """The live session with this key and its actor; None when it ended, expired, idled out or is disabled."""
    now = auth.now_utc(now)
    row = session.exec(select(BrowserSession).where(BrowserSession.key_hash == auth.hash_token(key))).first()
    if row is None or row.id is None or not _live(row, policy, now):
        return None
    actor = auth.actor_for_account(session=session, account_id=row.account_id, session_id=row.id)
    if actor is None:
        return None
    if now - auth.aware(row.last_seen_at) >= TOUCH_RESOLUTION:
        auth.mark(session, update(BrowserSession).where(col(BrowserSession.id) == row.id).values(last_seen_at=now))
    return Current(actor=actor, csrf=row.csrf)


def end(*, session: Session, key: str, now: datetime | None = None) -> None:
    """End the session with this key (signing out); ending it twice is harmless."""
    session.exec(
        update(BrowserSession)
        .where(col(BrowserSession.key_hash) == auth.hash_token(key), col(BrowserSession.ended_at).is_(None))
        .values(ended_at=auth.now_utc(now))
    )
    session.commit()


def end_all(*, session: Session, account_id: int, now: datetime | None = None) -> int:
    """End every session of an account; the caller commits. Returns how many were open."""
    result = session.exec(
        update(BrowserSession)
        .where(col(BrowserSession.account_id) == account_id, col(BrowserSession.ended_at).is_(None))
        .values(ended_at=auth.now_utc(now))
    )
    return int(result.rowcount or 0)


def count_live(*, session: Session, policy: Policy, now: datetime | None = None) -> dict[int, int]:
    """Per account id, how many of its sessions are live (for the administration page)."""
    now = auth.now_utc(now)
    rows = session.exec(
        select(BrowserSession.account_id, func.count())
        .where(
            col(BrowserSession.ended_at).is_(None),
            col(BrowserSession.expires_at) > now,
            col(BrowserSession.last_seen_at) > now - policy.idle,
        )
        .group_by(col(BrowserSession.account_id))
    ).all()
    return {account_id: count for account_id, count in rows}


def _live(row: BrowserSession, policy: Policy, now: datetime) -> bool:
    return (
        row.ended_at is None
        and auth.aware(row.expires_at) > now
        and auth.aware(row.created_at) + policy.lifetime > now
        and auth.aware(row.last_seen_at) + policy.idle > now
    )
