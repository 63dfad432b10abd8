"""Documents: import a text, list documents, render their bracketed source."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app import domain
from app.models import Document, Paragraph
from app.services.errors import Invalid, NotFound

MAX_TITLE_LENGTH = 500


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the documents list shows of one document."""

    id: int
    title: str
    symbol: str
    language: str
    paragraphs: int
    proposals_open: bool


def import_text(*, session: Session, title: str, text: str, language: str = "fr", symbol: str = "") -> Document:
    """Parse a bracketed text and store it as a new document, paragraph by paragraph."""
    title = title.strip()
    if not title:
        raise Invalid("the document needs a title")
    if len(title) > MAX_TITLE_LENGTH:
        raise Invalid(f"the title is {len(title)} characters long; at most {MAX_TITLE_LENGTH} are allowed")
    tree = domain.parse(text)
    document = Document(title=title, symbol=symbol, language=language, bom=tree.bom, leading=tree.leading)
    session.add(document)
    session.flush()
    assert document.id is not None
    for position, paragraph in enumerate(tree.paragraphs):
        session.add(
            Paragraph(
                document_id=document.id,
                position=position,
                prefix=paragraph.prefix,
                label=paragraph.label,
                kind=paragraph.kind,
                text=domain.render_inlines(paragraph.content),
                trailing=paragraph.trailing,
            )
        )
    session.commit()
    session.refresh(document)
    return document


def list_summaries(*, session: Session) -> list[DocumentSummary]:
    """Every document, newest first, with its paragraph count."""
    counts = select(Paragraph.document_id, func.count().label("n")).group_by(col(Paragraph.document_id)).subquery()
    rows = session.exec(
        select(Document, counts.c.n)
        .outerjoin(counts, counts.c.document_id == Document.id)
        .order_by(col(Document.created_at).desc(), col(Document.id).desc())
    ).all()
    return [
        DocumentSummary(
            id=document.id or 0,
            title=document.title,
            symbol=document.symbol,
            language=document.language,
            paragraphs=n or 0,
            proposals_open=document.proposals_open,
        )
        for document, n in rows
    ]


def find_by_title(*, session: Session, title: str) -> Document | None:
    """The first document with exactly this title, if any."""
    return session.exec(select(Document).where(Document.title == title).order_by(col(Document.id))).first()


def bracketed_source(*, session: Session, document_id: int) -> str:
    """The document's bracketed text, exactly as stored (the imported text when nothing changed)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"there is no document {document_id}")
    paragraphs = session.exec(
        select(Paragraph).where(Paragraph.document_id == document_id).order_by(col(Paragraph.position))
    ).all()
    body = "".join(p.prefix + p.text + p.trailing for p in paragraphs)
    return document.bom + document.leading + body
