"""Documents: import a text, list documents, find them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, bindparam, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import domain
from app.domain import text_rules
from app.models import BracketSetRow, Document, Event, Paragraph, Revision, SetState
from app.services import text_checks
from app.services.accounts.auth import Actor
from app.services.errors import Invalid, TooLarge
from app.services.lookup import get_or_404
from app.services.negotiation import audit, blocks, bulk, revisions
from app.services.negotiation.audit import Subject
from app.services.negotiation.content import Author
from app.services.reading.models import DocumentSummary

MAX_TITLE_LENGTH = 500
MAX_DOCUMENT_CHARACTERS = 5_000_000
MAX_NESTING = text_rules.MAX_NESTING


def store_text(
    *,
    session: Session,
    title: str,
    text: str,
    language: str = "fr",
    symbol: str = "",
    actor: Actor | None = None,
    syntax: domain.Syntax = "plain",
    layout: domain.Layout | None = None,
    bare_numbers: domain.BareNumbers = "negotiable",
) -> tuple[Document, Event]:
    """Parse a bracketed text and store it as a new document with Rev.0 (uncommitted), with its audit event."""
    title = title.strip()
    if not title:
        raise Invalid("title: the document needs a title")
    if len(title) > MAX_TITLE_LENGTH:
        raise Invalid(f"title: {len(title)} characters long; at most {MAX_TITLE_LENGTH} are allowed")
    text_checks.wording(title, field="title")
    text_checks.wording(symbol, field="symbol")
    tree = parse_importable(text, syntax=syntax, layout=layout, bare_numbers=bare_numbers)
    document = Document(title=title, symbol=symbol.strip(), language=language.strip() or "fr", syntax=syntax)
    document.bare_numbers = bare_numbers
    document.layout = tree.layout
    document.bom, document.leading = tree.bom, tree.leading
    session.add(document)
    session.flush()
    assert document.id is not None
    author = Author(actor.account_id if actor else None, actor.delegation_id if actor else None, "imported")
    rows = bulk.store_paragraphs(session=session, document_id=document.id, nodes=tree.paragraphs, author=author)
    blocks.store(session=session, document_id=document.id, paragraphs=rows, blocks=tree.blocks, author=author)
    revisions.snapshot(session=session, document=document, number=0, note="as imported", actor=actor)
    summary = f"imported {len(tree.paragraphs)} paragraphs, {len(tree.warnings)} unmatched brackets kept as text"
    event = audit.record(session=session, subject=Subject(document.id), actor=actor, action="imported", summary=summary)
    return document, event


def import_text(
    *,
    session: Session,
    title: str,
    text: str,
    language: str = "fr",
    symbol: str = "",
    actor: Actor | None = None,
) -> Document:
    """Parse a bracketed text and store it as a new document with Rev.0, committed (demo, tests, benchmarks)."""
    document, _event = store_text(
        session=session, title=title, text=text, language=language, symbol=symbol, actor=actor
    )
    session.commit()
    session.refresh(document)
    return document


def parse_importable(
    text: str,
    *,
    syntax: domain.Syntax = "plain",
    layout: domain.Layout | None = None,
    bare_numbers: domain.BareNumbers = "negotiable",
) -> domain.Document:
    """Parse a draft to import, refusing one too long, with NUL, or nested deeper than any draft (flags aside)."""
    if len(text) > MAX_DOCUMENT_CHARACTERS:
        raise TooLarge(f"text: {len(text):,} characters; at most {MAX_DOCUMENT_CHARACTERS:,} can be imported")
    text_checks.import_flags(text)
    tree = domain.parse(text, syntax=syntax, layout=layout, bare_numbers=bare_numbers)
    check_nesting(tree)
    return tree


def syntax_of(document: Document) -> domain.Syntax:
    """The syntax a stored document was imported with, for re-parsing its revisions the same way."""
    return "markdown" if document.syntax == "markdown" else "plain"


def layout_of(document: Document) -> domain.Layout:
    """The paragraph layout a stored document was imported with (lines or wrapped)."""
    return "wrapped" if document.layout == "wrapped" else "lines"


def bare_numbers_of(document: Document) -> domain.BareNumbers:
    """How a stored document reads `[9]`, as chosen at its import."""
    return "literal" if document.bare_numbers == "literal" else "negotiable"


def reading_of(document: Document) -> domain.Reading:
    """How a stored document's text is read again: its syntax and its reading of `[9]`."""
    return domain.Reading(syntax_of(document), bare_numbers_of(document))


def reparse(document: Document, text: str) -> domain.Document:
    """A revision's (or the live) text of a stored document, parsed with its syntax, layout and reading of `[9]`."""
    return domain.parse(
        text, syntax=syntax_of(document), layout=layout_of(document), bare_numbers=bare_numbers_of(document)
    )


def check_nesting(tree: domain.Document) -> None:
    """Refuse a parsed draft whose brackets nest deeper than MAX_NESTING, naming where."""
    if all(domain.nested_within(paragraph.content, MAX_NESTING) for paragraph in tree.paragraphs):
        return  # the quick check; the walk below, with lines and columns, finds where
    for _ordinal, _node, location in domain.iter_bracket_sets(tree):
        if location.depth > MAX_NESTING:
            raise Invalid(
                f"text: brackets nested {location.depth} deep at line {location.line}, column {location.column}; "
                f"at most {MAX_NESTING} levels are supported",
                line=location.line,
                column=location.column,
            )


def get(*, session: Session, document_id: int) -> Document:
    """The document, or NotFound."""
    document = get_or_404(session, Document, document_id)
    return document


def paragraphs(
    *,
    session: Session,
    document_id: int,
    paragraph_ids: Collection[int] | None = None,
    include_retired: bool = False,
    read_only: bool = False,
) -> list[Paragraph]:
    """The document's live paragraphs in order (all, or those with the given ids); retired ones too if asked.

    `read_only` gives plain rows of the paragraphs' columns instead of ORM objects (same attribute names, no
    properties, nothing to change or store): a tenth of the memory and time for readers of a long document."""
    query = _PARAGRAPHS[include_retired, paragraph_ids is not None, read_only]
    params = {"document_id": document_id, "paragraph_ids": list(paragraph_ids or ())}
    if read_only:
        return list(session.execute(query, params))  # type: ignore[arg-type]
    return list(session.exec(query, params=params))  # type: ignore[call-overload]


def _paragraphs_query(*, include_retired: bool, of_ids: bool, read_only: bool) -> Select[Any]:
    columns = Paragraph.__table__.columns  # type: ignore[attr-defined]
    query = sa_select(*columns) if read_only else select(Paragraph)
    query = query.where(col(Paragraph.document_id) == bindparam("document_id"))
    if not include_retired:
        query = query.where(col(Paragraph.retired_at).is_(None))
    if of_ids:
        query = query.where(col(Paragraph.id).in_(bindparam("paragraph_ids", expanding=True)))
    return query.order_by(col(Paragraph.position))


# Built once: building a statement and its cache key costs SQLAlchemy more than running it.
_PARAGRAPHS = {
    (retired, of_ids, read_only): _paragraphs_query(include_retired=retired, of_ids=of_ids, read_only=read_only)
    for retired in (False, True)
    for of_ids in (False, True)
    for read_only in (False, True)
}


def list_summaries(*, session: Session) -> list[DocumentSummary]:
    """Every document, newest first, with its counts."""
    counts = dict(
        session.exec(
            select(Paragraph.document_id, func.count())
            .where(col(Paragraph.retired_at).is_(None))
            .group_by(col(Paragraph.document_id))
        ).all()
    )
    open_sets = dict(
        session.exec(
            select(BracketSetRow.document_id, func.count())
            .where(BracketSetRow.state == SetState.open)
            .group_by(col(BracketSetRow.document_id))
        ).all()
    )
    last = dict(
        session.exec(select(Revision.document_id, func.max(Revision.number)).group_by(col(Revision.document_id))).all()
    )
    rows = session.exec(select(Document).order_by(col(Document.created_at).desc(), col(Document.id).desc()))
    return [
        DocumentSummary(
            id=(key := document.id or 0),
            title=document.title,
            symbol=document.symbol,
            language=document.language,
            paragraphs=counts.get(key, 0),
            open_bracket_sets=open_sets.get(key, 0),
            last_revision=last.get(key),
            proposals_open=document.proposals_open,
        )
        for document in rows
    ]


def find_by_title(*, session: Session, title: str) -> Document | None:
    """The first document with exactly this title, if any."""
    return session.exec(select(Document).where(Document.title == title).order_by(col(Document.id))).first()


def bracketed_source(*, session: Session, document_id: int) -> str:
    """The document's live bracketed text (the imported text, byte for byte, when nothing changed)."""
    document = get(session=session, document_id=document_id)
    body = "".join(p.prefix + p.text + p.trailing for p in paragraphs(session=session, document_id=document_id))
    return document.bom + document.leading + body
