"""Sponsor notes: the document as pieces of text with, after each alternative that has backers, a note naming them.

Shared by the bracketed text export with `footnotes=sponsors` and the Word export (real footnotes). The live
text carries row ids; a revision's text is re-parsed and its alternatives are matched to rows by paragraph and
wording (the first row with that wording wins). Positions count as they stood when the version was taken.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session, col, select

from app import domain
from app.domain import Alternative, BracketSet, Footnote, FootnoteRef, Inline
from app.domain.walk import iter_inline_events
from app.models import AlternativeRow, BracketSetRow, Delegation, Position
from app.services.documents import catalog as documents
from app.services.negotiation.content import Contents
from app.services.reading import versions
from app.services.reading.versions import Version, VersionParagraph

PieceKind = Literal["text", "note", "footnote_ref", "footnote"]
STANCE_WORDS = (("proposes", "Proposed by"), ("supports", "supported by"), ("objects", "objected to by"))


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a paragraph: text, a sponsor note, or a footnote marker or body of the document itself."""

    kind: PieceKind
    text: str
    number: str = ""
    raw: str = ""  # a footnote body exactly as in the text, `[1: …]`


@dataclass(frozen=True, slots=True)
class AnnotatedParagraph:
    """A paragraph as pieces, with its label prefix and trailing line breaks."""

    id: int
    prefix: str
    pieces: list[Piece]
    trailing: str


@dataclass(frozen=True, slots=True)
class Annotated:
    """The document as annotated paragraphs, with its byte-order mark and leading blank lines."""

    version: Version
    bom: str
    leading: str
    paragraphs: list[AnnotatedParagraph]


def annotate(*, session: Session, document_id: int, ref: str) -> Annotated:
    """The document at a version (revision number or `live`), with a note after each backed alternative."""
    version = versions.load(session=session, document_id=document_id, ref=ref)
    notes = notes_at(session=session, document_id=document_id, at=version.at)
    paragraphs = []
    for paragraph, content in contents_of(session=session, document_id=document_id, version=version):
        pieces = pieces_of(content, notes)
        paragraphs.append(AnnotatedParagraph(paragraph.id, paragraph.prefix, pieces, paragraph.trailing))
    return Annotated(version, version.bom, version.leading, paragraphs)


def contents_of(
    *, session: Session, document_id: int, version: Version
) -> list[tuple[VersionParagraph, tuple[Inline, ...]]]:
    """Each paragraph of a version with its content tree, alternatives keyed by row id where they can be."""
    contents = Contents(session, document_id)
    live = {p.id: p.content for p in documents.paragraphs(session=session, document_id=document_id)}
    found = []
    for paragraph in version.paragraphs:
        if version.number is None:
            content = contents.tree(live[paragraph.id])
        else:
            content = _keyed(body(paragraph.text), _wordings(contents, paragraph.id))
        found.append((paragraph, content))
    return found


def body(text: str) -> tuple[Inline, ...]:
    """A paragraph's stored text as inlines, unbalanced brackets kept as text."""
    doc = domain.parse(text)
    items: list[Inline] = [domain.Text(doc.bom + doc.leading)]
    for paragraph in doc.paragraphs:
        items += [domain.Text(paragraph.prefix), *paragraph.content, domain.Text(paragraph.trailing)]
    return tuple(item for item in items if not (isinstance(item, domain.Text) and not item.text))


def note_text(stances: dict[str, list[str]]) -> str:
    """'Proposed by CHE; supported by AFR; objected to by USA.'"""
    parts = [f"{words} {', '.join(stances[stance])}" for stance, words in STANCE_WORDS if stances.get(stance)]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


def notes_at(*, session: Session, document_id: int, at: datetime | None) -> dict[int, str]:
    """The note of each alternative: its backers as they stood at a moment (None = now), by stance."""
    query = (
        select(Position, Delegation.code)
        .join(AlternativeRow, col(AlternativeRow.id) == Position.alternative_id)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .join(Delegation, col(Delegation.id) == Position.delegation_id)
        .where(BracketSetRow.document_id == document_id)
        .order_by(col(Position.id))
    )
    stances: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for position, code in session.exec(query):
        if at is not None and position.created_at > at:
            continue
        if position.withdrawn_at is not None and (at is None or position.withdrawn_at <= at):
            continue
        stances[position.alternative_id][str(position.stance)].append(code)
    return {alternative_id: note_text(by_stance) for alternative_id, by_stance in stances.items()}


def _wordings(contents: Contents, paragraph_id: int) -> dict[str, int]:
    """Alternative ids of a paragraph by wording, the oldest first."""
    found: dict[str, int] = {}
    for set_id, row in sorted(contents.sets.items()):
        if row.paragraph_id != paragraph_id:
            continue
        for alternative in contents.alternatives.get(set_id, []):
            text = domain.render_inlines(contents.tree_of_alternative(alternative))
            found.setdefault(text, alternative.id or 0)
    return found


def _keyed(content: tuple[Inline, ...], wordings: dict[str, int]) -> tuple[Inline, ...]:
    """A re-parsed content with alternatives given the ids of the rows with the same wording."""
    result: list[Inline] = []
    for node in content:
        if isinstance(node, BracketSet):
            alternatives = tuple(
                Alternative(
                    _keyed(a.content, wordings), key=wordings.get(domain.render_inlines(a.content)), original=a.original
                )
                for a in node.alternatives
            )
            node = BracketSet(alternatives, node.separators, node.key)
        result.append(node)
    return tuple(result)


def pieces_of(content: tuple[Inline, ...], notes: dict[int, str]) -> list[Piece]:
    """A content as pieces: text, a note after each alternative that has one, footnote markers and bodies."""
    pieces: list[Piece] = []
    footnote_depth = 0
    for event in iter_inline_events(content):
        node = event.node
        if event.kind == "footnote" and isinstance(node, Footnote):
            if footnote_depth == 0:
                pieces.append(
                    Piece("footnote", domain.render_inlines(node.content), node.number, domain.render_inlines((node,)))
                )
            footnote_depth += 1
        elif event.kind == "end_footnote":
            footnote_depth -= 1
        elif footnote_depth:
            continue  # a footnote's body is one piece
        elif event.kind == "footnote_ref" and isinstance(node, FootnoteRef):
            pieces.append(Piece("footnote_ref", node.raw, node.number, node.raw))
        else:
            _append_text(pieces, event.text)
            if event.kind == "close" and isinstance(node, Alternative) and notes.get(node.key or 0):
                pieces.append(Piece("note", notes[node.key or 0]))
    return pieces


def _append_text(pieces: list[Piece], text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == "text":
        pieces[-1] = Piece("text", pieces[-1].text + text)
    else:
        pieces.append(Piece("text", text))
