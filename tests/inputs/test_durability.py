"""A real `crochets serve` killed with SIGKILL in the middle of a stream of writes loses no acknowledged one."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import databases
from tests.cast import Cast, Template
from tests.conftest import CROCHETS
from tests.foundation.test_cli_serve import free_port

WRITERS = 4


@contextmanager
def server(data_dir: Path, database_url: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`crochets serve` on this database, answering /healthz; stopped (if still alive) at the end."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROCHETS_")}
    environment["CROCHETS_DATA_DIR"] = str(data_dir)
    environment["CROCHETS_DATABASE_URL"] = database_url
    process = subprocess.Popen(
        [str(CROCHETS), "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("crochets serve did not start")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)


class Writer(threading.Thread):
    """Amends its own paragraph again and again, keeping the words of every acknowledged amendment."""

    def __init__(self, url: str, who: Any, paragraph: dict[str, Any], number: int) -> None:
        super().__init__(daemon=True)
        self.url, self.who, self.number = url, who, number
        self.paragraph = paragraph
        self.acknowledged: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            count = 0
            while not self.stop.is_set():
                count += 1
                word = f"w{self.number}x{count}"
                body = {"text": f"{self.paragraph['text']} {word}", "base_version": self.paragraph["version"]}
                try:
                    response = client.post(
                        f"/api/v1/paragraphs/{self.paragraph['id']}/amendments", json=body, headers=self.who.headers
                    )
                except httpx.TransportError:
                    return  # the server is gone: this write was never acknowledged
                assert response.status_code == 201, response.text
                self.acknowledged.append(word)
                self.paragraph = response.json()["paragraph"]


def test_acknowledged_writes_survive_sigkill(tmp_path: Path, cast_template: Template) -> None:
    cast: Cast = cast_template.cast
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database_url = databases.copy(cast_template.url, data_dir / "crochets.sqlite3")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with server(data_dir, database_url, port) as process:
        text = "".join(f"{n}. Decides to act on item {n}.\n" for n in range(1, WRITERS + 1))
        created = httpx.post(
            f"{url}/api/v1/documents", json={"title": "Durable", "text": text}, headers=cast.secretariat.headers
        )
        assert created.status_code == 201, created.text
        document = created.json()
        who = (cast.che, cast.usa, cast.bra, cast.zaf)
        writers = [Writer(url, who[n % 4], p, n) for n, p in enumerate(document["paragraphs"])]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 20
        while sum(len(w.acknowledged) for w in writers) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)  # mid-stream: every writer has a request in flight or about to be
        process.wait(timeout=10)
        for writer in writers:
            writer.stop.set()
            writer.join(timeout=30)
    acknowledged = {w.number: list(w.acknowledged) for w in writers}
    assert sum(len(words) for words in acknowledged.values()) >= 40
    if not databases.is_postgresql(database_url):
        with sqlite3.connect(data_dir / "crochets.sqlite3") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
    with server(data_dir, database_url, port):
        stored = httpx.get(f"{url}/api/v1/documents/{document['id']}", headers=cast.bra.headers).json()
        history = httpx.get(
            f"{url}/api/v1/documents/{document['id']}/history?limit=1000", headers=cast.bra.headers
        ).json()
    for number, words in acknowledged.items():
        text = stored["paragraphs"][number]["text"]
        missing = [word for word in words if word not in text]
        assert not missing, f"paragraph {number} lost acknowledged amendments {missing}"
    proposed = sum(1 for event in history if event["action"] == "set_proposed")
    total = sum(len(words) for words in acknowledged.values())
    assert total <= proposed <= total + WRITERS  # at most one unacknowledged write per writer was committed
