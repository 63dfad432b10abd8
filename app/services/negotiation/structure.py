"""The shape of a document's live text: paragraphs that enter it, leave it, and change places.

These are the steps that the chair's structure editing and the import of a next version are made of; they check
no permission and record no audit event (their callers do both, once, for the change a person asked for). A
paragraph that leaves the text is retired, never deleted: its sets, positions and versions stay, so that every
proposal's fate can still be told; its open sets are dropped with it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlmodel import Session, col, select

from app import domain
from app.models import BracketSetRow, Document, Paragraph, SetState
from app.models._time import utcnow
from app.services.negotiation import text_history
from app.services.negotiation.content import Author, Contents


def live_paragraphs(*, session: Session, document_id: int) -> list[Paragraph]:
    """The paragraphs of the live text, in order."""
    return list(
        session.exec(
            select(Paragraph)
            .where(Paragraph.document_id == document_id, col(Paragraph.retired_at).is_(None))
            .order_by(col(Paragraph.position), col(Paragraph.id))
        )
    )


def reorder(*, session: Session, document_id: int, paragraph_ids: Sequence[int]) -> None:
    """Give the live paragraphs the places 0…n-1 in this order, which must name each of them exactly once."""
    rows = {p.id: p for p in live_paragraphs(session=session, document_id=document_id) if p.id is not None}
    if sorted(paragraph_ids) != sorted(rows) or len(set(paragraph_ids)) != len(paragraph_ids):
        raise ValueError("reorder: the order must name every live paragraph of the document exactly once")
    for position, paragraph_id in enumerate(paragraph_ids):
        paragraph = rows[paragraph_id]
        if paragraph.position != position:
            paragraph.position = position
            session.add(paragraph)


def _place(session: Session, document_id: int, paragraph: Paragraph, position: int) -> None:
    """Put a paragraph at a place in the live text; the others keep their order around it."""
    assert paragraph.id is not None
    others = [p.id for p in live_paragraphs(session=session, document_id=document_id) if p.id != paragraph.id]
    at = max(0, min(position, len(others)))
    order = [*others[:at], paragraph.id, *others[at:]]
    reorder(session=session, document_id=document_id, paragraph_ids=[i for i in order if i is not None])


def new_paragraph(
    *,
    session: Session,
    contents: Contents,
    document_id: int,
    position: int,
    node: domain.Paragraph,
    author: Author,
    derived_from_id: int | None = None,
) -> Paragraph:
    """A stored paragraph from a parsed one (its content rows and first version), at `position` as given."""
    paragraph = Paragraph(
        document_id=document_id,
        position=position,
        prefix=node.prefix,
        label=node.label,
        kind=node.kind,
        text="",
        trailing=node.trailing,
        derived_from_id=derived_from_id,
    )
    session.add(paragraph)
    session.flush()
    assert paragraph.id is not None
    contents.store(paragraph, node.content, author)
    text_history.first_version(session=session, paragraph=paragraph)
    return paragraph


def insert(
    *,
    session: Session,
    document: Document,
    position: int,
    node: domain.Paragraph,
    author: Author,
    derived_from_id: int | None = None,
    renumber: bool = True,
) -> Paragraph:
    """A new live paragraph at `position` (0 = first; past the end = last), stored from a parsed paragraph.

    `renumber=False` stores `position` as given and leaves the live paragraphs' places to the caller, who orders
    them all once at the end (a next version inserts dozens of paragraphs)."""
    assert document.id is not None
    contents = Contents(session, document.id, [])
    paragraph = new_paragraph(
        session=session,
        contents=contents,
        document_id=document.id,
        position=position,
        node=node,
        author=author,
        derived_from_id=derived_from_id,
    )
    if renumber:
        _place(session, document.id, paragraph, position)
    session.flush()
    return paragraph


def retire(
    *,
    session: Session,
    paragraph: Paragraph,
    merged_into_id: int | None = None,
    revision: int | None = None,
    renumber: bool = True,
) -> list[int]:
    """Take a paragraph out of the live text; its open sets are dropped. The ids of the sets it dropped.

    `renumber=False` leaves the live paragraphs' places to the caller, who orders them all once at the end (a
    revision retiring dozens of paragraphs renumbered the whole document after each one)."""
    assert paragraph.id is not None
    if paragraph.retired_at is not None:
        raise ValueError(f"retire: paragraph {paragraph.id} is already out of the text")
    dropped: list[int] = []
    open_sets = select(BracketSetRow).where(
        BracketSetRow.paragraph_id == paragraph.id, BracketSetRow.state == SetState.open
    )
    for row in session.exec(open_sets):
        assert row.id is not None
        row.state = SetState.dropped
        row.ended_in_revision = revision
        session.add(row)
        dropped.append(row.id)
    paragraph.retired_at = utcnow()
    paragraph.merged_into_id = merged_into_id
    session.add(paragraph)
    session.flush()
    if renumber:
        remaining = live_paragraphs(session=session, document_id=paragraph.document_id)
        reorder(session=session, document_id=paragraph.document_id, paragraph_ids=[p.id for p in remaining if p.id])
    return dropped


def restore_retired(*, session: Session, paragraph: Paragraph, position: int, reopen: Collection[int] = ()) -> None:
    """Undo `retire`: the paragraph back in the live text at `position`, the sets named in `reopen` open again."""
    assert paragraph.id is not None
    if paragraph.retired_at is None:
        raise ValueError(f"restore: paragraph {paragraph.id} is in the text")
    for set_id in reopen:
        row = session.get(BracketSetRow, set_id)
        if row is None or row.paragraph_id != paragraph.id or row.state != SetState.dropped:
            raise ValueError(f"restore: set {set_id} is not a dropped set of paragraph {paragraph.id}")
        row.state = SetState.open
        row.ended_in_revision = None
        session.add(row)
    paragraph.retired_at = None
    paragraph.merged_into_id = None
    session.add(paragraph)
    session.flush()
    _place(session, paragraph.document_id, paragraph, position)
    session.flush()
