"""Dependencies shared by the routes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.db import write_session

# The sessions are opened and closed on the event loop (async generators): closing a session ends its transaction
# and, for a write session, releases the write lock. Were the close run in the thread pool, it could wait for a
# free thread while every thread waits for that very lock.


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One database session per request."""
    session = Session(request.app.state.engine)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


@contextlib.asynccontextmanager
async def write_scope(request: Request) -> AsyncIterator[Session]:
    """A write session holding the write lock, for a route that must do slow work (parsing) before taking it."""
    lock: asyncio.Lock | None = request.app.state.write_lock
    # SQLite's busy handler polls, and under a burst some writers starve; this queue is first come, first served.
    async with lock if lock is not None else contextlib.nullcontext():
        session = write_session(request.app.state.engine)
        try:
            yield session
        finally:
            session.close()


async def get_write_session(request: Request) -> AsyncIterator[Session]:
    """One database session per changing request, holding the write lock on SQLite from its first statement."""
    async with write_scope(request) as session:
        yield session


WriteSessionDep = Annotated[Session, Depends(get_write_session)]
