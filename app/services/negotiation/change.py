"""What one write did to a document: the `Change` every write service returns once it has committed.

Callers render the affected fragments from it after the commit (and the live-update channel publishes it), so
nobody re-reads the whole document to find out what a write touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session

from app.models import Comment, Event, Paragraph
from app.services.negotiation.content import Written

PENDING_CHANGE = "crochets.pending_change"  # session.info key: the change its commit makes (see app.notify)

ChangeKind = Literal[
    "proposal",
    "position",
    "resolution",
    "resolution_undone",
    "placeholder_filled",
    "status",
    "chair_text",
    "phase",
    "revision",
    "imported",
    "current_paragraph",
    "comment",
    "structure",
]


@dataclass(frozen=True, slots=True)
class Change:
    """A committed write: what it touched, the paragraphs' new versions and the audit events that tell it."""

    kind: ChangeKind
    document_id: int
    paragraph_ids: tuple[int, ...] = ()
    bracket_set_ids: tuple[int, ...] = ()  # sets created, extended, resolved or acted on
    alternative_ids: tuple[int, ...] = ()  # alternatives created or acted on
    versions: tuple[tuple[int, int], ...] = ()  # (paragraph id, version after the write)
    event_ids: tuple[int, ...] = ()
    new_sets: tuple[int, ...] = ()
    changed_sets: tuple[int, ...] = ()  # existing sets given new alternatives
    rebased: bool = False  # a stale proposal re-applied to the current text
    revision: int | None = None  # the number of a revision issued
    current_paragraph_id: int | None = None  # the paragraph the chair put under discussion
    comment_ids: tuple[int, ...] = ()  # comments stored (a comment, the reasons given with a proposal)
    # The paragraph as a proposal left it (its row and content rows), for its answer; not part of the live event.
    written: Written | None = field(default=None, compare=False, repr=False)

    @property
    def paragraph_id(self) -> int | None:
        """The paragraph a one-paragraph change touched."""
        return self.paragraph_ids[0] if self.paragraph_ids else None

    @property
    def bracket_set_id(self) -> int | None:
        """The bracket set a one-set change acted on."""
        return self.bracket_set_ids[0] if self.bracket_set_ids else None


def commit(
    *,
    session: Session,
    kind: ChangeKind,
    document_id: int,
    events: Iterable[Event],
    paragraphs: Iterable[Paragraph] = (),
    bracket_set_ids: Iterable[int] = (),
    alternative_ids: Iterable[int] = (),
    new_sets: Iterable[int] = (),
    changed_sets: Iterable[int] = (),
    rebased: bool = False,
    revision: int | None = None,
    current_paragraph_id: int | None = None,
    comments: Iterable[Comment] = (),
    written: Written | None = None,
) -> Change:
    """Commit the write (once) and say what it changed."""
    session.flush()  # gives the events their ids; read before the commit expires them
    touched = list(paragraphs)
    change = Change(
        kind=kind,
        document_id=document_id,
        paragraph_ids=tuple(p.id for p in touched if p.id is not None),
        bracket_set_ids=tuple(dict.fromkeys(bracket_set_ids)),
        alternative_ids=tuple(dict.fromkeys(alternative_ids)),
        versions=tuple((p.id, p.version) for p in touched if p.id is not None),
        event_ids=tuple(e.id for e in events if e.id is not None),
        new_sets=tuple(new_sets),
        changed_sets=tuple(changed_sets),
        rebased=rebased,
        revision=revision,
        current_paragraph_id=current_paragraph_id,
        comment_ids=tuple(c.id for c in comments if c.id is not None),
        written=written,
    )
    session.info[PENDING_CHANGE] = change  # on PostgreSQL, announced to every process inside this transaction
    session.commit()
    return change
