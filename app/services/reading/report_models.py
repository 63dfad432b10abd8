"""Read models of the reports: a delegation's report, the statistics and the compilation table.

Each is the JSON the API has always answered, now with a schema; the report pages show the same models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.services.reading.comments import CommentView
from app.services.reading.models import Moment, ReadModel

Fate = Literal["open", "accepted", "other_alternative_chosen", "replaced_by_compromise", "withdrawn", "dropped"]
StanceName = Literal["proposes", "supports", "objects"]


class DelegationRef(ReadModel):
    """A delegation as a report names it."""

    code: str
    name: str
    kind: str


class FateCounts(ReadModel):
    """How many positions ended in each fate, and how many of each stance."""

    open: int
    accepted: int
    other_alternative_chosen: int
    replaced_by_compromise: int
    withdrawn: int
    dropped: int
    stances: dict[str, int]


class ReportItem(ReadModel):
    """One position of the delegation, with its alternative's fate at the later version (and at the earlier one)."""

    position_id: int
    stance: StanceName
    alternative_id: int
    bracket_set_id: int
    paragraph_id: int
    text: str
    original: bool
    taken_at: Moment
    withdrawn_at: Moment | None
    fate: Fate
    fate_at_from: Fate | None
    outcome_text: str | None
    prevailed: bool | None
    paragraph_label: str | None
    acting: str | None
    ended_by: str | None = Field(
        default=None, description='The imported revision that ended it: "dropped in Rev.2", "resolved by Rev.2".'
    )


class DelegationReport(ReadModel):
    """ "What happened to our proposals" between two versions."""

    document_id: int
    delegation: DelegationRef
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    summary: FateCounts
    items: list[ReportItem]


class RevisionCount(ReadModel):
    """Open bracket sets and placeholders of one revision (`number`) or of the live text (`number` null)."""

    number: int | None
    label: str
    open_bracket_sets: int
    placeholders: int


class ParagraphCount(ReadModel):
    """How contested one paragraph is: open sets, alternatives, standing positions and objections."""

    id: int
    position: int
    label: str | None
    status: str
    open_bracket_sets: int
    alternatives: int
    positions: int
    objections: int


class DelegationActivity(ReadModel):
    """Positions a delegation ever took, by stance, and how many of its proposals were accepted."""

    code: str
    proposed: int
    supported: int
    objected: int
    withdrawn: int
    accepted: int


class DocumentStatistics(ReadModel):
    """Per revision (and live), per paragraph (most contested first) and per delegation."""

    document_id: int
    revisions: list[RevisionCount]
    paragraphs: list[ParagraphCount]
    delegations: list[DelegationActivity]


class CompiledAlternative(ReadModel):
    """An alternative in a column of the compilation table: its wording and who backs it."""

    id: int | None
    new: bool
    separator: str
    text: str
    original: bool
    sponsors: list[str]
    supporters: list[str]
    objectors: list[str]


class CompiledSet(ReadModel):
    """An open bracket set of the compilation table (nested sets have rows of their own)."""

    type: Literal["bracket_set"] = "bracket_set"
    id: int | None
    new: bool
    state: str
    alternatives: list[CompiledAlternative]
    reference: str = ""  # `set 2`: numbered within its paragraph, as people name it
    comments: list[CommentView] = Field(
        default_factory=list
    )  # comments on the set, reasons given with its proposals, Word comments


class CompiledParagraph(ReadModel):
    """A paragraph of the compilation table with its open bracket sets."""

    id: int
    label: str | None
    kind: str
    status: str
    text: str
    bracket_sets: list[CompiledSet]
    comments: list[CommentView] = Field(default_factory=list)  # comments on the paragraph outside its sets


class Compilation(ReadModel):
    """The compilation table; `columns` is the most alternatives any set has."""

    document_id: int
    title: str
    columns: int
    paragraphs: list[CompiledParagraph]
