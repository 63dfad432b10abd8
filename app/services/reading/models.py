"""Typed read models: what the service reads, as the API returns it and the templates show it.

Each model is frozen; the same model is a route's `response_model` and a template's context, so `/openapi.json`
documents every answer. The JSON shape is the one the API has always had.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema


def _iso(moment: datetime) -> str:
    return moment.isoformat()


# A datetime written as Python's isoformat (`+00:00`, not `Z`, for UTC), as the API always wrote it.
Moment = Annotated[
    datetime, PlainSerializer(_iso, return_type=str), WithJsonSchema({"type": "string", "format": "date-time"})
]


class ReadModel(BaseModel):
    """The base of every read model: immutable, filled by keyword, serialised by alias (`from`, `to`)."""

    # Defaults are always present in an answer, so the schema marks them required (a generated client then
    # types `sponsors: list[str]`, not "maybe unset").
    model_config = ConfigDict(
        frozen=True,
        populate_by_name=True,
        serialize_by_alias=True,
        json_schema_serialization_defaults_required=True,
    )


class TextRun(ReadModel):
    """Plain wording. `offset` is where a run starts in the paragraph's bracketed text (selections map back)."""

    type: Literal["text"] = "text"
    text: str
    offset: int


class PlaceholderRun(ReadModel):
    """A value still to be filled in, `[...]`."""

    type: Literal["placeholder"] = "placeholder"
    id: int | None
    text: str
    offset: int


class FootnoteRefRun(ReadModel):
    """A footnote marker such as `[footnoteRef:1]`."""

    type: Literal["footnote_ref"] = "footnote_ref"
    number: str
    raw: str
    offset: int


class FootnoteRun(ReadModel):
    """A footnote body `[1: …]`."""

    type: Literal["footnote"] = "footnote"
    number: str
    head: str
    content: list[Run]
    offset: int


class AlternativeRun(ReadModel):
    """One live alternative of a bracket set, with who stands where; `offset` is that of its `[`."""

    id: int | None
    new: bool
    separator: str
    text: str
    original: bool
    content: list[Run]
    sponsors: list[str] = []
    supporters: list[str] = []
    objectors: list[str] = []
    offset: int


class BracketSetRun(ReadModel):
    """A live bracket set in a paragraph's content."""

    type: Literal["bracket_set"] = "bracket_set"
    id: int | None
    new: bool
    state: Literal["open"] = "open"
    alternatives: list[AlternativeRun]


Run = Annotated[TextRun | BracketSetRun | PlaceholderRun | FootnoteRefRun | FootnoteRun, Field(discriminator="type")]


class BlockMark(ReadModel):
    """Where an alternative of a set over whole paragraphs (a block bracket, an option) begins."""

    bracket_set_id: int
    alternative_id: int
    scope: str  # `bracket` or `options`
    text: str  # its label, size and first words
    number: int  # its place among the set's live alternatives, from 1
    of: int
    sponsors: list[str] = []
    supporters: list[str] = []
    objectors: list[str] = []


class ParagraphView(ReadModel):
    """One paragraph: identity, place, label, status, version, exact text and content runs; `blocks` are the open
    sets over whole paragraphs whose alternatives begin with it."""

    id: int
    position: int
    label: str | None
    kind: str
    status: str
    version: int
    prefix: str
    text: str
    trailing: str
    content: list[Run]
    blocks: list[BlockMark] = []


class DocumentHeader(ReadModel):
    """A document without its paragraphs."""

    id: int
    title: str
    symbol: str
    language: str
    proposals_open: bool
    last_revision: int | None
    current_paragraph_id: int | None = None  # what the chair put under discussion
    current_bracket_set_id: int | None = None


class DocumentView(DocumentHeader):
    """A document with every paragraph's content."""

    paragraphs: list[ParagraphView]


class DocumentSummary(ReadModel):
    """What the documents list shows of one document."""

    id: int
    title: str
    symbol: str
    language: str
    paragraphs: int
    open_bracket_sets: int
    last_revision: int | None
    proposals_open: bool


class AlternativeView(ReadModel):
    """An alternative of a bracket set in any state, with its current backers."""

    id: int
    text: str
    original: bool
    state: str
    sponsors: list[str] = []
    supporters: list[str] = []
    objectors: list[str] = []


class Resolution(ReadModel):
    """The chair's decision: an alternative, or a compromise text ("" for no text)."""

    alternative_id: int | None
    text: str | None


class BracketSetView(ReadModel):
    """A bracket set in any state, with every alternative ever proposed in it."""

    id: int
    paragraph_id: int
    state: str
    origin: str
    resolution: Resolution | None
    alternatives: list[AlternativeView]
    scope: str = "inline"  # or over whole paragraphs: `bracket`, `options`


class EventView(ReadModel):
    """One recorded change as the history shows it."""

    id: int
    at: Moment
    action: str
    summary: str
    username: str | None
    delegation: str | None
    paragraph_id: int | None
    bracket_set_id: int | None
    alternative_id: int | None
    before: str | None  # a short value (a stance, a status); a paragraph's text is named by version instead
    after: str | None
    before_version: int | None = None  # the paragraph versions holding the text before and after the change
    after_version: int | None = None
    by: str | None = None  # who acted, and for whom: "South Africa for the African Group"


class BracketSetHistory(BracketSetView):
    """A bracket set as it stands, and every change to it."""

    history: list[EventView]


class PositionView(ReadModel):
    """One position on an alternative as the panel lists it."""

    stance: str
    code: str
    name: str
    person: str
    acting_code: str
    at: Moment
    withdrawn_at: Moment | None


class ProposalView(ReadModel):
    """What a proposal did: the paragraph as it now stands and the bracket sets it created or extended."""

    paragraph: ParagraphView
    rebased: bool
    bracket_sets: list[BracketSetView]
    new_alternatives: list[int]


class SetAndParagraph(ReadModel):
    """A bracket set and its paragraph after the chair's decision (for a set over whole paragraphs, the first
    changed paragraph still in the text; null when none is)."""

    bracket_set: BracketSetView
    paragraph: ParagraphView | None


class PlaceholderView(ReadModel):
    """A placeholder: its text and the value the chair gave it."""

    id: int
    text: str
    value: str | None
    paragraph_id: int


class PlaceholderValue(ReadModel):
    """A filled placeholder."""

    placeholder_id: int
    value: str


class PhaseView(ReadModel):
    """Whether delegations may propose."""

    id: int
    proposals_open: bool


class RevisionView(ReadModel):
    """A numbered revision."""

    id: int
    number: int
    note: str
    created_at: Moment


class ParagraphVersion(ReadModel):
    """A paragraph and the version a change left it at."""

    id: int
    version: int


class ChangeEvent(ReadModel):
    """One committed change as the live stream tells it (`id` is its last audit event's id, rising)."""

    id: int
    document_id: int
    kind: str
    paragraphs: list[ParagraphVersion]
    bracket_set_ids: list[int]
    alternative_ids: list[int]
    revision: int | None
    event_ids: list[int]
    current_paragraph_id: int | None = None


class SinceLastVisit(ReadModel):
    """What changed in a document between a person's previous visit and this one."""

    first_visit: bool
    since: Moment | None
    new_sets: int
    new_alternatives: int
    positions_on_ours: int  # supports, objections and withdrawals by others on the delegation's alternatives
    resolutions: int
    revisions: list[int]

    @property
    def phrases(self) -> list[str]:
        """What changed, one phrase each ("2 new bracket sets", "Rev.3 issued")."""
        counts = (
            (self.new_sets, "new bracket set", "new bracket sets"),
            (self.new_alternatives, "new alternative in an existing set", "new alternatives in existing sets"),
            (self.positions_on_ours, "position on your proposals", "positions on your proposals"),
            (self.resolutions, "resolution", "resolutions"),
        )
        phrases = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
        return phrases + [f"Rev.{number} issued" for number in self.revisions]
