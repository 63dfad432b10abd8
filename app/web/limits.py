"""Limits on what a request may carry: the body's size, and ids that a database integer can hold."""

from __future__ import annotations

import re

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.services.errors import NotFound

MAX_DB_INT = 2**63 - 1  # SQLite and PostgreSQL BIGINT; Python would raise OverflowError binding anything larger
_INTEGER = re.compile(r"[+-]?[0-9]+")


async def ids_in_range(request: Request) -> None:
    """An id in the path that no row can have (negative, or 2^63 and over) is a 404, before any query runs (on
    the event loop: a plain function dependency would cost every request a trip through a worker thread)."""
    for name, value in request.path_params.items():
        if not name.endswith("_id") or not isinstance(value, str) or not _INTEGER.fullmatch(value):
            continue
        number = int(value)
        if number < 0 or number > MAX_DB_INT:
            what = name.removesuffix("_id").replace("_", " ")
            raise NotFound(f"there is no {what} {value} (ids are whole numbers from 1 to 2^63 - 1)")


class BodyLimit:
    """Refuse a request body over `max_bytes` with a 413 that is shaped like every other error.

    Starlette's own limit answers in plain text from outside the error handlers; this one raises inside them.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            # Refused before a byte of the body is read; the route raises when it first asks for the body.
            await self.app(scope, self._refuse, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise self._too_large()
            return message

        await self.app(scope, counted, send)

    async def _refuse(self) -> Message:
        raise self._too_large()

    def _too_large(self) -> HTTPException:
        megabytes = self.max_bytes // (1024 * 1024)
        return HTTPException(413, f"the request body is larger than the {megabytes} MB allowed")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
