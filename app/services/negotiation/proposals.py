"""Delegations propose wording: by editing a paragraph, or by adding an alternative to a bracket set."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session

from app.domain import Alternative, BracketSet, Inline, bracket_sets_in, render_inlines
from app.domain.amend import AmendmentError, RestructureError, amend, chair_edit, parse_body
from app.domain.diff import apply_patch, make_patch
from app.domain.selection import SelectionError, selection_edit
from app.models import Event, Position, Stance
from app.services import permissions, references, text_checks
from app.services.accounts.auth import Actor
from app.services.documents.catalog import reading_of
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.negotiation import audit, change, comments, typography
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.content import Author, Stored
from app.services.negotiation.editing import (
    Target,
    check_length,
    paragraph_target,
    paragraph_view,
    set_target,
    stale,
    store_content,
    version_text,
)


def propose_amendment(
    *,
    session: Session,
    actor: Actor,
    paragraph_id: int,
    text: str,
    base_version: int,
    on_behalf_of: str | None,
    accept_typography: bool = False,
    reason: str | None = None,
) -> Change:
    """Turn the paragraph as the delegation wants it into bracket sets sponsored by that delegation (and why)."""
    delegation_id = permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    check_length(text)
    reason = comments.check_reason(reason)
    target = paragraph_target(session=session, paragraph_id=paragraph_id)
    text_checks.wording(text, field="text", existing=target.paragraph.text)
    permissions.require_open_for_proposals(target.document, target.paragraph)
    text, rebased = _rebase(session=session, target=target, text=text, base_version=base_version)
    current = target.tree()
    try:
        content = amend(current, text, reading_of(target.document))
    except RestructureError as error:
        if rebased:
            raise stale(target, f"since version {base_version}, {error}") from error
        raise Forbidden(str(error)) from error
    except AmendmentError as error:
        raise Invalid(f"text: {error}") from error
    if content == current:
        raise Invalid("text: it is the paragraph's current text; there is nothing to propose")
    typography.check(content, accept=accept_typography)
    return _store_proposal(session, actor, delegation_id, target, current, content, rebased=rebased, reason=reason)


def add_alternative(
    *,
    session: Session,
    actor: Actor,
    bracket_set_id: int,
    text: str,
    on_behalf_of: str | None,
    accept_typography: bool = False,
    reason: str | None = None,
) -> Change:
    """Add a competing wording to an open bracket set (and say why)."""
    delegation_id = permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    check_length(text)
    reason = comments.check_reason(reason)
    text_checks.wording(text, field="text")
    target, row = set_target(session=session, bracket_set_id=bracket_set_id)
    permissions.require_open_for_proposals(target.document, target.paragraph)
    if row.state != "open":
        raise Conflict(f"bracket set {bracket_set_id} is {row.state}; alternatives are added to open sets only")
    try:
        typed = parse_body(text, paragraph=False, reading=reading_of(target.document))
    except AmendmentError as error:
        raise Invalid(f"text: {error}") from error
    current = target.tree()
    live = [
        render_inlines(a.content)
        for node in bracket_sets_in(current)
        if node.key == bracket_set_id
        for a in node.alternatives
    ]
    if render_inlines(typed) in live:
        raise Conflict("this wording is already an alternative of the set; support it instead")
    content = _with_alternative(current, bracket_set_id, typed)
    typography.check(content, accept=accept_typography)
    return _store_proposal(session, actor, delegation_id, target, current, content, rebased=False, reason=reason)


def _store_proposal(
    session: Session,
    actor: Actor,
    delegation_id: int,
    target: Target,
    before: tuple[Inline, ...],
    content: tuple[Inline, ...],
    *,
    rebased: bool,
    reason: str | None = None,
) -> Change:
    """Store the new content, sponsor what it adds for the delegation, record it (and its reason), commit once."""
    author = Author(actor.account_id, delegation_id, "amendment")
    stored = store_content(session=session, target=target, content=content, author=author)
    _sponsor(session=session, actor=actor, delegation_id=delegation_id, stored=stored)
    stored_tree = target.tree()  # the new content with every node's row id
    events = _record(
        session=session,
        target=target,
        actor=actor,
        delegation_id=delegation_id,
        stored=stored,
        before=before,
        tree=stored_tree,
    )
    if reason is not None:
        events += comments.justify(
            session=session,
            actor=actor,
            delegation_id=delegation_id,
            paragraph=target.paragraph,
            proposed=_proposed(target, stored),
            reason=reason,
        )
    return change.commit(
        session=session,
        kind="proposal",
        document_id=target.document_id,
        events=events,
        paragraphs=[target.paragraph],
        bracket_set_ids=[*stored.new_sets, *stored.changed_sets],
        alternative_ids=stored.new_alternatives,
        new_sets=stored.new_sets,
        changed_sets=stored.changed_sets,
        rebased=rebased,
        written=target.contents.written(target.paragraph, stored_tree),
    )


def _rebase(*, session: Session, target: Target, text: str, base_version: int) -> tuple[str, bool]:
    """The proposal re-applied to the current text when it was made against an older version."""
    current_version = target.paragraph.version
    if base_version == current_version:
        return text, False
    base = version_text(session=session, paragraph_id=target.paragraph_id, version=base_version)
    if base_version > current_version or base is None:
        raise Invalid(f"base_version: paragraph {target.paragraph_id} has no version {base_version}")
    patched = apply_patch(make_patch(base, text), target.paragraph.text)
    if patched is None:
        raise stale(target, f"the paragraph changed since version {base_version} where this proposal touches it")
    return patched, True


def _sponsor(*, session: Session, actor: Actor, delegation_id: int, stored: Stored) -> None:
    for alternative_id in stored.new_alternatives:
        session.add(
            Position(
                alternative_id=alternative_id,
                delegation_id=delegation_id,
                stance=Stance.proposes,
                account_id=actor.account_id,
                acting_delegation_id=actor.delegation_id,
            )
        )


def _record(
    *,
    session: Session,
    target: Target,
    actor: Actor,
    delegation_id: int,
    stored: Stored,
    before: tuple[Inline, ...],
    tree: tuple[Inline, ...],
) -> list[Event]:
    """One event per new bracket set and per new alternative of an existing set (`tree`: the stored content)."""
    sets = {node.key: node for node in bracket_sets_in(tree)}
    alternatives = {a.key: a for node in sets.values() for a in node.alternatives}

    def words(alternative_id: int) -> str:
        alternative = alternatives.get(alternative_id)
        return render_inlines(alternative.content) if alternative is not None else ""

    paragraph = references.paragraph_reference(session=session, paragraph=target.paragraph)

    def where(set_id: int) -> str:
        return references.set_reference(
            session=session,
            bracket_set=target.contents.sets[set_id],
            where=paragraph,
            siblings=target.contents.sets.values(),  # every set of the paragraph, the new ones included
        )

    happenings = [
        (
            Subject(target.document_id, target.paragraph_id, set_id),
            "set_proposed",
            f"proposed {where(set_id)}: {render_inlines((sets[set_id],))}",
        )
        for set_id in stored.new_sets
    ] + [
        (
            Subject(target.document_id, target.paragraph_id, set_id, alternative_id),
            "alternative_proposed",
            f"proposed the alternative {references.quote(words(alternative_id))} in {where(set_id)}",
        )
        for set_id in stored.changed_sets
        for alternative_id in _new_in_set(target, set_id, stored)
    ]
    return [
        audit.record(
            session=session,
            subject=subject,
            actor=actor,
            action=action,
            delegation_id=delegation_id,
            summary=summary,
            before=render_inlines(before),
            after=target.paragraph.text,
        )
        for subject, action, summary in happenings
    ]


def _proposed(target: Target, stored: Stored) -> list[tuple[int, int | None]]:
    """(set, alternative) for each set a proposal created (the set as a whole) or extended (each new wording)."""
    created: list[tuple[int, int | None]] = [(set_id, None) for set_id in stored.new_sets]
    extended = [(s, a) for s in stored.changed_sets for a in _new_in_set(target, s, stored)]
    return created + extended


def _new_in_set(target: Target, set_id: int, stored: Stored) -> list[int]:
    return [a.id for a in target.contents.alternatives[set_id] if a.id in stored.new_alternatives and a.id]


def _with_alternative(content: tuple[Inline, ...], set_id: int, typed: tuple[Inline, ...]) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for node in content:
        if isinstance(node, BracketSet):
            alternatives = tuple(
                replace(a, content=_with_alternative(a.content, set_id, typed)) for a in node.alternatives
            )
            if node.key == set_id:
                node = replace(
                    node, alternatives=(*alternatives, Alternative(typed)), separators=(*node.separators, " ")
                )
            else:
                node = replace(node, alternatives=alternatives)
        result.append(node)
    return tuple(result)


@dataclass(frozen=True, slots=True)
class Preview:
    """What an edit would make of a paragraph, before it is proposed."""

    content: tuple[Inline, ...] = ()
    error: str | None = None
    unchanged: bool = False
    new_sets: int = 0
    new_alternatives: int = 0

    @property
    def summary(self) -> str:
        """One line saying what the proposal would create."""
        parts = []
        if self.new_sets:
            parts.append(f"{self.new_sets} new bracket set{'s' if self.new_sets != 1 else ''}")
        if self.new_alternatives:
            parts.append(f"{self.new_alternatives} new alternative{'s' if self.new_alternatives != 1 else ''}")
        return ("This proposal creates " + " and ".join(parts) + ".") if parts else "The wording changes."


def preview_amendment(*, session: Session, actor: Actor, paragraph_id: int, text: str, chair: bool = False) -> Preview:
    """The bracket sets an edit would create (the same rules as the proposal itself); nothing is stored."""
    if chair:
        permissions.require_chair(actor, "edit a paragraph directly")
    else:
        permissions.acting_delegation(session=session, actor=actor, on_behalf_of=None)
    check_length(text)
    target = paragraph_view(session=session, paragraph_id=paragraph_id)
    current = target.tree()
    try:
        reading = reading_of(target.document)
        content = chair_edit(current, text, reading) if chair else amend(current, text, reading)
    except AmendmentError as error:
        return Preview(error=str(error))
    if content == current:
        return Preview(content=content, unchanged=True)
    sets = bracket_sets_in(content)
    new_sets = sum(1 for node in sets if node.key is None)
    new_alternatives = sum(1 for node in sets if node.key is not None for a in node.alternatives if a.key is None)
    return Preview(content=content, new_sets=new_sets, new_alternatives=new_alternatives)


def propose_selection(
    *,
    session: Session,
    actor: Actor,
    paragraph_id: int,
    start: int,
    end: int,
    action: str,
    text: str,
    base_version: int,
    on_behalf_of: str | None,
    accept_typography: bool = False,
    reason: str | None = None,
) -> Change:
    """A proposal on selected words: other wording, deletion or an insertion after them (and why)."""
    permissions.acting_delegation(session=session, actor=actor, on_behalf_of=on_behalf_of)
    comments.check_reason(reason)
    target = paragraph_view(session=session, paragraph_id=paragraph_id)
    if base_version != target.paragraph.version:
        raise stale(target, f"the paragraph changed since version {base_version}, where you selected the words")
    try:
        edited = selection_edit(target.tree(), start, end, action, text)
    except SelectionError as error:
        raise Invalid(str(error)) from error
    session.rollback()  # the proposal itself reads again, under the write lock
    return propose_amendment(
        session=session,
        actor=actor,
        paragraph_id=paragraph_id,
        text=edited,
        base_version=base_version,
        on_behalf_of=on_behalf_of,
        accept_typography=accept_typography,
        reason=reason,
    )
