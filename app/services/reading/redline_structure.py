"""How the paragraphs of two versions line up: kept, moved, split off, merged away, added or deleted.

Paragraphs are matched by id (revision snapshots carry ids). Of the paragraphs both versions hold, those outside
one longest increasing run of their old places moved (`app.domain.moves`); each is shown once, at its new place,
saying where it came from. A paragraph only the later version holds was split off another when its row says so
(`derived_from_id`), else added; one only the earlier version holds was merged into another when its row says so
(`merged_into_id`), else deleted. A removed paragraph stays where it stood among the paragraphs that did not move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.domain.moves import moved
from app.models import Paragraph
from app.services.reading.versions import Version, VersionParagraph

Structure = Literal["kept", "moved", "split", "merged", "added", "deleted"]
STRUCTURE_KINDS: tuple[Structure, ...] = ("moved", "split", "merged", "added", "deleted")


@dataclass(frozen=True, slots=True)
class Lineage:
    """What a paragraph's row says of where it came from or went: split from, merged into (plain ids)."""

    derived_from_id: int | None = None
    merged_into_id: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a paragraph stands in one version: its place (from 1) and what to call it there."""

    position: int
    label: str | None
    name: str  # its label, or ¶ and its place


@dataclass(frozen=True, slots=True)
class Related:
    """Another paragraph a structural change names (split from, merged into), with what to call it."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Aligned:
    """One paragraph of the redline: its text in each version, what happened to it and where it stood."""

    old: VersionParagraph | None
    new: VersionParagraph | None
    structure: Structure
    before: Place | None
    after: Place | None
    related: Related | None = None  # the paragraph it was split from, or merged into

    @property
    def id(self) -> int:
        """The paragraph's id."""
        shown = self.new if self.new is not None else self.old
        assert shown is not None
        return shown.id


def places(version: Version) -> dict[int, Place]:
    """Every paragraph of a version by id, with its place and name there."""
    return {
        p.id: Place(position=index, label=p.label, name=p.label or f"¶ {index}")
        for index, p in enumerate(version.paragraphs, start=1)
    }


def align(before: Version, after: Version, lineage: Mapping[int, Lineage]) -> list[Aligned]:
    """The paragraphs of both versions in the later one's order, each with what happened to it."""
    old_places, new_places = places(before), places(after)
    old_by_id = {p.id: p for p in before.paragraphs}
    shared = [p for p in after.paragraphs if p.id in old_by_id]
    moved_ids = {shared[i].id for i in moved([old_places[p.id].position for p in shared])}

    def related(paragraph_id: int | None) -> Related | None:
        if paragraph_id is None:
            return None
        place = new_places.get(paragraph_id) or old_places.get(paragraph_id)
        return Related(paragraph_id, place.name if place else f"paragraph {paragraph_id}")

    pending = [p for p in before.paragraphs if p.id not in new_places]
    result: list[Aligned] = []

    def removed_up_to(position: int | None) -> None:  # None: all that are left
        while pending and (position is None or old_places[pending[0].id].position < position):
            old = pending.pop(0)
            into = lineage.get(old.id, Lineage()).merged_into_id
            kind: Structure = "merged" if into is not None else "deleted"
            result.append(Aligned(old, None, kind, old_places[old.id], None, related(into)))

    # Before each paragraph of the later version, the removed ones that stood before the next one that stayed put.
    anchors: list[int | None] = []
    following: int | None = None
    for paragraph in reversed(after.paragraphs):
        if paragraph.id in old_by_id and paragraph.id not in moved_ids:
            following = old_places[paragraph.id].position
        anchors.append(following)
    anchors.reverse()
    for paragraph, anchor in zip(after.paragraphs, anchors, strict=True):
        removed_up_to(anchor)
        old = old_by_id.get(paragraph.id)
        if old is None:
            source = lineage.get(paragraph.id, Lineage()).derived_from_id
            kind: Structure = "split" if source is not None else "added"
            result.append(Aligned(None, paragraph, kind, None, new_places[paragraph.id], related(source)))
        else:
            kind = "moved" if paragraph.id in moved_ids else "kept"
            result.append(Aligned(old, paragraph, kind, old_places[old.id], new_places[paragraph.id]))
    removed_up_to(None)
    return result


def lineage_of(*, session: Session, document_id: int) -> dict[int, Lineage]:
    """What the document's paragraph rows say of their lineage, for those that have any (retired ones too)."""
    rows = session.exec(
        select(Paragraph.id, Paragraph.derived_from_id, Paragraph.merged_into_id).where(
            Paragraph.document_id == document_id,
            or_(col(Paragraph.derived_from_id).is_not(None), col(Paragraph.merged_into_id).is_not(None)),
        )
    )
    return {id_: Lineage(derived, merged) for id_, derived, merged in rows if id_ is not None}
