"""Storing a planned next version: rows kept, content carried, sets ended, paragraphs inserted, retired, reordered.

Called by `revising.confirm` under the document's lock; it commits nothing. Each structural change (a move, a
split, a merge, an addition, a deletion) and each edited paragraph is one audit event; each set the version
ends is one more (`set_dropped`, or `resolved` by the revision).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlmodel import Session

from app import domain
from app.domain.walk import placeholders_in
from app.models import AlternativeRow, AlternativeState, BracketSetRow, Event, Paragraph, SetState
from app.services import references
from app.services.accounts.auth import Actor
from app.services.documents.revision_plan import Plan, Step
from app.services.negotiation import audit, blocks, structure
from app.services.negotiation.audit import Subject
from app.services.negotiation.content import Author
from app.services.negotiation.editing import new_version


@dataclass(slots=True)
class Stored:
    """What storing the next version did: the rows it touched, the sets it ended, the events that tell it."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    retired_sets: list[int] = field(default_factory=list)  # dropped with their paragraph, not yet told
    before: dict[int, str] = field(default_factory=dict)  # paragraph id → its text before the next version


def store(*, session: Session, plan: Plan, actor: Actor | None, number: int) -> Stored:
    """Store the plan as the live text of Rev.`number` (the snapshot is the caller's)."""
    document = plan.document
    assert document.id is not None
    author = Author(actor.account_id if actor else None, actor.delegation_id if actor else None, "imported")
    result = Stored()
    order: list[int] = []
    placed: list[tuple[Step, list[Paragraph]]] = []
    for step in plan.steps:  # first every new paragraph gets its row, so carried sets know where they go
        rows = _rows(session, plan, step, author)
        placed.append((step, rows))
        order.extend(row.id or 0 for row in rows)
    carried = [_carried(session, plan, step, rows, result) for step, rows in placed]
    plan.contents.store_many([(c.row, c.content) for part in carried for c in part if c.content is not None], author)
    for part in carried:
        for alternative in _stored(session, plan, part, result):
            summary = f"dropped in Rev.{number}: the next version no longer has this alternative"
            subject = Subject(document.id, None, alternative.bracket_set_id, alternative.id)
            event = audit.record(session=session, subject=subject, actor=actor, action="set_dropped", summary=summary)
            result.events.append(event)
    for step in plan.steps:
        _end_sets(session, plan, step, actor, number, result)
    for step, rows in placed:
        _retire(session, plan, step, rows, number, result)
        for set_id in result.retired_sets:
            summary = f"dropped in Rev.{number}: its paragraph is no longer in the next version"
            row = plan.contents.sets[set_id]
            result.events.append(_set_event(session, plan, row.paragraph_id, set_id, actor, "set_dropped", summary))
        result.retired_sets.clear()
    structure.reorder(session=session, document_id=document.id, paragraph_ids=order)
    _blocks(session, plan, [rows[k] for _step, rows in placed for k in range(len(rows))], actor, number, result)
    document.bom, document.leading = plan.tree.bom, plan.tree.leading
    session.add(document)
    session.flush()
    for step, rows in placed:
        result.events.extend(_events(session, plan, step, rows, actor, result.before))
    return result


def _blocks(
    session: Session, plan: Plan, rows: list[Paragraph], actor: Actor | None, number: int, result: Stored
) -> None:
    """Sets over whole paragraphs: those the new text no longer has dropped, its new ones stored."""
    for set_id in plan.blocks_dropped:
        row = session.get(BracketSetRow, set_id)
        if row is None or row.state != SetState.open:
            continue  # dropped already, with the paragraph it stood on
        row.state, row.ended_in_revision = SetState.dropped, number
        session.add(row)
        result.ended.append(set_id)
        summary = f"dropped in Rev.{number}: the next version no longer has it"
        result.events.append(_set_event(session, plan, row.paragraph_id, set_id, actor, "set_dropped", summary))
    author = Author(actor.account_id if actor else None, actor.delegation_id if actor else None, "imported")
    document_id = plan.document.id or 0
    blocks.store(session=session, document_id=document_id, paragraphs=rows, blocks=plan.blocks_new, author=author)


def _rows(session: Session, plan: Plan, step: Step, author: Author) -> list[Paragraph]:
    """The rows that hold the step's new paragraphs: the first old row, then inserted ones."""
    if not step.new:
        return []
    assert plan.document.id is not None
    end = len(plan.live) + 10_000  # placed at the end for now; `store` gives every live paragraph its place last
    if not step.old:
        return [
            structure.insert(
                session=session, document=plan.document, position=end, node=step.new[0], author=author, renumber=False
            )
        ]
    first = step.old[0]
    rows = [first]
    for node in step.new[1:]:  # split parts after the first: inserted empty, given their content below
        empty = replace(node, content=())
        rows.append(
            structure.insert(
                session=session,
                document=plan.document,
                position=end,
                node=empty,
                author=author,
                derived_from_id=first.id,
                renumber=False,
            )
        )
    return rows


@dataclass(slots=True)
class _Carried:
    """A row of a step, given its new prefix, label and kind; its carried content, when its text changes, waits
    to be stored with every other edited paragraph's (`Contents.store_many`)."""

    row: Paragraph
    content: tuple[domain.Inline, ...] | None = None  # None: the row's content stays as it is
    kept: dict[int, domain.BracketSet] = field(default_factory=dict)  # its carried sets, by id
    known: dict[int, set[int | None]] = field(default_factory=dict)  # their alternatives before the store
    listed: bool = True  # among the paragraphs the revision changed


def _carried(session: Session, plan: Plan, step: Step, rows: list[Paragraph], result: Stored) -> list[_Carried]:
    """Give each kept or inserted row its new prefix, label, kind and the content it will carry."""
    if not step.old:
        return [_Carried(row) for row in rows]
    carried = []
    for k, (row, node) in enumerate(zip(rows, step.new, strict=True)):
        changed = (row.prefix, row.label, row.kind, row.trailing) != (node.prefix, node.label, node.kind, node.trailing)
        row.prefix, row.label, row.kind, row.trailing = node.prefix, node.label, node.kind, node.trailing
        session.add(row)
        if step.carried is None:  # unchanged: same text, same rows
            carried.append(_Carried(row, listed=changed))
            continue
        content = step.carried.contents[k]
        _move_rows(plan, content, row)
        kept = {s.key: s for s in domain.bracket_sets_in(content) if s.key is not None}
        known = {key: {a.id for a in plan.contents.alternatives[key]} for key in kept}
        result.before[row.id or 0] = row.text
        carried.append(_Carried(row, content, kept, known))
    return carried


def _stored(session: Session, plan: Plan, carried: list[_Carried], result: Stored) -> list[AlternativeRow]:
    """After the store: each row's new version and its sets' alternatives in order; the alternatives dropped."""
    dropped: list[AlternativeRow] = []
    for item in carried:
        if item.content is not None:
            for key, known in item.known.items():
                dropped.extend(_order_alternatives(session, plan, item.kept[key], known))
            before = result.before[item.row.id or 0]
            if item.row.text != before:
                new_version(session=session, paragraph=item.row, before=before)
        if item.listed:
            result.paragraphs.append(item.row)
    return dropped


def _move_rows(plan: Plan, content: tuple[domain.Inline, ...], row: Paragraph) -> None:
    """Carried sets and placeholders belong to the row that now holds them (a split part, a merged paragraph)."""
    for node in domain.bracket_sets_in(content):
        if node.key is not None:
            plan.contents.sets[node.key].paragraph_id = row.id or 0
            plan.contents.session.add(plan.contents.sets[node.key])
    for holder in placeholders_in(content):
        if holder.key is not None and holder.key in plan.contents.placeholders:
            plan.contents.placeholders[holder.key].paragraph_id = row.id or 0
            plan.contents.session.add(plan.contents.placeholders[holder.key])


def _order_alternatives(
    session: Session, plan: Plan, node: domain.BracketSet, known: set[int | None]
) -> list[AlternativeRow]:
    """A kept set's alternatives in the new text's order and spacing; those the text no longer has withdrawn."""
    assert node.key is not None
    rows = plan.contents.alternatives[node.key]
    created = iter([a for a in rows if a.id not in known])
    by_id = {a.id: a for a in rows}
    sequence: list[AlternativeRow] = [by_id[a.key] if a.key is not None else next(created) for a in node.alternatives]
    chosen = {id(a) for a in sequence}
    others = [a for a in rows if id(a) not in chosen]
    dropped = [a for a in others if a.state == AlternativeState.live]
    for alternative in dropped:
        alternative.state = AlternativeState.withdrawn
        session.add(alternative)
    live_before = sorted((a for a in rows if a.state == AlternativeState.live), key=lambda a: a.position)
    if [a.id for a in live_before] == [a.id for a in sequence] and all(
        a.separator == s for a, s in zip(sequence[1:], node.separators, strict=True)
    ):
        return dropped
    base = max((a.position for a in others), default=-1) + 1
    for k, alternative in enumerate(sequence):
        alternative.position = base + k
        alternative.separator = node.separators[k - 1] if k else ""
        session.add(alternative)
    rows.sort(key=lambda a: a.position)
    return dropped


def _end_sets(session: Session, plan: Plan, step: Step, actor: Actor | None, number: int, result: Stored) -> None:
    """The sets the step's paragraphs held that the new text has not: resolved or dropped by the revision."""
    if step.carried is None:
        return
    now = datetime.now(UTC)
    for key, alternative_id in step.carried.resolved.items():
        row = plan.contents.sets[key]
        row.state, row.resolution_alternative_id, row.ended_in_revision = SetState.resolved, alternative_id, number
        row.resolved_at, row.resolved_by_account_id = now, actor.account_id if actor else None
        session.add(row)
        result.ended.append(key)
        words = references.quote(_alternative_text(plan, key, alternative_id))
        summary = f"resolved by Rev.{number}: the next version keeps {words}, unbracketed"
        result.events.append(_set_event(session, plan, row.paragraph_id, key, actor, "resolved", summary))
    for key in step.carried.dropped:
        row = plan.contents.sets[key]
        row.state, row.ended_in_revision = SetState.dropped, number
        session.add(row)
        result.ended.append(key)
        summary = f"dropped in Rev.{number}: the next version no longer has it"
        result.events.append(_set_event(session, plan, row.paragraph_id, key, actor, "set_dropped", summary))


def _alternative_text(plan: Plan, set_id: int, alternative_id: int) -> str:
    row = next(a for a in plan.contents.alternatives[set_id] if a.id == alternative_id)
    return domain.render_inlines(plan.contents.tree_of_alternative(row))


def _set_event(
    session: Session, plan: Plan, paragraph_id: int, set_id: int, actor: Actor | None, action: str, summary: str
) -> Event:
    subject = Subject(plan.document.id or 0, paragraph_id, set_id)
    return audit.record(session=session, subject=subject, actor=actor, action=action, summary=summary)


def _retire(session: Session, plan: Plan, step: Step, rows: list[Paragraph], number: int, result: Stored) -> None:
    """Deleted paragraphs, and merged ones after the first, leave the live text (their open sets dropped)."""
    kept = rows[0].id if rows else None
    for paragraph in step.old[1:] if rows else step.old:
        dropped = structure.retire(
            session=session, paragraph=paragraph, merged_into_id=kept, revision=number, renumber=False
        )
        result.ended.extend(dropped)
        result.retired_sets.extend(dropped)
        result.paragraphs.append(paragraph)  # a page refreshing it drops it


# A structural step's event: its action, and its summary from the old and new paragraphs' names.
STRUCTURAL_EVENTS = {
    "split": ("revision_split", "split {old} into {new}"),
    "merged": ("revision_merged", "merged {old} into {new}"),
    "added": ("revision_added", "added {new}"),
    "deleted": ("revision_deleted", "deleted {old}"),
}


def _events(
    session: Session, plan: Plan, step: Step, rows: list[Paragraph], actor: Actor | None, before: dict[int, str]
) -> list[Event]:
    """The audit events of one step: one for its structural change, one for an edit of its text."""
    document_id = plan.document.id or 0
    op = step.op
    events = []
    old_names = new_names = ""
    structural = STRUCTURAL_EVENTS.get(op.kind)
    if structural is not None or op.moved:  # an unchanged or edited paragraph in its place is not named
        old_names = ", ".join(references.paragraph_reference(session=session, paragraph=p) for p in step.old)
        new_names = ", ".join(references.paragraph_reference(session=session, paragraph=p) for p in rows)
    subject = Subject(document_id, (rows or step.old)[0].id)
    if structural is not None:
        action, summary = structural[0], structural[1].format(old=old_names, new=new_names)
        events.append(audit.record(session=session, subject=subject, actor=actor, action=action, summary=summary))
    if op.moved:
        summary = f"moved {old_names} to place {min(op.new) + 1}"
        events.append(
            audit.record(session=session, subject=subject, actor=actor, action="revision_moved", summary=summary)
        )
    if op.kind == "edited":
        row = rows[0]
        summary = "new wording in the next version"
        revised = audit.record(
            session=session,
            subject=subject,
            actor=actor,
            action="revision_edited",
            summary=summary,
            before=before.get(row.id or 0),
            after=row.text,
        )
        events.append(revised)
    return events
