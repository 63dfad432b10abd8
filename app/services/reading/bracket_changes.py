"""Bracket changes told as such: what each recorded event did to the bracket sets of a paragraph.

Read from the audit events (who, for which delegation, when) and the set and alternative rows (the wordings).
Positions that change no text (support, objection) are the delegation report's business, not the redline's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from sqlmodel import Session, select

from app import domain
from app.models import Delegation, SetState
from app.services.negotiation.audit import STRUCTURE_ACTIONS, Recorded
from app.services.negotiation.content import Contents
from app.services.reading.redline_models import (
    AlternativeAdded,
    AlternativeWithdrawn,
    BracketChange,
    ChairText,
    PlaceholderFilled,
    ProposedAlternative,
    ResolutionReplaced,
    ResolutionUndone,
    ResolvedWithAlternative,
    ResolvedWithCompromise,
    SetAdded,
    SetResolved,
)
from app.services.references import set_reference

# Actions whose `before` and `after` are the paragraph's text, in the order they happened.
TEXT_ACTIONS = frozenset(
    {
        "set_proposed",
        "alternative_proposed",
        "position_withdrawn",
        "resolved",
        "resolution_undone",
        "placeholder_filled",
        "chair_text",
        "structure_text",
    }
)
CHAIR_ACTIONS = frozenset(
    {"resolved", "resolution_undone", "placeholder_filled", "chair_text", "structure_text"} | STRUCTURE_ACTIONS
)
FALLBACK_AUTHOR = "Crochets"


@dataclass(frozen=True, slots=True)
class Author:
    """Who made a change, as a tracked change names it: a delegation code, or "Chair"; and when."""

    label: str
    delegation: str | None
    at: datetime
    event_id: int


class _Common(TypedDict):
    """What every bracket change of one event says (the fields of `BracketChangeBase`)."""

    event_id: int | None
    at: datetime
    by: str
    delegation: str | None
    bracket_set_id: int | None


class Describer:
    """Turns the events of one document into bracket changes, with the rows loaded once."""

    def __init__(self, session: Session, document_id: int) -> None:
        self.contents = Contents(session, document_id)
        self.codes = {d.id: d.code for d in session.exec(select(Delegation))}
        self._last_resolution: dict[int, int] = {}
        self._names: dict[int, str] = {}
        self._session = session

    def author(self, event: Recorded) -> Author:
        """The author of an event's change."""
        code = self.codes.get(event.delegation_id) if event.delegation_id is not None else None
        label = "Chair" if event.action in CHAIR_ACTIONS else (code or FALLBACK_AUTHOR)
        return Author(label, code, event.at, event.id or 0)

    def describe_all(self, events: list[Recorded]) -> list[BracketChange]:
        """The bracket changes of these events, oldest first; events that change no text are left out."""
        self._last_resolution = {
            e.bracket_set_id: e.id or 0 for e in events if e.action == "resolved" and e.bracket_set_id
        }
        found = [self.describe(event) for event in events if event.action in TEXT_ACTIONS]
        return [change for change in found if change is not None]

    def describe(self, event: Recorded) -> BracketChange | None:
        """One event as a bracket change, or None when it changed nothing that shows."""
        author = self.author(event)
        common = _Common(
            event_id=event.id,
            at=event.at,
            by=author.label,
            delegation=author.delegation,
            bracket_set_id=event.bracket_set_id,
        )
        return self._details(event, author, common)

    def _details(self, event: Recorded, author: Author, common: _Common) -> BracketChange | None:
        action, set_id = event.action, event.bracket_set_id
        if action == "set_proposed" and set_id is not None:
            alternatives = self._alternatives(set_id, until=event.at)
            shown = " ".join(f"[{a.text}]" for a in alternatives)
            return SetAdded(**common, alternatives=alternatives, summary=f"{author.label} proposed {shown}")
        if action == "alternative_proposed" and event.alternative_id is not None:
            text = self._text(event.alternative_id)
            summary = f"{author.label} added the alternative [{text}] to {self._name(set_id)}"
            return AlternativeAdded(**common, alternative_id=event.alternative_id, text=text, summary=summary)
        if action == "position_withdrawn" and event.before != event.after and event.alternative_id is not None:
            text = self._text(event.alternative_id)
            dissolved = "dissolves" in event.summary
            return AlternativeWithdrawn(
                **common,
                alternative_id=event.alternative_id,
                text=text,
                set_dissolved=dissolved,
                summary=f"{author.label} withdrew [{text}]" + ("; the set dissolved" if dissolved else ""),
            )
        if action == "resolved" and set_id is not None:
            return self._resolution(event, set_id, common)
        if action == "resolution_undone":
            return ResolutionUndone(**common, summary=f"the chair undid the resolution of {self._name(set_id)}")
        if action == "placeholder_filled":
            return PlaceholderFilled(**common, summary=f"the chair {event.summary}")
        if action == "chair_text":
            return ChairText(**common, summary="the chair edited the paragraph (chair's text)")
        return None

    def _resolution(self, event: Recorded, set_id: int, common: _Common) -> SetResolved:
        row = self.contents.sets.get(set_id)
        if row is None or row.state != SetState.resolved or self._last_resolution.get(set_id) != event.id:
            # A later resolution replaced this one; the event's own summary says what it was.
            return ResolutionReplaced(**common, summary=f"the chair {event.summary}")
        if row.resolution_alternative_id is not None:
            text = self._text(row.resolution_alternative_id)
            summary = f"the chair resolved {self._name(set_id)} with the alternative [{text}]"
            if row.ended_in_revision is not None:  # an imported next version kept these words, unbracketed
                summary = f"{self._name(set_id)} resolved by Rev.{row.ended_in_revision}: it keeps [{text}] unbracketed"
            return ResolvedWithAlternative(
                **common, alternative_id=row.resolution_alternative_id, text=text, summary=summary
            )
        text = row.resolution_text or ""
        wording = f"the compromise “{text}”" if text else "no text"
        summary = f"the chair resolved {self._name(set_id)} with {wording}"
        return ResolvedWithCompromise(**common, text=text, summary=summary)

    def _name(self, set_id: int | None) -> str:
        """How a reader finds the set (`décide 2, set 1`): database ids mean nothing in the room."""
        if set_id is None:
            return "a bracket set"
        if set_id not in self._names:
            row = self.contents.sets.get(set_id)
            self._names[set_id] = (
                f"bracket set {set_id}" if row is None else set_reference(session=self._session, bracket_set=row)
            )
        return self._names[set_id]

    def _alternatives(self, set_id: int, *, until: datetime) -> list[ProposedAlternative]:
        rows = self.contents.alternatives.get(set_id, [])
        # The set as proposed: alternatives added later have their own events.
        return [
            ProposedAlternative(
                id=row.id,
                text=domain.render_inlines(self.contents.tree_of_alternative(row)),
                original=row.original,
                sponsor=self.codes.get(row.created_by_delegation_id) if not row.original else None,
            )
            for row in rows
            if row.created_at <= until
        ]

    def _text(self, alternative_id: int) -> str:
        row = self.contents.alternative(alternative_id)
        return domain.render_inlines(self.contents.tree_of_alternative(row)) if row is not None else ""
