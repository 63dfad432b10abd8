"""Delegations' positions on alternatives: propose, support, object, withdraw."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.models import (
    AlternativeRow,
    AlternativeState,
    BracketSetRow,
    Event,
    ParagraphStatus,
    Position,
    SetState,
    Stance,
)
from app.services import permissions, references
from app.services.accounts.auth import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.negotiation import audit, change
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.editing import Target, alternative_target, rerender

TAKEABLE = (Stance.supports, Stance.objects)


def take_position(
    *, session: Session, actor: Actor, alternative_id: int, stance: str, on_behalf_of: str | None
) -> Change:
    """A delegation supports or objects to an alternative (replacing its earlier stance on it)."""
    if stance not in TAKEABLE:
        raise Invalid(f"stance: {stance!r} is not one of {', '.join(TAKEABLE)}")
    delegation_id = permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    target, bracket_set, alternative = alternative_target(session=session, alternative_id=alternative_id)
    _require_live(target, bracket_set, alternative)
    current = _active(session, alternative_id, delegation_id)
    if current is not None and current.stance == Stance.proposes:
        raise Conflict("this delegation proposed the alternative; it is already its sponsor")
    if current is not None and current.stance == stance:
        raise Conflict(f"this delegation already {stance} the alternative")
    now = datetime.now(UTC)
    if current is not None:
        current.withdrawn_at = now
        session.add(current)
    position = Position(
        alternative_id=alternative_id,
        delegation_id=delegation_id,
        stance=Stance(stance),
        account_id=actor.account_id,
        acting_delegation_id=actor.delegation_id,
        created_at=now,
    )
    session.add(position)
    event = audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id, bracket_set.id, alternative_id),
        actor=actor,
        action=f"position_{stance}",
        delegation_id=delegation_id,
        summary=f"{stance} {_quoted(alternative)} in {_where(session, target, bracket_set)}",
        before=str(current.stance) if current else None,
        after=stance,
    )
    return _commit(session, target, bracket_set, alternative_id, event)


def withdraw(*, session: Session, actor: Actor, alternative_id: int, on_behalf_of: str | None) -> Change:
    """End the delegation's position; an alternative whose every sponsor withdrew leaves the text."""
    delegation_id = permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    target, bracket_set, alternative = alternative_target(session=session, alternative_id=alternative_id)
    _require_live(target, bracket_set, alternative)
    position = _active(session, alternative_id, delegation_id)
    if position is None:
        raise NotFound(f"this delegation has no position on alternative {alternative_id} to withdraw")
    position.withdrawn_at = datetime.now(UTC)
    session.add(position)
    before = target.paragraph.text
    where = _where(session, target, bracket_set)
    summary = f"withdrew its {position.stance} position on {_quoted(alternative)} in {where}"
    if position.stance == Stance.proposes and not _sponsored(session, alternative_id):
        alternative.state = AlternativeState.withdrawn
        session.add(alternative)
        summary += "; with no sponsor left, the alternative leaves the text"
        if _only_original_left(target, bracket_set):
            bracket_set.state = SetState.dissolved
            session.add(bracket_set)
            summary += "; the bracket set dissolves into the original wording"
        rerender(session=session, target=target)
    event = audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id, bracket_set.id, alternative_id),
        actor=actor,
        action="position_withdrawn",
        delegation_id=delegation_id,
        summary=summary,
        before=before,
        after=target.paragraph.text,
    )
    return _commit(session, target, bracket_set, alternative_id, event)


def _commit(session: Session, target: Target, bracket_set: BracketSetRow, alternative_id: int, event: Event) -> Change:
    assert bracket_set.id is not None
    return change.commit(
        session=session,
        kind="position",
        document_id=target.document_id,
        events=[event],
        paragraphs=[target.paragraph],
        bracket_set_ids=[bracket_set.id],
        alternative_ids=[alternative_id],
    )


def _require_live(target: Target, bracket_set: BracketSetRow, alternative: AlternativeRow) -> None:
    if target.paragraph.status != ParagraphStatus.open:
        raise Conflict(f"the paragraph is agreed ({target.paragraph.status}); positions on it are closed")
    if bracket_set.state != SetState.open:
        raise Conflict(f"bracket set {bracket_set.id} is {bracket_set.state}; positions are taken on open sets")
    if alternative.state != AlternativeState.live:
        raise Conflict(f"alternative {alternative.id} was withdrawn")


def _active(session: Session, alternative_id: int, delegation_id: int) -> Position | None:
    return session.exec(
        select(Position).where(
            Position.alternative_id == alternative_id,
            Position.delegation_id == delegation_id,
            col(Position.withdrawn_at).is_(None),
        )
    ).first()


def _sponsored(session: Session, alternative_id: int) -> bool:
    return (
        session.exec(
            select(Position.id).where(
                Position.alternative_id == alternative_id,
                Position.stance == Stance.proposes,
                col(Position.withdrawn_at).is_(None),
            )
        ).first()
        is not None
    )


def _only_original_left(target: Target, bracket_set: BracketSetRow) -> bool:
    alternatives = target.contents.alternatives[bracket_set.id or 0]
    live = [a for a in alternatives if a.state == AlternativeState.live]
    return bracket_set.origin != "imported" and all(a.original for a in live)


def _where(session: Session, target: Target, bracket_set: BracketSetRow) -> str:
    """`décide 2, set 1`, as the history names a set."""
    return references.set_reference(session=session, bracket_set=bracket_set, paragraph=target.paragraph)


def _quoted(alternative: AlternativeRow, limit: int = 80) -> str:
    """The alternative's wording, short, for the history."""
    text = "".join(item.get("t", "…") for item in json.loads(alternative.content))
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{text}”" if text else "(no text)"
