"""Several `crochets serve` processes on one PostgreSQL database, as on several machines behind a load balancer:
a change made through one reaches the streams of the others within a second; `--workers N` runs N of them."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests import databases
from tests.cast import Cast, Template
from tests.conftest import CROCHETS
from tests.live.stream import Listener, Received

SECRET = "one-secret-for-every-process-of-the-conference"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(database_url: str, directory: Path, *options: str) -> Iterator[str]:
    """`crochets serve` in its own process on the database, until the block ends; yields its base URL."""
    port = free_port()
    directory.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")} | {
        "CROCHETS_DATABASE_URL": database_url,
        "CROCHETS_SECRET_KEY": SECRET,
        "CROCHETS_DATA_DIR": str(directory / "data"),
    }
    with (directory / "log").open("w") as log:
        process = subprocess.Popen(
            [str(CROCHETS), "serve", "--port", str(port), *options],
            cwd=directory,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, url, directory / "log")
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"the server did not stop within 20 s: {(directory / 'log').read_text()[-2000:]}")


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited early: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer /healthz within 60 s: {log.read_text()[-2000:]}")


@pytest.fixture
def database(postgres_negotiation: Template, tmp_path: Path) -> str:
    """A copy of the seed negotiation on PostgreSQL, for this test's processes."""
    return databases.copy(postgres_negotiation.url, tmp_path / "unused")


@pytest.fixture
def cast(postgres_negotiation: Template) -> Cast:
    return postgres_negotiation.cast


@pytest.fixture
def document_id(postgres_negotiation: Template) -> int:
    assert postgres_negotiation.document_id is not None
    return postgres_negotiation.document_id


def alternatives(url: str, cast: Cast, document_id: int) -> list[int]:
    """The ids of the seed's alternatives, in the order of the text."""
    document = httpx.get(f"{url}/api/v1/documents/{document_id}", headers=cast.observer.headers, timeout=30).json()
    runs = [run for p in document["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]
    return [alternative["id"] for run in runs for alternative in run["alternatives"]]


def object_to(url: str, cast: Cast, alternative: int, stance: str = "objects") -> None:
    """Brazil objects to an alternative (or takes another stance), through the server at `url`."""
    response = httpx.put(
        f"{url}/api/v1/alternatives/{alternative}/position",
        json={"stance": stance},
        headers=cast.bra.headers,
        timeout=30,
    )
    assert response.status_code == 200, response.text


def events_url(url: str, document_id: int) -> str:
    return f"{url}/api/v1/documents/{document_id}/events"


def test_a_change_through_one_process_reaches_a_stream_of_another_within_a_second(
    database: str, tmp_path: Path, cast: Cast, document_id: int
) -> None:
    # The servers stop first (the innermost blocks), so the clients' streams end at once.
    with ExitStack() as clients, serving(database, tmp_path / "a") as a, serving(database, tmp_path / "b") as b:
        listener = clients.enter_context(_closing(events_url(b, document_id), cast.usa.headers))
        for alternative in alternatives(a, cast, document_id)[:3]:
            sent = time.monotonic()
            object_to(a, cast, alternative)
            received = listener.next("change", timeout=5)
            assert received.at - sent < 1.0
            data = received.json()
            assert (data["kind"], data["alternative_ids"]) == ("position", [alternative])


def test_a_client_that_comes_back_to_another_process_gets_exactly_what_it_missed(
    database: str, tmp_path: Path, cast: Cast, document_id: int
) -> None:
    with ExitStack() as clients, serving(database, tmp_path / "a") as a, serving(database, tmp_path / "b") as b:
        first, *others = alternatives(a, cast, document_id)[:3]
        # The witness stays connected to the first process and sees every change.
        witness = clients.enter_context(_closing(events_url(a, document_id), cast.observer.headers))
        client = Listener(events_url(b, document_id), cast.usa.headers)
        object_to(a, cast, first)
        seen = client.next("change")
        assert witness.next("change").id == seen.id
        client.close()  # the client goes away …

        changes = [(a, others[0], "objects"), (b, others[1], "objects"), (a, others[0], "supports")]
        for server, alternative, stance in changes:
            object_to(server, cast, alternative, stance)
        missed = [witness.next("change").json() for _ in changes]

        # … and comes back, to the other process, with the id of the last event it saw.
        back = cast.usa.headers | {"Last-Event-ID": seen.id or ""}
        client = clients.enter_context(_closing(events_url(b, document_id), back))
        replayed = [r.json() for r in _changes_until_quiet(client)]
        assert sorted(i for r in replayed for i in r["event_ids"]) == sorted(i for m in missed for i in m["event_ids"])
        assert {i for r in replayed for i in r["alternative_ids"]} == set(others)
        assert replayed[-1]["id"] == missed[-1]["id"]


def _changes_until_quiet(listener: Listener, quiet: float = 1.0) -> list[Received]:
    """Every change event the stream sends until it has been quiet for a while."""
    received: list[Received] = []
    while True:
        try:
            received.append(listener.next("change", timeout=quiet))
        except AssertionError:
            return received


def _listening_processes(database: str) -> int:
    url = make_url(database).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as connection:
        query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crochets-listen'"
        row: Any = connection.execute(query + " AND datname = current_database()").fetchone()
    return int(row[0])


def test_workers_share_one_port_and_every_stream_hears_every_change(
    database: str, tmp_path: Path, cast: Cast, document_id: int
) -> None:
    with ExitStack() as streams, serving(database, tmp_path / "workers", "--workers", "2") as url:
        deadline = time.monotonic() + 20
        while _listening_processes(database) < 2:  # each worker listens once it has started
            assert time.monotonic() < deadline, "two workers were not listening within 20 s"
            time.sleep(0.1)
        listeners = [streams.enter_context(_closing(events_url(url, document_id), cast.usa.headers)) for _ in range(6)]
        for alternative in alternatives(url, cast, document_id)[:2]:
            sent = time.monotonic()
            object_to(url, cast, alternative)
            arrivals = [listener.next("change", timeout=5) for listener in listeners]
            assert all(r.json()["alternative_ids"] == [alternative] for r in arrivals)
            assert max(r.at for r in arrivals) - sent < 1.0
        # The server stops with its streams open (the end of the block), within the time `serving` allows.


@contextmanager
def _closing(url: str, headers: dict[str, str]) -> Iterator[Listener]:
    listener = Listener(url, headers)
    try:
        yield listener
    finally:
        listener.close()
