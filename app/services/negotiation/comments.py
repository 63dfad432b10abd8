"""Delegations say why: a comment on a bracket set or a paragraph, a reason given with a proposal, and withdrawing.

A comment is attributed like a position (the person, the delegation it is for, the person's own delegation),
timestamped, recorded in the history and never deleted: withdrawing marks it withdrawn. Comments change no
wording, so they are taken whatever the set's state or the proposal phase.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import Session

from app.models import AlternativeRow, BracketSetRow, Comment, CommentKind, Event, Paragraph
from app.services import permissions, references, text_checks
from app.services.accounts.auth import Actor
from app.services.errors import Conflict, Forbidden, Invalid, TooLarge
from app.services.lookup import get_or_404
from app.services.negotiation import audit, change
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.editing import lock_document

MAX_COMMENT_CHARACTERS = 5_000


def check_text(text: str, *, field: str) -> str:
    """A comment's text, trimmed; Invalid or TooLarge, naming the field, when empty, too long or with hidden marks."""
    trimmed = text.strip()
    if not trimmed:
        raise Invalid(f"{field}: the comment is empty; write what the delegation wants to say")
    if len(trimmed) > MAX_COMMENT_CHARACTERS:
        raise TooLarge(f"{field}: {len(trimmed):,} characters; a comment may have at most {MAX_COMMENT_CHARACTERS:,}")
    text_checks.wording(trimmed, field=field)
    return trimmed


def comment_on_set(
    *, session: Session, actor: Actor, bracket_set_id: int, text: str, on_behalf_of: str | None
) -> Change:
    """A delegation comments on a bracket set."""
    delegation_id = permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    text = check_text(text, field="text")
    bracket_set = get_or_404(session, BracketSetRow, bracket_set_id)
    lock_document(session=session, document_id=bracket_set.document_id)
    paragraph = get_or_404(session, Paragraph, bracket_set.paragraph_id)
    where = references.set_reference(session=session, bracket_set=bracket_set, paragraph=paragraph)
    return _store(session, actor, delegation_id, paragraph, bracket_set_id, text, where)


def comment_on_paragraph(
    *, session: Session, actor: Actor, paragraph_id: int, text: str, on_behalf_of: str | None
) -> Change:
    """A delegation comments on a paragraph as a whole."""
    delegation_id = permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    text = check_text(text, field="text")
    paragraph = get_or_404(session, Paragraph, paragraph_id)
    lock_document(session=session, document_id=paragraph.document_id)
    where = references.paragraph_reference(session=session, paragraph=paragraph)
    return _store(session, actor, delegation_id, paragraph, None, text, where)


def _store(
    session: Session,
    actor: Actor,
    delegation_id: int,
    paragraph: Paragraph,
    bracket_set_id: int | None,
    text: str,
    where: str,
) -> Change:
    assert paragraph.id is not None
    comment = _comment(actor, delegation_id, paragraph, bracket_set_id, None, text, CommentKind.comment)
    session.add(comment)
    event = audit.record(
        session=session,
        subject=Subject(paragraph.document_id, paragraph.id, bracket_set_id),
        actor=actor,
        action="commented",
        delegation_id=delegation_id,
        summary=f"commented on {where}: {references.quote(text, 120)}",
        after=text,
    )
    return _commit(session, paragraph.document_id, bracket_set_id, event, comment)


def withdraw(*, session: Session, actor: Actor, comment_id: int) -> Change:
    """The delegation a comment was for withdraws it; it stays, marked withdrawn."""
    comment = get_or_404(session, Comment, comment_id)
    lock_document(session=session, document_id=comment.document_id)
    permissions.acting_delegation(session=session, actor=actor, on_behalf_of=None)  # delegates only
    if comment.delegation_id is None:
        raise Forbidden(f"comment {comment_id} was kept from an imported Word file; it stays as imported")
    if not actor.may_act_for(comment.delegation_id):
        raise Forbidden(f"comment {comment_id} is another delegation's; only the delegation it is for withdraws it")
    if comment.withdrawn_at is not None:
        raise Conflict(f"comment {comment_id} was already withdrawn")
    comment.withdrawn_at = datetime.now(UTC)
    session.add(comment)
    event = audit.record(
        session=session,
        subject=Subject(comment.document_id, comment.paragraph_id, comment.bracket_set_id, comment.alternative_id),
        actor=actor,
        action="comment_withdrawn",
        delegation_id=comment.delegation_id,
        summary=f"withdrew its {'reason' if comment.kind == CommentKind.justification else 'comment'} "
        f"{references.quote(comment.text, 80)}",
    )
    return _commit(session, comment.document_id, comment.bracket_set_id, event, comment)


def justify(
    *,
    session: Session,
    actor: Actor,
    delegation_id: int,
    paragraph: Paragraph,
    proposed: Sequence[tuple[int, int | None]],
    reason: str,
) -> list[Event]:
    """The reason given with a proposal, on each set it (set id, alternative id) created or extended; uncommitted."""
    assert paragraph.id is not None
    events = []
    for set_id, alternative_id in proposed:
        session.add(
            _comment(actor, delegation_id, paragraph, set_id, alternative_id, reason, CommentKind.justification)
        )
        bracket_set = session.get(BracketSetRow, set_id)
        assert bracket_set is not None
        where = references.set_reference(session=session, bracket_set=bracket_set, paragraph=paragraph)
        what = _alternative_words(session, alternative_id)
        events.append(
            audit.record(
                session=session,
                subject=Subject(paragraph.document_id, paragraph.id, set_id, alternative_id),
                actor=actor,
                action="justified",
                delegation_id=delegation_id,
                summary=f"gave a reason for {what} in {where}: {references.quote(reason, 120)}",
                after=reason,
            )
        )
    return events


def check_reason(reason: str | None) -> str | None:
    """The reason given with a proposal, trimmed, or None when none was given; refused like a comment's text."""
    if reason is None or not reason.strip():
        return None
    return check_text(reason, field="reason")


def _alternative_words(session: Session, alternative_id: int | None) -> str:
    if alternative_id is None:
        return "the proposal"
    alternative = session.get(AlternativeRow, alternative_id)
    assert alternative is not None
    return f"the alternative {_quoted_content(alternative.content)}"


def _quoted_content(content: str) -> str:
    words = "".join(item.get("t", "…") for item in json.loads(content))
    return references.quote(words)


def _comment(
    actor: Actor,
    delegation_id: int,
    paragraph: Paragraph,
    bracket_set_id: int | None,
    alternative_id: int | None,
    text: str,
    kind: CommentKind,
) -> Comment:
    return Comment(
        document_id=paragraph.document_id,
        paragraph_id=paragraph.id,
        bracket_set_id=bracket_set_id,
        alternative_id=alternative_id,
        kind=kind,
        text=text,
        author=actor.display_name or actor.username,
        account_id=actor.account_id,
        delegation_id=delegation_id,
        acting_delegation_id=actor.delegation_id,
    )


def _commit(session: Session, document_id: int, bracket_set_id: int | None, event: Event, comment: Comment) -> Change:
    return change.commit(
        session=session,
        kind="comment",
        document_id=document_id,
        events=[event],
        bracket_set_ids=[bracket_set_id] if bracket_set_id is not None else [],
        comments=[comment],
    )
