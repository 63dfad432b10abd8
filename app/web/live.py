"""Live updates: each committed `Change` reaches every open page and script of its document within a second.

The `Hub` of a process keeps one queue per open stream. A write's `Change` becomes a `ChangeEvent`; the hub's
sender spreads it — on SQLite straight to this process's streams, on PostgreSQL through NOTIFY to the hubs of
every process (see `app.notify`). Two streams per document read the hub: the API's JSON `change` events, and the
page's named events (`p-12`, `set-7`, `toolbar`, `current`) that htmx elements listen for. A client that
reconnects with `Last-Event-ID` gets what it missed, grouped per paragraph, or one `refresh` when it missed too
much; a stream that falls behind gets a `refresh` too, never stale text silently.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from sqlmodel import Session
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from app.services.documents import catalog as documents
from app.services.reading import live
from app.services.reading import page as reading
from app.services.reading.models import ChangeEvent
from app.web.deps import SessionDep
from app.web.security import ActorDep

QUEUE_LIMIT = 512  # changes a stream may fall behind by before it is told to refresh
PING_SECONDS = 15

Sender = Callable[[ChangeEvent], None]


class Stream:
    """One open stream's queue; `lagging` when it fell so far behind that changes were dropped."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[ChangeEvent | None] = asyncio.Queue(QUEUE_LIMIT)
        self.lagging = False

    def put(self, event: ChangeEvent | None) -> None:
        """Queue an event (None ends the stream); a full queue marks the stream as lagging."""
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lagging = True


class Hub:
    """The open streams of this process, per document."""

    def __init__(self) -> None:
        self._streams: dict[int, set[Stream]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.sender: Sender = self.deliver  # replaced by a NOTIFY sender on PostgreSQL
        self.status_cache: dict[int, tuple[int, asyncio.Future[str]]] = {}  # document → (event id, its status line)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The event loop that owns the queues (events from other threads are handed to it)."""
        self._loop = loop

    @contextlib.contextmanager
    def subscribe(self, document_id: int) -> Iterator[Stream]:
        """A new stream of one document's changes, for as long as the block runs."""
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        stream = Stream()
        self._streams[document_id].add(stream)
        try:
            yield stream
        finally:
            self._streams[document_id].discard(stream)
            if not self._streams[document_id]:
                del self._streams[document_id]

    def publish(self, event: ChangeEvent) -> None:
        """Spread a committed change: to this process's streams, or through the database to every process's."""
        self.sender(event)

    def deliver(self, event: ChangeEvent) -> None:
        """Hand an event to this process's streams of its document (safe from any thread)."""
        loop = self._loop
        if loop is None:
            return  # nobody has ever subscribed in this process
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._fan_out(event)
        else:
            loop.call_soon_threadsafe(self._fan_out, event)

    def _fan_out(self, event: ChangeEvent) -> None:
        for stream in tuple(self._streams.get(event.document_id, ())):
            stream.put(event)

    def close(self) -> None:
        """End every open stream: at shutdown, or when this process may have missed changes (clients come back)."""
        for streams in self._streams.values():
            for stream in streams:
                stream.put(None)

    def count(self, document_id: int) -> int:
        """How many streams of a document are open in this process."""
        return len(self._streams.get(document_id, ()))


router = APIRouter()

LastEventId = Annotated[str | None, Header(alias="Last-Event-ID", include_in_schema=False)]
After = Annotated[int | None, Query(ge=0, le=2**63 - 1, description="Start after this event id.")]


def stream_start(document_id: int, session: SessionDep, last: LastEventId = None, after: After = None) -> int:
    """The event id a stream starts after: the client's `Last-Event-ID`, else `after`, else the latest."""
    documents.get(session=session, document_id=document_id)  # 404 before the stream starts
    if last is not None and last.strip().isdigit():
        start = int(last.strip())
    else:
        start = after if after is not None else live.latest_event_id(session=session, document_id=document_id)
    session.rollback()  # a stream may stay open for hours: it must not keep a database connection
    return start


StartDep = Annotated[int, Depends(stream_start)]


@router.get(
    "/api/v1/documents/{document_id}/events",
    tags=["live"],
    response_class=EventSourceResponse,
    responses={200: {"description": "Server-sent events: one `change` (JSON `ChangeEvent`) per change."}},
)
async def document_events(document_id: int, request: Request, _actor: ActorDep, start: StartDep) -> EventSourceResponse:
    """The document's changes as they happen; `Last-Event-ID` (or `after`) replays what was missed first."""
    return EventSourceResponse(_json_events(request, document_id, start), ping=PING_SECONDS)


@router.get("/documents/{document_id}/live", include_in_schema=False)
async def page_events(document_id: int, request: Request, _actor: ActorDep, start: StartDep) -> EventSourceResponse:
    """The document page's stream: named events its paragraphs, panel and toolbar listen for."""
    return EventSourceResponse(_page_events(request, document_id, start), ping=PING_SECONDS)


async def _changes(request: Request, document_id: int, start: int) -> AsyncIterator[ChangeEvent | str]:
    """The document's change events after `start`: first what was missed, then each new one; "refresh" when the
    stream cannot tell every change."""
    hub: Hub = request.app.state.hub
    with hub.subscribe(document_id) as stream:  # subscribe first, so nothing falls between replay and live
        missed = await _missed(request, document_id, start)
        if missed is None:
            yield "refresh"
        else:
            for event in missed:
                start = event.id
                yield event
        while True:
            queued = await stream.queue.get()
            if queued is None:
                return
            if stream.lagging:
                stream.lagging = False
                _drain(stream)
                yield "refresh"
                continue
            if queued.id > start:
                start = queued.id
                yield queued


async def _missed(request: Request, document_id: int, after: int) -> list[ChangeEvent] | None:
    def read() -> list[ChangeEvent] | None:
        with Session(request.app.state.engine) as session:
            return live.missed_events(session=session, document_id=document_id, after=after)

    return await run_in_threadpool(read)


def _drain(stream: Stream) -> None:
    while not stream.queue.empty():
        stream.queue.get_nowait()


async def _json_events(request: Request, document_id: int, start: int) -> AsyncIterator[ServerSentEvent]:
    # An `open` event carries the id the stream starts after, so a client that reconnects before any change
    # still sends a Last-Event-ID and misses nothing.
    yield ServerSentEvent(data=f'{{"after": {start}}}', event="open", id=str(start))
    async for item in _changes(request, document_id, start):
        if isinstance(item, str):
            yield ServerSentEvent(data="{}", event=item)
        else:
            yield ServerSentEvent(data=item.model_dump_json(), event="change", id=str(item.id))


async def _page_events(request: Request, document_id: int, start: int) -> AsyncIterator[ServerSentEvent]:
    async for item in _changes(request, document_id, start):
        if isinstance(item, str):
            yield ServerSentEvent(data="", event=item)
            continue
        for name in _names(item):
            yield ServerSentEvent(data=str(item.id), event=name, id=str(item.id))
        status = await _status(request, document_id, item.id)
        yield ServerSentEvent(data=status, event="status", id=str(item.id))


async def _status(request: Request, document_id: int, event_id: int) -> str:
    """The document's status line after an event, rendered once per process for all its readers."""
    hub: Hub = request.app.state.hub
    cached = hub.status_cache.get(document_id)
    if cached is None or cached[0] < event_id:

        def render() -> str:
            with Session(request.app.state.engine) as session:
                page = reading.toolbar_page(session=session, actor=None, document_id=document_id)
            return str(request.app.state.templates.get_template("partials/document_status.html").render(page=page))

        # Every stream of the document asks at once: the first starts the render, the others await the same one.
        cached = (event_id, asyncio.ensure_future(run_in_threadpool(render)))
        hub.status_cache[document_id] = cached
    return await asyncio.shield(cached[1])  # a reader that leaves does not cancel the others' render


def _names(event: ChangeEvent) -> list[str]:
    """The page elements a change concerns, as the event names they listen for."""
    names = [f"p-{p.id}" for p in event.paragraphs]
    names += [f"set-{set_id}" for set_id in event.bracket_set_ids]
    if event.current_paragraph_id is not None or event.kind == "current_paragraph":
        names.append("current")
    if event.kind in ("phase", "revision") or event.revision is not None:
        names.append("toolbar")  # the chair's controls name the phase and the next revision number
    if event.kind == "structure":
        names += ["structure", "toolbar"]  # places and paragraphs changed: the page offers to reload
    return names
