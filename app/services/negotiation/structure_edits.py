"""The chair edits the document's structure: insert, delete, split, merge, move and relabel paragraphs.

Structure is the chair's, as the chair's own text is (`permissions.require_chair`): the chair reshapes the text
in the room, while the secretariat brings in a whole next version by importing it. Each edit is one audit event
(`audit.STRUCTURE_ACTIONS`) whose `after` is the JSON record that `structure_undo.undo` reads to reverse it; a
paragraph whose text the edit changed also gets a `structure_text` event (its text before and after), so the
redline credits those words to the chair. Paragraphs never vanish: a deleted or merged one is retired
(`structure.retire`), with its sets, positions and history.
The line ends, the records and the events are `structure_support`'s; undo is `structure_undo`'s.
"""

from __future__ import annotations

import dataclasses
from typing import Literal, cast

from sqlmodel import Session, select

from app import domain
from app.domain.reshape import ReshapeError, join_content, label_prefix, split_content
from app.models import BracketSetRow, Paragraph, PlaceholderRow
from app.services import references
from app.services.accounts.auth import Actor
from app.services.errors import Conflict, Invalid, NotFound, StaleVersion
from app.services.negotiation import structure
from app.services.negotiation.change import Change
from app.services.negotiation.content import Contents
from app.services.negotiation.editing import new_version
from app.services.negotiation.structure_support import (
    author_of,
    commit_structure,
    edit_record,
    fix_ends,
    index_of,
    keys_of,
    live_of,
    name_of,
    parsed_paragraph,
    record_edit,
    repoint,
    require_outside_blocks,
    start,
    store_reshaped,
    text_event,
    usual_trailing,
)

Where = Literal["before", "after"]


def insert(*, session: Session, actor: Actor, paragraph_id: int, where: Where, text: str) -> Change:
    """A new paragraph before or after this one, its text read as the document's import read its own."""
    target = start(session, actor, paragraph_id, None)
    anchor, document = target.paragraph, target.document
    require_outside_blocks(session, target.document_id, [paragraph_id], "paragraph_id")
    node = parsed_paragraph(document, text)
    live = live_of(session, target)
    ending = live[-1].trailing
    node = dataclasses.replace(node, trailing=usual_trailing(live))
    position = anchor.position + (1 if where == "after" else 0)
    paragraph = structure.insert(
        session=session, document=document, position=position, node=node, author=author_of(actor)
    )
    assert paragraph.id is not None
    trailings = fix_ends(session, target.document_id, ending)
    name = name_of(session, anchor)
    record = edit_record("insert", paragraph.id, [paragraph.id], trailings, texts=[paragraph])
    summary = f"inserted a paragraph {where} {name}: {references.quote(paragraph.text, 60)}"
    event = record_edit(session, actor, target.document_id, paragraph.id, "paragraph_inserted", summary, record)
    return commit_structure(session, target.document_id, [event], [paragraph, anchor])


def delete(*, session: Session, actor: Actor, paragraph_id: int, base_version: int) -> Change:
    """Take a paragraph out of the text; its open sets are dropped with it (undo brings both back)."""
    target = start(session, actor, paragraph_id, base_version)
    paragraph = target.paragraph
    require_outside_blocks(session, target.document_id, [paragraph_id], "paragraph_id")
    live = live_of(session, target)
    if len(live) == 1:
        raise Conflict(f"{name_of(session, paragraph)} is the document's only paragraph; a document keeps one")
    index = index_of(live, paragraph)
    previous = live[index - 1].id if index else None
    name = name_of(session, paragraph)
    dropped = structure.retire(session=session, paragraph=paragraph)
    trailings = fix_ends(session, target.document_id, live[-1].trailing)
    record = edit_record(
        "delete", paragraph_id, [paragraph_id], trailings, position=index, after=previous, reopen=dropped
    )
    summary = f"deleted {name}" + (f" (its {len(dropped)} open bracket sets dropped)" if dropped else "")
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_deleted", summary, record)
    return commit_structure(session, target.document_id, [event], [], dropped)


def split(*, session: Session, actor: Actor, paragraph_id: int, offset: int, base_version: int) -> Change:
    """Cut a paragraph in two at a character of its text; the second part is a new paragraph split from it."""
    target = start(session, actor, paragraph_id, base_version)
    first = target.paragraph
    require_outside_blocks(session, target.document_id, [paragraph_id], "paragraph_id")
    try:
        parts = split_content(target.tree(), offset)
    except ReshapeError as error:
        raise Invalid(f"{error} ({name_of(session, first)})") from error
    live = live_of(session, target)
    ending, before, old_content = live[-1].trailing, first.text, first.content
    label = parts.label
    node = domain.Paragraph(
        prefix=label.prefix if label else "",
        label=label.label if label else None,
        kind=label.kind if label else cast(domain.tree.ParagraphKind, first.kind),
        content=(),
        trailing=first.trailing,
    )
    second = structure.insert(
        session=session,
        document=target.document,
        position=first.position + 1,
        node=node,
        author=author_of(actor),
        derived_from_id=paragraph_id,
    )
    assert second.id is not None
    sets, placeholders = keys_of(parts.second)
    repoint(session, sets, placeholders, second.id)
    store_reshaped(session, target.contents, second, parts.second, actor, existing=before)
    store_reshaped(session, target.contents, first, parts.first, actor, existing=before)
    trailings = fix_ends(session, target.document_id, ending)
    record = edit_record(
        "split",
        paragraph_id,
        [paragraph_id, second.id],
        trailings,
        texts=[first, second],
        new=second.id,
        offset=offset,
        content=old_content,
        sets=sets,
        placeholders=placeholders,
    )
    summary = f"split {name_of(session, first)} at character {offset}: {name_of(session, second)} is the second part"
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_split", summary, record)
    rewritten = text_event(session, actor, target.document_id, first, before)
    return commit_structure(session, target.document_id, [event, rewritten], [first, second], sets)


def merge(
    *, session: Session, actor: Actor, paragraph_id: int, base_version: int, next_version: int | None = None
) -> Change:
    """Join the next paragraph to the end of this one; the next one is retired, merged into this one."""
    target = start(session, actor, paragraph_id, base_version)
    first = target.paragraph
    live = live_of(session, target)
    index = index_of(live, first)
    if index == len(live) - 1:
        raise Conflict(f"{name_of(session, first)} is the last paragraph: there is no next paragraph to merge into it")
    second = live[index + 1]
    assert second.id is not None
    require_outside_blocks(session, target.document_id, [paragraph_id, second.id], "paragraph_id")
    if next_version is not None and next_version != second.version:
        raise StaleVersion(
            f"next_version: the next paragraph is at version {second.version}, not {next_version}; reload it",
            current_text=second.text,
            current_version=second.version,
        )
    contents = Contents(session, target.document_id, [paragraph_id, second.id])
    joined = join_content(contents.tree(first.content), contents.tree(second.content))
    ending, before, second_name = live[-1].trailing, first.text, name_of(session, second)
    old = {"content": first.content, "trailing": first.trailing, "merged_content": second.content}
    sets = list(session.exec(select(BracketSetRow.id).where(BracketSetRow.paragraph_id == second.id)))
    holes = list(session.exec(select(PlaceholderRow.id).where(PlaceholderRow.paragraph_id == second.id)))
    set_ids = [i for i in sets if i is not None]
    placeholder_ids = [i for i in holes if i is not None]
    repoint(session, set_ids, placeholder_ids, paragraph_id)
    store_reshaped(session, contents, first, joined, actor, existing=first.text + second.text)
    first.trailing = second.trailing
    second_text = second.text
    second.content, second.text = "[]", ""  # its sets are the first one's now; its text stays in its history
    new_version(session=session, paragraph=second, before=second_text)
    structure.retire(session=session, paragraph=second, merged_into_id=paragraph_id)
    trailings = fix_ends(session, target.document_id, ending)
    record = edit_record(
        "merge",
        paragraph_id,
        [paragraph_id, second.id],
        trailings,
        texts=[first],
        merged=second.id,
        sets=set_ids,
        placeholders=placeholder_ids,
        **old,
    )
    summary = f"merged {second_name} into {name_of(session, first)}"
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_merged", summary, record)
    rewritten = text_event(session, actor, target.document_id, first, before)
    return commit_structure(session, target.document_id, [event, rewritten], [first], set_ids)


def move(
    *,
    session: Session,
    actor: Actor,
    paragraph_id: int,
    before_id: int | None = None,
    after_id: int | None = None,
) -> Change:
    """Put a paragraph just before or just after another one."""
    if (before_id is None) == (after_id is None):
        raise Invalid("give either before_id or after_id: the paragraph to move it next to")
    other_id = before_id if before_id is not None else after_id
    assert other_id is not None
    if other_id == paragraph_id:
        raise Invalid(f"{'before_id' if before_id is not None else 'after_id'}: a paragraph cannot move next to itself")
    target = start(session, actor, paragraph_id, None)
    paragraph = target.paragraph
    live = live_of(session, target)
    other = next((p for p in live if p.id == other_id), None)
    if other is None:
        raise NotFound(f"paragraph {other_id} is not in the live text of this document")
    require_outside_blocks(session, target.document_id, [paragraph_id, other_id], "paragraph_id")
    order = [p.id for p in live if p.id is not None and p.id != paragraph_id]
    order.insert(order.index(other_id) + (1 if after_id is not None else 0), paragraph_id)
    index = index_of(live, paragraph)
    if order == [p.id for p in live]:
        raise Conflict(f"{name_of(session, paragraph)} is already {'before' if before_id else 'after'} that paragraph")
    previous = live[index - 1].id if index else None
    structure.reorder(session=session, document_id=target.document_id, paragraph_ids=order)
    trailings = fix_ends(session, target.document_id, live[-1].trailing)
    record = edit_record("move", paragraph_id, [paragraph_id], trailings, position=index, after=previous)
    where = f"{'before' if before_id is not None else 'after'} {name_of(session, other)}"
    summary = f"moved {name_of(session, paragraph)} from place {index + 1} to {where}"
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_moved", summary, record)
    return commit_structure(session, target.document_id, [event], [paragraph])


def move_to_place(*, session: Session, actor: Actor, paragraph_id: int, place: int) -> Change:
    """Move a paragraph to a place in the text (1 = first), as the page's form asks."""
    target = start(session, actor, paragraph_id, None)
    live = [p for p in live_of(session, target) if p.id != paragraph_id]
    if not 1 <= place <= len(live) + 1:
        raise Invalid(f"place: {place} is not a place in the text (1 to {len(live) + 1})")
    if place <= len(live):
        return move(session=session, actor=actor, paragraph_id=paragraph_id, before_id=live[place - 1].id)
    return move(session=session, actor=actor, paragraph_id=paragraph_id, after_id=live[-1].id)


def relabel(*, session: Session, actor: Actor, paragraph_id: int, label: str) -> Change:
    """Give a paragraph a new label ("3 bis.", "(c)", "OP4"), or none ("")."""
    target = start(session, actor, paragraph_id, None)
    paragraph = target.paragraph
    require_outside_blocks(session, target.document_id, [paragraph_id], "paragraph_id")
    if len(label) > 40:
        raise Invalid("label: at most 40 characters")
    try:
        found = label_prefix(label, paragraph.prefix, paragraph.label)
    except ReshapeError as error:
        raise Invalid(str(error)) from error
    indent = paragraph.prefix[: len(paragraph.prefix) - len(paragraph.prefix.lstrip())]
    prefix = indent + found.prefix if found else indent
    if prefix == paragraph.prefix:
        raise Conflict(f"{name_of(session, paragraph)} already has that label")
    old_name = name_of(session, paragraph)
    record = edit_record(
        "relabel", paragraph_id, [paragraph_id], {}, prefix=paragraph.prefix, label=paragraph.label, kind=paragraph.kind
    )
    paragraph.prefix, paragraph.label = prefix, found.label if found else None
    if found and paragraph.kind in ("preambular", "operative", "heading", "text"):
        paragraph.kind = found.kind
    session.add(paragraph)
    summary = f"relabelled {old_name} as {label.strip() or 'no label'}"
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_relabelled", summary, record)
    return commit_structure(session, target.document_id, [event], [paragraph])


def offset_of(*, session: Session, paragraph_id: int, words: str) -> int:
    """Where in a paragraph's text the words start (for "split before these words"); they must occur once."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None:
        raise NotFound(f"there is no paragraph {paragraph_id}")
    words = words.strip()
    if not words:
        raise Invalid("words: type the words the second paragraph starts with")
    count = paragraph.text.count(words)
    if count != 1:
        found = "do not occur" if not count else f"occur {count} times"
        raise Invalid(f"words: {references.quote(words, 40)} {found} in the paragraph; type words that occur once")
    return paragraph.text.index(words)
