"""The room: the paragraph (and bracket set) the chair puts under discussion, which the projection follows."""

from __future__ import annotations

from sqlmodel import Session

from app.models import BracketSetRow, Paragraph
from app.services import permissions
from app.services.accounts.auth import Actor
from app.services.errors import Invalid
from app.services.lookup import get_or_404
from app.services.negotiation import audit, change
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.editing import lock_document


def put_under_discussion(
    *, session: Session, actor: Actor, document_id: int, paragraph_id: int | None, bracket_set_id: int | None = None
) -> Change:
    """The chair marks what the room discusses now (a paragraph, optionally one of its sets; nothing clears it)."""
    permissions.require_chair(actor, "choose what the room discusses")
    document = lock_document(session=session, document_id=document_id)
    if bracket_set_id is not None:
        bracket_set = get_or_404(session, BracketSetRow, bracket_set_id)
        if bracket_set.document_id != document_id:
            raise Invalid(f"bracket_set_id: bracket set {bracket_set_id} is not in document {document_id}")
        paragraph_id = bracket_set.paragraph_id
    label = "nothing"
    if paragraph_id is not None:
        paragraph = get_or_404(session, Paragraph, paragraph_id)
        if paragraph.document_id != document_id:
            raise Invalid(f"paragraph_id: paragraph {paragraph_id} is not in document {document_id}")
        label = f"paragraph {paragraph.label or paragraph.position + 1}"
    document.current_paragraph_id, document.current_bracket_set_id = paragraph_id, bracket_set_id
    session.add(document)
    event = audit.record(
        session=session,
        subject=Subject(document_id, paragraph_id, bracket_set_id),
        actor=actor,
        action="current_paragraph",
        summary=f"put {label} under discussion",
    )
    return change.commit(
        session=session,
        kind="current_paragraph",
        document_id=document_id,
        events=[event],
        bracket_set_ids=[bracket_set_id] if bracket_set_id is not None else [],
        current_paragraph_id=paragraph_id,
    )
