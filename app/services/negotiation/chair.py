"""The chair's prerogatives: resolve and un-resolve bracket sets, fill placeholders, statuses, phases, chair's text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from app.domain import Text, bracket_sets_in, render_inlines
from app.domain.amend import AmendmentError, chair_edit, parse_body
from app.domain.walk import placeholders_in
from app.models import AlternativeState, BracketSetRow, Event, ParagraphStatus, SetState
from app.services import permissions, references, text_checks
from app.services.accounts.auth import Actor
from app.services.documents.catalog import reading_of
from app.services.errors import Conflict, Invalid
from app.services.negotiation import audit, blocks, change
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change, ChangeKind
from app.services.negotiation.content import Author
from app.services.negotiation.editing import (
    Target,
    check_length,
    lock_document,
    paragraph_target,
    placeholder_target,
    rerender,
    set_target,
    stale,
    store_content,
)

STATUS_WORDS = {"informals": "agreed in informals", "ad_ref": "agreed ad ref", "adopted": "adopted"}


def resolve(
    *, session: Session, actor: Actor, bracket_set_id: int, alternative_id: int | None, text: str | None
) -> Change:
    """Replace a bracket set by one of its alternatives or by compromise text ("" = no text)."""
    permissions.require_chair(actor, "resolve bracket sets")
    if (alternative_id is None) == (text is None):
        raise Invalid('give either alternative_id or text (a compromise; "" for no text), not both or neither')
    target, row = set_target(session=session, bracket_set_id=bracket_set_id)
    if row.state != SetState.open:
        raise Conflict(f"bracket set {bracket_set_id} is already {row.state}; undo that first")
    if row.scope in blocks.SCOPES:
        return blocks.resolve(
            session=session, actor=actor, target=target, row=row, alternative_id=alternative_id, text=text
        )
    if alternative_id is not None:
        live = [a.id for a in target.contents.alternatives[bracket_set_id] if a.state == AlternativeState.live]
        if alternative_id not in live:
            raise Invalid(f"alternative_id: {alternative_id} is not a live alternative of bracket set {bracket_set_id}")
    else:
        _require_plain(text or "", "text")
    before = target.paragraph.text
    row.state = SetState.resolved
    row.resolution_alternative_id, row.resolution_text = alternative_id, text
    row.resolved_at, row.resolved_by_account_id = datetime.now(UTC), actor.account_id
    session.add(row)
    rerender(session=session, target=target)
    chosen = _chosen(target, bracket_set_id, alternative_id, text or "")
    where = references.set_reference(session=session, bracket_set=row, paragraph=target.paragraph)
    event = _record(session, target, actor, row, "resolved", f"resolved {where} with {chosen}", before)
    return _commit(session, "resolution", target, [event], [bracket_set_id])


def undo_resolution(*, session: Session, actor: Actor, bracket_set_id: int) -> Change:
    """Bring a resolved bracket set back, as it stood before the resolution."""
    permissions.require_chair(actor, "undo resolutions")
    target, row = set_target(session=session, bracket_set_id=bracket_set_id)
    if row.state != SetState.resolved:
        raise Conflict(f"bracket set {bracket_set_id} is {row.state}, not resolved")
    if row.scope in blocks.SCOPES:
        where = references.set_reference(session=session, bracket_set=row, paragraph=target.paragraph)
        raise Conflict(
            f"{where} spans whole paragraphs: its resolution took paragraphs out of the text and cannot be undone "
            "here; insert the wording again as the chair's text"
        )
    if not _referenced(target, bracket_set_id):
        raise Conflict(f"the paragraph was edited after bracket set {bracket_set_id} was resolved; it cannot come back")
    before = target.paragraph.text
    row.state = SetState.open
    row.resolution_alternative_id = row.resolution_text = None
    row.resolved_at = row.resolved_by_account_id = None
    session.add(row)
    rerender(session=session, target=target)
    where = references.set_reference(session=session, bracket_set=row, paragraph=target.paragraph)
    event = _record(session, target, actor, row, "resolution_undone", f"undid the resolution of {where}", before)
    return _commit(session, "resolution_undone", target, [event], [bracket_set_id])


def fill_placeholder(*, session: Session, actor: Actor, placeholder_id: int, text: str) -> Change:
    """Give a placeholder such as `[...]` its value."""
    permissions.require_chair(actor, "fill placeholders")
    _require_plain(text, "text")
    target, row = placeholder_target(session=session, placeholder_id=placeholder_id)
    if row.value is not None:
        raise Conflict(f"placeholder {placeholder_id} was already filled with {row.value!r}")
    before = target.paragraph.text
    row.value, row.filled_at, row.filled_by_account_id = text, datetime.now(UTC), actor.account_id
    session.add(row)
    rerender(session=session, target=target)
    event = audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id),
        actor=actor,
        action="placeholder_filled",
        summary=f"filled placeholder [{row.text}] with {text!r}",
        before=before,
        after=target.paragraph.text,
    )
    return _commit(session, "placeholder_filled", target, [event])


def set_status(*, session: Session, actor: Actor, paragraph_id: int, status: str) -> Change:
    """Move a paragraph between open, informals, ad_ref and adopted."""
    permissions.require_chair(actor, "set paragraph status")
    if status not in ParagraphStatus.__members__:
        raise Invalid(f"status: {status!r} is not one of {', '.join(ParagraphStatus.__members__)}")
    target = paragraph_target(session=session, paragraph_id=paragraph_id)
    before = str(target.paragraph.status)
    if before == status:
        raise Conflict(f"{_name(session, target)} is already {status}")
    if status != ParagraphStatus.open:
        _require_nothing_open(session, target, status)
    target.paragraph.status = ParagraphStatus(status)
    session.add(target.paragraph)
    event = audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id),
        actor=actor,
        action="status",
        summary=f"status {before} → {status}",
        before=before,
        after=status,
    )
    return _commit(session, "status", target, [event])


def set_phase(*, session: Session, actor: Actor, document_id: int, proposals_open: bool) -> Change:
    """Open or close the proposal phase of a document."""
    permissions.require_chair(actor, "open or close the proposal phase")
    document = lock_document(session=session, document_id=document_id)
    if document.proposals_open == proposals_open:
        raise Conflict(f"the proposal phase is already {'open' if proposals_open else 'closed'}")
    document.proposals_open = proposals_open
    session.add(document)
    state = "opened" if proposals_open else "closed"
    event = audit.record(
        session=session,
        subject=Subject(document_id),
        actor=actor,
        action="phase",
        summary=f"{state} the proposal phase",
    )
    return change.commit(session=session, kind="phase", document_id=document_id, events=[event])


def edit_text(*, session: Session, actor: Actor, paragraph_id: int, text: str, base_version: int) -> Change:
    """The chair's own text for a paragraph: wording replaced as typed, recorded as chair's text."""
    permissions.require_chair(actor, "edit a paragraph directly")
    check_length(text)
    target = paragraph_target(session=session, paragraph_id=paragraph_id)
    text_checks.wording(text, field="text", existing=target.paragraph.text)
    if base_version != target.paragraph.version:
        raise stale(target, f"the paragraph is at version {target.paragraph.version}, not {base_version}")
    before_sets = _referenced_sets(target)
    try:
        content = chair_edit(target.tree(), text, reading_of(target.document))
    except AmendmentError as error:
        raise Invalid(f"text: {error}") from error
    before = target.paragraph.text
    store_content(
        session=session, target=target, content=content, author=Author(actor.account_id, actor.delegation_id, "chair")
    )
    removed = []
    for set_id in before_sets - _referenced_sets(target):
        row = target.contents.sets[set_id]
        if row.state == SetState.open:
            row.state = SetState.removed
            session.add(row)
            removed.append(set_id)
    event = audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id),
        actor=actor,
        action="chair_text",
        summary="chair's text",
        before=before,
        after=target.paragraph.text,
    )
    return _commit(session, "chair_text", target, [event], sorted(removed))


def _chosen(target: Target, bracket_set_id: int, alternative_id: int | None, text: str) -> str:
    """What a resolution put in the text, in words: the alternative's, the compromise's, or none."""
    if alternative_id is None:
        return f"the compromise {references.quote(text)}" if text.strip() else "no text (the passage is deleted)"
    row = next(a for a in target.contents.alternatives[bracket_set_id] if a.id == alternative_id)
    words = render_inlines(target.contents.tree_of_alternative(row))
    return f"the alternative {references.quote(words)}"


def _require_nothing_open(session: Session, target: Target, status: str) -> None:
    """An agreed paragraph has nothing left to decide: no open set, no unfilled placeholder."""
    tree = target.tree()
    sets = sorted(s.key for s in bracket_sets_in(tree) if s.key is not None)
    holes = [node.text for node in placeholders_in(tree)]
    if not sets and not holes:
        return
    parts = [references.set_number(session=session, bracket_set=target.contents.sets[i]) for i in sets]
    parts += [f"the placeholder [{text}]" for text in holes]
    raise Conflict(
        f"{_name(session, target)} cannot be marked {STATUS_WORDS.get(status, status)}: "
        f"{', '.join(parts)} {'is' if len(parts) == 1 else 'are'} still open; resolve or fill them first"
    )


def _name(session: Session, target: Target) -> str:
    return references.paragraph_reference(session=session, paragraph=target.paragraph)


def _require_plain(text: str, field: str) -> None:
    text_checks.wording(text, field=field)
    try:
        content = parse_body(text) if text else ()
    except AmendmentError as error:
        raise Invalid(f"{field}: {error}") from error
    if any(not isinstance(node, Text) for node in content):
        raise Invalid(f"{field}: use plain wording without brackets here; edit the paragraph to add bracket sets")


def _referenced_sets(target: Target) -> set[int]:
    found: set[int] = set()
    stack: list[Any] = list(json.loads(target.paragraph.content))
    while stack:
        item = stack.pop()
        if "s" in item:
            found.add(item["s"])
            for alternative in target.contents.alternatives[item["s"]]:
                stack.extend(json.loads(alternative.content))
        elif "f" in item:
            stack.extend(item["f"][2])
    return found


def _referenced(target: Target, bracket_set_id: int) -> bool:
    return bracket_set_id in _referenced_sets(target)


def _record(
    session: Session, target: Target, actor: Actor, row: BracketSetRow, action: str, summary: str, before: str
) -> Event:
    return audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id, row.id),
        actor=actor,
        action=action,
        summary=summary,
        before=before,
        after=target.paragraph.text,
    )


def _commit(
    session: Session, kind: ChangeKind, target: Target, events: list[Event], bracket_set_ids: list[int] | None = None
) -> Change:
    return change.commit(
        session=session,
        kind=kind,
        document_id=target.document_id,
        events=events,
        paragraphs=[target.paragraph],
        bracket_set_ids=bracket_set_ids or [],
    )
