"""Versions of a document to compare: a revision's snapshot, or the live text; and the events between two."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.models import Event, Revision
from app.services.documents import catalog as documents
from app.services.errors import Invalid
from app.services.negotiation import audit, revisions
from app.services.reading.models import ReadModel

LIVE = "live"


class VersionParagraph(ReadModel):
    """A paragraph as a revision's snapshot keeps it (the live text is read the same way)."""

    id: int
    position: int
    label: str | None = None
    # Defaults for what older snapshots may lack; keys they hold that are not listed here are ignored.
    kind: str = "text"
    status: str = "open"
    version: int | None = None
    prefix: str = ""
    text: str
    trailing: str = ""


class Snapshot(ReadModel):
    """A revision's stored JSON: the document's byte-order mark and leading lines, and its paragraphs."""

    bom: str = ""
    leading: str = ""
    paragraphs: list[VersionParagraph]


@dataclass(frozen=True, slots=True)
class Version:
    """The document at one point: a revision (`number`) or the live text (`number` None, `at` None = now)."""

    ref: str
    number: int | None
    at: datetime | None
    text: str
    paragraphs: list[VersionParagraph]
    bom: str = ""
    leading: str = ""

    @property
    def name(self) -> str:
        """How people call it: Rev.2, or the live text."""
        return "the live text" if self.number is None else f"Rev.{self.number}"


def parse_ref(value: str | int | None, *, field: str) -> str:
    """Normalise a revision reference: a revision number or `live`."""
    text = str(value).strip().lower() if value is not None else LIVE
    if text in (LIVE, ""):
        return LIVE
    if not text.isdigit():
        raise Invalid(f"{field}: {value!r} is neither a revision number nor 'live'")
    return str(int(text))


def load(*, session: Session, document_id: int, ref: str) -> Version:
    """The document at a revision, or live."""
    document = documents.get(session=session, document_id=document_id)
    if ref == LIVE:
        rows = documents.paragraphs(session=session, document_id=document_id)
        # The record a revision would keep, read as its snapshot is.
        paragraphs = [VersionParagraph.model_validate(revisions.paragraph_record(p)) for p in rows]
        text = document.bom + document.leading + "".join(p.prefix + p.text + p.trailing for p in paragraphs)
        return Version(LIVE, None, None, text, paragraphs, document.bom, document.leading)
    revision = revisions.get(session=session, document_id=document_id, number=int(ref))
    snapshot = Snapshot.model_validate_json(revision.snapshot)
    return Version(
        ref, revision.number, revision.created_at, revision.text, snapshot.paragraphs, snapshot.bom, snapshot.leading
    )


def pair(*, session: Session, document_id: int, start: str, end: str) -> tuple[Version, Version]:
    """Two versions in order; the later one may not come first."""
    before = load(session=session, document_id=document_id, ref=start)
    after = load(session=session, document_id=document_id, ref=end)
    if before.number is None and after.number is not None:
        raise Invalid(f"from: the live text comes after Rev.{after.number}; compare Rev.{after.number} to live")
    if before.number is not None and after.number is not None and before.number > after.number:
        raise Invalid(f"from: Rev.{before.number} comes after Rev.{after.number}; put the older revision first")
    return before, after


def events_between(*, session: Session, document_id: int, start: Version, end: Version) -> list[audit.Recorded]:
    """The events recorded after `start` was taken, up to when `end` was taken (oldest first), with their texts."""
    if start.number is None:
        return []  # live to live: nothing lies between
    query = select(Event).where(Event.document_id == document_id).order_by(col(Event.id))
    if start.at is not None:
        query = query.where(col(Event.at) > start.at)
    if end.at is not None:
        query = query.where(col(Event.at) <= end.at)
    return audit.recorded(session=session, events=list(session.exec(query)))


def revision_times(*, session: Session, document_id: int) -> list[tuple[int, datetime]]:
    """Every revision number of a document with when it was taken."""
    rows = session.exec(
        select(Revision.number, Revision.created_at)
        .where(Revision.document_id == document_id)
        .order_by(col(Revision.number))
    )
    return [(number, at) for number, at in rows]


def revision_notes(*, session: Session, document_id: int) -> dict[int, str]:
    """Every revision number of a document with the note it was issued with ("" when none)."""
    rows = session.exec(select(Revision.number, Revision.note).where(Revision.document_id == document_id))
    return {number: note for number, note in rows}
