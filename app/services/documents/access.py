"""Which document a request reads, so that documents the operator made public can be read without signing in."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from app.models import BracketSetRow, Document, Paragraph

# The path parameters that name something inside one document.
PARAMETERS = ("document_id", "paragraph_id", "bracket_set_id")
MAX_ID = 2**63 - 1


def documents_named(*, session: Session, params: Mapping[str, str]) -> set[int] | None:
    """The documents a request's path parameters point into; None when it names none or a missing one."""
    found: set[int] = set()
    for name in PARAMETERS:
        value = params.get(name)
        if value is None:
            continue
        if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
            return None
        document_id = _document_of(session, name, int(value))
        if document_id is None:
            return None
        found.add(document_id)
    return found or None


def _document_of(session: Session, name: str, row_id: int) -> int | None:
    if name == "document_id":
        document = session.get(Document, row_id)
        return document.id if document is not None else None
    if name == "paragraph_id":
        paragraph = session.get(Paragraph, row_id)
        return paragraph.document_id if paragraph is not None else None
    bracket_set = session.get(BracketSetRow, row_id)
    return bracket_set.document_id if bracket_set is not None else None


def is_public_read(*, session: Session, params: Mapping[str, str], public: frozenset[int]) -> bool:
    """True when every document the path names is one of the public ones."""
    if not public:
        return False
    named = documents_named(session=session, params=params)
    return named is not None and named <= public


def public_titles(*, session: Session, public: frozenset[int]) -> list[tuple[int, str]]:
    """The public documents that exist, as (id, title), for the sign-in page."""
    if not public:
        return []
    rows = session.exec(select(Document.id, Document.title).where(col(Document.id).in_(sorted(public)))).all()
    return [(document_id, title) for document_id, title in rows if document_id is not None]
