"""The JSON API of comments: on a bracket set or a paragraph, read them, withdraw one (it stays, withdrawn)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.services.documents import catalog as documents
from app.services.negotiation import comments
from app.services.negotiation.change import Change
from app.services.reading import comments as reading
from app.services.reading import views
from app.services.reading.comments import CommentView
from app.web.deps import SessionDep, UnitDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1", tags=["comments"])


class CommentIn(BaseModel):
    """What the delegation wants to say, and for whom (its own delegation by default, or a group of it)."""

    # Longer than a comment may be, so that the service says how long it was and what the limit is.
    text: str = Field(max_length=4 * comments.MAX_COMMENT_CHARACTERS)
    on_behalf_of: str | None = Field(default=None, max_length=16)


@router.post("/bracket-sets/{bracket_set_id}/comments", status_code=201)
async def comment_on_set(bracket_set_id: int, body: CommentIn, unit: UnitDep, actor: ActorDep) -> CommentView:
    """Comment on a bracket set (delegates), attributed to the person and the delegation, in the set's history."""
    change = await unit.write(
        lambda session: comments.comment_on_set(
            session=session, actor=actor, bracket_set_id=bracket_set_id, text=body.text, on_behalf_of=body.on_behalf_of
        )
    )
    return await unit.read(lambda session: _latest(session, change))


@router.post("/paragraphs/{paragraph_id}/comments", status_code=201)
async def comment_on_paragraph(paragraph_id: int, body: CommentIn, unit: UnitDep, actor: ActorDep) -> CommentView:
    """Comment on a paragraph as a whole (delegates)."""
    change = await unit.write(
        lambda session: comments.comment_on_paragraph(
            session=session, actor=actor, paragraph_id=paragraph_id, text=body.text, on_behalf_of=body.on_behalf_of
        )
    )
    return await unit.read(lambda session: _latest(session, change))


@router.post("/comments/{comment_id}/withdrawal")
async def withdraw_comment(comment_id: int, unit: UnitDep, actor: ActorDep) -> CommentView:
    """Withdraw one of the delegation's comments; it is never deleted, only marked withdrawn."""
    await unit.write(lambda session: comments.withdraw(session=session, actor=actor, comment_id=comment_id))
    return await unit.read(lambda session: reading.one(session=session, comment_id=comment_id))


@router.get("/bracket-sets/{bracket_set_id}/comments")
def set_comments(bracket_set_id: int, session: SessionDep, _actor: ActorDep) -> list[CommentView]:
    """Every comment on a bracket set, withdrawn ones included, oldest first."""
    views.set_document(session=session, bracket_set_id=bracket_set_id)  # NotFound, naming it
    return reading.on_set(session=session, bracket_set_id=bracket_set_id)


@router.get("/documents/{document_id}/comments")
def document_comments(document_id: int, session: SessionDep, _actor: ActorDep) -> list[CommentView]:
    """Every comment of a document (on sets, on paragraphs, reasons, kept Word comments), oldest first."""
    documents.get(session=session, document_id=document_id)
    return reading.in_document(session=session, document_id=document_id)


def _latest(session: Session, change: Change) -> CommentView:
    """The comment a write just stored."""
    return reading.one(session=session, comment_id=change.comment_ids[0])
