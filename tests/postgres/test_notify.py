"""Live changes through PostgreSQL in one process: NOTIFY and back, a change too large for a notification, and a
listening connection that drops."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from app import notify
from app.config import Settings
from app.services.reading.models import ChangeEvent
from tests.cast import Cast, Template
from tests.conftest import LiveServer, settings_on_copy
from tests.live.stream import Listener
from tests.postgres.follower import Follower


@pytest.fixture
def settings(tmp_path: Path, postgres_negotiation: Template) -> Settings:
    return settings_on_copy(postgres_negotiation.url, tmp_path)


@pytest.fixture
def cast(postgres_negotiation: Template) -> Cast:
    return postgres_negotiation.cast


@pytest.fixture
def document_id(postgres_negotiation: Template) -> int:
    assert postgres_negotiation.document_id is not None
    return postgres_negotiation.document_id


def alternatives(server: LiveServer, cast: Cast, document_id: int) -> list[int]:
    """The ids of the seed's alternatives, in the order of the text."""
    url = f"{server.url}/api/v1/documents/{document_id}"
    document = httpx.get(url, headers=cast.observer.headers, timeout=30).json()
    runs = [run for p in document["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]
    return [alternative["id"] for run in runs for alternative in run["alternatives"]]


def take_position(server: LiveServer, cast: Cast, alternative: int, stance: str = "supports") -> None:
    url = f"{server.url}/api/v1/alternatives/{alternative}/position"
    httpx.put(url, json={"stance": stance}, headers=cast.bra.headers, timeout=30).raise_for_status()


def test_a_large_change_is_announced_by_its_ids() -> None:
    ids = list(range(1_000_000, 1_002_000))
    event = ChangeEvent(
        id=ids[-1],
        document_id=7,
        kind="proposal",
        paragraphs=[],
        bracket_set_ids=[],
        alternative_ids=ids,
        revision=None,
        event_ids=ids,
    )
    assert len(event.model_dump_json()) > 8000
    assert notify.payload(event) == '{"document_id": 7, "id": 1001999, "first": 1000000}'
    small = event.model_copy(update={"alternative_ids": ids[:3], "event_ids": ids[:3], "id": ids[2]})
    assert ChangeEvent.model_validate_json(notify.payload(small)) == small


def test_a_change_announced_by_its_ids_reaches_streams_read_from_its_events(
    live_server: LiveServer, cast: Cast, document_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "PAYLOAD_LIMIT", 10)  # every change is too large: only its ids travel
    listener = Listener(f"{live_server.url}/api/v1/documents/{document_id}/events", cast.usa.headers)
    try:
        alternative = alternatives(live_server, cast, document_id)[1]
        sent = time.monotonic()
        take_position(live_server, cast, alternative)
        received = listener.next("change")
        assert received.at - sent < 1.0
        data = received.json()
        assert data["kind"] == "missed"  # what the audit events tell, as a reconnecting client is told
        assert data["alternative_ids"] == [alternative]
        assert received.id == str(data["id"]) == str(max(data["event_ids"]))
    finally:
        listener.close()


def _terminate_listening_connection(settings: Settings) -> int:
    url = make_url(settings.database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'crochets-listen' AND datname = current_database()"
        ).fetchall()
    return len(rows)


def _listening(settings: Settings) -> bool:
    url = make_url(settings.database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
        query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crochets-listen'"
        row: Any = connection.execute(query + " AND datname = current_database()").fetchone()
    return bool(row[0])


def test_after_the_listening_connection_drops_streams_end_and_their_clients_miss_nothing(
    live_server: LiveServer, cast: Cast, document_id: int, settings: Settings
) -> None:
    first, second, third = alternatives(live_server, cast, document_id)[:3]
    follower = Follower(f"{live_server.url}/api/v1/documents/{document_id}/events", cast.usa.headers)
    try:
        take_position(live_server, cast, first)
        assert follower.next("change").json()["alternative_ids"] == [first]

        assert _terminate_listening_connection(settings) == 1
        take_position(live_server, cast, second)  # while the process is not listening, most likely
        # Live, or replayed after the stream ended and the client came back with Last-Event-ID.
        assert follower.next("change").json()["alternative_ids"] == [second]

        take_position(live_server, cast, third)
        assert follower.next("change").json()["alternative_ids"] == [third]  # nothing else, nothing twice
        assert follower.reconnections == 1  # the process listened again and ended its streams once
        assert _listening(settings)
    finally:
        follower.close()
