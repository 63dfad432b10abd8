"""Undoing the chair's structure edits, from the record each edit's event keeps (`structure_edits`).

`undo` reverses one edit: by default the latest one not yet undone. An older edit may be undone too, unless a
later edit (not undone) concerns one of its paragraphs, or one of the paragraphs whose text it left has changed
since (a proposal, a resolution, the chair's text): undoing it would lose that, so it is refused, naming what
to undo first. An undo is itself recorded (`structure_undone`) and is not undone in turn: the edit is made again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.domain import render_inlines
from app.models import Event, Paragraph
from app.services import permissions
from app.services.accounts.auth import Actor
from app.services.errors import Conflict, Invalid, NotFound
from app.services.negotiation import structure, text_history
from app.services.negotiation.audit import STRUCTURE_ACTIONS
from app.services.negotiation.change import Change
from app.services.negotiation.content import Contents
from app.services.negotiation.editing import lock_document, new_version
from app.services.negotiation.structure_support import (
    Record,
    commit_structure,
    fix_ends,
    name_of,
    record_edit,
    repoint,
    text_event,
)

UNDO = "structure_undone"


@dataclass(frozen=True, slots=True)
class Edit:
    """A structure edit as its event recorded it."""

    event: Event
    record: Record

    @property
    def id(self) -> int:
        assert self.event.id is not None
        return self.event.id

    @property
    def touched(self) -> set[int]:
        return set(self.record.get("touched", []))


def undo(*, session: Session, actor: Actor, document_id: int, event_id: int | None = None) -> Change:
    """Reverse a structure edit (the latest one when no event is named)."""
    permissions.require_chair(actor, "undo structure changes")
    lock_document(session=session, document_id=document_id)
    edits = _edits(session, document_id)
    undone = {int(e.record["undoes"]) for e in edits if e.event.action == UNDO}
    pending = [e for e in edits if e.event.action != UNDO and e.id not in undone]
    edit = _chosen(edits, pending, undone, event_id)
    _require_independent(session, document_id, edit, pending)
    paragraph_ids, events = _reverse(session, actor, document_id, edit)
    record = {"op": "undo", "paragraph": edit.record["paragraph"], "undoes": edit.id, "touched": []}
    summary = f"undid: {edit.event.summary}"
    main = record_edit(session, actor, document_id, int(edit.record["paragraph"]), UNDO, summary, record)
    rows = [p for p in (session.get(Paragraph, i) for i in paragraph_ids) if p is not None]
    return commit_structure(session, document_id, [main, *events], rows)


def _edits(session: Session, document_id: int) -> list[Edit]:
    events = session.exec(
        select(Event)
        .where(Event.document_id == document_id, col(Event.action).in_(STRUCTURE_ACTIONS))
        .order_by(col(Event.id))
    )
    return [Edit(event, json.loads(event.after or "{}")) for event in events]


def _chosen(edits: Sequence[Edit], pending: Sequence[Edit], undone: set[int], event_id: int | None) -> Edit:
    if event_id is None:
        if not pending:
            raise Conflict("there is no structure change left to undo")
        return pending[-1]
    edit = next((e for e in edits if e.id == event_id), None)
    if edit is None:
        raise NotFound(f"event {event_id} is no structure change of this document")
    if edit.event.action == UNDO:
        raise Invalid(f"event_id: event {event_id} is itself an undo; make the change again instead")
    if event_id in undone:
        raise Conflict(f"event {event_id} ({edit.event.summary}) is already undone")
    return edit


def _require_independent(session: Session, document_id: int, edit: Edit, pending: Sequence[Edit]) -> None:
    restored = session.exec(
        select(Event.id).where(Event.document_id == document_id, Event.action == "restored", col(Event.id) > edit.id)
    ).first()
    if restored is not None:
        raise Conflict(f"event {edit.id} was recorded before this document was restored from a backup; undo it no more")
    later = [e for e in pending if e.id > edit.id and e.touched & edit.touched]
    if later:
        raise Conflict(
            f"cannot undo “{edit.event.summary}” (event {edit.id}): a later structure change depends on it, "
            f"“{later[-1].event.summary}” (event {later[-1].id}); undo that first"
        )
    for key, version in edit.record.get("texts", {}).items():
        paragraph = session.get(Paragraph, int(key))
        if paragraph is None or paragraph.retired_at is not None:
            raise Conflict(f"cannot undo event {edit.id}: paragraph {key} is no longer in the text")
        then = text_history.version_text(session=session, paragraph_id=int(key), version=int(version))
        if then != paragraph.text:
            raise Conflict(
                f"cannot undo “{edit.event.summary}” (event {edit.id}): {name_of(session, paragraph)} has changed "
                "since (a proposal, a resolution or the chair's text); undoing it would lose that change"
            )


def _reverse(session: Session, actor: Actor, document_id: int, edit: Edit) -> tuple[list[int], list[Event]]:
    """Put the document back as the edit found it; the paragraphs touched and the text events recorded."""
    record, op = edit.record, edit.record["op"]
    paragraph = _row(session, int(record["paragraph"]))
    ending = structure.live_paragraphs(session=session, document_id=document_id)[-1].trailing
    events: list[Event] = []
    touched = [int(record["paragraph"])]
    if op == "insert":
        structure.retire(session=session, paragraph=paragraph)
        touched = []
    elif op == "delete":
        _back_in(session, document_id, paragraph, record)
    elif op == "move":
        others = [
            p.id for p in structure.live_paragraphs(session=session, document_id=document_id) if p.id != paragraph.id
        ]
        order = [i for i in others if i is not None]
        order.insert(_old_place(session, document_id, paragraph, record), int(record["paragraph"]))
        structure.reorder(session=session, document_id=document_id, paragraph_ids=order)
    elif op == "relabel":
        paragraph.prefix, paragraph.label, paragraph.kind = record["prefix"], record["label"], record["kind"]
        session.add(paragraph)
    elif op == "split":
        events.append(_unsplit(session, actor, document_id, paragraph, record))
    elif op == "merge":
        events.append(_unmerge(session, actor, document_id, paragraph, record))
        touched.append(int(record["merged"]))
    _restore_trailings(session, record)
    fix_ends(session, document_id, ending)
    return touched, events


def _back_in(session: Session, document_id: int, paragraph: Paragraph, record: Record) -> None:
    """A deleted paragraph back where it stood, its dropped sets open again."""
    position = _old_place(session, document_id, paragraph, record)
    structure.restore_retired(session=session, paragraph=paragraph, position=position, reopen=record.get("reopen", []))


def _old_place(session: Session, document_id: int, paragraph: Paragraph, record: Record) -> int:
    """Among the other live paragraphs: right after the one it followed (its old place if that one has gone)."""
    others = [p for p in structure.live_paragraphs(session=session, document_id=document_id) if p.id != paragraph.id]
    after = record.get("after")
    if after is None:
        return 0
    anchor = next((i for i, p in enumerate(others) if p.id == after), None)
    return anchor + 1 if anchor is not None else min(int(record["position"]), len(others))


def _unsplit(session: Session, actor: Actor, document_id: int, first: Paragraph, record: Record) -> Event:
    second = _row(session, int(record["new"]))
    assert first.id is not None
    before = first.text
    repoint(session, record["sets"], record["placeholders"], first.id)
    _set_content(session, document_id, first, record["content"])
    second_text = second.text
    second.content, second.text = "[]", ""
    new_version(session=session, paragraph=second, before=second_text)
    structure.retire(session=session, paragraph=second)
    return text_event(session, actor, document_id, first, before)


def _unmerge(session: Session, actor: Actor, document_id: int, first: Paragraph, record: Record) -> Event:
    second = _row(session, int(record["merged"]))
    assert first.id is not None and second.id is not None
    before = first.text
    repoint(session, record["sets"], record["placeholders"], second.id)
    _set_content(session, document_id, first, record["content"])
    first.trailing = record["trailing"]
    _set_content(session, document_id, second, record["merged_content"])
    live = structure.live_paragraphs(session=session, document_id=document_id)
    place = next(i for i, p in enumerate(live) if p.id == first.id) + 1
    structure.restore_retired(session=session, paragraph=second, position=place)
    return text_event(session, actor, document_id, first, before)


def _set_content(session: Session, document_id: int, paragraph: Paragraph, content: str) -> None:
    """Give a paragraph back the content it had (the same rows), and count its new version."""
    assert paragraph.id is not None
    before = paragraph.text
    contents = Contents(session, document_id, [paragraph.id])
    paragraph.content = content
    paragraph.text = render_inlines(contents.tree(content))
    new_version(session=session, paragraph=paragraph, before=before)


def _restore_trailings(session: Session, record: Record) -> None:
    for key, trailing in record.get("trailings", {}).items():
        paragraph = session.get(Paragraph, int(key))
        if paragraph is not None:
            paragraph.trailing = trailing
            session.add(paragraph)
    session.flush()


def _row(session: Session, paragraph_id: int) -> Paragraph:
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None:
        raise NotFound(f"there is no paragraph {paragraph_id}")
    return paragraph


def latest(*, session: Session, document_id: int) -> dict[str, Any] | None:
    """The structure change an undo would reverse now: its event id and summary (None when there is none)."""
    edits = _edits(session, document_id)
    undone = {int(e.record["undoes"]) for e in edits if e.event.action == UNDO}
    pending = [e for e in edits if e.event.action != UNDO and e.id not in undone]
    return {"event_id": pending[-1].id, "summary": pending[-1].event.summary} if pending else None
