"""The load of measurement 7: hundreds of screens reading a document's event stream over raw sockets, and a
delegate changing the document every so often; when each change's events reached each screen."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class Plan:
    """How many screens, changes and workers; which stream; which PostgreSQL server (None: a private one)."""

    subscribers: int = 500
    changes: int = 20
    interval: float = 0.5  # seconds between the starts of two changes
    workers: int = 4
    stream: str = "page"
    postgres: bool = True  # the workers on PostgreSQL measured too (not in the quick run: SQLite's check)
    postgres_url: str | None = None


PLANS = {
    "full": Plan(),
    "quick": Plan(changes=10, postgres=False),
    "tiny": Plan(subscribers=5, changes=2, interval=0.1, workers=2),
}


@dataclass
class Subscriber:
    """One stream: when each event id first arrived."""

    arrivals: dict[int, float] = field(default_factory=dict)
    connected: asyncio.Event = field(default_factory=asyncio.Event)


async def subscribe(port: int, path: str, token: str, subscriber: Subscriber) -> None:
    """Read one event stream over a raw socket, noting when each event id first arrives (until cancelled)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"
    writer.write(request.encode())
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"the stream answered {head.splitlines()[0]!r}")
        subscriber.connected.set()
        pending = b""
        while (chunk := await _chunk(reader)) is not None:
            now = time.monotonic()
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                if line.startswith(b"id:"):
                    subscriber.arrivals.setdefault(int(line[3:]), now)
    finally:
        writer.close()


async def _chunk(reader: asyncio.StreamReader) -> bytes | None:
    """The next chunk of a chunked response body (None at its end)."""
    size = int((await reader.readuntil(b"\r\n")).strip() or b"0", 16)
    if size == 0:
        return None
    data = await reader.readexactly(size + 2)
    return data[:-2]


async def measure_streams(url: str, setup: Setup, plan: Plan) -> tuple[list[list[float]], int, list[float]]:
    """Connect the subscribers, make the changes; return each change's delays, the missed count and write times."""
    port = int(url.rsplit(":", 1)[1])
    path = (
        f"/documents/{setup.document_id}/live"
        if plan.stream == "page"
        else f"/api/v1/documents/{setup.document_id}/events"
    )
    subscribers = [Subscriber() for _ in range(plan.subscribers)]
    tasks = []
    for start in range(0, len(subscribers), 50):  # in batches, as a room's screens connect
        batch = subscribers[start : start + 50]
        tasks += [asyncio.ensure_future(subscribe(port, path, setup.observer, s)) for s in batch]
        await asyncio.wait_for(asyncio.gather(*(s.connected.wait() for s in batch)), 60)
    await asyncio.sleep(1)
    sent, writes = [], []
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {setup.writer}"}) as client:
        for number in range(plan.changes):
            alternative = setup.alternatives[number % len(setup.alternatives)]
            stance = ("supports", "objects")[(number // len(setup.alternatives)) % 2]
            sent.append(time.monotonic())
            response = await client.put(f"/api/v1/alternatives/{alternative}/position", json={"stance": stance})
            writes.append(time.monotonic() - sent[-1])
            response.raise_for_status()
            await asyncio.sleep(max(0.0, plan.interval - writes[-1]))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(len(s.arrivals) < plan.changes for s in subscribers):
        await asyncio.sleep(0.1)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    ids = sorted({i for s in subscribers for i in s.arrivals})[: plan.changes]
    delays = [[s.arrivals[i] - at for s in subscribers if i in s.arrivals] for i, at in zip(ids, sent, strict=False)]
    return delays, plan.changes * len(subscribers) - sum(map(len, delays)), writes


@dataclass(frozen=True)
class Setup:
    """The document the subscribers watch, their token, the writer's token and the alternatives it acts on."""

    document_id: int
    observer: str
    writer: str
    alternatives: list[int]
