"""Live updates under load: hundreds of event streams on one document, and the delay of every change to each.

Two set-ups, each a real `crochets serve` in its own process(es): one process on SQLite, and `--workers 4` on
PostgreSQL (a private throwaway server started with scripts/postgres, or the one --postgres-url names). The
subscribers are raw asyncio sockets in this process, each reading the document page's stream (or the API's, with
--stream api) as an observer; once they are all connected, a delegate makes one change every --interval seconds
through the API. The delay of a change is measured from the moment its request is sent to the first event with its
id on each stream. The memory is each server process's resident set (VmRSS, and its peak VmHWM) at the end.

Run from the project root: .venv/bin/python bench/bench_live.py [--subscribers 500] [--changes 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app import migrate
from app.db import build_engine
from app.services import demo
from app.services.accounts import auth

ROOT = Path(__file__).resolve().parents[1]
CROCHETS = Path(sys.executable).with_name("crochets")
P99_TARGET = 1.0  # seconds from a change to every screen
RSS_TARGET_MB = 300  # per server process


@dataclass
class Subscriber:
    """One stream: when each event id first arrived."""

    arrivals: dict[int, float] = field(default_factory=dict)
    connected: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass(frozen=True)
class Outcome:
    """What one set-up measured: every delay (seconds), what never arrived, and the servers' memory (MB)."""

    name: str
    delays: list[list[float]]  # per change, one per subscriber that got it
    missing: int
    write_seconds: list[float]
    memory: list[tuple[str, float, float]]  # (process, resident MB, peak MB)


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


async def measure_streams(
    url: str, setup: Setup, options: argparse.Namespace
) -> tuple[list[list[float]], int, list[float]]:
    """Connect the subscribers, make the changes; return each change's delays, the missed count and write times."""
    port = int(url.rsplit(":", 1)[1])
    path = (
        f"/documents/{setup.document_id}/live"
        if options.stream == "page"
        else f"/api/v1/documents/{setup.document_id}/events"
    )
    subscribers = [Subscriber() for _ in range(options.subscribers)]
    tasks = []
    for start in range(0, len(subscribers), 50):  # in batches, as a room's screens connect
        batch = subscribers[start : start + 50]
        tasks += [asyncio.ensure_future(subscribe(port, path, setup.observer, s)) for s in batch]
        await asyncio.wait_for(asyncio.gather(*(s.connected.wait() for s in batch)), 60)
    await asyncio.sleep(1)
    sent, writes = [], []
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {setup.writer}"}) as client:
        for number in range(options.changes):
            alternative = setup.alternatives[number % len(setup.alternatives)]
            stance = ("supports", "objects")[(number // len(setup.alternatives)) % 2]
            sent.append(time.monotonic())
            response = await client.put(f"/api/v1/alternatives/{alternative}/position", json={"stance": stance})
            writes.append(time.monotonic() - sent[-1])
            response.raise_for_status()
            await asyncio.sleep(max(0.0, options.interval - writes[-1]))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(len(s.arrivals) < options.changes for s in subscribers):
        await asyncio.sleep(0.1)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    ids = sorted({i for s in subscribers for i in s.arrivals})[: options.changes]
    delays = [[s.arrivals[i] - at for s in subscribers if i in s.arrivals] for i, at in zip(ids, sent, strict=False)]
    return delays, options.changes * len(subscribers) - sum(map(len, delays)), writes


@dataclass(frozen=True)
class Setup:
    """The document the subscribers watch, their token, the writer's token and the alternatives it acts on."""

    document_id: int
    observer: str
    writer: str
    alternatives: list[int]


def prepare(database_url: str) -> tuple[int, str, str]:
    """Migrate, load the demo data set, issue an observer's and a delegate's token."""
    engine = build_engine(database_url)
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            document_id = demo.ensure_demo(session=session).document_id
            observer = auth.issue_token(session=session, username="isoc").token
            writer = auth.issue_token(session=session, username="bra").token
    finally:
        engine.dispose()
    return document_id, observer, writer


@contextmanager
def serving(database_url: str, directory: Path, workers: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`crochets serve` on the database until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    environment |= {"CROCHETS_DATABASE_URL": database_url, "CROCHETS_DATA_DIR": str(directory)}
    arguments = [str(CROCHETS), "serve", "--port", str(port), "--workers", str(workers)]
    with (directory / "server.log").open("wb") as log:
        process = subprocess.Popen(arguments, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the server did not start; see {directory / 'server.log'}")
        yield url, process
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def memory(pid: int) -> list[tuple[str, float, float]]:
    """Resident and peak memory (MB) of a server process and of its worker processes."""
    workers = [p for p in _children(pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    named = [(f"worker {n + 1}", p) for n, p in enumerate(workers)] if workers else [("process", pid)]
    return [(name, *_status_mb(p)) for name, p in named]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return sorted(found)


def _status_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def run_setup(name: str, database_url: str, workers: int, options: argparse.Namespace) -> Outcome:
    """Prepare the database, serve it, measure."""
    document_id, observer, writer = prepare(database_url)
    with tempfile.TemporaryDirectory() as folder, serving(database_url, Path(folder), workers) as (url, process):
        document = httpx.get(f"{url}/api/v1/documents/{document_id}", headers={"Authorization": f"Bearer {observer}"})
        runs = [r for p in document.json()["paragraphs"] for r in p["content"] if r["type"] == "bracket_set"]
        alternatives = [a["id"] for r in runs for a in r["alternatives"]][:5]
        setup = Setup(document_id, observer, writer, alternatives)
        delays, missing, writes = asyncio.run(measure_streams(url, setup, options))
        return Outcome(name, delays, missing, writes, memory(process.pid))


@contextmanager
def postgres_database(server_url: str | None) -> Iterator[str]:
    """A new database on the named PostgreSQL server, or on a private throwaway one; gone afterwards."""
    directory = Path(tempfile.gettempdir()) / f"crochets-bench-pg-{secrets.token_hex(4)}"
    script = str(ROOT / "scripts" / "postgres")
    if server_url is None:
        server_url = subprocess.run(
            ["bash", script, "start", str(directory)], capture_output=True, text=True, check=True
        ).stdout.strip()
    admin = make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"crochets_bench_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")
    finally:
        subprocess.run(["bash", script, "stop", str(directory)], capture_output=True, check=False)


def report(outcome: Outcome, options: argparse.Namespace) -> list[tuple[str, str, bool]]:
    """Print one set-up's figures; return its targets as (target, figure, holds)."""
    delays = sorted(d for change in outcome.delays for d in change)
    spread = statistics.median(max(change) - min(change) for change in outcome.delays if change)
    median = statistics.median(delays) if delays else float("nan")
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))] if delays else float("inf")
    print(f"\n{outcome.name}: {options.subscribers} subscribers ({options.stream} stream), {options.changes} changes")
    longest = delays[-1] if delays else float("nan")
    print(
        f"  delay change → subscriber: median {median * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {longest * 1000:.0f} ms over {len(delays)} arrivals; {outcome.missing} missing"
    )
    print(f"  the write itself (request → response): median {statistics.median(outcome.write_seconds) * 1000:.0f} ms")
    print(f"  one change's spread (first → last subscriber): median {spread * 1000:.0f} ms")
    for name, resident, peak in outcome.memory:
        print(f"  memory of {name}: {resident:.0f} MB resident, peak {peak:.0f} MB")
    worst = max(peak for _n, _r, peak in outcome.memory)
    checks = [
        (
            f"{outcome.name}: p99 delay under {P99_TARGET:.0f} s, nothing missing",
            f"{p99 * 1000:.0f} ms, {outcome.missing} missing",
            p99 < P99_TARGET and outcome.missing == 0,
        ),
        (f"{outcome.name}: under {RSS_TARGET_MB} MB per server process", f"peak {worst:.0f} MB", worst < RSS_TARGET_MB),
    ]
    for target, figure, holds in checks:
        print(f"  [{'holds' if holds else 'falls short'}] {target}: {figure}")
    return checks


def main(argv: list[str] | None = None) -> list[tuple[str, str, bool]]:
    """Measure the chosen set-ups, print figures and whether each target holds."""
    options = _parser().parse_args(argv)
    checks: list[tuple[str, str, bool]] = []
    if options.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'crochets.sqlite3'}"
            checks += report(run_setup("SQLite, one process", url, 1, options), options)
    if options.only in (None, "postgresql"):
        with postgres_database(options.postgres_url) as url:
            name = f"PostgreSQL, {options.workers} workers"
            checks += report(run_setup(name, url, options.workers, options), options)
    return checks


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between changes")
    parser.add_argument("--workers", type=int, default=4, help="PostgreSQL set-up's worker processes")
    parser.add_argument("--stream", choices=("page", "api"), default="page")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--postgres-url", help="a PostgreSQL server's postgres database (default: a private one)")
    return parser


if __name__ == "__main__":
    main()
