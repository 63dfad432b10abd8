"""Read model of a next version's preview: how its paragraphs align with the live text, what becomes of each set."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.services.reading.models import ReadModel

AlignedKind = Literal["unchanged", "edited", "split", "merged", "added", "deleted"]
SetFateKind = Literal["kept", "dropped", "resolved"]


class AlignedParagraph(ReadModel):
    """One step of the alignment: the live paragraphs it takes (ids, labels) and the new ones it gives."""

    kind: AlignedKind
    moved: bool = Field(description="The paragraph left its place among the others (moved, whatever else).")
    old_ids: list[int] = Field(description="Ids of the live paragraphs (kept by the first; the others retire).")
    old_labels: list[str | None]
    new_positions: list[int] = Field(description="Places (from 0) of the new text's paragraphs.")
    new_labels: list[str | None]
    excerpt: str = Field(description="The new wording's first words (the old wording's for a deletion).")
    similarity: float
    sets_kept: int
    sets_dropped: int
    sets_resolved: int
    sets_new: int


class SetFateView(ReadModel):
    """What the next version does to one open bracket set of the live text."""

    bracket_set_id: int
    paragraph_id: int
    paragraph_label: str | None
    fate: SetFateKind
    alternatives: list[str] = Field(description="Each alternative's wording, shortened.")
    standing: str | None = Field(default=None, description="For a resolved set, the wording that stands.")


class RevisionCounts(ReadModel):
    """How many paragraphs of each kind, and how many sets kept, dropped and resolved."""

    unchanged: int
    edited: int
    moved: int
    split: int
    merged: int
    added: int
    deleted: int
    sets_kept: int
    sets_dropped: int
    sets_resolved: int
    sets_new: int
    block_sets_kept: int = Field(description="Open sets over whole paragraphs (block brackets, options) kept.")
    block_sets_dropped: int
    block_sets_new: int


class RevisionPreview(ReadModel):
    """What importing a next version would do, before anything is stored."""

    document_id: int
    number: int = Field(description="The revision it would be issued as (Rev.N+1).")
    format: str
    paragraphs_before: int
    paragraphs_after: int
    counts: RevisionCounts
    paragraphs: list[AlignedParagraph]
    sets: list[SetFateView] = Field(description="Every open set of the live text, with its fate.")
    unmatched_brackets: int = Field(description="Brackets of the new text kept as literal text (unbalanced).")
