"""Changes as the live stream tells them: the event for a committed `Change`, and what a reconnecting client missed."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import Event, Paragraph
from app.services.negotiation.change import Change
from app.services.reading.models import ChangeEvent, ParagraphVersion

MAX_MISSED_EVENTS = 2000  # beyond this a reconnecting client is told to reload the whole page
MISSED = "missed"


def change_event(change: Change) -> ChangeEvent:
    """The live event of a committed change."""
    return ChangeEvent(
        id=max(change.event_ids, default=0),
        document_id=change.document_id,
        kind=change.kind,
        paragraphs=[ParagraphVersion(id=pid, version=version) for pid, version in change.versions],
        bracket_set_ids=list(change.bracket_set_ids),
        alternative_ids=list(change.alternative_ids),
        revision=change.revision,
        event_ids=list(change.event_ids),
        current_paragraph_id=change.current_paragraph_id,
    )


def latest_event_id(*, session: Session, document_id: int) -> int:
    """The id of the document's latest audit event (0 when none): where a new live stream starts."""
    latest = session.exec(select(func.max(Event.id)).where(Event.document_id == document_id)).one()
    return int(latest or 0)


def missed_events(*, session: Session, document_id: int, after: int) -> list[ChangeEvent] | None:
    """What happened after an event id, one event per paragraph touched (and one for the document itself),
    in order; None when so much happened that the client should reload everything."""
    events = list(
        session.exec(
            select(Event)
            .where(Event.document_id == document_id, col(Event.id) > after)
            .order_by(col(Event.id))
            .limit(MAX_MISSED_EVENTS + 1)
        )
    )
    if len(events) > MAX_MISSED_EVENTS:
        return None
    groups: dict[int | None, list[Event]] = defaultdict(list)
    for event in events:
        groups[event.paragraph_id].append(event)
    versions = _versions(session, [key for key in groups if key is not None])
    missed = [_missed(document_id, paragraph_id, group, versions) for paragraph_id, group in groups.items()]
    return sorted(missed, key=lambda event: event.id)


def _versions(session: Session, paragraph_ids: list[int]) -> dict[int, int]:
    if not paragraph_ids:
        return {}
    rows = session.exec(select(Paragraph.id, Paragraph.version).where(col(Paragraph.id).in_(paragraph_ids)))
    return {pid: version for pid, version in rows if pid is not None}


def _missed(document_id: int, paragraph_id: int | None, events: list[Event], versions: dict[int, int]) -> ChangeEvent:
    ids = [e.id for e in events if e.id is not None]
    paragraphs = [ParagraphVersion(id=paragraph_id, version=versions.get(paragraph_id, 0))] if paragraph_id else []
    revisions = [e for e in events if e.action == "revision"]
    discussed = [e for e in events if e.action == "current_paragraph"]
    return ChangeEvent(
        id=max(ids),
        document_id=document_id,
        kind=MISSED,
        paragraphs=paragraphs,
        bracket_set_ids=sorted({e.bracket_set_id for e in events if e.bracket_set_id is not None}),
        alternative_ids=sorted({e.alternative_id for e in events if e.alternative_id is not None}),
        revision=revision_number(revisions[-1].summary) if revisions else None,
        event_ids=ids,
        current_paragraph_id=discussed[-1].paragraph_id if discussed else None,
    )


def revision_number(summary: str) -> int | None:
    """The number of the revision an audit summary ("issued Rev.3") names."""
    number = summary.rsplit("Rev.", 1)[-1]
    return int(number) if number.isdigit() else None
