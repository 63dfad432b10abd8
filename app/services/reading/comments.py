"""Comments as people read them: on a set, on a paragraph, reasons given with proposals, and kept Word comments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, cast

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.models import Comment, Delegation
from app.services.lookup import get_or_404
from app.services.reading.models import Moment, ReadModel

Kind = Literal["comment", "justification", "word"]
KIND_LABELS = {"comment": "Comment", "justification": "Reason given with the proposal", "word": "Word comment"}


class CommentView(ReadModel):
    """One comment: what it says, about what, by whom (and for whom), when; withdrawn ones stay, marked."""

    id: int
    kind: Kind
    text: str
    anchor: str | None  # the words a Word comment was anchored to
    author: str  # the person's name, or the author Word names
    delegation: str | None  # the code of the delegation it is for (none for a Word comment)
    delegation_name: str | None
    acting_delegation: str | None  # the person's own delegation, when it acted for a group
    by: str  # "Sipho Dlamini (ZAF for AFR)", "Jane Doe (Word comment)"
    paragraph_id: int | None
    bracket_set_id: int | None
    alternative_id: int | None
    created_at: Moment
    withdrawn_at: Moment | None
    state: Literal["live", "withdrawn"]

    @property
    def label(self) -> str:
        """What kind of comment it is, in words."""
        return KIND_LABELS[self.kind]


def on_set(*, session: Session, bracket_set_id: int) -> list[CommentView]:
    """Every comment on a bracket set (reasons and Word comments included), oldest first."""
    return _views(session, col(Comment.bracket_set_id) == bracket_set_id)


def on_paragraph(*, session: Session, paragraph_id: int) -> list[CommentView]:
    """Every comment on a paragraph, on its sets too, oldest first."""
    return _views(session, col(Comment.paragraph_id) == paragraph_id)


def in_document(*, session: Session, document_id: int) -> list[CommentView]:
    """Every comment of a document, oldest first."""
    return _views(session, col(Comment.document_id) == document_id)


def one(*, session: Session, comment_id: int) -> CommentView:
    """One comment, or NotFound naming it."""
    get_or_404(session, Comment, comment_id)
    return _views(session, col(Comment.id) == comment_id)[0]


def _views(session: Session, condition: object) -> list[CommentView]:
    acting = aliased(Delegation)
    rows = session.exec(
        select(Comment, Delegation, acting.code)
        .outerjoin(Delegation, col(Delegation.id) == Comment.delegation_id)
        .outerjoin(acting, col(acting.id) == Comment.acting_delegation_id)
        .where(condition)  # type: ignore[arg-type]
        .order_by(col(Comment.id))
    ).all()
    return [_view(comment, delegation, acting_code) for comment, delegation, acting_code in rows]


def _view(comment: Comment, delegation: Delegation | None, acting_code: str | None) -> CommentView:
    code = delegation.code if delegation else None
    acting_for = acting_code if acting_code and acting_code != code else None
    return CommentView(
        id=comment.id or 0,
        kind=cast(Kind, str(comment.kind)),
        text=comment.text,
        anchor=comment.anchor,
        author=comment.author,
        delegation=code,
        delegation_name=delegation.name if delegation else None,
        acting_delegation=acting_for,
        by=_by(comment.author, code, acting_for),
        paragraph_id=comment.paragraph_id,
        bracket_set_id=comment.bracket_set_id,
        alternative_id=comment.alternative_id,
        created_at=comment.created_at,
        withdrawn_at=comment.withdrawn_at,
        state="withdrawn" if comment.withdrawn_at else "live",
    )


def _by(author: str, code: str | None, acting_code: str | None) -> str:
    """`Sipho Dlamini (ZAF for AFR)`, `Ana Silva (CHE)`, `Jane Doe (Word comment)`."""
    who = author or "unnamed"
    if code is None:
        return f"{who} (Word comment)"
    return f"{who} ({acting_code} for {code})" if acting_code else f"{who} ({code})"


def grouped(views: Iterable[CommentView]) -> tuple[dict[int, list[CommentView]], dict[int, list[CommentView]]]:
    """Comments by bracket set, and those on a paragraph outside any set, by paragraph."""
    by_set: dict[int, list[CommentView]] = {}
    by_paragraph: dict[int, list[CommentView]] = {}
    for view in views:
        if view.bracket_set_id is not None:
            by_set.setdefault(view.bracket_set_id, []).append(view)
        elif view.paragraph_id is not None:
            by_paragraph.setdefault(view.paragraph_id, []).append(view)
    return by_set, by_paragraph
