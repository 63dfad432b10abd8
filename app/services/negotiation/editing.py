"""What every change to a paragraph shares: loading under a lock, new versions, re-rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from app.domain import Inline, render_inlines
from app.models import AlternativeRow, BracketSetRow, Document, Paragraph, PlaceholderRow
from app.services import references
from app.services.errors import Conflict, NotFound, StaleVersion, TooLarge
from app.services.lookup import LARGEST_ID, get_or_404
from app.services.negotiation import text_history
from app.services.negotiation.content import Author, Contents, Stored

# The Geneva text has a "paragraph" of 172,000 characters (a bracket spanning pages): it must stay amendable.
MAX_PARAGRAPH_CHARACTERS = 1_000_000


@dataclass(slots=True)
class Target:
    """A paragraph being changed, its document (locked) and the document's content rows."""

    document: Document
    paragraph: Paragraph
    contents: Contents

    @property
    def document_id(self) -> int:
        assert self.document.id is not None
        return self.document.id

    @property
    def paragraph_id(self) -> int:
        assert self.paragraph.id is not None
        return self.paragraph.id

    def tree(self) -> tuple[Inline, ...]:
        """The paragraph's live content with row ids as keys."""
        return self.contents.tree(self.paragraph.content)


def check_length(text: str) -> None:
    """Refuse a paragraph text longer than any paragraph may be."""
    if len(text) > MAX_PARAGRAPH_CHARACTERS:
        raise TooLarge(f"text: {len(text):,} characters; a paragraph may have at most {MAX_PARAGRAPH_CHARACTERS:,}")


def stale(target: Target, reason: str) -> StaleVersion:
    """The refusal of a change made against an older version, with the current text to start again from."""
    return StaleVersion(
        f"{reason}; read the current text (version {target.paragraph.version}) and start again from it",
        current_text=target.paragraph.text,
        current_version=target.paragraph.version,
    )


# Built once: building a statement and its cache key costs SQLAlchemy more than running it.
_LOCKED_DOCUMENT = select(Document).where(Document.id == bindparam("document_id")).with_for_update()


def lock_document(*, session: Session, document_id: int) -> Document:
    """The document, locked for this transaction so that changes to it happen one after the other."""
    document = session.exec(_LOCKED_DOCUMENT, params={"document_id": document_id}).first()
    if document is None:
        raise NotFound(f"there is no document {document_id}")
    return document


_LOCKED_DOCUMENT_OF_PARAGRAPH = (
    select(Document)
    .join(Paragraph, col(Paragraph.document_id) == Document.id)
    .where(Paragraph.id == bindparam("paragraph_id"))
    .with_for_update(of=Document)
)


def paragraph_target(*, session: Session, paragraph_id: int) -> Target:
    """Load a paragraph for a change: its document locked first (found through the paragraph), then the
    paragraph read under the lock, as the change before this one left it."""
    document = (
        session.exec(_LOCKED_DOCUMENT_OF_PARAGRAPH, params={"paragraph_id": paragraph_id}).first()
        if 0 < paragraph_id <= LARGEST_ID
        else None
    )
    paragraph = session.get(Paragraph, paragraph_id, populate_existing=True) if document is not None else None
    if document is None or paragraph is None:
        raise NotFound(f"there is no paragraph {paragraph_id}")
    if paragraph.retired_at is not None:
        raise Conflict(
            f"{references.paragraph_reference(session=session, paragraph=paragraph)} is no longer in the text: "
            "it was deleted, merged into another paragraph or left out of a later revision; reload the document"
        )
    return Target(document, paragraph, Contents(session, paragraph.document_id, [paragraph_id]))


def paragraph_view(*, session: Session, paragraph_id: int) -> Target:
    """Load a paragraph to read it, without locking anything."""
    paragraph = get_or_404(session, Paragraph, paragraph_id)
    document = session.get(Document, paragraph.document_id)
    assert document is not None
    return Target(document, paragraph, Contents(session, paragraph.document_id, [paragraph_id]))


def set_target(*, session: Session, bracket_set_id: int) -> tuple[Target, BracketSetRow]:
    """Load a bracket set and its paragraph for a change."""
    row = get_or_404(session, BracketSetRow, bracket_set_id)
    target = paragraph_target(session=session, paragraph_id=row.paragraph_id)
    return target, target.contents.sets[bracket_set_id]


def alternative_target(*, session: Session, alternative_id: int) -> tuple[Target, BracketSetRow, AlternativeRow]:
    """Load an alternative, its set and its paragraph for a change."""
    row = get_or_404(session, AlternativeRow, alternative_id)
    target, bracket_set = set_target(session=session, bracket_set_id=row.bracket_set_id)
    alternative = target.contents.alternative(alternative_id)
    assert alternative is not None
    return target, bracket_set, alternative


def placeholder_target(*, session: Session, placeholder_id: int) -> tuple[Target, PlaceholderRow]:
    """Load a placeholder and its paragraph for a change."""
    row = get_or_404(session, PlaceholderRow, placeholder_id)
    target = paragraph_target(session=session, paragraph_id=row.paragraph_id)
    return target, target.contents.placeholders[placeholder_id]


def store_content(*, session: Session, target: Target, content: Sequence[Inline], author: Author) -> Stored:
    """Write new content for the paragraph and record its new version."""
    before = target.paragraph.text
    stored = target.contents.store(target.paragraph, content, author)
    new_version(session=session, paragraph=target.paragraph, before=before)
    return stored


def rerender(*, session: Session, target: Target) -> bool:
    """Re-render the paragraph after its rows changed state; a new version when its text changed."""
    text = render_inlines(target.tree())
    if text == target.paragraph.text:
        return False
    before, target.paragraph.text = target.paragraph.text, text
    new_version(session=session, paragraph=target.paragraph, before=before)
    return True


def new_version(*, session: Session, paragraph: Paragraph, before: str) -> None:
    """Count a new version of the paragraph and keep its text, so stale proposals can be re-applied."""
    assert paragraph.id is not None
    paragraph.version += 1
    session.add(paragraph)
    text_history.next_version(session=session, paragraph=paragraph, before=before)


def version_text(*, session: Session, paragraph_id: int, version: int) -> str | None:
    """The paragraph's text at a version, if that version exists."""
    return text_history.version_text(session=session, paragraph_id=paragraph_id, version=version)


def from_textarea(*, session: Session, paragraph_id: int, text: str) -> str:
    """A paragraph's text as a browser's textarea sent it, with the paragraph's own CRLF line breaks restored."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None or "\r\n" not in paragraph.text or "\r" in text:
        return text
    return text.replace("\n", "\r\n")
