"""Block sets: bracket sets whose alternatives are runs of whole paragraphs (a block bracket, labelled options).

The paragraphs stay paragraphs, each with its own inline sets, amendable on its own; the block set is a bracket
set row (`scope` `bracket` or `options`) anchored on its first paragraph, whose alternatives name the paragraphs
they span. Delegations take positions on its alternatives as on any. The chair resolves it: the chosen
alternative's paragraphs stay (without the block bracket's `[` and `]`, or the option's label), the others leave
the text (retired, with their own sets dropped).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Protocol, cast

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app import domain
from app.domain.blocks import strip_option_label, without_closing, without_opening, without_option_label
from app.models import AlternativeRow, AlternativeState, BracketSetRow, Paragraph, SetState
from app.models._time import utcnow
from app.services import references, rows
from app.services.accounts.auth import Actor
from app.services.errors import Conflict, Invalid
from app.services.negotiation import audit, change, structure
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.content import Author, Contents
from app.services.negotiation.editing import Target, new_version

SCOPES = ("bracket", "options")
_EXCERPT = 90


class Spanned(Protocol):
    """A stored paragraph as a block set's alternative names it (a `Paragraph`, or one an import just wrote)."""

    @property
    def id(self) -> int | None: ...
    @property
    def label(self) -> str | None: ...
    @property
    def text(self) -> str: ...


def store(
    *,
    session: Session,
    document_id: int,
    paragraphs: Sequence[Spanned],
    blocks: Sequence[domain.BlockSet],
    author: Author,
) -> list[int]:
    """Rows for the block sets of a parsed text whose paragraphs (in the parse's order) are stored; their ids
    (the sets in one executemany, then their alternatives in another: the same ids as one row at a time)."""
    session.flush()
    if not blocks:
        return []
    sets = [
        {
            "document_id": document_id,
            "paragraph_id": paragraphs[block.first].id,
            "state": SetState.open.value,
            "origin": author.origin,
            "scope": block.kind,
            "created_at": utcnow(),
            "created_by_account_id": author.account_id,
            "created_by_delegation_id": author.delegation_id,
        }
        for block in blocks
    ]
    created = rows.inserted(session, BracketSetRow, sets)
    alternatives = [
        {
            "bracket_set_id": set_id,
            "position": position,
            "separator": "",
            "content": json.dumps([{"t": _summary(alternative.label, spanned)}], ensure_ascii=False),
            "original": False,
            "state": AlternativeState.live.value,
            "first_paragraph_id": spanned[0].id,
            "last_paragraph_id": spanned[-1].id,
            "created_at": utcnow(),
            "created_by_account_id": author.account_id,
            "created_by_delegation_id": author.delegation_id,
        }
        for set_id, block in zip(created, blocks, strict=True)
        for position, alternative in enumerate(block.alternatives)
        for spanned in [paragraphs[alternative.first : alternative.last + 1]]
    ]
    rows.insert_all(session, AlternativeRow, alternatives)
    return created


def _summary(label: str, spanned: Sequence[Spanned]) -> str:
    """What an alternative of a block set says, in a line: its label, its size and its first words (the label
    and Markdown emphasis left out)."""
    text = " ".join(f"{p.label or ''} {p.text}" for p in spanned[:3])
    words = " ".join(strip_option_label(text).replace("**", "").replace("__", "").split())
    excerpt = words if len(words) <= _EXCERPT else words[:_EXCERPT].rsplit(" ", 1)[0] + "…"
    size = f"{len(spanned)} paragraphs" if len(spanned) > 1 else "1 paragraph"
    return f"{label + ', ' if label else ''}{size}: {excerpt or 'no text'}"


def spanned(*, session: Session, alternative: AlternativeRow) -> list[Paragraph]:
    """The live paragraphs an alternative of a block set spans now, in order."""
    if alternative.first_paragraph_id is None or alternative.last_paragraph_id is None:
        return []
    first = _live(session, alternative.first_paragraph_id)
    last = _live(session, alternative.last_paragraph_id)
    if first is None or last is None:
        return []
    return list(
        session.exec(
            select(Paragraph)
            .where(
                Paragraph.document_id == first.document_id,
                col(Paragraph.retired_at).is_(None),
                col(Paragraph.position) >= first.position,
                col(Paragraph.position) <= last.position,
            )
            .order_by(col(Paragraph.position))
        )
    )


def _live(session: Session, paragraph_id: int) -> Paragraph | None:
    """The paragraph, or the one it was merged into (and so on) if it left the text that way; None if deleted."""
    paragraph = session.get(Paragraph, paragraph_id)
    seen: set[int] = set()
    while paragraph is not None and paragraph.retired_at is not None and paragraph.merged_into_id not in seen:
        if paragraph.merged_into_id is None:
            return None
        seen.add(paragraph.merged_into_id)
        paragraph = session.get(Paragraph, paragraph.merged_into_id)
    return paragraph if paragraph is not None and paragraph.retired_at is None else None


def resolve(
    *,
    session: Session,
    actor: Actor,
    target: Target,
    row: BracketSetRow,
    alternative_id: int | None,
    text: str | None,
) -> Change:
    """Resolve a block set: keep one alternative's paragraphs (or none, with `text` ""), the others leave."""
    assert row.id is not None
    if text is not None and text != "":
        raise Invalid(
            "text: a set over whole paragraphs is resolved by choosing one of its alternatives, or with no text "
            '(text "") to take all its paragraphs out; to reword a paragraph, edit that paragraph'
        )
    alternatives = [a for a in target.contents.alternatives[row.id] if a.state == AlternativeState.live]
    chosen = next((a for a in alternatives if a.id == alternative_id), None)
    if alternative_id is not None and chosen is None:
        raise Invalid(f"alternative_id: {alternative_id} is not a live alternative of this set")
    where = references.set_reference(session=session, bracket_set=row, paragraph=target.paragraph)
    runs = {a.id: spanned(session=session, alternative=a) for a in alternatives}
    kept = runs.get(chosen.id, []) if chosen is not None else []
    if chosen is not None and not kept:
        raise Conflict(f"{where}: the paragraphs of the chosen alternative are no longer in the text")
    author = Author(actor.account_id, actor.delegation_id, "chair")
    touched: list[Paragraph] = []
    if kept:
        touched += _accept(session, row.scope, kept, author)
    leaving = {p.id: p for run in runs.values() for p in run if p.id not in {k.id for k in kept}}
    for paragraph in sorted(leaving.values(), key=lambda p: p.position):
        if paragraph.retired_at is None:
            structure.retire(session=session, paragraph=paragraph)
            touched.append(paragraph)
    row.state = SetState.resolved
    row.resolution_alternative_id = alternative_id
    row.resolution_text = None if chosen is not None else ""
    row.resolved_at, row.resolved_by_account_id = datetime.now(UTC), actor.account_id
    session.add(row)
    outcome = f"kept {_words(chosen)}" if chosen is not None else "no text (its paragraphs are taken out)"
    event = audit.record(
        session=session,
        subject=Subject(target.document_id, target.paragraph_id, row.id),
        actor=actor,
        action="resolved",
        summary=f"resolved {where}: {outcome}; {len(leaving)} paragraph(s) left the text",
    )
    return change.commit(
        session=session,
        kind="resolution",
        document_id=target.document_id,
        events=[event],
        paragraphs=touched,
        bracket_set_ids=[row.id],
    )


def _words(alternative: AlternativeRow | None) -> str:
    if alternative is None:
        return "nothing"
    items = json.loads(alternative.content)
    return references.quote(items[0]["t"] if items and "t" in items[0] else "")


def _accept(session: Session, scope: str, kept: list[Paragraph], author: Author) -> list[Paragraph]:
    """The chosen paragraphs without the block's marks: the bracket's `[` and `]`, or the option's label (a
    paragraph holding only the label, or `No text`, leaves the text)."""
    touched: list[Paragraph] = []
    first, last = kept[0], kept[-1]
    assert first.id is not None and last.id is not None
    contents = Contents(session, first.document_id, [first.id, last.id])
    if scope == "bracket":
        _restore(session, contents, first, without_opening(contents.tree(first.content)), author)
        _restore(session, contents, last, without_closing(contents.tree(last.content)), author)
        touched += [first, last] if first.id != last.id else [first]
        return touched
    remaining = without_option_label(contents.tree(first.content))
    if remaining is None:
        structure.retire(session=session, paragraph=first)
    else:
        _restore(session, contents, first, remaining, author)
    return [first]


def _restore(
    session: Session, contents: Contents, paragraph: Paragraph, content: tuple[domain.Inline, ...], author: Author
) -> None:
    before = paragraph.text
    if domain.render_inlines(content) == before:
        return
    contents.store(paragraph, content, author)
    new_version(session=session, paragraph=paragraph, before=before)


def open_alternatives(
    *, session: Session, document_id: int, beginning_with: Collection[int] | None = None
) -> list[tuple[AlternativeRow, BracketSetRow]]:
    """The live alternatives of the document's open sets over whole paragraphs, with their sets, in order (only
    those that begin with one of the paragraphs `beginning_with`, when given)."""
    query = _OPEN_ALTERNATIVES[beginning_with is not None]
    params = {"document_id": document_id, "paragraph_ids": list(beginning_with or ())}
    return [(alternative, row) for alternative, row in session.exec(query, params=params)]


class OpenAlternative(Protocol):
    """A live alternative of an open set over whole paragraphs as a reader needs it (`open_alternative_rows`)."""

    id: int
    bracket_set_id: int
    first_paragraph_id: int | None
    last_paragraph_id: int | None
    content: str
    scope: str  # its set's


def open_alternative_rows(
    *, session: Session, document_id: int, beginning_with: Collection[int] | None = None
) -> list[OpenAlternative]:
    """As `open_alternatives`, as plain rows of the columns a reader needs (a tenfold Geneva has 5,690 such
    alternatives: as ORM objects with their sets, 15 MB for the length of a page)."""
    query = _OPEN_ALTERNATIVE_ROWS[beginning_with is not None]
    params = {"document_id": document_id, "paragraph_ids": list(beginning_with or ())}
    return cast(list[OpenAlternative], list(session.execute(query, params)))


def live_alternative_ids(*, session: Session, bracket_set_ids: Collection[int]) -> dict[int, list[int]]:
    """The ids of the live alternatives of these sets, in order, by set."""
    found: dict[int, list[int]] = {set_id: [] for set_id in bracket_set_ids}
    for set_id, alternative_id in session.exec(_LIVE_ALTERNATIVE_IDS, params={"set_ids": list(bracket_set_ids)}):
        if alternative_id is not None:
            found[set_id].append(alternative_id)
    return found


def _open_alternatives_query(*, beginning_with: bool) -> Select[AlternativeRow, BracketSetRow]:
    query = (
        select(AlternativeRow, BracketSetRow)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .where(
            BracketSetRow.document_id == bindparam("document_id"),
            col(BracketSetRow.scope).in_(SCOPES),
            BracketSetRow.state == SetState.open,
            AlternativeRow.state == AlternativeState.live,
        )
        .order_by(col(AlternativeRow.bracket_set_id), col(AlternativeRow.position))
    )
    if beginning_with:
        query = query.where(col(AlternativeRow.first_paragraph_id).in_(bindparam("paragraph_ids", expanding=True)))
    return query


# Built once: building a statement and its cache key costs SQLAlchemy more than running it.
_OPEN_ALTERNATIVES = {
    beginning_with: _open_alternatives_query(beginning_with=beginning_with) for beginning_with in (False, True)
}
_OPEN_ALTERNATIVE_ROWS = {
    beginning_with: query.with_only_columns(
        col(AlternativeRow.id),
        col(AlternativeRow.bracket_set_id),
        col(AlternativeRow.first_paragraph_id),
        col(AlternativeRow.last_paragraph_id),
        col(AlternativeRow.content),
        col(BracketSetRow.scope),
    )
    for beginning_with, query in _OPEN_ALTERNATIVES.items()
}
_LIVE_ALTERNATIVE_IDS = (
    select(AlternativeRow.bracket_set_id, AlternativeRow.id)
    .where(
        col(AlternativeRow.bracket_set_id).in_(bindparam("set_ids", expanding=True)),
        AlternativeRow.state == AlternativeState.live,
    )
    .order_by(col(AlternativeRow.bracket_set_id), col(AlternativeRow.position))
)


def open_blocks(*, session: Session, document_id: int, order: Sequence[int]) -> tuple[domain.BlockSet, ...]:
    """The open sets over whole paragraphs of the live text whose paragraphs are `order` (ids, in order)."""
    places = {paragraph_id: index for index, paragraph_id in enumerate(order)}
    found: dict[int, tuple[BracketSetRow, list[domain.BlockAlternative]]] = {}
    for alternative, row in open_alternatives(session=session, document_id=document_id):
        first, last = places.get(alternative.first_paragraph_id or 0), places.get(alternative.last_paragraph_id or 0)
        if first is None or last is None or row.id is None:
            continue
        found.setdefault(row.id, (row, []))[1].append(domain.BlockAlternative(first, last))
    blocks = [
        domain.BlockSet("options" if row.scope == "options" else "bracket", tuple(alternatives), key=row.id)
        for row, alternatives in found.values()
        if alternatives
    ]
    return tuple(sorted(blocks, key=lambda block: (block.first, -block.last)))
