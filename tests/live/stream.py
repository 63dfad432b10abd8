"""Reading a server-sent event stream over real HTTP, in a thread, for tests."""

from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Received:
    """One server-sent event and when it arrived."""

    event: str
    data: str
    id: str | None
    at: float = field(default_factory=time.monotonic)

    def json(self) -> Any:
        """The data as JSON."""
        return json.loads(self.data)


class Listener:
    """Reads a stream in a background thread; `next()` waits for the next event of a kind."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.events: queue.Queue[Received] = queue.Queue()
        self._client = httpx.Client(timeout=httpx.Timeout(30, read=None))
        self._opened = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._run, args=(url, headers), daemon=True)
        self._thread.start()
        assert self._opened.wait(10), "the stream did not open"

    def _run(self, url: str, headers: dict[str, str]) -> None:
        with self._client.stream("GET", url, headers=headers) as response:
            assert response.status_code == 200, response.read()
            self.status = response.status_code
            self.content_type = response.headers["content-type"]
            self._opened.set()
            fields: dict[str, str] = {}
            try:
                for line in response.iter_lines():
                    if self._stop:
                        return
                    if not line:
                        if "event" in fields or "data" in fields:
                            self.events.put(
                                Received(fields.get("event", "message"), fields.get("data", ""), fields.get("id"))
                            )
                        fields = {}
                    elif not line.startswith(":") and ":" in line:
                        name, _, value = line.partition(":")
                        value = value[1:] if value.startswith(" ") else value
                        fields[name] = fields[name] + "\n" + value if name in fields and name == "data" else value
            except httpx.HTTPError:
                return

    def next(self, kind: str = "change", timeout: float = 5) -> Received:
        """The next event of this kind (others are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind!r} event within {timeout} s")
            try:
                received = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if received.event == kind:
                return received

    @property
    def ended(self) -> bool:
        """Whether the stream has ended (the server closed it, or `close()` did)."""
        return not self._thread.is_alive()

    def close(self) -> None:
        """Stop reading and close the connection."""
        self._stop = True
        self._client.close()
        self._thread.join(timeout=5)
