"""Fifty delegates amend one paragraph at once over real HTTP: 201 or 409 each, nothing acknowledged lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.conftest import LiveServer
from tests.negotiation.conftest import Cast, paragraph_containing

REQUESTS = 50
PLACES = 25


def test_fifty_concurrent_amendments(live_server: LiveServer, cast: Cast, seed: dict[str, Any]) -> None:
    paragraph = paragraph_containing(seed, "organiser d'autres réunions")
    words = paragraph["text"].split(" ")
    # Insert after plain words between the two bracket sets, two requests per place, so that some must clash.
    start = next(i for i, word in enumerate(words) if word.endswith("respectifs],"))
    places = [i for i in range(start + 1, len(words)) if words[i].isalpha()][:PLACES]
    assert len(places) == PLACES

    def amend(n: int) -> tuple[int, httpx.Response]:
        edited = list(words)
        edited[places[n % PLACES]] += f" proposition{n:02d}"
        account = (cast.che, cast.usa, cast.bra)[n % 3]
        body = {"text": " ".join(edited), "base_version": paragraph["version"]}
        with httpx.Client(base_url=live_server.url, timeout=60) as client:
            url = f"/api/v1/paragraphs/{paragraph['id']}/amendments"
            return n, client.post(url, json=body, headers=account.headers)

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        results = list(pool.map(amend, range(REQUESTS)))

    statuses = {n: response.status_code for n, response in results}
    assert set(statuses.values()) <= {201, 409}, {n: r.text for n, r in results if r.status_code not in (201, 409)}
    accepted = {n for n, status in statuses.items() if status == 201}
    assert accepted and len(accepted) < REQUESTS
    for _n, response in results:
        if response.status_code == 409:
            assert response.json()["current_text"]
    with httpx.Client(base_url=live_server.url) as client:
        stored = client.get(f"/api/v1/documents/{seed['id']}", headers=cast.observer.headers).json()
        history = client.get(f"/api/v1/documents/{seed['id']}/history", headers=cast.observer.headers).json()
    text = next(p for p in stored["paragraphs"] if p["id"] == paragraph["id"])["text"]
    present = {n for n in range(REQUESTS) if f"[proposition{n:02d}]" in text}
    assert present == accepted
    assert sum(1 for entry in history if entry["action"] == "set_proposed") == len(accepted)
    assert next(p for p in stored["paragraphs"] if p["id"] == paragraph["id"])["version"] == 1 + len(accepted)
