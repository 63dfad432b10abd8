"""The document page's paragraphs, rendered once for each state of the document and kind of reader (issue 15).

Hundreds of delegates open the same text between two changes; rendering Geneva's 2,115 paragraphs costs about
200 ms of CPU each time. What the paragraphs' HTML depends on is the paragraphs' rows, which change only through
writes that record an event (`change.commit`), and a few small things read on every request anyway
(`reading.page.PageState`: the document row, the delegations, the reader's capabilities). So a page made once is
kept under (document, latest event, fingerprint, what the reader may do, filters) and served again while they
hold; the next event makes a new key, and the old entries of that document are dropped.

What differs from one reader to the next inside the paragraphs is only the session's CSRF token in the chair's
forms: the HTML is rendered with a random slot in its place (random per process, so no text can forge it) and
the token written in when served; the latest event, which every paragraph carries (`data-event`), likewise. Kept
as UTF-8 bytes, one piece per paragraph, under a byte budget (least recently used first out); a page over an
eighth of the budget (a tenfold Geneva) is not kept and streams as it renders.

One page is kept per kind of reader and document (a `PageKey` but its event): after a change, the first reader's
page is the one kept with the changed paragraphs rendered anew when nothing else can have changed
(`reading.page_update`), so that a change costs the next reader its paragraphs, not the document.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from app.services.reading.page import Layout, OutlineEntry, Summary

CSRF_SLOT = f"csrf-slot-{secrets.token_hex(16)}"
EVENT_SLOT = f"event-slot-{secrets.token_hex(16)}"
PARAGRAPH_SLOT = f"paragraph-slot-{secrets.token_hex(16)}"  # between paragraphs, to cut the HTML at
PARAGRAPHS_SLOT = f"paragraphs-slot-{secrets.token_hex(16)}"  # where the page's paragraphs go


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

    @property
    def filtered(self) -> bool:
        """Whether the page shows some paragraphs only."""
        return self.contested or self.mine


@dataclass(frozen=True, slots=True)
class RenderedParagraphs:
    """The paragraphs' HTML (with slots for the CSRF token and the event), one piece per paragraph between the
    list's head and tail, and what the rest of the page shows of the whole document."""

    head: bytes
    paragraphs: tuple[bytes, ...]
    tail: bytes
    open_sets: int
    outline: tuple[OutlineEntry, ...]
    total_paragraphs: int
    summaries: tuple[Summary, ...] = ()  # each paragraph's, for a page of every paragraph (to update it)
    layout: Layout | None = None

    @classmethod
    def of(
        cls,
        pieces: list[bytes],
        open_sets: int,
        outline: tuple[OutlineEntry, ...],
        total_paragraphs: int,
        summaries: tuple[Summary, ...] = (),
        layout: Layout | None = None,
    ) -> RenderedParagraphs:
        """The rendered list's pieces: its head, each paragraph, its tail (cut where PARAGRAPH_SLOT stood)."""
        head, *paragraphs, tail = pieces
        return cls(head, tuple(paragraphs), tail, open_sets, outline, total_paragraphs, summaries, layout)

    @property
    def size(self) -> int:
        """Bytes held."""
        return len(self.head) + sum(len(piece) for piece in self.paragraphs) + len(self.tail)

    def html(self, csrf_token: str, event: int) -> bytes:
        """The paragraphs' HTML for one session, at the latest event."""
        whole = b"".join((self.head, *self.paragraphs, self.tail))
        return whole.replace(CSRF_SLOT.encode(), csrf_token.encode()).replace(EVENT_SLOT.encode(), b"%d" % event)

    def updated(self, summaries: list[Summary], rendered: list[str], layout: Layout) -> RenderedParagraphs:
        """This page with some paragraphs rendered anew (their summaries, in the same order)."""
        places = {summary.paragraph_id: index for index, summary in enumerate(self.summaries)}
        paragraphs, all_summaries = list(self.paragraphs), list(self.summaries)
        for summary, html in zip(summaries, rendered, strict=True):
            index = places[summary.paragraph_id]
            paragraphs[index], all_summaries[index] = html.encode(), summary
        open_sets = sum(summary.open_sets for summary in all_summaries)
        outline = tuple(summary.outline for summary in all_summaries if summary.outline is not None)
        return RenderedParagraphs(
            self.head,
            tuple(paragraphs),
            self.tail,
            open_sets,
            outline,
            self.total_paragraphs,
            tuple(all_summaries),
            layout,
        )


class PageCache:
    """One rendered page per kind of reader and document (`PageKey` but its event), within a byte budget;
    shared by the threads of one process."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.largest = budget // 8
        self._entries: OrderedDict[PageKey, tuple[int, RenderedParagraphs]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: PageKey) -> RenderedParagraphs | None:
        """The page kept for `key`, if any (it becomes the most recently used)."""
        kept = self.kept(key)
        return kept[1] if kept is not None and kept[0] == key.last_event_id else None

    def kept(self, key: PageKey) -> tuple[int, RenderedParagraphs] | None:
        """The page kept for this kind of reader and document, at whichever event it was made."""
        slot = replace(key, last_event_id=0)
        with self._lock:
            kept = self._entries.get(slot)
            if kept is not None:
                self._entries.move_to_end(slot)
            return kept

    def put(self, key: PageKey, entry: RenderedParagraphs) -> None:
        """Keep `entry` in place of the page of an earlier event, dropping the least used over the budget."""
        size = entry.size
        if size > self.largest:
            return
        slot = replace(key, last_event_id=0)
        with self._lock:
            kept = self._entries.get(slot)
            if kept is not None and kept[0] > key.last_event_id:
                return  # a reader who started earlier finished later: keep the newer page
            if kept is not None:
                self._drop(slot)
            self._entries[slot] = (key.last_event_id, entry)
            self._size += size
            while self._size > self.budget:
                self._drop(next(iter(self._entries)))

    def _drop(self, slot: PageKey) -> None:
        self._size -= self._entries.pop(slot)[1].size

    def __len__(self) -> int:
        return len(self._entries)
