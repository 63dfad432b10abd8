"""Timestamps stored by the tables."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware (SQLModel refuses naive datetimes)."""
    return datetime.now(UTC)
