"""Texts that leave the system: bracketed (exactly as stored) and clean (only when nothing is undecided)."""

from __future__ import annotations

from typing import Literal

from sqlmodel import Session

from app import domain
from app.services.documents import catalog as documents
from app.services.errors import Conflict, Invalid
from app.services.negotiation import blocks, revisions
from app.services.negotiation.content import Contents

Format = Literal["bracketed", "clean"]
FORMATS = ("bracketed", "clean")


def export_text(
    *,
    session: Session,
    document_id: int,
    format: str,
    revision: int | None = None,
    keep_unresolved: bool = False,
    footnote_markers: bool = False,
) -> str:
    """The document, live or at a revision, as bracketed or clean text (Word footnotes read as in print, or kept as
    their markers for a Word file)."""
    if format not in FORMATS:
        raise Invalid(f"format: {format!r} is not one of {', '.join(FORMATS)}")
    document = documents.get(session=session, document_id=document_id)
    if revision is not None:
        text = revisions.get(session=session, document_id=document_id, number=revision).text
        tree = documents.reparse(document, text)
    else:
        tree = _live_tree(session, document_id, document.bom, document.leading)
    if format == "bracketed" or keep_unresolved:
        return domain.render(tree)
    try:
        return domain.clean_text(tree, choices={}, values={}, markers=footnote_markers)
    except domain.UndecidedError as error:
        raise _undecided(tree, error, revision) from error


def _live_tree(session: Session, document_id: int, bom: str, leading: str) -> domain.Document:
    contents = Contents(session, document_id)
    rows = documents.paragraphs(session=session, document_id=document_id)
    paragraphs = tuple(
        domain.Paragraph(p.prefix, p.label, p.kind, contents.tree(p.content), p.trailing)  # type: ignore[arg-type]
        for p in rows
    )
    order = [p.id for p in rows if p.id is not None]
    over = blocks.open_blocks(session=session, document_id=document_id, order=order)
    return domain.Document(bom=bom, leading=leading, paragraphs=paragraphs, warnings=(), blocks=over)


def _undecided(tree: domain.Document, error: domain.UndecidedError, revision: int | None) -> Conflict:
    keys = {ordinal: node.key for ordinal, node, _ in domain.iter_bracket_sets(tree)}
    keys |= {-1 - n: block.key for n, block in enumerate(tree.blocks)}
    placeholder_keys = {ordinal: node.key for ordinal, node, _ in domain.iter_placeholders(tree)}
    open_sets = [
        {"id": keys.get(item.ordinal), "line": item.line, "column": item.column}
        for item in error.items
        if item.kind == "bracket_set"
    ]
    placeholders = [
        {"id": placeholder_keys.get(item.ordinal), "line": item.line, "column": item.column}
        for item in error.items
        if item.kind == "placeholder"
    ]
    where = "the live text" if revision is None else f"Rev.{revision}"
    listing = ", ".join(f"line {item.line} column {item.column}" for item in error.items[:10])
    return Conflict(
        f"{where} still has {len(open_sets)} open bracket sets and {len(placeholders)} unfilled placeholders "
        f"({listing}{' …' if len(error.items) > 10 else ''}); resolve them, or ask for unresolved=keep",
        open_bracket_sets=open_sets,
        placeholders=placeholders,
    )
