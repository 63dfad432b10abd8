"""Read models: documents, paragraphs and bracket sets as plain data for the API and the pages."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, select

from app import domain
from app.domain import BracketSet, Footnote, FootnoteRef, Inline, Placeholder, Text
from app.models import AlternativeRow, BracketSetRow, Delegation, Paragraph, PlaceholderRow, Position, Revision
from app.services.documents import catalog as documents
from app.services.errors import NotFound
from app.services.negotiation import revisions
from app.services.negotiation.content import Contents

STANCE_KEYS = {"proposes": "sponsors", "supports": "supporters", "objects": "objectors"}


class DocumentView:
    """Everything needed to show one document: rows, positions and delegation codes, loaded once."""

    def __init__(self, session: Session, document_id: int) -> None:
        self.document = documents.get(session=session, document_id=document_id)
        self.paragraphs = documents.paragraphs(session=session, document_id=document_id)
        self.contents = Contents(session, document_id)
        delegations = list(session.exec(select(Delegation)))
        self.codes = {d.id: d.code for d in delegations}
        self.names = {d.code: d.name for d in delegations}
        self.positions: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        rows = session.exec(
            select(Position)
            .join(AlternativeRow, col(AlternativeRow.id) == Position.alternative_id)
            .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
            .where(BracketSetRow.document_id == document_id, col(Position.withdrawn_at).is_(None))
            .order_by(col(Position.id))
        )
        for position in rows:
            self.positions[position.alternative_id][STANCE_KEYS[position.stance]].append(
                self.codes.get(position.delegation_id, "?")
            )
        self.last_revision = session.exec(
            select(Revision.number).where(Revision.document_id == document_id).order_by(col(Revision.number).desc())
        ).first()

    def header(self) -> dict[str, Any]:
        """The document without its paragraphs."""
        document = self.document
        return {
            "id": document.id,
            "title": document.title,
            "symbol": document.symbol,
            "language": document.language,
            "proposals_open": document.proposals_open,
            "last_revision": self.last_revision,
        }

    def data(self) -> dict[str, Any]:
        """The document with every paragraph's content."""
        return self.header() | {"paragraphs": [self.paragraph(p) for p in self.paragraphs]}

    def paragraph(self, paragraph: Paragraph) -> dict[str, Any]:
        """One paragraph: identity, label, status, version, exact text and content runs."""
        return revisions.paragraph_record(paragraph) | {"content": self.runs(self.contents.tree(paragraph.content))}

    def runs(self, content: tuple[Inline, ...]) -> list[dict[str, Any]]:
        """Content as typed runs."""
        runs: list[dict[str, Any]] = []
        for node in content:
            if isinstance(node, Text):
                runs.append({"type": "text", "text": node.text})
            elif isinstance(node, BracketSet):
                runs.append(self.bracket_set(node))
            elif isinstance(node, Placeholder):
                runs.append({"type": "placeholder", "id": node.key, "text": node.text})
            elif isinstance(node, FootnoteRef):
                runs.append({"type": "footnote_ref", "number": node.number, "raw": node.raw})
            elif isinstance(node, Footnote):
                runs.append(
                    {"type": "footnote", "number": node.number, "head": node.head, "content": self.runs(node.content)}
                )
        return runs

    def bracket_set(self, node: BracketSet) -> dict[str, Any]:
        """A live bracket set with its alternatives and who stands where."""
        return {
            "type": "bracket_set",
            "id": node.key,
            "new": node.key is None,
            "state": "open",
            "alternatives": [
                {
                    "id": alternative.key,
                    "new": alternative.key is None,
                    "separator": node.separators[index - 1] if index else "",
                    "text": domain.render_inlines(alternative.content),
                    "original": alternative.original,
                    "content": self.runs(alternative.content),
                    "sponsors": [],
                    "supporters": [],
                    "objectors": [],
                }
                | {key: list(codes) for key, codes in self.positions.get(alternative.key or 0, {}).items()}
                for index, alternative in enumerate(node.alternatives)
            ],
        }

    def set_record(self, bracket_set_id: int) -> dict[str, Any]:
        """A bracket set in any state, with every alternative ever proposed in it."""
        row = self.contents.sets.get(bracket_set_id)
        if row is None:
            raise NotFound(f"there is no bracket set {bracket_set_id}")
        alternatives: list[dict[str, Any]] = []
        for alternative in self.contents.alternatives[bracket_set_id]:
            content = self.contents.tree_of_alternative(alternative)
            alternatives.append(
                {
                    "id": alternative.id,
                    "text": domain.render_inlines(content),
                    "original": alternative.original,
                    "state": str(alternative.state),
                    "sponsors": [],
                    "supporters": [],
                    "objectors": [],
                }
                | {key: list(codes) for key, codes in self.positions.get(alternative.id or 0, {}).items()}
            )
        return {
            "id": row.id,
            "paragraph_id": row.paragraph_id,
            "state": str(row.state),
            "origin": row.origin,
            "resolution": {"alternative_id": row.resolution_alternative_id, "text": row.resolution_text}
            if row.state == "resolved"
            else None,
            "alternatives": alternatives,
        }


def document_data(*, session: Session, document_id: int) -> dict[str, Any]:
    """The document tree as the API returns it."""
    return DocumentView(session, document_id).data()


def paragraph_data(*, session: Session, paragraph_id: int) -> dict[str, Any]:
    """One paragraph as the API returns it."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None:
        raise NotFound(f"there is no paragraph {paragraph_id}")
    return DocumentView(session, paragraph.document_id).paragraph(paragraph)


def set_data(*, session: Session, bracket_set_id: int) -> dict[str, Any]:
    """One bracket set, in any state, as the API returns it."""
    row = session.get(BracketSetRow, bracket_set_id)
    if row is None:
        raise NotFound(f"there is no bracket set {bracket_set_id}")
    return DocumentView(session, row.document_id).set_record(bracket_set_id)


def set_document(*, session: Session, bracket_set_id: int) -> int:
    """The document a bracket set belongs to."""
    row = session.get(BracketSetRow, bracket_set_id)
    if row is None:
        raise NotFound(f"there is no bracket set {bracket_set_id}")
    return row.document_id


def paragraph_document(*, session: Session, paragraph_id: int) -> int:
    """The document a paragraph belongs to."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None:
        raise NotFound(f"there is no paragraph {paragraph_id}")
    return paragraph.document_id


def alternative_set(*, session: Session, alternative_id: int) -> int:
    """The bracket set an alternative belongs to."""
    row = session.get(AlternativeRow, alternative_id)
    if row is None:
        raise NotFound(f"there is no alternative {alternative_id}")
    return row.bracket_set_id


def placeholder_data(*, session: Session, placeholder_id: int) -> dict[str, Any]:
    """One placeholder: id, text, value."""
    row = session.get(PlaceholderRow, placeholder_id)
    if row is None:
        raise NotFound(f"there is no placeholder {placeholder_id}")
    return {"id": row.id, "text": row.text, "value": row.value, "paragraph_id": row.paragraph_id}
