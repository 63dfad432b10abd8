""" "What happened to our proposals": every position of one delegation, with the fate of its alternative.

A report is for a delegation code: positions a delegate took on behalf of a group count under the group's code.
It covers the positions that stood at some time between two versions (taken before the later one, not ended
before the earlier one), and tells each alternative's fate as of each version:

- `open`: the bracket set is still open and the alternative in it;
- `accepted`: the chair resolved the set with this alternative (or with a compromise of exactly its wording);
- `other_alternative_chosen`: the chair resolved the set with another alternative;
- `replaced_by_compromise`: the chair resolved the set with compromise text (or no text);
- `withdrawn`: this position was withdrawn, or the alternative left the text when its last sponsor withdrew;
- `dropped`: the set is gone without a resolution (dissolved, removed by the chair's own text, its paragraph
  deleted, or left out of an imported next version), or the alternative alone was left out of one.

`ended_by` names the imported revision that ended the set or dropped the alternative ("dropped in Rev.2",
"resolved by Rev.2").

`prevailed` reads the fate from the delegation's side: an accepted alternative it proposed or supported
prevailed; for an objection, any outcome but acceptance did.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlmodel import Session, col, select

from app import domain
from app.models import AlternativeRow, AlternativeState, BracketSetRow, Delegation, Event, Position, SetState
from app.services.accounts import delegations
from app.services.documents import catalog as documents
from app.services.errors import NotFound
from app.services.negotiation.content import Contents
from app.services.reading import versions
from app.services.reading.report_models import DelegationRef, DelegationReport, Fate, FateCounts, ReportItem

FATES: tuple[Fate, ...] = (
    "open",
    "accepted",
    "other_alternative_chosen",
    "replaced_by_compromise",
    "withdrawn",
    "dropped",
)


class _History:
    """The rows and events of one document, to tell a set's or an alternative's state at a moment."""

    def __init__(self, session: Session, document_id: int) -> None:
        self.contents = Contents(session, document_id)
        self.set_events: dict[int, list[Event]] = defaultdict(list)
        self.chair_texts: dict[int, list[datetime]] = defaultdict(list)
        self.ended_by: dict[int, tuple[datetime, str]] = {}  # set id → when an imported revision ended it, and how
        self.alternatives_dropped: dict[int, tuple[datetime, str]] = {}
        for event in session.exec(select(Event).where(Event.document_id == document_id).order_by(col(Event.id))):
            if event.action == "set_dropped" and event.alternative_id is not None:
                self.alternatives_dropped[event.alternative_id] = (event.at, event.summary.split(":")[0])
                continue
            if event.bracket_set_id is not None:
                self.set_events[event.bracket_set_id].append(event)
                if event.summary.startswith(("dropped in Rev.", "resolved by Rev.")):
                    self.ended_by[event.bracket_set_id] = (event.at, event.summary.split(":")[0])
            if event.action == "chair_text" and event.paragraph_id is not None:
                self.chair_texts[event.paragraph_id].append(event.at)
        self.sponsors: dict[int, list[Position]] = defaultdict(list)
        for position in session.exec(select(Position).where(Position.stance == "proposes")):
            self.sponsors[position.alternative_id].append(position)

    def set_state(self, row: BracketSetRow, at: datetime | None) -> str:
        """The set's state at a moment (None = now)."""
        if at is None:
            return str(row.state)
        state = "open"
        for event in self.set_events.get(row.id or 0, []):
            if event.at > at:
                break
            if event.action == "resolved":
                state = "resolved"
            elif event.action == "resolution_undone":
                state = "open"
            elif event.action == "position_withdrawn" and "dissolves" in event.summary:
                state = "dissolved"
            elif event.action == "set_dropped":
                state = "dropped"
        chair_texts = self.chair_texts.get(row.paragraph_id, [])
        if state == "open" and row.state == SetState.removed and any(row.created_at <= t <= at for t in chair_texts):
            state = "removed"
        return state

    def alternative_withdrawn(self, row: AlternativeRow, at: datetime | None) -> bool:
        """Whether the alternative had left the text (its last sponsor withdrew) at a moment."""
        if row.state != AlternativeState.withdrawn:
            return False
        ends = [p.withdrawn_at for p in self.sponsors.get(row.id or 0, [])]
        return at is None or all(end is not None and end <= at for end in ends)

    def ended(self, row: BracketSetRow, alternative: AlternativeRow, at: datetime | None) -> str | None:
        """How an imported revision ended the set or dropped the alternative by a moment, if one did."""
        for found in (self.alternatives_dropped.get(alternative.id or 0), self.ended_by.get(row.id or 0)):
            if found is not None and (at is None or found[0] <= at):
                return found[1]
        return None

    def text(self, alternative_id: int | None) -> str:
        """An alternative's wording."""
        row = self.contents.alternative(alternative_id) if alternative_id is not None else None
        return domain.render_inlines(self.contents.tree_of_alternative(row)) if row else ""


def delegation_report(*, session: Session, document_id: int, code: str, start: str, end: str) -> DelegationReport:
    """Every position of the delegation between two versions, with its alternative's fate at each."""
    documents.get(session=session, document_id=document_id)
    delegation = delegations.find(session=session, code=code.strip())
    if delegation is None:
        raise NotFound(f"there is no delegation with code {code.strip().upper()!r}")
    before, after = versions.pair(session=session, document_id=document_id, start=start, end=end)
    history = _History(session, document_id)
    codes = {d.id: d.code for d in session.exec(select(Delegation))}
    everything = documents.paragraphs(session=session, document_id=document_id, include_retired=True)
    labels = {p.id: p.label for p in everything}
    items = []
    for position, alternative, row in _positions(session, document_id, delegation.id or 0):
        if after.at is not None and position.created_at > after.at:
            continue
        if before.at is not None and position.withdrawn_at is not None and position.withdrawn_at <= before.at:
            continue
        acting = codes.get(position.acting_delegation_id)
        items.append(_item(history, position, alternative, row, (before.at, after.at), labels, acting))
    return DelegationReport(
        document_id=document_id,
        delegation=DelegationRef(code=delegation.code, name=delegation.name, kind=str(delegation.kind)),
        start=before.ref,
        end=after.ref,
        summary=_summary(items),
        items=items,
    )


def _summary(items: list[ReportItem]) -> FateCounts:
    fates = Counter(item.fate for item in items)
    stances = dict(sorted(Counter(item.stance for item in items).items()))
    return FateCounts(**{fate: fates[fate] for fate in FATES}, stances=stances)


def _positions(
    session: Session, document_id: int, delegation_id: int
) -> list[tuple[Position, AlternativeRow, BracketSetRow]]:
    rows = session.exec(
        select(Position, AlternativeRow, BracketSetRow)
        .join(AlternativeRow, col(AlternativeRow.id) == Position.alternative_id)
        .join(BracketSetRow, col(BracketSetRow.id) == AlternativeRow.bracket_set_id)
        .where(BracketSetRow.document_id == document_id, Position.delegation_id == delegation_id)
        .order_by(col(Position.id))
    )
    return list(rows)


def _item(
    history: _History,
    position: Position,
    alternative: AlternativeRow,
    row: BracketSetRow,
    span: tuple[datetime | None, datetime | None],
    labels: dict[int | None, str | None],
    acting: str | None,
) -> ReportItem:
    start, end = span
    fate, outcome = _fate(history, position, alternative, row, end)
    existed = start is None or position.created_at <= start
    earlier = _fate(history, position, alternative, row, start)[0] if existed and start is not None else None
    return ReportItem(
        position_id=position.id,
        stance=str(position.stance),
        alternative_id=alternative.id,
        bracket_set_id=row.id,
        paragraph_id=row.paragraph_id,
        text=history.text(alternative.id),
        original=alternative.original,
        taken_at=position.created_at,
        withdrawn_at=position.withdrawn_at,
        fate=fate,
        fate_at_from=earlier,
        outcome_text=outcome,
        prevailed=_prevailed(str(position.stance), fate),
        paragraph_label=labels.get(row.paragraph_id),
        acting=acting,
        ended_by=history.ended(row, alternative, end) if fate not in ("open", "withdrawn") else None,
    )


def _fate(
    history: _History, position: Position, alternative: AlternativeRow, row: BracketSetRow, at: datetime | None
) -> tuple[Fate, str | None]:
    """The fate of the alternative for this position at a moment, and the wording that replaced it, if any."""
    if position.withdrawn_at is not None and (at is None or position.withdrawn_at <= at):
        return "withdrawn", None
    dropped = history.alternatives_dropped.get(alternative.id or 0)
    if dropped is not None and (at is None or dropped[0] <= at):
        return "dropped", None
    if history.alternative_withdrawn(alternative, at):
        return "withdrawn", None
    state = history.set_state(row, at)
    if state in ("dissolved", "removed", "dropped"):
        return "dropped", None
    if state != "resolved":
        return "open", None
    if row.resolution_alternative_id is not None:
        chosen = history.text(row.resolution_alternative_id)
        return ("accepted" if row.resolution_alternative_id == alternative.id else "other_alternative_chosen"), chosen
    text = row.resolution_text or ""
    return ("accepted" if text == history.text(alternative.id) else "replaced_by_compromise"), text


def _prevailed(stance: str, fate: Fate) -> bool | None:
    if fate in ("open", "withdrawn"):
        return None
    accepted = fate == "accepted"
    return not accepted if stance == "objects" else accepted
