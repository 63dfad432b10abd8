"""Typed service errors; the web layer maps each to a status code in one place."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of every expected business outcome that is not a success."""

    code = "error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra: dict[str, object] = extra


class NotFound(ServiceError):
    """The thing asked for does not exist."""

    code = "not_found"


class Unauthenticated(ServiceError):
    """The caller did not prove who they are."""

    code = "unauthenticated"


class Forbidden(ServiceError):
    """The caller may not do this."""

    code = "forbidden"


class Conflict(ServiceError):
    """The request clashes with the current state (a duplicate, a stale version)."""

    code = "conflict"


class StaleVersion(Conflict):
    """A change made against an older version of a paragraph that cannot be re-applied; carries the current text."""


class Invalid(ServiceError):
    """The input is malformed or breaks a rule."""

    code = "invalid"


class TooLarge(ServiceError):
    """The input is larger than allowed."""

    code = "too_large"


class TooManyRequests(ServiceError):
    """Too many attempts in a short time; the caller may try again after `retry_after` seconds."""

    code = "too_many_requests"

    def __init__(self, detail: str, *, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, retry_after=retry_after, **extra)
        self.retry_after = retry_after
