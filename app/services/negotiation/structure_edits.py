"""The chair edits the document's structure: insert, delete, split, merge, move and relabel paragraphs.

Structure is the chair's, as the chair's own text is (`permissions.require_chair`): the chair reshapes the text
in the room, while the secretariat brings in a whole next version by importing it. Each edit is one audit event
(`audit.STRUCTURE_ACTIONS`) whose `after` is the JSON record that `structure_undo.undo` reads to reverse it; a
paragraph whose text the edit changed also gets a `structure_text` event (its text before and after), so the
redline credits those words to the chair. Paragraphs never vanish: a deleted or merged one is retired
(`structure.retire`), with its sets, positions and history.

A document's text is its paragraphs' `prefix + text + trailing` one after the other, so the line break that ends
each paragraph moves with it; `fix_ends` keeps every paragraph but the last ending in a line break, and the last
ending as the document's last did, and the record keeps every trailing it changed.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal, cast

from sqlmodel import Session, col, select

from app import domain
from app.domain.labels import paragraph_kind
from app.domain.reshape import ReshapeError, join_content, label_prefix, split_content
from app.models import BracketSetRow, Document, Event, Paragraph, PlaceholderRow
from app.services import permissions, references, text_checks
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.errors import Conflict, Invalid, NotFound, StaleVersion
from app.services.negotiation import audit, change, structure
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.content import Author, Contents
from app.services.negotiation.editing import Target, check_length, new_version, paragraph_target, stale

Where = Literal["before", "after"]
Record = dict[str, Any]


def insert(*, session: Session, actor: Actor, paragraph_id: int, where: Where, text: str) -> Change:
    """A new paragraph before or after this one, its text read as the document's import read its own."""
    target = _start(session, actor, paragraph_id, None)
    anchor, document = target.paragraph, target.document
    node = _parsed_paragraph(document, text)
    live = _live(session, target)
    ending = live[-1].trailing
    node = dataclasses.replace(node, trailing=_usual_trailing(live))
    position = anchor.position + (1 if where == "after" else 0)
    paragraph = structure.insert(
        session=session, document=document, position=position, node=node, author=_author(actor)
    )
    assert paragraph.id is not None
    trailings = fix_ends(session, target.document_id, ending)
    name = name_of(session, anchor)
    record = _record("insert", paragraph.id, [paragraph.id], trailings, texts=[paragraph])
    summary = f"inserted a paragraph {where} {name}: {references.quote(paragraph.text, 60)}"
    event = record_edit(session, actor, target.document_id, paragraph.id, "paragraph_inserted", summary, record)
    return commit_structure(session, target.document_id, [event], [paragraph, anchor])


def delete(*, session: Session, actor: Actor, paragraph_id: int, base_version: int) -> Change:
    """Take a paragraph out of the text; its open sets are dropped with it (undo brings both back)."""
    target = _start(session, actor, paragraph_id, base_version)
    paragraph = target.paragraph
    live = _live(session, target)
    if len(live) == 1:
        raise Conflict(f"{name_of(session, paragraph)} is the document's only paragraph; a document keeps one")
    index = _index(live, paragraph)
    previous = live[index - 1].id if index else None
    name = name_of(session, paragraph)
    dropped = structure.retire(session=session, paragraph=paragraph)
    trailings = fix_ends(session, target.document_id, live[-1].trailing)
    record = _record("delete", paragraph_id, [paragraph_id], trailings, position=index, after=previous, reopen=dropped)
    summary = f"deleted {name}" + (f" (its {len(dropped)} open bracket sets dropped)" if dropped else "")
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_deleted", summary, record)
    return commit_structure(session, target.document_id, [event], [], dropped)


def split(*, session: Session, actor: Actor, paragraph_id: int, offset: int, base_version: int) -> Change:
    """Cut a paragraph in two at a character of its text; the second part is a new paragraph split from it."""
    target = _start(session, actor, paragraph_id, base_version)
    first = target.paragraph
    try:
        parts = split_content(target.tree(), offset)
    except ReshapeError as error:
        raise Invalid(f"{error} ({name_of(session, first)})") from error
    live = _live(session, target)
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
        author=_author(actor),
        derived_from_id=paragraph_id,
    )
    assert second.id is not None
    sets, placeholders = _keys(parts.second)
    repoint(session, sets, placeholders, second.id)
    _store(session, target.contents, second, parts.second, actor, existing=before)
    _store(session, target.contents, first, parts.first, actor, existing=before)
    trailings = fix_ends(session, target.document_id, ending)
    record = _record(
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
    target = _start(session, actor, paragraph_id, base_version)
    first = target.paragraph
    live = _live(session, target)
    index = _index(live, first)
    if index == len(live) - 1:
        raise Conflict(f"{name_of(session, first)} is the last paragraph: there is no next paragraph to merge into it")
    second = live[index + 1]
    assert second.id is not None
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
    _store(session, contents, first, joined, actor, existing=first.text + second.text)
    first.trailing = second.trailing
    second_text = second.text
    second.content, second.text = "[]", ""  # its sets are the first one's now; its text stays in its history
    new_version(session=session, paragraph=second, before=second_text)
    structure.retire(session=session, paragraph=second, merged_into_id=paragraph_id)
    trailings = fix_ends(session, target.document_id, ending)
    record = _record(
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
    target = _start(session, actor, paragraph_id, None)
    paragraph = target.paragraph
    live = _live(session, target)
    other = next((p for p in live if p.id == other_id), None)
    if other is None:
        raise NotFound(f"paragraph {other_id} is not in the live text of this document")
    order = [p.id for p in live if p.id is not None and p.id != paragraph_id]
    order.insert(order.index(other_id) + (1 if after_id is not None else 0), paragraph_id)
    index = _index(live, paragraph)
    if order == [p.id for p in live]:
        raise Conflict(f"{name_of(session, paragraph)} is already {'before' if before_id else 'after'} that paragraph")
    previous = live[index - 1].id if index else None
    structure.reorder(session=session, document_id=target.document_id, paragraph_ids=order)
    trailings = fix_ends(session, target.document_id, live[-1].trailing)
    record = _record("move", paragraph_id, [paragraph_id], trailings, position=index, after=previous)
    where = f"{'before' if before_id is not None else 'after'} {name_of(session, other)}"
    summary = f"moved {name_of(session, paragraph)} from place {index + 1} to {where}"
    event = record_edit(session, actor, target.document_id, paragraph_id, "paragraph_moved", summary, record)
    return commit_structure(session, target.document_id, [event], [paragraph])


def move_to_place(*, session: Session, actor: Actor, paragraph_id: int, place: int) -> Change:
    """Move a paragraph to a place in the text (1 = first), as the page's form asks."""
    target = _start(session, actor, paragraph_id, None)
    live = [p for p in _live(session, target) if p.id != paragraph_id]
    if not 1 <= place <= len(live) + 1:
        raise Invalid(f"place: {place} is not a place in the text (1 to {len(live) + 1})")
    if place <= len(live):
        return move(session=session, actor=actor, paragraph_id=paragraph_id, before_id=live[place - 1].id)
    return move(session=session, actor=actor, paragraph_id=paragraph_id, after_id=live[-1].id)


def relabel(*, session: Session, actor: Actor, paragraph_id: int, label: str) -> Change:
    """Give a paragraph a new label ("3 bis.", "(c)", "OP4"), or none ("")."""
    target = _start(session, actor, paragraph_id, None)
    paragraph = target.paragraph
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
    record = _record(
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


# What the edits share; `structure_undo` uses the public ones too.


def _start(session: Session, actor: Actor, paragraph_id: int, base_version: int | None) -> Target:
    permissions.require_chair(actor, "change the document's structure")
    target = paragraph_target(session=session, paragraph_id=paragraph_id)
    if base_version is not None and base_version != target.paragraph.version:
        raise stale(target, f"the paragraph is at version {target.paragraph.version}, not {base_version}")
    return target


def _author(actor: Actor) -> Author:
    return Author(actor.account_id, actor.delegation_id, "chair")


def _live(session: Session, target: Target) -> list[Paragraph]:
    return structure.live_paragraphs(session=session, document_id=target.document_id)


def _index(live: Sequence[Paragraph], paragraph: Paragraph) -> int:
    return next(i for i, p in enumerate(live) if p.id == paragraph.id)


def name_of(session: Session, paragraph: Paragraph) -> str:
    return references.paragraph_reference(session=session, paragraph=paragraph)


def _parsed_paragraph(document: Document, text: str) -> domain.Paragraph:
    """One paragraph read from typed text with the document's syntax and layout."""
    check_length(text)
    text_checks.wording(text, field="text")
    if not text.strip():
        raise Invalid("text: type the new paragraph's text")
    syntax = documents.syntax_of(document)
    parsed = domain.parse(text.strip("\r\n"), syntax=syntax, layout=documents.layout_of(document))
    if len(parsed.paragraphs) != 1:
        raise Invalid(f"text: it reads as {len(parsed.paragraphs)} paragraphs; insert one paragraph at a time")
    if parsed.warnings:
        warning = parsed.warnings[0]
        raise Invalid(f"text: {warning.message}", line=warning.line, column=warning.column)
    node = parsed.paragraphs[0]
    if node.kind == "title":  # the parser calls a first unlabelled paragraph the title; this one is not first
        node = dataclasses.replace(node, kind=paragraph_kind(index=1, label=None, content=node.content, syntax=syntax))
    return node


def _keys(content: Iterable[domain.Inline]) -> tuple[list[int], list[int]]:
    """The ids of the bracket sets and placeholders a content holds, nested ones and footnotes' included."""
    sets: list[int] = []
    placeholders: list[int] = []
    stack = list(content)
    while stack:
        node = stack.pop()
        if isinstance(node, domain.BracketSet):
            sets += [node.key] if node.key is not None else []
            stack += [item for alternative in node.alternatives for item in alternative.content]
        elif isinstance(node, domain.Placeholder) and node.key is not None:
            placeholders.append(node.key)
        elif isinstance(node, domain.Footnote):
            stack += list(node.content)
    return sorted(sets), sorted(placeholders)


def repoint(session: Session, sets: Sequence[int], placeholders: Sequence[int], paragraph_id: int) -> None:
    """Give bracket sets and placeholders to another paragraph (their ids, alternatives and positions kept)."""
    for row in session.exec(select(BracketSetRow).where(col(BracketSetRow.id).in_(sets))) if sets else ():
        row.paragraph_id = paragraph_id
        session.add(row)
    for hole in (
        session.exec(select(PlaceholderRow).where(col(PlaceholderRow.id).in_(placeholders))) if placeholders else ()
    ):
        hole.paragraph_id = paragraph_id
        session.add(hole)
    session.flush()


def _store(
    session: Session,
    contents: Contents,
    paragraph: Paragraph,
    content: Sequence[domain.Inline],
    actor: Actor,
    *,
    existing: str,
) -> None:
    """Store reshaped content and count the paragraph's new version."""
    before = paragraph.text
    # The words were in the text already: the check of typed wording compares against them, and lets them be.
    paragraph.text = existing
    contents.store(paragraph, content, _author(actor))
    new_version(session=session, paragraph=paragraph, before=before)


def _usual_trailing(live: Sequence[Paragraph]) -> str:
    """How the document's paragraphs usually end (a line break, or a blank line in wrapped text)."""
    counts = Counter(p.trailing for p in live if p.trailing)
    return counts.most_common(1)[0][0] if counts else "\n"


def fix_ends(session: Session, document_id: int, ending: str) -> dict[str, str]:
    """Every paragraph but the last ends in a line break; the last ends as the text did. The trailings changed."""
    live = structure.live_paragraphs(session=session, document_id=document_id)
    usual = _usual_trailing(live)
    changed: dict[str, str] = {}
    for paragraph in live[:-1]:
        if not paragraph.trailing:
            changed[str(paragraph.id)] = paragraph.trailing
            paragraph.trailing = usual
            session.add(paragraph)
    last = live[-1]
    if not ending and last.trailing:
        changed[str(last.id)] = last.trailing
        last.trailing = ""
        session.add(last)
    return changed


def _record(
    op: str,
    paragraph_id: int,
    touched: list[int],
    trailings: dict[str, str],
    *,
    texts: Sequence[Paragraph] = (),
    **details: Any,
) -> Record:
    """What undo needs: the edit, the paragraphs it concerns, their versions after it, the trailings it changed."""
    return {
        "op": op,
        "paragraph": paragraph_id,
        "touched": touched,
        "texts": {str(p.id): p.version for p in texts},
        "trailings": trailings,
        **details,
    }


def record_edit(
    session: Session, actor: Actor, document_id: int, paragraph_id: int, action: str, summary: str, record: Record
) -> Event:
    return audit.record(
        session=session,
        subject=Subject(document_id, paragraph_id),
        actor=actor,
        action=action,
        summary=summary,
        after=json.dumps(record, ensure_ascii=False),
    )


def text_event(session: Session, actor: Actor, document_id: int, paragraph: Paragraph, before: str) -> Event:
    assert paragraph.id is not None
    return audit.record(
        session=session,
        subject=Subject(document_id, paragraph.id),
        actor=actor,
        action="structure_text",
        summary=f"the text of {name_of(session, paragraph)} after the structure change",
        before=before,
        after=paragraph.text,
    )


def commit_structure(
    session: Session,
    document_id: int,
    events: list[Event],
    paragraphs: Sequence[Paragraph],
    bracket_set_ids: Sequence[int] = (),
) -> Change:
    return change.commit(
        session=session,
        kind="structure",
        document_id=document_id,
        events=events,
        paragraphs=[p for p in paragraphs if p.retired_at is None],
        bracket_set_ids=bracket_set_ids,
    )
