"""The append-only audit log and its reading.

An event records a paragraph's text before and after a change by naming the paragraph versions that hold them
(`text_history`), so the many events of one write (one per bracket set an amendment makes) cost a few bytes
each, not two copies of the paragraph. Short values (a stance, a status) and any text that is no version of
the paragraph are kept in the event itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.models import Account, Delegation, Event
from app.services.accounts.auth import Actor
from app.services.negotiation import text_history
from app.services.reading.models import EventView

DEFAULT_PAGE = 100
MAX_PAGE = 1000
# The chair's structure edits (`structure_edits`): one event each, whose `after` is the record that undoes it;
# each paragraph whose text the edit changed gets a `structure_text` event too (before and after: its texts).
STRUCTURE_ACTIONS = frozenset(
    {
        "paragraph_inserted",
        "paragraph_deleted",
        "paragraph_split",
        "paragraph_merged",
        "paragraph_moved",
        "paragraph_relabelled",
        "structure_undone",
    }
)
# Every action an event may record; a restore refuses any other (a forged history).
ACTIONS = STRUCTURE_ACTIONS | frozenset(
    {
        "imported",
        "restored",
        "set_proposed",
        "alternative_proposed",
        "position_supports",
        "position_objects",
        "position_withdrawn",
        "resolved",
        "resolution_undone",
        "placeholder_filled",
        "chair_text",
        "status",
        "phase",
        "revision",
        "current_paragraph",
        "commented",
        "comment_withdrawn",
        "justified",
        "comments_imported",
        "structure_text",
        # an imported next version (revising): its structural changes, its edits and the sets it ended
        "revision_edited",
        "revision_moved",
        "revision_split",
        "revision_merged",
        "revision_added",
        "revision_deleted",
        "set_dropped",
    }
)


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
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to audit.ACTIONS so that backups restore")
    versions = _versions(session, subject.paragraph_id, before, after)
    event = Event(
        document_id=subject.document_id,
        paragraph_id=subject.paragraph_id,
        bracket_set_id=subject.bracket_set_id,
        alternative_id=subject.alternative_id,
        account_id=actor.account_id if actor else None,
        delegation_id=delegation_id if delegation_id is not None else (actor.delegation_id if actor else None),
        action=action,
        summary=summary,
        before=None if versions else before,
        after=None if versions else after,
        before_version=versions[0] if versions else None,
        after_version=versions[1] if versions else None,
    )
    session.add(event)
    return event


def _versions(
    session: Session, paragraph_id: int | None, before: str | None, after: str | None
) -> tuple[int, int] | None:
    """The paragraph versions whose texts are `before` and `after`, when both are such texts."""
    if paragraph_id is None or before is None or after is None:
        return None
    return versions_of(text_history.known(session=session, paragraph_id=paragraph_id), before, after)


def versions_of(texts: dict[int, str], before: str | None, after: str | None) -> tuple[int, int] | None:
    """The versions (among these texts by version) that are `before` and `after`, the latest that fit."""
    if before is None or after is None:
        return None
    after_version = _find(texts, after, below=None)
    if after_version is None:
        return None
    before_version = after_version if before == after else _find(texts, before, below=after_version)
    return None if before_version is None else (before_version, after_version)


def _find(known: dict[int, str], text: str, *, below: int | None) -> int | None:
    for version in sorted(known, reverse=True):
        if (below is None or version < below) and (known[version] is text or known[version] == text):
            return version
    return None


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event with its `before` and `after` texts, whether stored in it or in paragraph versions."""

    id: int
    document_id: int
    paragraph_id: int | None
    bracket_set_id: int | None
    alternative_id: int | None
    account_id: int | None
    delegation_id: int | None
    at: datetime
    action: str
    summary: str
    before: str | None
    after: str | None


def recorded(*, session: Session, events: Sequence[Event]) -> list[Recorded]:
    """The events with their texts, each paragraph's versions rebuilt once."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for event in events:
        if event.paragraph_id is not None:
            wanted[event.paragraph_id].update(v for v in (event.before_version, event.after_version) if v is not None)
    texts = {
        paragraph_id: text_history.texts(session=session, paragraph_id=paragraph_id, versions=versions)
        for paragraph_id, versions in wanted.items()
        if versions
    }

    def text(event: Event, inline: str | None, version: int | None) -> str | None:
        if version is None or event.paragraph_id is None:
            return inline
        found = texts.get(event.paragraph_id, {}).get(version)
        if found is None:
            raise text_history.HistoryCorrupt(f"event {event.id}: paragraph version {version} is missing")
        return found

    return [
        Recorded(
            id=event.id or 0,
            document_id=event.document_id,
            paragraph_id=event.paragraph_id,
            bracket_set_id=event.bracket_set_id,
            alternative_id=event.alternative_id,
            account_id=event.account_id,
            delegation_id=event.delegation_id,
            at=event.at,
            action=event.action,
            summary=event.summary,
            before=text(event, event.before, event.before_version),
            after=text(event, event.after, event.after_version),
        )
        for event in events
    ]


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Some events, oldest first, and the id to ask for the next ones after (None at the end)."""

    entries: list[EventView]
    next_after: int | None


def history(*, session: Session, document_id: int, bracket_set_id: int | None = None) -> list[EventView]:
    """Every event of a document, or of one bracket set, oldest first."""
    return _entries(session, document_id, bracket_set_id, after=None, limit=None)


def history_page(
    *, session: Session, document_id: int, after: int | None = None, limit: int = DEFAULT_PAGE
) -> HistoryPage:
    """The events of a document recorded after event `after`, oldest first, at most `limit` of them."""
    limit = max(1, min(limit, MAX_PAGE))
    entries = _entries(session, document_id, None, after=after, limit=limit + 1)
    more = len(entries) > limit
    return HistoryPage(entries[:limit], entries[limit - 1].id if more else None)


def _entries(
    session: Session, document_id: int, bracket_set_id: int | None, *, after: int | None, limit: int | None
) -> list[EventView]:
    acting = aliased(Delegation)
    query = (
        select(Event, Account.username, Delegation, acting.name)
        .outerjoin(Account, col(Account.id) == Event.account_id)
        .outerjoin(Delegation, col(Delegation.id) == Event.delegation_id)
        .outerjoin(acting, col(acting.id) == Account.delegation_id)
        .where(Event.document_id == document_id)
        .order_by(col(Event.id))
    )
    if bracket_set_id is not None:
        query = query.where(Event.bracket_set_id == bracket_set_id)
    if after is not None:
        query = query.where(col(Event.id) > after)
    if limit is not None:
        query = query.limit(limit)
    return [
        EventView(
            id=event.id or 0,
            at=event.at,
            action=event.action,
            summary=event.summary,
            username=username,
            delegation=delegation.code if delegation else None,
            paragraph_id=event.paragraph_id,
            bracket_set_id=event.bracket_set_id,
            alternative_id=event.alternative_id,
            before=event.before,
            after=event.after,
            before_version=event.before_version,
            after_version=event.after_version,
            by=_by(delegation.name if delegation else None, acting_name),
        )
        for event, username, delegation, acting_name in session.exec(query)
    ]


def _by(name: str | None, acting_name: str | None) -> str | None:
    """ "South Africa for the African Group" when a delegate acted for a group; the delegation alone otherwise."""
    if name is None:
        return acting_name
    if acting_name is None or acting_name == name:
        return name
    return f"{acting_name} for {name}"
