"""Reading a document (or some of its paragraphs) into typed read models, with the rows loaded once."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app import domain
from app.domain import BracketSet, Footnote, FootnoteRef, Inline, Placeholder, Text
from app.models import (
    AlternativeRow,
    BracketSetRow,
    Delegation,
    Document,
    Paragraph,
    Position,
    Revision,
)
from app.services.documents import catalog as documents
from app.services.errors import NotFound
from app.services.negotiation import blocks
from app.services.negotiation.content import Contents, Written
from app.services.reading.models import (
    AlternativeRun,
    AlternativeView,
    BlockMark,
    BracketSetRun,
    BracketSetView,
    DocumentHeader,
    DocumentView,
    FootnoteRefRun,
    FootnoteRun,
    ParagraphView,
    PlaceholderRun,
    Resolution,
    Run,
    TextRun,
)

STANCE_KEYS = {"proposes": "sponsors", "supports": "supporters", "objects": "objectors"}
Backers = dict[str, list[str]]
_Mark = tuple[blocks.OpenAlternative, int, int]  # an alternative beginning with a paragraph, its number, of how many


def _backers_query(*, of_paragraphs: bool) -> Select[int, str | None, str]:
    """Who stands where, with the delegations' codes (a code is None only for a delegation that is gone)."""
    query = (
        select(Position.alternative_id, Delegation.code, Position.stance)
        .join(AlternativeRow, col(AlternativeRow.id) == Position.alternative_id)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .outerjoin(Delegation, col(Delegation.id) == Position.delegation_id)
        .where(BracketSetRow.document_id == bindparam("document_id"), col(Position.withdrawn_at).is_(None))
        .order_by(col(Position.id))
    )
    if of_paragraphs:
        query = query.where(col(BracketSetRow.paragraph_id).in_(bindparam("paragraph_ids", expanding=True)))
    return query


# Built once: building a statement and its cache key costs SQLAlchemy more than running it.
_DELEGATIONS = select(Delegation.id, Delegation.code, Delegation.name)
_BACKERS = {of_paragraphs: _backers_query(of_paragraphs=of_paragraphs) for of_paragraphs in (False, True)}
_ALTERNATIVE_BACKERS = (
    select(Position.alternative_id, Delegation.code, Position.stance)
    .outerjoin(Delegation, col(Delegation.id) == Position.delegation_id)
    .where(
        col(Position.alternative_id).in_(bindparam("alternative_ids", expanding=True)),
        col(Position.withdrawn_at).is_(None),
    )
    .order_by(col(Position.id))
)


def delegation_rows(session: Session) -> tuple[tuple[int, str, str], ...]:
    """Every delegation's id, code and name."""
    return tuple((id_ or 0, code, name) for id_, code, name in session.exec(_DELEGATIONS))


def last_revision_number(session: Session, document_id: int) -> int | None:
    """The number of the document's last revision (None before the first)."""
    return session.exec(
        select(Revision.number).where(Revision.document_id == document_id).order_by(col(Revision.number).desc())
    ).first()


def header_fields(document: Document, last_revision: int | None) -> dict[str, object]:
    """A `DocumentHeader`'s fields."""
    return {
        "id": document.id,
        "title": document.title,
        "symbol": document.symbol,
        "language": document.language,
        "proposals_open": document.proposals_open,
        "last_revision": last_revision,
        "current_paragraph_id": document.current_paragraph_id,
        "current_bracket_set_id": document.current_bracket_set_id,
    }


class DocumentReader:
    """The rows needed to show a document — or only some of its paragraphs — loaded once, read as models."""

    def __init__(
        self,
        session: Session,
        document_id: int,
        paragraph_ids: Collection[int] | None = None,
        *,
        written: Written | None = None,
    ) -> None:
        """Load the rows of the document, or of some of its paragraphs; of a paragraph a write has just stored
        (`written`: its row and content rows, taken before the commit), only what the write did not hold."""
        self._session = session
        self.document_id = document_id
        if written is not None:
            assert written.paragraph.id is not None
            paragraph_ids = [written.paragraph.id]
            self.paragraphs = [written.paragraph]
            self.contents = written.contents
        else:
            if paragraph_ids is None:
                self.document  # noqa: B018 -- a missing document is a 404 before anything else is read
            # Plain rows, not ORM objects: the reader changes nothing (a tenfold Geneva has 21,150 paragraphs).
            self.paragraphs = documents.paragraphs(
                session=session, document_id=document_id, paragraph_ids=paragraph_ids, read_only=True
            )
            self.contents = Contents(session, document_id, paragraph_ids=paragraph_ids, read_only=True)
        self.backers = self._backers(session, document_id, paragraph_ids)
        self._mark_backers: dict[int, Backers] = {}
        self._marks = self._block_marks(session, document_id, paragraph_ids)

    @functools.cached_property
    def document(self) -> Document:
        """The document (read when first asked for: a paragraph's view does not need it)."""
        return documents.get(session=self._session, document_id=self.document_id)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Every delegation's name by its code (read when first asked for: pages show them, answers do not)."""
        return {code: name for _id, code, name in delegation_rows(self._session)}

    @functools.cached_property
    def open_blocks(self) -> list[blocks.OpenAlternative]:
        """The live alternatives of the document's open sets over whole paragraphs, whichever paragraphs are read
        (the page's folds and edges), read once as plain rows."""
        return blocks.open_alternative_rows(session=self._session, document_id=self.document_id)

    @functools.cached_property
    def last_revision(self) -> int | None:
        """The number of the document's last revision (read when first asked for)."""
        return last_revision_number(self._session, self.document_id)

    def _backers(self, session: Session, document_id: int, paragraph_ids: Collection[int] | None) -> dict[int, Backers]:
        backers: dict[int, Backers] = defaultdict(lambda: defaultdict(list))
        query = _BACKERS[paragraph_ids is not None]
        params = {"document_id": document_id, "paragraph_ids": list(paragraph_ids or ())}
        for alternative_id, code, stance in session.exec(query, params=params):
            backers[alternative_id][STANCE_KEYS[stance]].append(code or "?")
        return backers

    def _block_marks(
        self, session: Session, document_id: int, paragraph_ids: Collection[int] | None
    ) -> dict[int, list[_Mark]]:
        """The open sets over whole paragraphs, by the paragraph each of their alternatives begins with (only the
        alternatives that begin with a loaded paragraph are read, and their sets' other alternatives counted);
        each is made into its `BlockMark` with its paragraph's view (`block_marks`)."""
        if paragraph_ids is None:
            rows = self.open_blocks
        else:
            rows = blocks.open_alternative_rows(session=session, document_id=document_id, beginning_with=paragraph_ids)
        if not rows:
            return {}
        if paragraph_ids is None:
            order: dict[int, list[int]] = defaultdict(list)
            for alternative in rows:
                order[alternative.bracket_set_id].append(alternative.id)
        else:
            order = blocks.live_alternative_ids(session=session, bracket_set_ids={a.bracket_set_id for a in rows})
        places = {a: (n, len(ids)) for ids in order.values() for n, a in enumerate(ids, start=1)}
        self._mark_backers = self._alternative_backers(session, [a.id for a in rows])
        marks: dict[int, list[_Mark]] = defaultdict(list)
        for alternative in rows:
            marks[alternative.first_paragraph_id or 0].append((alternative, *places[alternative.id]))
        return marks

    def block_marks(self, paragraph_id: int) -> list[BlockMark]:
        """The marks of the open sets over whole paragraphs whose alternatives begin with the paragraph."""
        found = []
        for alternative, number, of in self._marks.get(paragraph_id, ()):
            items = json.loads(alternative.content)
            stances = self._mark_backers.get(alternative.id, {})
            found.append(
                BlockMark(
                    bracket_set_id=alternative.bracket_set_id,
                    alternative_id=alternative.id,
                    scope=alternative.scope,
                    text=items[0]["t"] if items and "t" in items[0] else "",
                    number=number,
                    of=of,
                    **{key: list(stances.get(key, [])) for key in STANCE_KEYS.values()},
                )
            )
        return found

    def backers_of(self, alternative_ids: list[int]) -> dict[int, Backers]:
        """The delegations behind some alternatives, by stance (read now, whichever paragraphs were read)."""
        return self._alternative_backers(self._session, alternative_ids)

    def _alternative_backers(self, session: Session, alternative_ids: list[int]) -> dict[int, Backers]:
        backers: dict[int, Backers] = defaultdict(lambda: defaultdict(list))
        if not alternative_ids:
            return backers
        params = {"alternative_ids": alternative_ids}
        for alternative_id, code, stance in session.exec(_ALTERNATIVE_BACKERS, params=params):
            backers[alternative_id][STANCE_KEYS[stance]].append(code or "?")
        return backers

    def _stances(self, alternative_id: int | None) -> dict[str, list[str]]:
        backers = self.backers.get(alternative_id or 0, {})
        return {key: list(backers.get(key, [])) for key in STANCE_KEYS.values()}

    def header(self) -> DocumentHeader:
        """The document without its paragraphs."""
        return DocumentHeader(**self._header_fields())

    def _header_fields(self) -> dict[str, object]:
        return header_fields(self.document, self.last_revision)

    def view(self) -> DocumentView:
        """The document with every loaded paragraph's content."""
        return DocumentView(**self._header_fields(), paragraphs=[self.paragraph(p) for p in self.paragraphs])

    def row(self, paragraph_id: int) -> Paragraph:
        """One loaded paragraph row."""
        for row in self.paragraphs:
            if row.id == paragraph_id:
                return row
        raise NotFound(f"there is no paragraph {paragraph_id}")

    def tree(self, paragraph: Paragraph) -> tuple[Inline, ...]:
        """A paragraph's live tree."""
        return self.contents.tree(paragraph.content)

    def paragraph(self, paragraph: Paragraph, tree: tuple[Inline, ...] | None = None) -> ParagraphView:
        """One paragraph: identity, label, status, version, exact text and content runs (of `tree`, its live tree
        when the caller already has it)."""
        assert paragraph.id is not None
        return ParagraphView(
            id=paragraph.id,
            position=paragraph.position,
            label=paragraph.label,
            kind=str(paragraph.kind),
            status=str(paragraph.status),
            version=paragraph.version,
            prefix=paragraph.prefix,
            text=paragraph.text,
            trailing=paragraph.trailing,
            content=self.runs(self.tree(paragraph) if tree is None else tree),
            blocks=self.block_marks(paragraph.id),
        )

    def runs(self, content: tuple[Inline, ...], offset: int = 0) -> list[Run]:
        """Content as typed runs, each with its offset in the paragraph's bracketed text."""
        return self._runs(content, offset, _Source(content, offset))[0]

    def _runs(self, content: tuple[Inline, ...], offset: int, source: _Source) -> tuple[list[Run], int]:
        runs: list[Run] = []
        for node in content:
            if isinstance(node, Text):
                runs.append(TextRun(text=node.text, offset=offset))
                offset += len(node.text)
            elif isinstance(node, BracketSet):
                run, offset = self._bracket_set(node, offset, source)
                runs.append(run)
            elif isinstance(node, Placeholder):
                runs.append(PlaceholderRun(id=node.key, text=node.text, offset=offset))
                offset += len(node.text) + 2
            elif isinstance(node, FootnoteRef):
                runs.append(FootnoteRefRun(number=node.number, raw=node.raw, offset=offset))
                offset += len(node.raw)
            elif isinstance(node, Footnote):
                inner, end = self._runs(node.content, offset + 1 + len(node.head), source)
                runs.append(FootnoteRun(number=node.number, head=node.head, content=inner, offset=offset))
                offset = end + 1
        return runs, offset

    def bracket_set(self, node: BracketSet, offset: int = 0) -> BracketSetRun:
        """A live bracket set with its alternatives and who stands where."""
        return self._bracket_set(node, offset, _Source((node,), offset))[0]

    def _bracket_set(self, node: BracketSet, offset: int, source: _Source) -> tuple[BracketSetRun, int]:
        alternatives = []
        for index, alternative in enumerate(node.alternatives):
            separator = node.separators[index - 1] if index else ""
            offset += len(separator)
            content, end = self._runs(alternative.content, offset + 1, source)
            alternatives.append(
                AlternativeRun(
                    id=alternative.key,
                    new=alternative.key is None,
                    separator=separator,
                    text=source.text[offset + 1 - source.offset : end - source.offset],
                    original=alternative.original,
                    content=content,
                    offset=offset,
                    **self._stances(alternative.key),
                )
            )
            offset = end + 1
        return BracketSetRun(id=node.key, new=node.key is None, alternatives=alternatives), offset

    def set_view(self, bracket_set_id: int) -> BracketSetView:
        """A bracket set in any state, with every alternative ever proposed in it."""
        row = self.contents.sets.get(bracket_set_id)
        if row is None:
            raise NotFound(f"there is no bracket set {bracket_set_id}")
        alternatives = [
            AlternativeView(
                id=alternative.id or 0,
                text=domain.render_inlines(self.contents.tree_of_alternative(alternative)),
                original=alternative.original,
                state=str(alternative.state),
                **self._stances(alternative.id),
            )
            for alternative in self.contents.alternatives[bracket_set_id]
        ]
        resolution = (
            Resolution(alternative_id=row.resolution_alternative_id, text=row.resolution_text)
            if row.state == "resolved"
            else None
        )
        assert row.id is not None
        return BracketSetView(
            id=row.id,
            paragraph_id=row.paragraph_id,
            state=str(row.state),
            origin=row.origin,
            resolution=resolution,
            alternatives=alternatives,
            scope=row.scope,
        )


class _Source:
    """The bracketed text of the content being read and the offset it starts at: an alternative's wording is
    the slice between its brackets (one rendering of a paragraph, not one per alternative and nesting level;
    none for a paragraph without a bracket set)."""

    __slots__ = ("_text", "content", "offset")

    def __init__(self, content: tuple[Inline, ...], offset: int) -> None:
        self.content = content
        self.offset = offset
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = domain.render_inlines(self.content)
        return self._text
