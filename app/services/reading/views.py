"""The reads the API and the pages answer with in one call — a document, a paragraph, a set, a placeholder, the
document a row belongs to — each through a `DocumentReader` of just what it shows."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session

from app.models import BracketSetRow, Paragraph, PlaceholderRow
from app.services.documents import catalog as documents
from app.services.lookup import get_or_404
from app.services.negotiation.content import Written
from app.services.reading.document import DocumentReader
from app.services.reading.models import (
    BracketSetView,
    DocumentView,
    ParagraphView,
    PlaceholderView,
    SetAndParagraph,
)


def document_view(*, session: Session, document_id: int) -> DocumentView:
    """The document tree as the API returns it."""
    return DocumentReader(session, document_id).view()


def paragraph_reader(
    *, session: Session, paragraph_ids: Collection[int], document_id: int | None = None
) -> DocumentReader:
    """A reader of some paragraphs of one document (404 when one does not exist); `document_id`, when the caller
    knows it (a `Change`), saves looking it up."""
    if document_id is None:
        document_id = paragraph_document(session=session, paragraph_id=next(iter(paragraph_ids)))
    return DocumentReader(session, document_id, paragraph_ids)


def written_reader(*, session: Session, document_id: int, written: Written) -> DocumentReader:
    """A reader of the paragraph a write has just stored, made from the rows the write held (`Change.written`):
    only who stands where and the marks of sets over whole paragraphs are read."""
    return DocumentReader(session, document_id, written=written)


def paragraph_view(*, session: Session, paragraph_id: int) -> ParagraphView:
    """One paragraph as the API returns it."""
    reader = paragraph_reader(session=session, paragraph_ids=[paragraph_id])
    return reader.paragraph(reader.row(paragraph_id))


def set_reader(*, session: Session, bracket_set_id: int) -> DocumentReader:
    """A reader of the paragraph that holds a bracket set."""
    row = get_or_404(session, BracketSetRow, bracket_set_id)
    return DocumentReader(session, row.document_id, [row.paragraph_id])


def set_view(*, session: Session, bracket_set_id: int) -> BracketSetView:
    """One bracket set, in any state, as the API returns it."""
    return set_reader(session=session, bracket_set_id=bracket_set_id).set_view(bracket_set_id)


def set_and_paragraph(*, session: Session, bracket_set_id: int, paragraph_ids: Collection[int]) -> SetAndParagraph:
    """A set after the chair's decision, with the first of the changed paragraphs still in the text (none when a
    set over whole paragraphs took them all out)."""
    reader = set_reader(session=session, bracket_set_id=bracket_set_id)
    record = reader.set_view(bracket_set_id)
    document_id = reader.document.id or 0
    rows = documents.paragraphs(session=session, document_id=document_id, paragraph_ids=paragraph_ids)
    live = [p.id for p in rows if p.id is not None]
    if not live:
        return SetAndParagraph(bracket_set=record, paragraph=None)
    changed = paragraph_reader(session=session, paragraph_ids=live[:1])
    return SetAndParagraph(bracket_set=record, paragraph=changed.paragraph(changed.row(live[0])))


def set_document(*, session: Session, bracket_set_id: int) -> int:
    """The document a bracket set belongs to."""
    row = get_or_404(session, BracketSetRow, bracket_set_id)
    return row.document_id


def paragraph_document(*, session: Session, paragraph_id: int) -> int:
    """The document a paragraph belongs to."""
    paragraph = get_or_404(session, Paragraph, paragraph_id)
    return paragraph.document_id


def placeholder_view(*, session: Session, placeholder_id: int) -> PlaceholderView:
    """One placeholder: id, text, value."""
    row = get_or_404(session, PlaceholderRow, placeholder_id)
    return PlaceholderView(id=row.id, text=row.text, value=row.value, paragraph_id=row.paragraph_id)
