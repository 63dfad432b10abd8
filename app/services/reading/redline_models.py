"""Read models of a redline: its runs, its bracket changes (one model per kind) and its summary.

A bracket change carries only the keys of its kind, as the API always answered: the union is discriminated on
`kind`, and a resolution further on `with` (an alternative, a compromise, or null once a later one replaced it).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from app.services.reading.models import Moment, ReadModel

Presence = Literal["both", "added", "removed"]
# What happened to a paragraph between the two versions (`app.services.reading.redline_structure`).
Structure = Literal["kept", "moved", "split", "merged", "added", "deleted"]


class EqualRun(ReadModel):
    """Text both versions share."""

    kind: Literal["equal"]
    text: str


class ChangedRun(ReadModel):
    """Inserted or deleted text, with who made it and when (null when no recorded event did)."""

    kind: Literal["insert", "delete"]
    text: str
    by: str | None
    at: Moment | None


RedlineRun = Annotated[EqualRun | ChangedRun, Field(discriminator="kind")]


class BracketChangeBase(ReadModel):
    """What every bracket change says: the event, when, by whom, for which delegation, on which set."""

    event_id: int | None
    at: Moment
    by: str
    delegation: str | None
    bracket_set_id: int | None


class ProposedAlternative(ReadModel):
    """An alternative of a set as it was proposed; `sponsor` is null for the original text."""

    id: int | None
    text: str
    original: bool
    sponsor: str | None


class SetAdded(BracketChangeBase):
    """A delegation proposed a new bracket set."""

    kind: Literal["set_added"] = "set_added"
    alternatives: list[ProposedAlternative]
    summary: str


class AlternativeAdded(BracketChangeBase):
    """A delegation added an alternative to a set."""

    kind: Literal["alternative_added"] = "alternative_added"
    alternative_id: int
    text: str
    summary: str


class AlternativeWithdrawn(BracketChangeBase):
    """The last sponsor withdrew an alternative; the set may have dissolved with it."""

    kind: Literal["alternative_withdrawn"] = "alternative_withdrawn"
    alternative_id: int
    text: str
    set_dissolved: bool
    summary: str


class ResolvedWithAlternative(BracketChangeBase):
    """The chair resolved a set with one of its alternatives."""

    kind: Literal["set_resolved"] = "set_resolved"
    resolved_with: Literal["alternative"] = Field("alternative", alias="with")
    alternative_id: int
    text: str
    summary: str


class ResolvedWithCompromise(BracketChangeBase):
    """The chair resolved a set with compromise text (empty: no text)."""

    kind: Literal["set_resolved"] = "set_resolved"
    resolved_with: Literal["compromise"] = Field("compromise", alias="with")
    text: str
    summary: str


class ResolutionReplaced(BracketChangeBase):
    """A resolution a later one replaced; the summary says what it was."""

    kind: Literal["set_resolved"] = "set_resolved"
    resolved_with: None = Field(None, alias="with")
    text: None = None
    summary: str


class ResolutionUndone(BracketChangeBase):
    """The chair undid a resolution."""

    kind: Literal["resolution_undone"] = "resolution_undone"
    summary: str


class PlaceholderFilled(BracketChangeBase):
    """The chair filled a placeholder."""

    kind: Literal["placeholder_filled"] = "placeholder_filled"
    summary: str


class ChairText(BracketChangeBase):
    """The chair edited the paragraph directly."""

    kind: Literal["chair_text"] = "chair_text"
    summary: str


SetResolved = ResolvedWithAlternative | ResolvedWithCompromise | ResolutionReplaced


def _change_tag(change: object) -> str:
    """Which model a bracket change is: its `kind`, and for a resolution what it resolved `with`."""
    if isinstance(change, dict):
        kind, resolved_with = change.get("kind"), change.get("with")
    else:
        kind, resolved_with = getattr(change, "kind", None), getattr(change, "resolved_with", None)
    return f"set_resolved:{resolved_with}" if kind == "set_resolved" else str(kind)


# Tagged by a function, not a plain `kind` discriminator: three models share `set_resolved` (told apart by `with`),
# and OpenAPI's discriminator mapping cannot point at a nested union.
BracketChange = Annotated[
    Annotated[SetAdded, Tag("set_added")]
    | Annotated[AlternativeAdded, Tag("alternative_added")]
    | Annotated[AlternativeWithdrawn, Tag("alternative_withdrawn")]
    | Annotated[ResolvedWithAlternative, Tag("set_resolved:alternative")]
    | Annotated[ResolvedWithCompromise, Tag("set_resolved:compromise")]
    | Annotated[ResolutionReplaced, Tag("set_resolved:None")]
    | Annotated[ResolutionUndone, Tag("resolution_undone")]
    | Annotated[PlaceholderFilled, Tag("placeholder_filled")]
    | Annotated[ChairText, Tag("chair_text")],
    Discriminator(_change_tag),
]


class VersionPair(ReadModel):
    """A count at the earlier version and at the later one."""

    start: int = Field(alias="from")
    end: int = Field(alias="to")


class StructureCounts(ReadModel):
    """How many paragraphs moved, were split off another, merged into another, added and deleted."""

    moved: int
    split: int
    merged: int
    added: int
    deleted: int


class RedlineSummary(ReadModel):
    """Paragraphs changed, words inserted and deleted, bracket changes by kind, open sets at each end."""

    start: str = Field(alias="from")
    end: str = Field(alias="to")
    paragraphs: int
    changed_paragraphs: int
    words_inserted: int
    words_deleted: int
    bracket_changes: dict[str, int]
    open_bracket_sets: VersionPair
    structure: StructureCounts


class PlaceData(ReadModel):
    """Where a paragraph stands in one version: its place (from 1), its label, and what to call it there."""

    position: int
    label: str | None
    name: str


class ParagraphRef(ReadModel):
    """Another paragraph a structural change names, with what to call it."""

    id: int
    name: str


class ParagraphRedlineData(ReadModel):
    """One paragraph of a redline: what happened to it, where it stood in each version, its runs and changes.

    `changed` is false for a paragraph kept in place with the same text. `before` and `after` are its places in
    the two versions (null where it is absent); a moved paragraph is listed once, at its new place.
    """

    id: int
    label: str | None
    kind: str
    status: str
    presence: Presence
    structure: Structure
    changed: bool
    before: PlaceData | None
    after: PlaceData | None
    split_from: ParagraphRef | None
    merged_into: ParagraphRef | None
    split_into: list[ParagraphRef]  # paragraphs split off this one
    merged_from: list[ParagraphRef]  # paragraphs merged into this one (their words show here as inserted)
    ops: list[RedlineRun]
    bracket_changes: list[BracketChange]


class RedlineData(ReadModel):
    """The redline of a document between two versions, per paragraph."""

    document_id: int
    title: str
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    summary: RedlineSummary
    paragraphs: list[ParagraphRedlineData]
