"""What the chair's structure menu of a paragraph offers: its place and neighbours, and the change undo reverses."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Paragraph
from app.services import permissions
from app.services.accounts.auth import Actor
from app.services.errors import Conflict
from app.services.lookup import get_or_404
from app.services.negotiation import structure, structure_undo
from app.services.reading.models import ReadModel


class StructureMenu(ReadModel):
    """A paragraph's structure menu: its version, label, place among `count`, neighbours, and the latest change."""

    paragraph_id: int
    document_id: int
    version: int
    label: str
    text: str
    place: int  # from 1
    count: int
    previous_id: int | None
    next_id: int | None
    undo_event_id: int | None
    undo_summary: str


def structure_menu(*, session: Session, actor: Actor, paragraph_id: int) -> StructureMenu:
    """The menu of a live paragraph, for the chair."""
    permissions.require_chair(actor, "change the document's structure")
    paragraph = get_or_404(session, Paragraph, paragraph_id)
    if paragraph.retired_at is not None:
        raise Conflict("this paragraph is no longer in the text; reload the document")
    live = structure.live_paragraphs(session=session, document_id=paragraph.document_id)
    index = next(i for i, p in enumerate(live) if p.id == paragraph_id)
    latest = structure_undo.latest(session=session, document_id=paragraph.document_id)
    return StructureMenu(
        paragraph_id=paragraph_id,
        document_id=paragraph.document_id,
        version=paragraph.version,
        label=paragraph.label or "",
        text=paragraph.text,
        place=index + 1,
        count=len(live),
        previous_id=live[index - 1].id if index else None,
        next_id=live[index + 1].id if index + 1 < len(live) else None,
        undo_event_id=latest["event_id"] if latest else None,
        undo_summary=latest["summary"] if latest else "",
    )
