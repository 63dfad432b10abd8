"""Measurement 7 (issue 12): live updates under load — hundreds of event streams on one document, and the delay
of every change to each of them, with the servers' memory.

Two set-ups, each a real `crochets serve` in its own process(es): one process on SQLite, and `--workers 4` on
PostgreSQL (the server CROCHETS_TEST_POSTGRES_URL names, or a private throwaway one started with
scripts/postgres). The subscribers are raw asyncio sockets in this process, each reading the document page's
stream (or the API's) as an observer; once they are all connected, a delegate makes one change every half
second through the API. A change's delay runs from the moment its request is sent to the first event with its
id on each stream; memory is each server process's resident set (VmRSS, peak VmHWM) at the end. Targets: p99
under one second, nothing missing, under 300 MB per server process.

`python -m bench --only live` runs it with the others; `python -m bench.live_updates --help` for its variants
(the API stream, changes back to back, another number of subscribers or workers).
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
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app import migrate
from app.db import build_engine
from app.services import demo
from app.services.accounts import auth
from bench.harness import Measurement, Result, Size
from bench.live_load import PLANS, Plan, Setup, measure_streams

ROOT = Path(__file__).resolve().parents[1]
SERVER_URL_VARIABLE = "CROCHETS_TEST_POSTGRES_URL"
P99_TARGET = 1.0  # seconds from a change to every screen
RSS_TARGET_MB = 300  # per server process


@dataclass(frozen=True)
class Outcome:
    """What one set-up measured: every delay (seconds), what never arrived, and the servers' memory (MB)."""

    name: str
    delays: list[list[float]]  # per change, one per subscriber that got it
    missing: int
    write_seconds: list[float]
    memory: list[tuple[str, float, float]]  # (process, resident MB, peak MB)


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
    # `python -m app.cli` from the project root serves this work tree's code (the installed `crochets` script
    # serves wherever the package was installed from).
    arguments = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", str(workers)]
    with (directory / "server.log").open("wb") as log:
        process = subprocess.Popen(arguments, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
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


def run_setup(name: str, database_url: str, workers: int, plan: Plan) -> Outcome:
    """Prepare the database, serve it, measure."""
    document_id, observer, writer = prepare(database_url)
    with tempfile.TemporaryDirectory() as folder, serving(database_url, Path(folder), workers) as (url, process):
        document = httpx.get(f"{url}/api/v1/documents/{document_id}", headers={"Authorization": f"Bearer {observer}"})
        runs = [r for p in document.json()["paragraphs"] for r in p["content"] if r["type"] == "bracket_set"]
        alternatives = [a["id"] for r in runs for a in r["alternatives"]][:5]
        setup = Setup(document_id, observer, writer, alternatives)
        delays, missing, writes = asyncio.run(measure_streams(url, setup, plan))
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


def run(size: Size) -> Result:
    """The harness's entry: 500 screens and 20 changes (10 when quick; 5 and 2 when tiny), on both set-ups."""
    return measure(replace(PLANS[size.name], postgres_url=os.environ.get(SERVER_URL_VARIABLE)))


def measure(plan: Plan) -> Result:
    """Measure one process on SQLite, then the workers on PostgreSQL (when it is installed or named)."""
    result = Result()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'crochets.sqlite3'}"
        _describe(result, run_setup("SQLite, one process", url, 1, plan), plan)
    name = f"PostgreSQL, {plan.workers} workers"
    installed = plan.postgres_url is not None or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not plan.postgres or not installed:
        why = "measured in the full run (python -m bench)"
        if plan.postgres:
            why = "not installed (apt-get install postgresql)"
        result.figure(f"{name}: {why}")
        for target in _targets(name):
            result.check(target, "—", None)
        return result
    with postgres_database(plan.postgres_url) as url:
        _describe(result, run_setup(name, url, plan.workers, plan), plan)
    return result


def _targets(name: str) -> tuple[str, str]:
    return f"{name}: p99 delay under {P99_TARGET:g} s, nothing missing", f"{name}: under {RSS_TARGET_MB} MB per process"


def _describe(result: Result, outcome: Outcome, plan: Plan) -> None:
    """One set-up's figures and targets."""
    delays = sorted(d for change in outcome.delays for d in change)
    if not delays:
        result.figure(f"{outcome.name}: no change reached any subscriber")
        result.check(_targets(outcome.name)[0], f"{outcome.missing} missing", False)
        return
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
    spread = statistics.median(max(change) - min(change) for change in outcome.delays if change)
    result.figure(
        f"{outcome.name}, {plan.subscribers} subscribers ({plan.stream} stream), {plan.changes} changes: delay median "
        f"{_ms(statistics.median(delays))}, p99 {_ms(p99)}, max {_ms(delays[-1])} over {len(delays)} arrivals, "
        f"{outcome.missing} missing | one change's spread {_ms(spread)} | the write itself "
        f"{_ms(statistics.median(outcome.write_seconds))}"
    )
    result.figure(
        f"{outcome.name}, memory: "
        + ", ".join(f"{name} {resident:.0f} MB (peak {peak:.0f})" for name, resident, peak in outcome.memory)
    )
    worst = max(peak for _name, _resident, peak in outcome.memory)
    delay_target, memory_target = _targets(outcome.name)
    result.check(delay_target, f"{_ms(p99)}, {outcome.missing} missing", p99 < P99_TARGET and outcome.missing == 0)
    result.check(memory_target, f"peak {worst:.0f} MB", worst < RSS_TARGET_MB)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> Result:
    """`python -m bench.live_updates`: one run with the options given; figures and verdicts printed."""
    options = _parser().parse_args(argv)
    result = measure(Plan(**vars(options)))
    for line in result.figures:
        print(line)
    for check in result.checks:
        print(f"[{check.verdict}] {check.target}: {check.figure}")
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.live_updates", description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=Plan.subscribers)
    parser.add_argument("--changes", type=int, default=Plan.changes)
    parser.add_argument("--interval", type=float, default=Plan.interval, help="seconds between changes (0: a burst)")
    parser.add_argument("--workers", type=int, default=Plan.workers, help="worker processes on PostgreSQL")
    parser.add_argument("--stream", choices=("page", "api"), default=Plan.stream)
    parser.add_argument(
        "--postgres-url", default=os.environ.get(SERVER_URL_VARIABLE), help="a PostgreSQL server's postgres database"
    )
    return parser


MEASUREMENT = Measurement("live", "7. Live updates: event streams on one document, SQLite and PostgreSQL workers", run)

if __name__ == "__main__":
    main()
