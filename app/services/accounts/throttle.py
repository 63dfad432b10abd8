"""Slowing down password guessing: failed sign-ins counted per (username, client address), in the database.

Keyed on the pair, a crowd behind one address (a conference NAT) never slows down each other's accounts, and
someone guessing an account from elsewhere never locks out its owner. After `FREE_FAILURES` failures within
`FAILURE_WINDOW`, each further attempt must wait 2^(n - FREE_FAILURES) seconds (at most `MAX_DELAY_SECONDS`)
after the latest failure; attempts inside the wait are refused unchecked and not counted, so a correct password
is accepted as soon as the wait is over.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.models import LoginFailure
from app.services.accounts import usernames
from app.services.errors import TooManyRequests

FAILURE_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
MAX_DELAY_SECONDS = 5 * 60
KEY_LENGTH = 320

log = logging.getLogger("crochets.auth")


def key(*, username: str, address: str, device: str | None = None) -> str:
    """The key failures are counted under: the username with the address, or with a browser already known."""
    name = usernames.canonical(username)
    where = f"device:{device}" if device else f"addr:{address}"
    return f"{name}\n{where}"[:KEY_LENGTH]


def retry_after(*, session: Session, key: str, now: datetime | None = None) -> int:
    """Seconds before the next attempt under this key is allowed (0 when it is allowed now)."""
    now = now or datetime.now(UTC)
    count, latest = session.exec(
        select(func.count(), func.max(LoginFailure.failed_at)).where(
            LoginFailure.key == key, col(LoginFailure.failed_at) > now - FAILURE_WINDOW
        )
    ).one()
    if count < FREE_FAILURES or latest is None:
        return 0
    delay = min(2 ** (count - FREE_FAILURES), MAX_DELAY_SECONDS)
    latest = latest if latest.tzinfo else latest.replace(tzinfo=UTC)  # SQLite hands back naive UTC times
    return max(0, math.ceil((latest + timedelta(seconds=delay) - now).total_seconds()))


def check(*, session: Session, key: str, username: str, address: str, now: datetime) -> None:
    """Refuse (429, logged) an attempt that comes before the wait for this key is over."""
    wait = retry_after(session=session, key=key, now=now)
    if wait > 0:
        log.warning("sign-in throttled: username=%r address=%r retry_after=%ds", username, address, wait)
        unit = "second" if wait == 1 else "seconds"
        raise TooManyRequests(
            f"too many failed sign-in attempts for this username from here; try again in {wait} {unit}",
            retry_after=wait,
        )


def record_failure(*, session: Session, key: str, now: datetime) -> None:
    """Count one failure under the key (and forget failures older than the window, whoever they were for)."""
    session.exec(delete(LoginFailure).where(col(LoginFailure.failed_at) <= now - FAILURE_WINDOW))
    session.add(LoginFailure(key=key, failed_at=now))
    session.commit()


def clear(*, session: Session, key: str) -> None:
    """Forget the failures under the key (after a successful sign-in); the caller commits."""
    session.exec(delete(LoginFailure).where(col(LoginFailure.key) == key))
