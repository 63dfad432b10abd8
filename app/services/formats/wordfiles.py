"""Word exports: the bracketed document with sponsor footnotes, the clean document, and redlines as tracked changes.

- Bracketed: one Word paragraph per paragraph, brackets as typed. Each alternative that has backers is followed
  by a real Word footnote ("Proposed by CHE; supported by AFR; objected to by USA."), when asked. The document's
  own footnotes (`[footnoteRef:1]` with its body `[1: …]`) become real footnotes too.
- Clean: the clean text (refused while anything is undecided, unless unresolved ones are kept), one Word
  paragraph per paragraph.
- Redline: each paragraph's word diff between two versions as `w:ins`/`w:del`, author = the delegation (or
  "Chair") whose recorded action made the change, date = when; moves, splits and merges as `wordredline` says.
"""

from __future__ import annotations

from docx.oxml.xmlchemy import BaseOxmlElement
from sqlmodel import Session

from app import domain
from app.services.documents import catalog as documents
from app.services.formats import sponsors, wordredline
from app.services.formats import text as exports
from app.services.formats.sponsors import Piece
from app.services.formats.wordxml import WordWriter
from app.services.reading import redlines


def bracketed_docx(*, session: Session, document_id: int, ref: str, sponsor_notes: bool = True) -> bytes:
    """The bracketed document as a Word file, with sponsor notes and the document's footnotes as real footnotes."""
    document = documents.get(session=session, document_id=document_id)
    annotated = sponsors.annotate(session=session, document_id=document_id, ref=ref)
    paragraphs = [(p.prefix, p.pieces) for p in annotated.paragraphs]
    return _write(document.title, paragraphs, sponsor_notes=sponsor_notes)


def _write(title: str, paragraphs: list[tuple[str, list[Piece]]], *, sponsor_notes: bool) -> bytes:
    """Paragraphs of pieces as a Word file, footnote markers with known bodies as real footnotes."""
    bodies = {p.number: p.text for _, pieces in paragraphs for p in pieces if p.kind == "footnote"}
    referenced = {p.number for _, pieces in paragraphs for p in pieces if p.kind == "footnote_ref"}
    writer = WordWriter(title)
    for prefix, pieces in paragraphs:
        if _only_referenced_footnotes(pieces, referenced):
            continue  # a footnote body paragraph: it now lives in the footnotes part
        element = writer.paragraph()
        writer.text(element, prefix)
        for piece in pieces:
            _write_piece(writer, element, piece, bodies, referenced, sponsor_notes)
    return writer.save()


def _write_piece(
    writer: WordWriter,
    element: BaseOxmlElement,
    piece: Piece,
    bodies: dict[str, str],
    referenced: set[str],
    sponsor_notes: bool,
) -> None:
    if piece.kind == "note":
        if sponsor_notes:
            writer.footnote(element, piece.text)
    elif piece.kind == "footnote_ref" and piece.number in bodies:
        writer.footnote(element, bodies[piece.number].strip())
    elif piece.kind == "footnote" and piece.number in referenced:
        return
    else:
        writer.text(element, piece.raw or piece.text)


def _only_referenced_footnotes(pieces: list[Piece], referenced: set[str]) -> bool:
    footnotes = [p for p in pieces if p.kind == "footnote"]
    rest = [p for p in pieces if p.kind != "footnote"]
    return (
        bool(footnotes)
        and all(p.number in referenced for p in footnotes)
        and all(p.kind == "text" and not p.text.strip() for p in rest)
    )


def clean_docx(*, session: Session, document_id: int, revision: int | None, keep_unresolved: bool = False) -> bytes:
    """The clean text as a Word file (409 while anything is undecided, unless `keep_unresolved`)."""
    document = documents.get(session=session, document_id=document_id)
    text = exports.export_text(
        session=session,
        document_id=document_id,
        format="clean",
        revision=revision,
        keep_unresolved=keep_unresolved,
        footnote_markers=True,  # the Word file makes real footnotes of them
    )
    paragraphs = [(p.prefix, sponsors.pieces_of(p.content, {})) for p in domain.parse(text).paragraphs]
    return _write(document.title, paragraphs, sponsor_notes=False)


def redline_docx(*, session: Session, document_id: int, start: str, end: str) -> bytes:
    """The redline between two versions as a Word file of tracked changes that a reader can accept or reject."""
    result = redlines.compute(session=session, document_id=document_id, start=start, end=end)
    return wordredline.redline_bytes(result)
