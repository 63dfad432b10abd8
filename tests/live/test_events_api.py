"""The document's event stream: one event per change, within a second; a reconnecting client gets what it missed."""

from __future__ import annotations

import time

import httpx

from tests.cast import Cast
from tests.conftest import LiveServer
from tests.live.stream import Listener


def _document(server: LiveServer, cast: Cast, document_id: int) -> dict:
    response = httpx.get(f"{server.url}/api/v1/documents/{document_id}", headers=cast.observer.headers)
    return response.json()


def _sets(document: dict) -> list[tuple[dict, dict]]:
    return [(p, run) for p in document["paragraphs"] for run in p["content"] if run["type"] == "bracket_set"]


def test_a_change_reaches_a_subscriber_within_a_second(live_server: LiveServer, cast: Cast, document_id: int) -> None:
    url = f"{live_server.url}/api/v1/documents/{document_id}/events"
    listener = Listener(url, cast.usa.headers)
    try:
        assert listener.content_type.startswith("text/event-stream")
        (paragraph, bracket_set), _ = _sets(_document(live_server, cast, document_id))
        alternative = bracket_set["alternatives"][1]["id"]
        sent = time.monotonic()
        response = httpx.put(
            f"{live_server.url}/api/v1/alternatives/{alternative}/position",
            json={"stance": "supports"},
            headers=cast.bra.headers,
        )
        assert response.status_code == 200, response.text
        received = listener.next("change")
        assert received.at - sent < 1.0
        data = received.json()
        assert data["kind"] == "position"
        assert data["document_id"] == document_id
        assert data["bracket_set_ids"] == [bracket_set["id"]]
        assert data["alternative_ids"] == [alternative]
        assert data["paragraphs"] == [{"id": paragraph["id"], "version": paragraph["version"]}]
        assert received.id == str(data["id"]) and data["id"] == max(data["event_ids"])
    finally:
        listener.close()


def test_reconnecting_with_last_event_id_replays_exactly_what_was_missed(
    live_server: LiveServer, cast: Cast, document_id: int
) -> None:
    url = f"{live_server.url}/api/v1/documents/{document_id}/events"
    first = Listener(url, cast.usa.headers)
    (paragraph, competing), (_, optional) = _sets(_document(live_server, cast, document_id))
    httpx.put(
        f"{live_server.url}/api/v1/alternatives/{competing['alternatives'][0]['id']}/position",
        json={"stance": "objects"},
        headers=cast.bra.headers,
    ).raise_for_status()
    seen = first.next("change")
    first.close()  # the client goes away …

    chair = cast.chair.headers
    for set_id, body in (
        (competing["id"], {"alternative_id": competing["alternatives"][1]["id"]}),
        (optional["id"], {"text": ""}),
    ):
        httpx.post(
            f"{live_server.url}/api/v1/bracket-sets/{set_id}/resolution", json=body, headers=chair
        ).raise_for_status()

    # … and comes back with the id of the last event it saw.
    again = Listener(url, cast.usa.headers | {"Last-Event-ID": seen.id or ""})
    try:
        missed = again.next("change")
        data = missed.json()
        assert data["kind"] == "missed"
        assert data["bracket_set_ids"] == sorted([competing["id"], optional["id"]])
        assert [p["id"] for p in data["paragraphs"]] == [paragraph["id"]]
        assert (
            data["paragraphs"][0]["version"]
            == _document(live_server, cast, document_id)["paragraphs"][paragraph["position"]]["version"]
        )
        assert int(missed.id or 0) > int(seen.id or 0)
        # Nothing else was missed; the next live change follows.
        httpx.put(
            f"{live_server.url}/api/v1/documents/{document_id}/phase", json={"proposals_open": False}, headers=chair
        ).raise_for_status()
        assert again.next("change").json()["kind"] == "phase"
    finally:
        again.close()


def test_the_stream_needs_a_signed_in_reader_and_an_existing_document(live_server: LiveServer, cast: Cast) -> None:
    assert httpx.get(f"{live_server.url}/api/v1/documents/1/events").status_code == 401
    missing = httpx.get(f"{live_server.url}/api/v1/documents/999999/events", headers=cast.usa.headers)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_a_stream_opens_with_the_id_it_starts_after(live_server: LiveServer, cast: Cast, document_id: int) -> None:
    url = f"{live_server.url}/api/v1/documents/{document_id}/events?after=3"
    listener = Listener(url, cast.usa.headers)
    try:
        opened = listener.next("open")
        assert opened.id == "3" and opened.json() == {"after": 3}
    finally:
        listener.close()
