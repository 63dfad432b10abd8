"""What the document page shows: paragraphs as negotiators read them, and what the person may do (the bracket-set
panel is `set_panel`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from sqlmodel import Session

from app.domain import bracket_sets_in
from app.domain.tree import BracketSet, Footnote, Inline, Placeholder
from app.services import permissions, references
from app.services.accounts.auth import Actor
from app.services.documents import catalog as documents
from app.services.negotiation.content import Written
from app.services.permissions import Capabilities
from app.services.reading import live
from app.services.reading.document import (
    DocumentReader,
    delegation_rows,
    header_fields,
    last_revision_number,
)
from app.services.reading.models import (
    DocumentHeader,
    ParagraphView,
)
from app.services.reading.unmatched import Unmatched, block_bracket_edges, unmatched_in
from app.services.reading.views import paragraph_reader, written_reader

STATUS_LABELS = {"open": "open", "informals": "agreed in informals", "ad_ref": "agreed ad ref", "adopted": "adopted"}
LONG_TEXT = 50  # paragraphs: above this, the page gives a table of contents and folds the uncontested paragraphs
OUTLINE_WORDS = 70


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One line of the table of contents: a heading, or a labelled paragraph under it."""

    paragraph_id: int
    level: int  # 1 for titles and headings, 2 for labelled paragraphs
    label: str
    words: str
    contested: bool


@dataclass(frozen=True, slots=True)
class ParagraphPage:
    """One paragraph as the document page shows it."""

    data: ParagraphView
    open_sets: int
    placeholders: int
    involves_me: bool
    can_propose: bool
    status_label: str
    reference: str = ""  # `décide 2`, `the paragraph “…”`: how messages name it
    unmatched: Unmatched | None = None
    folded: bool = False  # a long text shows it as one line until opened

    @property
    def contested(self) -> bool:
        """Whether anything in the paragraph is still undecided."""
        return self.open_sets > 0 or self.placeholders > 0


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """A document (or some of its paragraphs) as the document page shows it."""

    document: DocumentHeader
    paragraphs: Sequence[ParagraphPage]  # the whole document's are read into views one at a time (LazyParagraphs)
    names: dict[str, str]
    caps: Capabilities
    open_sets: int  # in the whole document, whichever paragraphs are shown (0 for a fragment's page)
    last_event_id: int = 0  # the live stream starts after it, so nothing falls between the page and the stream
    outline: tuple[OutlineEntry, ...] = ()  # a long text's table of contents (empty otherwise)
    total_paragraphs: int = 0
    layout: Layout | None = None  # the whole document's page (the page cache keeps it with the rendered page)


@dataclass(frozen=True, slots=True)
class Layout:
    """What of the whole document a paragraph's markup depends on besides the paragraph itself: the live
    paragraphs in order, the headings (a paragraph is named after the one before it) and the open sets over
    whole paragraphs (their alternatives' ends and content: marks, folds, stray-bracket marks)."""

    order: tuple[int, ...]
    headings: tuple[tuple[int, str | None], ...]  # each heading's id and words, as references use them
    blocks: tuple[tuple[object, ...], ...]  # each open block alternative: id, ends, content, scope, backers
    in_blocks: frozenset[int]  # the paragraphs an open set over whole paragraphs spans


@dataclass(frozen=True, slots=True)
class Summary:
    """What the rest of a page shows of one of its paragraphs (the toolbar's count, the contents)."""

    paragraph_id: int
    open_sets: int
    outline: OutlineEntry | None


@dataclass(frozen=True, slots=True)
class PageState:
    """What a document page shows besides its paragraphs' rows, read in a few small queries. Every change to
    those rows records an event, so with the latest event it says whether a page made earlier still shows the
    document as it is (`app.web.page_cache`)."""

    header: DocumentHeader
    caps: Capabilities
    names: dict[str, str]
    last_event_id: int
    fingerprint: tuple[object, ...]  # every column of the document row and every delegation's id, code and name


def page_state(*, session: Session, actor: Actor | None, document_id: int) -> PageState:
    """The document's state as its page depends on it (a missing document is NotFound)."""
    last_event_id = live.latest_event_id(session=session, document_id=document_id)
    document = documents.get(session=session, document_id=document_id)
    header = DocumentHeader(**header_fields(document, last_revision_number(session, document_id)))
    delegations = delegation_rows(session)
    caps = permissions.capabilities(session=session, actor=actor)
    names = {code: name for _id, code, name in delegations}
    return PageState(header, caps, names, last_event_id, (tuple(document.model_dump().values()), delegations))


def document_page(
    *,
    session: Session,
    actor: Actor | None,
    document_id: int,
    contested_only: bool = False,
    mine_only: bool = False,
    state: PageState | None = None,
) -> DocumentPage:
    """The whole document with positions and selection offsets, filters applied, and the person's capabilities;
    `state`, the page's state already read for this request (`page_state`), is not read again.

    Everything is read before this returns; each paragraph's view (its runs) is made when the page shows it
    (`LazyParagraphs`), so the views of a long text never all exist at once."""
    # The state (its latest event first) is read before the rows, so that they are at least as new as it: the live
    # stream starts after it, and a change between the two is sent again rather than missed (PostgreSQL reads each
    # statement's own committed state).
    state = state or page_state(session=session, actor=actor, document_id=document_id)
    reader = DocumentReader(session, document_id)
    caps = state.caps
    pending = read_pending(reader, caps)
    shown = [p for p in pending if (not contested_only or p.contested) and (not mine_only or p.involves_me)]
    open_sets = sum(p.open_sets for p in pending)
    outline = _outline(pending) if len(pending) > LONG_TEXT else ()
    paragraphs = LazyParagraphs(reader, shown)
    headings = [(row.id or 0, row.text) for row in reader.paragraphs if str(row.kind) == "heading"]
    layout = layout_of(reader, [row.id or 0 for row in reader.paragraphs], headings)
    return DocumentPage(
        state.header, paragraphs, state.names, caps, open_sets, state.last_event_id, outline, len(pending), layout
    )


def _frozen(backers: dict[str, list[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((stance, tuple(codes)) for stance, codes in (backers or {}).items()))


def layout_of(reader: DocumentReader, order: list[int], headings: list[tuple[int, str]]) -> Layout:
    """The layout of the reader's document, whose live paragraphs (all, whichever the reader read) are `order`
    and headings (id, text) `headings`."""
    alternatives = reader.open_blocks
    backers = reader.backers_of([a.id for a in alternatives])
    blocks = tuple(
        sorted(
            (a.id, a.first_paragraph_id or 0, a.last_paragraph_id or 0, a.content, a.scope, _frozen(backers.get(a.id)))
            for a in alternatives
        )
    )
    words = tuple((id_, references.heading_words(text)) for id_, text in headings)
    return Layout(tuple(order), words, blocks, frozenset(_in_open_blocks(reader, order)))


@dataclass(frozen=True, slots=True)
class _Pending:
    """A paragraph of the page, read but not yet made into its view: its row, live tree and what the page
    knows of it (ParagraphPage's fields but `data`; slots, not a dict: a tenfold Geneva has 21,150)."""

    row: Any  # a plain paragraph row
    tree: tuple[Inline, ...]
    open_sets: int
    placeholders: int
    involves_me: bool
    can_propose: bool
    status_label: str
    reference: str
    unmatched: Unmatched | None
    folded: bool

    @property
    def contested(self) -> bool:
        return self.open_sets > 0 or self.placeholders > 0


class LazyParagraphs(Sequence[ParagraphPage]):
    """The paragraphs of a document page, each made into its view (`ParagraphPage`) when asked for."""

    def __init__(self, reader: DocumentReader, pending: list[_Pending]) -> None:
        self.reader = reader
        self.pending = pending

    def __len__(self) -> int:
        return len(self.pending)

    @overload
    def __getitem__(self, index: int) -> ParagraphPage: ...
    @overload
    def __getitem__(self, index: slice) -> list[ParagraphPage]: ...
    def __getitem__(self, index: int | slice) -> ParagraphPage | list[ParagraphPage]:
        if isinstance(index, slice):
            return [self._page(p) for p in self.pending[index]]
        return self._page(self.pending[index])

    def __iter__(self) -> Iterator[ParagraphPage]:
        return (self._page(p) for p in self.pending)

    def text_length(self) -> int:
        """Characters of the paragraphs' text."""
        return sum(len(p.row.text) for p in self.pending)

    def summaries(self, outline: bool) -> list[Summary]:
        """Each paragraph's `Summary` (its contents entry only when the page has contents)."""
        return [Summary(p.row.id or 0, p.open_sets, _outline_entry(p) if outline else None) for p in self.pending]

    def _page(self, pending: _Pending) -> ParagraphPage:
        return ParagraphPage(
            self.reader.paragraph(pending.row, pending.tree),
            pending.open_sets,
            pending.placeholders,
            pending.involves_me,
            pending.can_propose,
            pending.status_label,
            pending.reference,
            pending.unmatched,
            pending.folded,
        )


def read_pending(
    reader: DocumentReader,
    caps: Capabilities,
    order: list[int] | None = None,
    headings: dict[int, str | None] | None = None,
) -> list[_Pending]:
    """Every paragraph the reader read, as the page will show it, but its view; a long text folds the paragraphs
    with nothing open — no set, placeholder or unmatched bracket, nor inside an open set over whole paragraphs.

    A reader of some paragraphs of the document (`page_update`) gives the ids of all of them in `order` and
    each read paragraph's nearest heading before it in `headings`; the whole document's reader meets them."""
    mine = {code for code, _ in caps.act_for}
    heading: str | None = None
    opens, closes = block_bracket_edges(reader)
    order = order if order is not None else [row.id or 0 for row in reader.paragraphs]
    fold = len(order) > LONG_TEXT
    in_blocks = _in_open_blocks(reader, order) if fold else set()
    pending = []
    for row in reader.paragraphs:
        tree = reader.tree(row)
        sets, placeholders, codes = _count_tree(tree, reader)
        if headings is not None:
            heading = headings[row.id or 0]
        name = references.reference(label=row.label, text=row.text, heading=heading, position=row.position)
        if str(row.kind) == "heading":  # the nearest heading is the last one met
            heading = references.heading_words(row.text)
        unmatched = unmatched_in(row, tree, opens, closes)
        pending.append(
            _Pending(
                row,
                tree,
                open_sets=sets,
                placeholders=placeholders,
                involves_me=bool(mine & codes),
                can_propose=caps.propose and permissions.may_propose_in(reader.document, row),
                status_label=STATUS_LABELS.get(str(row.status), str(row.status)),
                reference=name,
                unmatched=unmatched,
                folded=fold and not sets and not placeholders and unmatched is None and row.id not in in_blocks,
            )
        )
    return pending


def paragraphs_page(
    *, session: Session, actor: Actor | None, paragraph_ids: Collection[int], written: Written | None = None
) -> DocumentPage:
    """Some paragraphs of one document, read alone (the fragments a change re-renders); `written`, the paragraph
    as a proposal just stored it (`Change.written`), is not read again."""
    if written is not None:
        assert list(paragraph_ids) == [written.paragraph.id], "a written paragraph is the page's one paragraph"
        reader = written_reader(session=session, document_id=written.paragraph.document_id, written=written)
    else:
        reader = paragraph_reader(session=session, paragraph_ids=paragraph_ids)
    page = _page(session, actor, reader)
    last_event_id = live.latest_event_id(session=session, document_id=page.document.id)
    return DocumentPage(page.document, page.paragraphs, page.names, page.caps, 0, last_event_id)


def toolbar_page(*, session: Session, actor: Actor | None, document_id: int) -> DocumentPage:
    """The document's header and open-set count, without the paragraphs' views."""
    reader = DocumentReader(session, document_id)
    open_sets = sum(len(bracket_sets_in(reader.tree(row))) for row in reader.paragraphs)
    caps = permissions.capabilities(session=session, actor=actor)
    return DocumentPage(reader.header(), [], reader.names, caps, open_sets)


def _page(session: Session, actor: Actor | None, reader: DocumentReader) -> DocumentPage:
    """Some paragraphs read alone, each made into its view now (a fragment asks for its nearest heading)."""
    caps = permissions.capabilities(session=session, actor=actor)
    mine = {code for code, _ in caps.act_for}
    paragraphs = []
    opens, closes = block_bracket_edges(reader)
    for row in reader.paragraphs:
        tree = reader.tree(row)
        data = reader.paragraph(row, tree)
        sets, placeholders, codes = _count_tree(tree, reader)
        paragraphs.append(
            ParagraphPage(
                data=data,
                open_sets=sets,
                placeholders=placeholders,
                involves_me=bool(mine & codes),
                can_propose=caps.propose and permissions.may_propose_in(reader.document, row),
                status_label=STATUS_LABELS.get(str(row.status), str(row.status)),
                reference=references.paragraph_reference(session=session, paragraph=row),
                unmatched=unmatched_in(row, tree, opens, closes),
            )
        )
    return DocumentPage(reader.header(), paragraphs, reader.names, caps, 0)


def _in_open_blocks(reader: DocumentReader, order: list[int]) -> set[int]:
    """The paragraphs inside an open set over whole paragraphs (a block bracket, an option): still contested."""
    places = {paragraph_id: index for index, paragraph_id in enumerate(order)}
    inside: set[int] = set()
    for alternative in reader.open_blocks:
        first = places.get(alternative.first_paragraph_id or 0)
        last = places.get(alternative.last_paragraph_id or 0)
        if first is not None and last is not None:
            inside.update(order[first : last + 1])
    return inside


def _outline(paragraphs: list[_Pending]) -> tuple[OutlineEntry, ...]:
    """Headings, and labelled paragraphs under them, with their first words."""
    return tuple(entry for entry in map(_outline_entry, paragraphs) if entry is not None)


def _outline_entry(paragraph: _Pending) -> OutlineEntry | None:
    data = paragraph.row
    heading = str(data.kind) in ("title", "heading")
    if not heading and not (data.label or "").strip():
        return None
    words = " ".join(data.text.split())
    if len(words) > OUTLINE_WORDS:
        words = words[:OUTLINE_WORDS].rsplit(" ", 1)[0] + "…"
    level = 1 if heading else 2
    return OutlineEntry(data.id, level, (data.label or "").strip(), words, paragraph.contested)


def _count_tree(tree: tuple[Inline, ...], reader: DocumentReader) -> tuple[int, int, set[str]]:
    """A paragraph's open sets and placeholders, and the delegations with a position on its sets, from its live
    tree and the reader's positions (the page makes the runs later, one paragraph at a time)."""
    sets = placeholders = 0
    codes: set[str] = set()
    stack: list[Inline] = list(tree)
    while stack:
        node = stack.pop()
        if isinstance(node, BracketSet):
            sets += 1
            for alternative in node.alternatives:
                for stance_codes in reader.backers.get(alternative.key or 0, {}).values():
                    codes.update(stance_codes)
                stack.extend(alternative.content)
        elif isinstance(node, Placeholder):
            placeholders += 1
        elif isinstance(node, Footnote):
            stack.extend(node.content)
    return sets, placeholders, codes
