"""“Since my last visit”: what changed in a document for a delegation since its person last opened it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.models import AlternativeRow, DocumentVisit, Event
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.reading.live import latest_event_id, revision_number
from app.services.reading.models import SinceLastVisit

POSITION_ACTIONS = ("position_supports", "position_objects", "position_withdrawn")
COUNTS = ("new_sets", "new_alternatives", "positions_on_ours", "resolutions")


def visit(*, session: Session, actor: Actor, document_id: int) -> SinceLastVisit:
    """Record a visit and say what changed since the previous one (nothing on a first visit)."""
    documents.get(session=session, document_id=document_id)
    row = session.exec(
        select(DocumentVisit).where(
            DocumentVisit.account_id == actor.account_id, DocumentVisit.document_id == document_id
        )
    ).first()
    latest = latest_event_id(session=session, document_id=document_id)
    if row is None:
        row = DocumentVisit(account_id=actor.account_id, document_id=document_id, last_event_id=latest)
        summary = SinceLastVisit(
            first_visit=True,
            since=None,
            new_sets=0,
            new_alternatives=0,
            positions_on_ours=0,
            resolutions=0,
            revisions=[],
        )
    else:
        summary = _since(session, actor, document_id, row)
        row.last_event_id, row.seen_at = max(row.last_event_id, latest), datetime.now(UTC)
    session.add(row)
    session.commit()
    return summary


def _since(session: Session, actor: Actor, document_id: int, row: DocumentVisit) -> SinceLastVisit:
    events = list(
        session.exec(
            select(Event)
            .where(Event.document_id == document_id, col(Event.id) > row.last_event_id)
            .order_by(col(Event.id))
        )
    )
    ours = _our_alternatives(session, actor, [e.alternative_id for e in events if e.action in POSITION_ACTIONS])
    mine = {actor.delegation_id, *actor.group_ids}
    return SinceLastVisit(
        first_visit=False,
        since=row.seen_at,
        new_sets=sum(1 for e in events if e.action == "set_proposed"),
        new_alternatives=sum(1 for e in events if e.action == "alternative_proposed"),
        positions_on_ours=sum(
            1
            for e in events
            if e.action in POSITION_ACTIONS and e.alternative_id in ours and e.delegation_id not in mine
        ),
        resolutions=sum(1 for e in events if e.action == "resolved"),
        revisions=[n for e in events if e.action == "revision" and (n := revision_number(e.summary)) is not None],
    )


def _our_alternatives(session: Session, actor: Actor, alternative_ids: list[int | None]) -> set[int]:
    """Of these alternatives, those proposed by the person's delegation or a group it acts for."""
    wanted = {a for a in alternative_ids if a is not None}
    if not wanted:
        return set()
    mine = (actor.delegation_id, *actor.group_ids)
    rows = session.exec(
        select(AlternativeRow.id).where(
            col(AlternativeRow.id).in_(wanted), col(AlternativeRow.created_by_delegation_id).in_(mine)
        )
    )
    return {a for a in rows if a is not None}
