"""Dependencies shared by the routes: the database session of a reading request, and the unit of a write."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Literal, TypeVar

from fastapi import Depends, Query, Request
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.db import write_session
from app.services.formats import downloads
from app.services.negotiation.change import Change
from app.services.reading.live import change_event

T = TypeVar("T")
C = TypeVar("C")

# The sessions are opened and closed on the event loop (async generators) or inside one worker-thread call:
# closing a write session ends its transaction and so must never wait for a free thread while every thread
# waits for the write lock it holds.


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One database session per reading request."""
    session = Session(request.app.state.engine)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


class Unit:
    """A changing request: the write in its own session under the write lock, committed; then fresh reads.

    The write lock is held for the service call only — never while the answer is rendered — and a session is
    opened, used and closed inside one worker-thread call, so a failed write leaves nothing half-changed.
    """

    def __init__(self, engine: Engine, lock: asyncio.Lock | None, publish: Callable[[Change], None]) -> None:
        self._engine = engine
        self._lock = lock
        self._publish = publish

    async def write(self, work: Callable[[Session], T]) -> T:
        """Run one write service in its own session, queued first come, first served behind the write lock; a
        committed `Change` is published to every open stream of its document."""
        # SQLite's busy handler polls, and under a burst some writers starve; this queue is fair.
        async with self._lock if self._lock is not None else contextlib.nullcontext():
            result = await run_in_threadpool(self._in_session, write_session(self._engine), work)
        if isinstance(result, Change):
            self._publish(result)
        return result

    async def read(self, work: Callable[[Session], T]) -> T:
        """Read what the write committed, in a fresh session."""
        return await run_in_threadpool(self._in_session, Session(self._engine), work)

    async def write_and_read(self, work: Callable[[Session], C], answer: Callable[[Session, C], T]) -> T:
        """`write`, then `answer` read from what it committed, in one worker-thread call (one hand-off fewer).

        The write lock is let go, and the change published, as soon as the write committed: the next writer does
        not wait for this answer."""
        loop = asyncio.get_running_loop()
        lock = self._lock
        held = lock is not None
        if lock is not None:
            await lock.acquire()

        def release() -> None:  # on the event loop only, so `held` needs no lock of its own
            nonlocal held
            if held and lock is not None:
                held = False
                lock.release()

        def committed(result: C) -> None:
            release()
            if isinstance(result, Change):
                self._publish(result)

        def run() -> T:
            result = self._in_session(write_session(self._engine), work)
            loop.call_soon_threadsafe(committed, result)
            return self._in_session(Session(self._engine), lambda session: answer(session, result))

        try:
            return await run_in_threadpool(run)
        finally:
            release()  # the write failed (or the answer did, once released: nothing left to do)

    @staticmethod
    def _in_session(session: Session, work: Callable[[Session], T]) -> T:
        with session:
            return work(session)


async def get_unit(request: Request) -> Unit:
    """The unit of a changing request (made on the event loop, not in a worker thread: it reads nothing)."""
    hub = request.app.state.hub
    return Unit(
        request.app.state.engine, request.app.state.write_lock, lambda change: hub.publish(change_event(change))
    )


UnitDep = Annotated[Unit, Depends(get_unit)]


async def get_write_session(request: Request) -> AsyncIterator[Session]:
    """A session holding the write lock for a whole request: for imports and administration, which render little."""
    lock: asyncio.Lock | None = request.app.state.write_lock
    async with lock if lock is not None else contextlib.nullcontext():
        session = write_session(request.app.state.engine)
        try:
            yield session
        finally:
            session.close()


WriteSessionDep = Annotated[Session, Depends(get_write_session)]


def export_request(
    format: Annotated[str, Query(description="bracketed, clean, docx, json or akn.")] = "bracketed",
    revision: Annotated[int | None, Query(ge=0, description="A revision number; the live text without.")] = None,
    unresolved: Annotated[Literal["refuse", "keep"], Query()] = "refuse",
    start: Annotated[str | None, Query(alias="from", max_length=16, description="Redline from (Word).")] = None,
    end: Annotated[str | None, Query(alias="to", max_length=16, description="Redline to (Word).")] = None,
    footnotes: Annotated[Literal["none", "sponsors"] | None, Query()] = None,
    variant: Annotated[Literal["bracketed", "clean"], Query()] = "bracketed",
) -> downloads.Request:
    """What an export asks for, read the same way by the page's download and the API's export."""
    return downloads.Request(format, revision, start, end, footnotes, variant, keep_unresolved=unresolved == "keep")


ExportRequestDep = Annotated[downloads.Request, Depends(export_request)]
