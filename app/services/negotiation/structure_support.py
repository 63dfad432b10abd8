"""What the chair's structure edits (`structure_edits`) and their undo (`structure_undo`) share.

Loading the paragraph (the chair only, at the version the chair saw), reading a typed paragraph the way the
document was imported, handing sets and placeholders to another paragraph, storing reshaped content, keeping
the document's line ends right, and recording the edit: one event whose `after` is the record undo reads.

A document's text is its paragraphs' `prefix + text + trailing` one after the other, so the line break that ends
each paragraph moves with it; `fix_ends` keeps every paragraph but the last ending in a line break, and the last
ending as the document's last did, and the record keeps every trailing it changed.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session, col, select

from app import domain
from app.domain.labels import paragraph_kind
from app.models import BracketSetRow, Document, Event, Paragraph, PlaceholderRow
from app.services import permissions, references, text_checks
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.errors import Conflict, Invalid
from app.services.negotiation import audit, blocks, change, structure
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.content import Author, Contents
from app.services.negotiation.editing import Target, check_length, new_version, paragraph_target, stale

Record = dict[str, Any]


def start(session: Session, actor: Actor, paragraph_id: int, base_version: int | None) -> Target:
    permissions.require_chair(actor, "change the document's structure")
    target = paragraph_target(session=session, paragraph_id=paragraph_id)
    if base_version is not None and base_version != target.paragraph.version:
        raise stale(target, f"the paragraph is at version {target.paragraph.version}, not {base_version}")
    return target


def author_of(actor: Actor) -> Author:
    return Author(actor.account_id, actor.delegation_id, "chair")


def live_of(session: Session, target: Target) -> list[Paragraph]:
    return structure.live_paragraphs(session=session, document_id=target.document_id)


def index_of(live: Sequence[Paragraph], paragraph: Paragraph) -> int:
    return next(i for i, p in enumerate(live) if p.id == paragraph.id)


def name_of(session: Session, paragraph: Paragraph) -> str:
    return references.paragraph_reference(session=session, paragraph=paragraph)


def parsed_paragraph(document: Document, text: str) -> domain.Paragraph:
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


def keys_of(content: Iterable[domain.Inline]) -> tuple[list[int], list[int]]:
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


def store_reshaped(
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
    contents.store(paragraph, content, author_of(actor))
    new_version(session=session, paragraph=paragraph, before=before)


def usual_trailing(live: Sequence[Paragraph]) -> str:
    """How the document's paragraphs usually end (a line break, or a blank line in wrapped text)."""
    counts = Counter(p.trailing for p in live if p.trailing)
    return counts.most_common(1)[0][0] if counts else "\n"


def fix_ends(session: Session, document_id: int, ending: str) -> dict[str, str]:
    """Every paragraph but the last ends in a line break; the last ends as the text did. The trailings changed."""
    live = structure.live_paragraphs(session=session, document_id=document_id)
    usual = usual_trailing(live)
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


def edit_record(
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


def require_outside_blocks(session: Session, document_id: int, paragraph_ids: Iterable[int | None], what: str) -> None:
    """Refuse to reshape paragraphs that an open set over whole paragraphs spans: it names them, first to last."""
    wanted = {i for i in paragraph_ids if i is not None}
    spans = [
        (alternative.first_paragraph_id, alternative.last_paragraph_id, row.id)
        for alternative, row in blocks.open_alternatives(session=session, document_id=document_id)
    ]
    if not spans or not wanted:
        return
    order = [p.id for p in structure.live_paragraphs(session=session, document_id=document_id)]
    place = {paragraph_id: index for index, paragraph_id in enumerate(order)}
    for first, last, set_id in spans:
        if first not in place or last not in place:
            continue
        covered = set(order[place[first] : place[last] + 1])
        if covered & wanted:
            raise Conflict(
                f"{what}: the paragraph is part of bracket set {set_id}, a set over whole paragraphs; "
                "the chair resolves that set first"
            )
