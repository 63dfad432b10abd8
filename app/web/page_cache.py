"""The document page's paragraphs, rendered once for each state of the document and kind of reader (issue 15).

Hundreds of delegates open the same text between two changes; rendering Geneva's 2,115 paragraphs costs about
200 ms of CPU each time. What the paragraphs' HTML depends on is the paragraphs' rows, which change only through
writes that record an event (`change.commit`), and a few small things read on every request anyway
(`reading.page.PageState`: the document row, the delegations, the reader's capabilities). So a page made once is
kept under (document, latest event, fingerprint, what the reader may do, filters) and served again while they
hold; the next event makes a new key, and the old entries of that document are dropped.

What differs from one reader to the next inside the paragraphs is only the session's CSRF token in the chair's
forms: the HTML is rendered with a random slot in its place (random per process, so no text can forge it) and
the token written in when served. Kept as UTF-8 bytes under a byte budget (least recently used first out); a
page over an eighth of the budget (a tenfold Geneva) is not kept and streams as before.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from app.services.reading.page import OutlineEntry

CSRF_SLOT = f"csrf-slot-{secrets.token_hex(16)}"
PARAGRAPHS_SLOT = f"paragraphs-slot-{secrets.token_hex(16)}"


@dataclass(frozen=True, slots=True)
class PageKey:
    """Everything a document page's paragraphs depend on besides their rows (which the event stands for)."""

    document_id: int
    last_event_id: int
    fingerprint: Hashable  # reading.page.PageState.fingerprint
    chair: bool
    propose: bool
    act_for: tuple[tuple[str, str], ...]  # only with the "mine" filter, the one thing it changes
    contested: bool
    mine: bool


@dataclass(frozen=True, slots=True)
class RenderedParagraphs:
    """The paragraphs' HTML, cut at each CSRF slot, and what the rest of the page shows of the whole document."""

    pieces: tuple[bytes, ...]
    open_sets: int
    outline: tuple[OutlineEntry, ...]
    total_paragraphs: int

    @classmethod
    def of(
        cls, html: str, open_sets: int, outline: tuple[OutlineEntry, ...], total_paragraphs: int
    ) -> RenderedParagraphs:
        """Cut rendered HTML (with CSRF_SLOT where tokens go) into its pieces."""
        pieces = tuple(piece.encode() for piece in html.split(CSRF_SLOT))
        return cls(pieces, open_sets, outline, total_paragraphs)

    @property
    def size(self) -> int:
        """Bytes held."""
        return sum(len(piece) for piece in self.pieces)

    def html(self, csrf_token: str) -> bytes:
        """The paragraphs' HTML for one session."""
        return csrf_token.encode().join(self.pieces)


class PageCache:
    """Rendered paragraphs by `PageKey`, within a byte budget; shared by the threads of one process."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.largest = budget // 8
        self._entries: OrderedDict[PageKey, RenderedParagraphs] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: PageKey) -> RenderedParagraphs | None:
        """The entry for `key`, if kept (and it becomes the most recently used)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: PageKey, entry: RenderedParagraphs) -> None:
        """Keep `entry`, dropping the same document's entries of earlier events and then the least used."""
        size = entry.size
        if size > self.largest:
            return
        with self._lock:
            document, event = key.document_id, key.last_event_id
            stale = [k for k in self._entries if k.document_id == document and k.last_event_id < event]
            for old in stale:
                self._drop(old)
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._size += size
            while self._size > self.budget:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: PageKey) -> None:
        self._size -= self._entries.pop(key).size

    def __len__(self) -> int:
        return len(self._entries)
