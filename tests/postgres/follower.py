"""A stream client that comes back with `Last-Event-ID` whenever its stream ends, as a browser's EventSource does."""

from __future__ import annotations

import time

from tests.live.stream import Listener, Received


class Follower:
    """Follows a document's JSON event stream across the server's ends of stream; counts how often it came back."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self._url, self._headers = url, headers
        self.listener = Listener(url, headers)
        self.last_id: str | None = None
        self.reconnections = 0

    def next(self, kind: str = "change", timeout: float = 10) -> Received:
        """The next event of a kind, reconnecting (with the last id seen) when the stream ended meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                received = self.listener.next(kind, timeout=0.1)
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                if self.listener.ended and self.listener.events.empty():
                    self._reconnect()
                continue
            if received.id is not None:
                self.last_id = received.id
            return received

    def _reconnect(self) -> None:
        self.listener.close()
        headers = self._headers | ({"Last-Event-ID": self.last_id} if self.last_id else {})
        self.listener = Listener(self._url, headers)
        self.reconnections += 1

    def close(self) -> None:
        """Stop following."""
        self.listener.close()
