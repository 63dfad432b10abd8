"""What the report pages show: the report models labelled for people, and the choices their forms offer.

Built by `report_pages`; the templates read these and decide nothing.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from app.services.reading.charts import Chart
from app.services.reading.comments import CommentView
from app.services.reading.models import ReadModel
from app.services.reading.redline_models import RedlineSummary
from app.services.reading.report_models import (
    CompiledAlternative,
    DelegationActivity,
    DelegationRef,
    Fate,
    ParagraphCount,
    ReportItem,
    RevisionCount,
)


class VersionChoice(ReadModel):
    """A version a picker offers: its reference (a revision number or `live`) and its name."""

    ref: str
    name: str


class Header(ReadModel):
    """The document the page is about, and the choices its forms offer."""

    id: int
    title: str
    symbol: str
    language: str
    versions: list[VersionChoice]  # every revision, then the live text
    start: str
    end: str


class Piece(ReadModel):
    """A run of a redline: equal, insert or delete, with who made it."""

    kind: str
    text: str
    title: str = ""


class ChangeNote(ReadModel):
    """A bracket change as a redline lists it under its paragraph."""

    kind: str
    summary: str
    at: datetime
    when: str


class ParagraphChange(ReadModel):
    """One paragraph of a redline as the page shows it.

    `structure` is what happened to it (kept, moved, split, merged, added, deleted) and `structure_label` says it
    ("moved from ¶ 3 to ¶ 7"); `folded` is set on the first of a run of unchanged paragraphs: how many there are.
    """

    id: int
    label: str
    status_label: str
    structure: str
    structure_label: str
    notes: list[str]  # "¶ 4 was split off it", "¶ 6 merged into it (its words show as inserted)"
    folded: int = 0
    changed: bool
    inline: list[Piece]
    before: list[Piece]
    after: list[Piece]
    bracket_changes: list[ChangeNote]


class KindCount(ReadModel):
    """How many bracket changes of one kind, labelled (singular or plural)."""

    label: str
    count: int


class RedlinePage(ReadModel):
    """The redline between two versions: summary lines, every paragraph, how many changed."""

    from_name: str
    to_name: str
    notes: list[str]  # "Rev.2: after informals on OP2", for each end that is a revision with a note
    summary: RedlineSummary
    bracket_kinds: list[KindCount]
    structure_kinds: list[KindCount]  # paragraphs moved, split, merged, added, deleted (those that happened)
    paragraphs: list[ParagraphChange]
    changed_count: int
    unchanged_count: int


class FateCount(ReadModel):
    """How many positions ended in one fate."""

    fate: Fate
    label: str
    count: int


class ReportLine(ReportItem):
    """A position of the report with its labels: paragraph, stance, fate, and what replaced the alternative."""

    paragraph_name: str
    set_name: str = ""  # `set 2` of its paragraph, `options`: never a database id alone
    stance_label: str
    fate_label: str
    earlier_label: str
    prevailed_label: str
    taken: str
    replaced_by: str | None


class ReportPage(ReadModel):
    """A delegation's report as the page shows it."""

    delegation: DelegationRef
    from_name: str
    to_name: str
    fates: list[FateCount]
    items: list[ReportLine]


class ContestedParagraph(ParagraphCount):
    """A paragraph of the statistics with its name, an excerpt and its status for people."""

    name: str
    excerpt: str
    status_label: str


class StatisticsPage(ReadModel):
    """The statistics with the chart, the contested paragraphs and the delegations' names."""

    chart: Chart
    revisions: list[RevisionCount]
    contested: list[ContestedParagraph]
    quiet_count: int
    delegations: list[DelegationActivity]
    names: dict[str, str]


class ColumnSet(ReadModel):
    """An open bracket set in the compilation table's columns; `optional`: one alternative (keep or delete)."""

    id: int | None
    alternatives: list[CompiledAlternative]
    optional: bool
    padding: int  # empty cells after the alternatives, so that every row spans the table
    comments: list[CommentView] = Field(default_factory=list)  # the live ones: comments, reasons, Word comments
    reference: str = ""  # `set 2`, numbered within its paragraph


class CompilationRow(ReadModel):
    """A paragraph of the compilation table: name, status, excerpt and its open bracket sets."""

    id: int
    name: str
    status: str
    status_label: str
    text: str
    excerpt: str
    bracket_sets: list[ColumnSet]
    comments: list[CommentView] = Field(default_factory=list)  # live comments on the paragraph outside its sets


class CompilationPage(ReadModel):
    """The compilation table; `span` is how many alternative columns it has."""

    paragraphs: list[CompilationRow]
    span: int
    set_count: int
    names: dict[str, str]
