"""The append-only audit log and its reading."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Account, Delegation, Event
from app.services.accounts.auth import Actor
from app.services.reading.models import EventView


@dataclass(frozen=True, slots=True)
class Subject:
    """What an event is about."""

    document_id: int
    paragraph_id: int | None = None
    bracket_set_id: int | None = None
    alternative_id: int | None = None


def record(
    *,
    session: Session,
    subject: Subject,
    actor: Actor | None,
    action: str,
    summary: str,
    delegation_id: int | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Event:
    """Append one event (committed with the change it describes)."""
    event = Event(
        document_id=subject.document_id,
        paragraph_id=subject.paragraph_id,
        bracket_set_id=subject.bracket_set_id,
        alternative_id=subject.alternative_id,
        account_id=actor.account_id if actor else None,
        delegation_id=delegation_id if delegation_id is not None else (actor.delegation_id if actor else None),
        action=action,
        summary=summary,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def history(*, session: Session, document_id: int, bracket_set_id: int | None = None) -> list[EventView]:
    """Every event of a document, or of one bracket set, oldest first."""
    query = (
        select(Event, Account.username, Delegation.code)
        .outerjoin(Account, col(Account.id) == Event.account_id)
        .outerjoin(Delegation, col(Delegation.id) == Event.delegation_id)
        .where(Event.document_id == document_id)
        .order_by(col(Event.id))
    )
    if bracket_set_id is not None:
        query = query.where(Event.bracket_set_id == bracket_set_id)
    return [
        EventView(
            id=event.id or 0,
            at=event.at,
            action=event.action,
            summary=event.summary,
            username=username,
            delegation=code,
            paragraph_id=event.paragraph_id,
            bracket_set_id=event.bracket_set_id,
            alternative_id=event.alternative_id,
            before=event.before,
            after=event.after,
        )
        for event, username, code in session.exec(query)
    ]
