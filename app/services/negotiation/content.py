"""A document's content between database rows and the domain tree.

`Paragraph.content` and `AlternativeRow.content` hold JSON lists of items: `{"t": text}`, `{"s": set id}`,
`{"p": placeholder id}`, `{"r": [number, raw]}` (footnote marker) and `{"f": [number, head, items]}` (footnote).
`Contents` loads the rows of one document in three queries and builds the live tree (resolved sets replaced by
their outcome, withdrawn alternatives left out) with row ids as node keys; `store` writes a tree back, creating
rows for the nodes that have no key yet.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import BindParameter, Select, bindparam, select
from sqlmodel import Session, SQLModel, col

from app.domain import Alternative, BracketSet, Footnote, FootnoteRef, Inline, Placeholder, Text, render_inlines
from app.models import (
    AlternativeRow,
    AlternativeState,
    BracketSetRow,
    Paragraph,
    PlaceholderRow,
    SetState,
)
from app.services import text_checks


def _select(model: type[SQLModel], read_only: bool) -> Select[Any]:
    """A query for a table's rows: as ORM objects, or (read-only) its columns as plain rows."""
    table = model.__table__  # type: ignore[attr-defined]
    return select(*table.columns) if read_only else select(model)


def encode_items(
    content: Sequence[Inline],
    *,
    set_id: Callable[[BracketSet], int | None],
    placeholder_id: Callable[[Placeholder], int | None],
) -> list[Any]:
    """A content's JSON items (as the module describes them), in reading order; each set's and placeholder's row
    id is asked of the callables as it is met (in footnotes too), so they may hand out new rows' ids in turn."""
    items: list[Any] = []
    for node in content:
        if isinstance(node, Text):
            items.append({"t": node.text})
        elif isinstance(node, BracketSet):
            items.append({"s": set_id(node)})
        elif isinstance(node, Placeholder):
            items.append({"p": placeholder_id(node)})
        elif isinstance(node, FootnoteRef):
            items.append({"r": [node.number, node.raw]})
        else:
            encoded = encode_items(node.content, set_id=set_id, placeholder_id=placeholder_id)
            items.append({"f": [node.number, node.head, encoded]})
    return items


@dataclass(frozen=True, slots=True)
class Author:
    """Who creates rows: the person and the delegation they act for (None for an import)."""

    account_id: int | None = None
    delegation_id: int | None = None
    origin: str = "imported"


@dataclass(slots=True)
class Stored:
    """What `store` created: new sets, and new alternatives (of new or existing sets) that are not original."""

    new_sets: list[int] = field(default_factory=list)
    new_alternatives: list[int] = field(default_factory=list)
    changed_sets: list[int] = field(default_factory=list)


def _row_queries(*, of_paragraphs: bool, read_only: bool) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The three queries of a document's content rows (or of some of its paragraphs'), built once: building a
    statement and its cache key costs SQLAlchemy more than running it (`:document_id`, `:paragraph_ids`)."""
    document_id: BindParameter[int] = bindparam("document_id")
    sets = _select(BracketSetRow, read_only).where(col(BracketSetRow.document_id) == document_id)
    alternatives = (
        _select(AlternativeRow, read_only)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .where(col(BracketSetRow.document_id) == document_id)
        .order_by(col(AlternativeRow.bracket_set_id), col(AlternativeRow.position))
    )
    placeholders = _select(PlaceholderRow, read_only).where(col(PlaceholderRow.document_id) == document_id)
    if of_paragraphs:
        ids: BindParameter[list[int]] = bindparam("paragraph_ids", expanding=True)
        sets = sets.where(col(BracketSetRow.paragraph_id).in_(ids))
        alternatives = alternatives.where(col(BracketSetRow.paragraph_id).in_(ids))
        placeholders = placeholders.where(col(PlaceholderRow.paragraph_id).in_(ids))
    return sets, alternatives, placeholders


# (of some paragraphs only, read-only) → the queries
_ROW_QUERIES = {
    (of_paragraphs, read_only): _row_queries(of_paragraphs=of_paragraphs, read_only=read_only)
    for of_paragraphs in (False, True)
    for read_only in (False, True)
}
# Some paragraphs' sets with their alternatives in one query, for a write (a set with none comes with None).
_SETS_AND_ALTERNATIVES = (
    select(BracketSetRow, AlternativeRow)
    .outerjoin(AlternativeRow, col(AlternativeRow.bracket_set_id) == BracketSetRow.id)
    .where(
        col(BracketSetRow.document_id) == bindparam("document_id"),
        col(BracketSetRow.paragraph_id).in_(bindparam("paragraph_ids", expanding=True)),
    )
    .order_by(col(BracketSetRow.id), col(AlternativeRow.position))
)


@dataclass(frozen=True, slots=True)
class Written:
    """A paragraph as a write left it, taken before the commit expires its rows: the paragraph's row and its
    content rows as plain values (a read-only `Contents`), so the answer is made from them without reading
    them again."""

    paragraph: Paragraph
    contents: Contents
    tree: tuple[Inline, ...]  # the paragraph's live tree, as `contents.tree(paragraph.content)` builds it


def _plain(row: SQLModel) -> Any:
    """A row's columns as plain attributes (as a read-only query gives them), copied from an ORM object (its
    loaded values straight from its `__dict__`, without the attribute machinery; any other one through it)."""
    loaded = row.__dict__
    return SimpleNamespace(
        **{key: loaded[key] if key in loaded else getattr(row, key) for key in _column_keys(type(row))}
    )


@functools.cache
def _column_keys(model: type[SQLModel]) -> tuple[str, ...]:
    return tuple(column.key for column in model.__table__.columns)  # type: ignore[attr-defined]


class Contents:
    """The content rows of one document, and the trees built from them."""

    def __init__(
        self,
        session: Session,
        document_id: int,
        paragraph_ids: Collection[int] | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        """Load the rows; `read_only` loads their columns as plain rows instead of ORM objects (a third of the
        cost of a document page), for readers that change nothing and never call `store`."""
        self.session = session
        self.document_id = document_id
        self.read_only = read_only
        # A paragraph's content refers only to rows of that paragraph.
        sets, alternatives, placeholders = _ROW_QUERIES[paragraph_ids is not None, read_only]
        params = {"document_id": document_id, "paragraph_ids": list(paragraph_ids or ())}
        self.sets: dict[int, BracketSetRow] = {}
        self.alternatives: dict[int, list[AlternativeRow]] = defaultdict(list)
        if paragraph_ids is not None and not read_only:  # a write's paragraphs: one query fewer
            for row, alternative in session.execute(_SETS_AND_ALTERNATIVES, params):
                assert row.id is not None
                self.sets[row.id] = row
                if alternative is not None:
                    self.alternatives[row.id].append(alternative)
        else:
            self.sets = {row.id: row for row in self._load(sets, params) if row.id is not None}
            for alternative in self._load(alternatives, params):
                self.alternatives[alternative.bracket_set_id].append(alternative)
        self.placeholders: dict[int, PlaceholderRow] = {
            row.id: row for row in self._load(placeholders, params) if row.id is not None
        }

    def written(self, paragraph: Paragraph, tree: tuple[Inline, ...]) -> Written:
        """The paragraph and its content rows as they stand in the session, copied as plain values: what a
        read of that paragraph after the commit would load (its sets, their alternatives in order, its
        placeholders); `tree` is its live tree, built from them."""
        copy = Contents.__new__(Contents)
        copy.session = self.session
        copy.document_id = self.document_id
        copy.read_only = True
        sets = sorted((row for row in self.sets.values() if row.paragraph_id == paragraph.id), key=_by_id)
        copy.sets = {row.id: _plain(row) for row in sets if row.id is not None}
        copy.alternatives = defaultdict(list)
        for set_id in copy.sets:
            rows = sorted(self.alternatives.get(set_id, ()), key=lambda row: row.position)
            copy.alternatives[set_id] = [_plain(row) for row in rows]
        placeholders = sorted((p for p in self.placeholders.values() if p.paragraph_id == paragraph.id), key=_by_id)
        copy.placeholders = {row.id: _plain(row) for row in placeholders if row.id is not None}
        return Written(cast(Paragraph, _plain(paragraph)), copy, tree)

    def _load(self, query: Select[Any], params: dict[str, Any]) -> Iterable[Any]:
        """ORM objects, or (read-only) plain rows, which answer the same attribute names (`row.state`, ...)."""
        result = self.session.execute(query, params)
        return result if self.read_only else result.scalars()

    def alternative(self, alternative_id: int) -> AlternativeRow | None:
        """One alternative row of this document."""
        for rows in self.alternatives.values():
            for row in rows:
                if row.id == alternative_id:
                    return row
        return None

    def tree(self, items_json: str) -> tuple[Inline, ...]:
        """The live tree of a stored content list."""
        return self._decode(json.loads(items_json), depth=0)

    def tree_of_alternative(self, alternative: AlternativeRow) -> tuple[Inline, ...]:
        """An alternative's content as a live tree (whatever the alternative's own state)."""
        return self._decode(json.loads(alternative.content), depth=1)

    def _decode(self, items: list[Any], *, depth: int) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for item in items:
            if "t" in item:
                result.append(Text(item["t"]))
            elif "s" in item:
                result.extend(self._set(self.sets[item["s"]], depth=depth))
            elif "p" in item:
                row = self.placeholders[item["p"]]
                result.append(Text(row.value) if row.value is not None else Placeholder(row.text, key=row.id))
            elif "r" in item:
                result.append(FootnoteRef(item["r"][0], item["r"][1]))
            else:
                number, head, content = item["f"]
                result.append(Footnote(number, head, self._decode(content, depth=depth)))
        return tuple(_joined(result))

    def _set(self, row: BracketSetRow, *, depth: int) -> list[Inline]:
        alternatives = self.alternatives[row.id or 0]
        if row.state == SetState.resolved:
            if row.resolution_alternative_id is None:
                return [Text(row.resolution_text or "")]
            chosen = next(a for a in alternatives if a.id == row.resolution_alternative_id)
            return list(self._decode(json.loads(chosen.content), depth=depth + 1))
        if row.state in (SetState.dissolved, SetState.removed):
            original = [a for a in alternatives if a.original]
            return list(self._decode(json.loads(original[0].content), depth=depth + 1)) if original else []
        live = [a for a in alternatives if a.state == AlternativeState.live]
        nodes = tuple(
            Alternative(self._decode(json.loads(a.content), depth=depth + 1), key=a.id, original=a.original)
            for a in live
        )
        separators = tuple(a.separator for a in live[1:])
        return [BracketSet(nodes, separators, key=row.id)] if nodes else []

    def store(self, paragraph: Paragraph, content: Sequence[Inline], author: Author) -> Stored:
        """Write a paragraph's new live tree: rows for new nodes, JSON for the paragraph, its rendered text."""
        return self.store_many([(paragraph, content)], author)[0]

    def store_many(self, items: Sequence[tuple[Paragraph, Sequence[Inline]]], author: Author) -> list[Stored]:
        """`store` for several paragraphs (a next version edits hundreds), their new rows written together.

        New rows are written in two batches, not one statement each: first the new sets and placeholders (their
        ids go into the JSON), then the new alternatives. Within a batch, rows are written in the order made:
        paragraph after paragraph, sets and placeholders in document order, an alternative after the
        alternatives nested in it."""
        assert not self.read_only, "a read-only Contents holds plain rows; it cannot store"
        texts = []
        for paragraph, content in items:  # before any row is written, for every paragraph
            assert paragraph.id is not None
            texts.append(render_inlines(content))
            text_checks.nesting(content, field="text")  # nesting stays bounded
            if author.origin != "imported":  # typed wording brings in no hidden characters
                text_checks.wording(texts[-1], field="text", existing=paragraph.text)
        made = [(Stored(), _NewRows()) for _ in items]
        for (paragraph, content), (stored, new) in zip(items, made, strict=True):
            self._create(content, paragraph.id or 0, author, stored, new)
        if any(new.sets or new.placeholders for _stored, new in made):
            self.session.flush()
        for stored, new in made:
            for row in new.set_rows:
                assert row.id is not None
                self.sets[row.id] = row
                stored.new_sets.append(row.id)
            for placeholder in new.placeholder_rows:
                assert placeholder.id is not None
                self.placeholders[placeholder.id] = placeholder
        encoded = [
            self._encode(content, paragraph.id or 0, author, stored, new)
            for (paragraph, content), (stored, new) in zip(items, made, strict=True)
        ]
        if any(new.alternatives for _stored, new in made):
            self.session.flush()
        for stored, new in made:
            for alternative, counted in new.alternatives:
                assert alternative.id is not None
                if counted:
                    stored.new_alternatives.append(alternative.id)
        # The paragraphs change after the alternatives' flush: one UPDATE each, with their new version.
        for (paragraph, _content), encoded_items, text in zip(items, encoded, texts, strict=True):
            paragraph.content = json.dumps(encoded_items, ensure_ascii=False)
            paragraph.text = text
            self.session.add(paragraph)
        return [stored for stored, _new in made]

    def _create(
        self, content: Sequence[Inline], paragraph_id: int, author: Author, stored: Stored, new: _NewRows
    ) -> None:
        """Rows (not yet written) for the new sets and placeholders of a tree, in document order."""
        for node in content:
            if isinstance(node, BracketSet):
                if node.key is None:
                    row = BracketSetRow(
                        document_id=self.document_id,
                        paragraph_id=paragraph_id,
                        origin=author.origin,
                        created_by_account_id=author.account_id,
                        created_by_delegation_id=author.delegation_id,
                    )
                    self.session.add(row)
                    new.set_rows.append(row)
                    new.sets.setdefault(id(node), []).append(row)
                for alternative in node.alternatives:
                    self._create(alternative.content, paragraph_id, author, stored, new)
            elif isinstance(node, Placeholder) and node.key is None:
                placeholder = PlaceholderRow(document_id=self.document_id, paragraph_id=paragraph_id, text=node.text)
                self.session.add(placeholder)
                new.placeholder_rows.append(placeholder)
                new.placeholders.setdefault(id(node), []).append(placeholder)
            elif isinstance(node, Footnote):
                self._create(node.content, paragraph_id, author, stored, new)

    def _encode(
        self, content: Sequence[Inline], paragraph_id: int, author: Author, stored: Stored, new: _NewRows
    ) -> list[Any]:
        return encode_items(
            content,
            set_id=lambda node: self._store_set(node, paragraph_id, author, stored, new),
            placeholder_id=lambda node: node.key if node.key is not None else new.placeholders[id(node)].pop(0).id,
        )

    def _store_set(self, node: BracketSet, paragraph_id: int, author: Author, stored: Stored, new: _NewRows) -> int:
        row = new.sets[id(node)].pop(0) if node.key is None else self.sets[node.key]
        assert row.id is not None
        existing = self.alternatives[row.id]
        next_position = max((a.position for a in existing), default=-1) + 1
        for index, alternative in enumerate(node.alternatives):
            separator = node.separators[index - 1] if index else ""
            encoded = self._encode(alternative.content, paragraph_id, author, stored, new)
            if alternative.key is not None:
                kept = next(a for a in existing if a.id == alternative.key)
                kept_content = json.dumps(encoded, ensure_ascii=False)
                if kept.content != kept_content:  # most alternatives of a paragraph stay as they were
                    kept.content = kept_content
                    self.session.add(kept)
                continue
            added = AlternativeRow(
                bracket_set_id=row.id,
                position=next_position,
                separator=separator if next_position else "",
                content=json.dumps(encoded, ensure_ascii=False),
                original=alternative.original,
                created_by_account_id=author.account_id,
                created_by_delegation_id=author.delegation_id,
            )
            self.session.add(added)
            existing.append(added)
            next_position += 1
            new.alternatives.append((added, not alternative.original))
            if not alternative.original and node.key is not None and row.id not in stored.changed_sets:
                stored.changed_sets.append(row.id)
        return row.id


@dataclass(slots=True)
class _NewRows:
    """Rows `store` creates, in the order created, and by the tree node they stand for (`id` of the node, each
    in the order met: one node object may stand at two places of a tree)."""

    set_rows: list[BracketSetRow] = field(default_factory=list)
    sets: dict[int, list[BracketSetRow]] = field(default_factory=dict)
    placeholder_rows: list[PlaceholderRow] = field(default_factory=list)
    placeholders: dict[int, list[PlaceholderRow]] = field(default_factory=dict)
    alternatives: list[tuple[AlternativeRow, bool]] = field(default_factory=list)  # (row, counted as new)


def _by_id(row: BracketSetRow | PlaceholderRow) -> int:
    return row.id or 0


def _joined(items: list[Inline]) -> list[Inline]:
    joined: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and joined and isinstance(joined[-1], Text):
            joined[-1] = Text(joined[-1].text + item.text)
        elif not (isinstance(item, Text) and not item.text):
            joined.append(item)
    return joined
