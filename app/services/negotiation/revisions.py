"""Revisions: immutable, numbered snapshots of a whole document."""

from __future__ import annotations

import json
from typing import TypedDict, cast

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.models import Document, Paragraph, Revision
from app.services import permissions
from app.services.accounts.auth import Actor
from app.services.errors import Invalid, NotFound
from app.services.negotiation import audit, change
from app.services.negotiation.audit import Subject
from app.services.negotiation.change import Change
from app.services.negotiation.editing import lock_document
from app.services.reading.models import RevisionView

MAX_NOTE_LENGTH = 2000


class ParagraphRecord(TypedDict):
    """A paragraph as a revision's snapshot keeps it (stored as JSON)."""

    id: int
    position: int
    label: str | None
    kind: str
    status: str
    version: int
    prefix: str
    text: str
    trailing: str


def paragraph_record(paragraph: Paragraph) -> ParagraphRecord:
    """A paragraph as revisions keep it: identity, place, label, kind, status, version and exact text."""
    assert paragraph.id is not None
    return {
        "id": paragraph.id,
        "position": paragraph.position,
        "label": paragraph.label,
        "kind": str(paragraph.kind),
        "status": str(paragraph.status),
        "version": paragraph.version,
        "prefix": paragraph.prefix,
        "text": paragraph.text,
        "trailing": paragraph.trailing,
    }


def snapshot(*, session: Session, document: Document, number: int, note: str, actor: Actor | None) -> Revision:
    """Store the document as it is now under a revision number."""
    assert document.id is not None
    session.flush()
    # The record's columns read as plain rows, in the record's order (a Geneva has 2,000 paragraphs: not as objects).
    recorded = [col(getattr(Paragraph, key)) for key in ParagraphRecord.__annotations__]
    rows = session.execute(
        sa_select(*recorded)
        .where(col(Paragraph.document_id) == document.id, col(Paragraph.retired_at).is_(None))
        .order_by(col(Paragraph.position))
    ).all()
    paragraphs = [cast(ParagraphRecord, dict(row._mapping)) for row in rows]
    text = document.bom + document.leading + "".join(p.prefix + p.text + p.trailing for p in rows)
    revision = Revision(
        document_id=document.id,
        number=number,
        note=note,
        text=text,
        snapshot=json.dumps({"bom": document.bom, "leading": document.leading, "paragraphs": paragraphs}),
        account_id=actor.account_id if actor else None,
    )
    session.add(revision)
    return revision


def issue(*, session: Session, actor: Actor, document_id: int, note: str) -> Change:
    """Issue the next revision (Rev.1, Rev.2 …) of the live text."""
    permissions.require_revision_issuer(actor)
    if len(note) > MAX_NOTE_LENGTH:
        raise Invalid(f"note: {len(note)} characters; at most {MAX_NOTE_LENGTH} are allowed")
    document = lock_document(session=session, document_id=document_id)
    latest = session.exec(select(func.max(Revision.number)).where(Revision.document_id == document_id)).one()
    number = (latest if latest is not None else -1) + 1
    snapshot(session=session, document=document, number=number, note=note.strip(), actor=actor)
    event = audit.record(
        session=session, subject=Subject(document_id), actor=actor, action="revision", summary=f"issued Rev.{number}"
    )
    return change.commit(session=session, kind="revision", document_id=document_id, events=[event], revision=number)


def get(*, session: Session, document_id: int, number: int) -> Revision:
    """One revision of a document, or NotFound."""
    revision = session.exec(
        select(Revision).where(Revision.document_id == document_id, Revision.number == number)
    ).first()
    if revision is None:
        raise NotFound(f"document {document_id} has no Rev.{number}")
    return revision


def revision_view(*, session: Session, document_id: int, number: int) -> RevisionView:
    """One revision as the API shows it."""
    return _view(get(session=session, document_id=document_id, number=number))


def views(*, session: Session, document_id: int) -> list[RevisionView]:
    """Every revision of a document as the API shows it, oldest first."""
    return [_view(revision) for revision in listing(session=session, document_id=document_id)]


def _view(revision: Revision) -> RevisionView:
    assert revision.id is not None
    return RevisionView(id=revision.id, number=revision.number, note=revision.note, created_at=revision.created_at)


def listing(*, session: Session, document_id: int) -> list[Revision]:
    """All revisions of a document, oldest first."""
    return list(
        session.exec(select(Revision).where(Revision.document_id == document_id).order_by(col(Revision.number)))
    )
