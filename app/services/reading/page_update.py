"""A kept document page brought up to date: the paragraphs changed since it was made, read with the whole
document's context and made into their page models — when nothing else of the page can have changed
(`app.web.page_cache`). Otherwise None, and the page is read whole.

Every write records an audit event naming the paragraph it changed, or none when it changed the document as a
whole (an import, a revision, the phase). A page stays right for every paragraph no event names as long as its
`Layout` holds: the same live paragraphs in the same order, the same headings (a paragraph is named after the
heading before it: the headings' words), the same open sets over whole paragraphs (their folds and stray-bracket
marks span paragraphs). When only their backers changed (a position on an option), the paragraphs their marks
stand on are read anew with the changed ones: a mark shows its alternative's backers where the alternative
begins, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Event, Paragraph
from app.services import references
from app.services.permissions import Capabilities
from app.services.reading.document import DocumentReader
from app.services.reading.page import LONG_TEXT, Layout, LazyParagraphs, Summary, layout_of, read_pending

MAX_CHANGED = 50  # paragraphs: beyond this, reading the page whole costs about as much


@dataclass(frozen=True, slots=True)
class Update:
    """The changed paragraphs, ready to render, and what the rest of the page shows of them."""

    paragraphs: LazyParagraphs
    summaries: list[Summary]
    layout: Layout


def changed_paragraphs(*, session: Session, document_id: int, after: int, until: int) -> set[int] | None:
    """The paragraphs the document's events after `after` and up to `until` name; None when one of them
    changed the document as a whole, or too many paragraphs changed."""
    named = session.exec(
        select(Event.paragraph_id)
        .where(Event.document_id == document_id, col(Event.id) > after, col(Event.id) <= until)
        .distinct()
        .limit(MAX_CHANGED + 1)
    ).all()
    if len(named) > MAX_CHANGED or None in named:
        return None
    return {paragraph_id for paragraph_id in named if paragraph_id is not None}


def read_update(
    *, session: Session, caps: Capabilities, document_id: int, paragraph_ids: Collection[int], layout: Layout
) -> Update | None:
    """The paragraphs `paragraph_ids` as the whole document's page shows them now to a reader of `caps` (read with
    the page's state), if a page of `layout` only needs them replaced."""
    live = select(Paragraph.id).where(Paragraph.document_id == document_id, col(Paragraph.retired_at).is_(None))
    order = [paragraph_id or 0 for paragraph_id in session.exec(live.order_by(col(Paragraph.position)))]
    if tuple(order) != layout.order:
        return None
    headings = [
        (paragraph_id or 0, text)
        for paragraph_id, text in session.exec(
            select(Paragraph.id, Paragraph.text)
            .where(Paragraph.document_id == document_id, col(Paragraph.retired_at).is_(None))
            .where(Paragraph.kind == "heading")
            .order_by(col(Paragraph.position))
        )
    ]
    reader = DocumentReader(session, document_id, paragraph_ids)
    now = layout_of(reader, order, headings)
    if now != layout:
        marked = _marks_with_new_backers(layout, now)
        if marked is None or len(marked | set(paragraph_ids)) > MAX_CHANGED:
            return None
        paragraph_ids = marked | set(paragraph_ids)
        reader = DocumentReader(session, document_id, paragraph_ids)
    if len(reader.paragraphs) != len(paragraph_ids):
        return None
    nearest = {row.id or 0: references.heading_before(session, row) for row in reader.paragraphs}
    pending = read_pending(reader, caps, order, nearest)
    paragraphs = LazyParagraphs(reader, pending)
    return Update(paragraphs, paragraphs.summaries(len(order) > LONG_TEXT), now)


def _marks_with_new_backers(before: Layout, now: Layout) -> set[int] | None:
    """The paragraphs whose marks show open alternatives over whole paragraphs that changed in their backers
    alone (the paragraph each begins with); None when anything else of the layout changed."""
    if (before.order, before.headings, before.in_blocks) != (now.order, now.headings, now.in_blocks):
        return None
    if len(before.blocks) != len(now.blocks):
        return None
    marked = set()
    for old, new in zip(before.blocks, now.blocks, strict=True):  # each (id, first, last, content, scope, backers)
        if old[:-1] != new[:-1]:
            return None
        if old[-1] != new[-1]:
            first_paragraph_id = new[1]
            assert isinstance(first_paragraph_id, int)
            marked.add(first_paragraph_id)
    return marked
