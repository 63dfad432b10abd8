"""What a revision changed since the one before it: the summary shown when it is issued, with its note."""

from __future__ import annotations

from sqlmodel import Session

from app.services.negotiation import revisions
from app.services.reading import redlines
from app.services.reading.models import ReadModel


class RevisionSummary(ReadModel):
    """Rev.N against Rev.N-1: sets opened and resolved, paragraphs changed, what is still open, the note."""

    document_id: int
    number: int
    previous: int | None
    note: str
    sets_opened: int
    sets_resolved: int
    changed_paragraphs: int
    paragraphs: int
    open_sets: int

    @property
    def redline_url(self) -> str:
        """The redline of this revision against the previous one."""
        start = self.previous if self.previous is not None else self.number
        return f"/documents/{self.document_id}/redline?from={start}&to={self.number}"


def revision_summary(*, session: Session, document_id: int, number: int) -> RevisionSummary:
    """The summary of one revision (Rev.0 is compared with itself: the text as imported)."""
    revision = revisions.get(session=session, document_id=document_id, number=number)
    previous = number - 1 if number > 0 else None
    start = str(previous if previous is not None else number)
    summary = redlines.compute(session=session, document_id=document_id, start=start, end=str(number)).summary()
    changes = summary.bracket_changes
    return RevisionSummary(
        document_id=document_id,
        number=number,
        previous=previous,
        note=revision.note,
        sets_opened=changes.get("set_added", 0),
        sets_resolved=changes.get("set_resolved", 0),
        changed_paragraphs=summary.changed_paragraphs,
        paragraphs=summary.paragraphs,
        open_sets=summary.open_bracket_sets.end,
    )
