"""Live changes across processes on PostgreSQL: NOTIFY in the write's transaction, one LISTEN thread per process.

A committed `Change` is announced with `pg_notify` inside the transaction that made it, so PostgreSQL delivers
it at COMMIT, only if the write committed, and in commit order — which, for one document, is the order of its
event ids (every write locks the document's row first), the order the streams rely on. Every process, the
writer's own included, hears it on its listening connection and hands it to its `Hub`.

The payload is the `ChangeEvent` itself when it fits in NOTIFY's 8,000 bytes: the very event SQLite's in-process
fan-out delivers (its kind, versions, current paragraph), with no database read per change and process. A larger
one (a change touching hundreds of sets) carries its ids only, and each process reads what the audit events say,
as a reconnecting client would be told.

When the listening connection drops, the process listens again and then ends its open streams: their clients
come back with `Last-Event-ID` and get from the audit events exactly what they missed meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from types import TracebackType
from typing import Protocol

import psycopg
from psycopg.conninfo import make_conninfo
from pydantic import ValidationError
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from app.services.negotiation.change import PENDING_CHANGE, Change
from app.services.reading import live
from app.services.reading.models import ChangeEvent

CHANNEL = "crochets_changes"
PAYLOAD_LIMIT = 7_900  # PostgreSQL refuses a payload of 8,000 bytes or more
POLL_SECONDS = 0.5  # how often the listening thread looks up from its connection to see whether to stop
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)  # waits between attempts to listen again, the last one repeated
READY_SECONDS = 10  # how long a starting process waits to be listening before it serves anyway
# A connection cut without a word (a dead network path) is noticed within about a minute.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}

log = logging.getLogger("crochets.notify")


class Receiver(Protocol):
    """What the relay hands changes to: the process's `Hub`."""

    def deliver(self, event: ChangeEvent) -> None:
        """Hand an event to this process's streams of its document (from any thread)."""

    def close(self) -> None:
        """End every open stream of this process (on its event loop)."""


def payload(change: ChangeEvent) -> str:
    """What NOTIFY carries for a change: the event, or only its ids when the event is too large."""
    whole = change.model_dump_json()
    if len(whole.encode("utf-8")) < PAYLOAD_LIMIT:
        return whole
    first = min(change.event_ids, default=change.id)
    return json.dumps({"document_id": change.document_id, "id": change.id, "first": first})


def announced(_event: ChangeEvent) -> None:
    """The hub's sender on PostgreSQL: nothing left to do, the write's transaction announced the change and the
    relay of every process, this one included, delivers it."""


@event.listens_for(OrmSession, "before_commit")
def _announce(session: OrmSession) -> None:
    """NOTIFY the committing change inside its own transaction (PostgreSQL only)."""
    change: Change | None = session.info.pop(PENDING_CHANGE, None)
    if change is None or session.get_bind().dialect.name != "postgresql":
        return
    statement = text("SELECT pg_notify(:channel, :payload)")
    session.connection().execute(statement, {"channel": CHANNEL, "payload": payload(live.change_event(change))})


class Relay:
    """This process's end of the channel: on PostgreSQL a thread LISTENs and hands every change to the hub.

    Used as an async context manager around the application's life; on SQLite it does nothing.
    """

    def __init__(self, engine: Engine, receiver: Receiver) -> None:
        self.enabled = engine.dialect.name == "postgresql"
        self._engine = engine
        self._receiver = receiver
        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conninfo = make_conninfo(url, application_name="crochets-listen", **KEEPALIVES)
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    async def __aenter__(self) -> Relay:
        """Start listening; serve once listening, so that no stream opens before its changes can arrive."""
        if self.enabled:
            self._loop = asyncio.get_running_loop()
            self._thread = threading.Thread(target=self._run, name="crochets-listen", daemon=True)
            self._thread.start()
            if not await asyncio.to_thread(self._ready.wait, READY_SECONDS):
                log.warning("not listening to %s yet: live changes from other processes will be late", CHANNEL)
                self._ready.set()  # whenever it does listen, the streams opened meanwhile are ended
        return self

    async def __aexit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        """Stop listening."""
        self._stop.set()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, POLL_SECONDS * 4)

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._listening()
                    attempt = 0
                    while not self._stop.is_set():
                        for note in connection.notifies(timeout=POLL_SECONDS):
                            self._receive(note.payload)
            except psycopg.Error as error:
                log.warning("listening to %s failed (%s); trying again", CHANNEL, str(error).strip())
            except Exception:  # a dead listener would leave every stream of the process silent: never give up
                log.exception("the listener of %s failed; trying again", CHANNEL)
            self._stop.wait(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
            attempt += 1

    def _listening(self) -> None:
        """Listening (again): streams opened before may have missed changes, so they are ended and come back."""
        if self._ready.is_set():
            self._end_streams()
        self._ready.set()

    def _end_streams(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._receiver.close)

    def _receive(self, note: str) -> None:
        events = self._events(note)
        if events is None:
            self._end_streams()  # more happened than a stream can tell: its clients come back and refresh
            return
        for change in events:
            self._receiver.deliver(change)

    def _events(self, note: str) -> list[ChangeEvent] | None:
        """The events a notification tells: itself, or those read from the audit events of a large change."""
        try:
            data = json.loads(note)
            if "kind" in data:
                return [ChangeEvent.model_validate(data)]
            document_id, first = int(data["document_id"]), int(data["first"])
        except (ValueError, KeyError, TypeError, ValidationError):
            log.warning("ignored a notification on %s that is not a change: %.200s", CHANNEL, note)
            return []
        with Session(self._engine) as session:
            return live.missed_events(session=session, document_id=document_id, after=first - 1)
